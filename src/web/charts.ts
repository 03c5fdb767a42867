/**
 * The charts, drawn on the server as SVG by Observable Plot (a library made for analytic charts:
 * concise marks over data, scales and axes done right, and it renders to SVG without a browser given
 * a DOM such as linkedom's) — so every page shows its charts without JavaScript, and the briefs reuse
 * the very same code. Each chart also has its data as a table on the page (its text alternative).
 *
 * What Plot writes that a strict Content-Security-Policy forbids (a <style> element, style
 * attributes) is taken out here; the same rules are in the style sheet (style/app.css, `.chart`).
 * Marks carry a <title> (a tooltip, and what the page's small script shows on focus) and, where
 * there is a page to go to, a link.
 */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import type { FrayingPoint } from '../domain/cadence/rules.ts';
import { addDays, latestDay, representativeDay } from '../domain/dates.ts';
import type { Series } from '../app/contracts.ts';
import type { TimelineView } from '../app/views/timeline.ts';
import type { MessageKey, Translator } from './i18n.ts';

/** Quad classes 1–4: verbal and material cooperation, verbal and material conflict (colour-blind-safe hues). */
export const QUAD_COLORS = ['#1f6fb2', '#2e8b57', '#d98200', '#b3261e'] as const;

/**
 * The SVG text of a Plot figure, without what the CSP forbids, and with ARIA a screen reader can use:
 * Plot labels its groups and marks with aria-label, which ARIA allows only on elements with a role —
 * a group of marks becomes a `group`, a mark in a link gives the link its name, any other labelled
 * mark becomes an `img`.
 */
function svgText(node: Element): string {
  for (const style of Array.from(node.querySelectorAll('style'))) style.remove();
  for (const el of [node, ...Array.from(node.querySelectorAll('[style]'))]) el.removeAttribute('style');
  for (const el of Array.from(node.querySelectorAll('[aria-label]'))) {
    if (el.hasAttribute('role') || el.getAttribute('aria-hidden') === 'true') continue;
    const parent = el.parentElement;
    if (el.tagName.toLowerCase() === 'g') el.setAttribute('role', 'group');
    else if (parent !== null && parent.tagName.toLowerCase() === 'a') {
      parent.setAttribute('aria-label', el.getAttribute('aria-label') ?? '');
      el.removeAttribute('aria-label');
    } else el.setAttribute('role', 'img');
  }
  return node.outerHTML;
}

function dom(): Document {
  return parseHTML('<!doctype html><html><body></body></html>').document as unknown as Document;
}

const utc = (day: string): Date => new Date(`${day}T00:00:00Z`);

/** A time axis whose tick labels are written in the page's language (Plot's own are English). */
function timeAxis(t: Translator, from: Date, to: Date): { type: 'utc'; label: null; tickFormat: (d: Date) => string } {
  const years = (to.getTime() - from.getTime()) / (365.25 * 86_400_000);
  const f = years > 4
    ? new Intl.DateTimeFormat(t.locale, { year: 'numeric', timeZone: 'UTC' })
    : years > 0.5 ? new Intl.DateTimeFormat(t.locale, { month: 'short', year: 'numeric', timeZone: 'UTC' })
      : new Intl.DateTimeFormat(t.locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  return { type: 'utc', label: null, tickFormat: (d: Date) => f.format(d) };
}

function extent(dates: readonly Date[]): [Date, Date] {
  let lo = dates[0] ?? new Date(0);
  let hi = lo;
  for (const d of dates) {
    if (d < lo) lo = d;
    if (d > hi) hi = d;
  }
  return [lo, hi];
}

/** Short label of a mechanism lane: its acronym, else its name cut to 26 characters. */
export function laneLabel(name: string, acronym: string | undefined): string {
  const label = acronym ?? name;
  return label.length > 26 ? `${label.slice(0, 25)}…` : label;
}

/** The fraying curve: mechanisms alive and mechanisms on schedule, year by year. */
export function frayingChart(points: readonly FrayingPoint[], t: Translator, options: { width?: number; height?: number } = {}): string {
  const rows = points.flatMap((p) => [
    { at: utc(p.at), n: p.active, series: t.t('chart.fraying.alive') },
    { at: utc(p.at), n: p.onSchedule + p.due, series: t.t('chart.fraying.onSchedule') },
  ]);
  const figure = Plot.plot({
    document: dom(), className: 'chart', width: options.width ?? 960, height: options.height ?? 220, marginLeft: 44,
    x: timeAxis(t, ...extent(rows.map((r) => r.at))),
    y: { label: t.t('chart.fraying.y'), grid: true, nice: true, zero: true },
    color: { domain: [t.t('chart.fraying.alive'), t.t('chart.fraying.onSchedule')], range: ['#4a5568', '#2e8b57'] },
    marks: [
      Plot.lineY(rows.filter((r) => r.series === t.t('chart.fraying.alive')), { x: 'at', y: 'n', stroke: 'series', strokeWidth: 2, strokeDasharray: '5,3' }),
      Plot.lineY(rows.filter((r) => r.series !== t.t('chart.fraying.alive')), { x: 'at', y: 'n', stroke: 'series', strokeWidth: 2.5 }),
      Plot.dot(rows, { x: 'at', y: 'n', fill: 'series', r: 3, title: (d: { at: Date; n: number; series: string }) => `${d.at.getUTCFullYear()}: ${d.series} ${d.n}` }),
    ],
  }) as unknown as Element;
  return svgText(figure);
}

interface LaneMark { readonly lane: string; readonly at: Date; readonly title: string; readonly href: string; readonly kind: string }

/** The architecture timeline: lanes of mechanisms with meetings, gaps and life; terms shaded behind; elections; developments. */
export function timelineChart(view: TimelineView, t: Translator, href: (path: string) => string): string {
  const developmentsLane = t.t('chart.timeline.developments');
  const lanes = view.lanes.map((l) => laneLabel(t.localized(l.mechanism.names).text, l.mechanism.acronym));
  // Two mechanisms with the same label would share a lane: make every label unique.
  const seen = new Map<string, number>();
  const unique = lanes.map((l) => {
    const n = (seen.get(l) ?? 0) + 1;
    seen.set(l, n);
    return n === 1 ? l : `${l} (${n})`;
  });
  const domain = [...unique, developmentsLane];
  const from = utc(view.from);
  const to = utc(view.to);
  const clamp = (d: Date): Date => (d < from ? from : d > to ? to : d);
  const life = view.lanes.map((l, i) => ({
    lane: unique[i]!,
    x1: clamp(utc(representativeDay(l.mechanism.founded))),
    x2: clamp(l.mechanism.ended === null ? to : utc(representativeDay(l.mechanism.ended))),
  }));
  const gaps = view.lanes.flatMap((l, i) => l.gaps.map((g) => ({
    lane: unique[i]!,
    x1: clamp(utc(latestDay(g.from))),
    x2: clamp(utc(representativeDay(g.to))),
    years: g.days / 365.25,
    title: t.t('chart.timeline.gap', { name: t.localized(l.mechanism.names).text, from: t.date(g.from), to: g.open ? t.t('chart.timeline.openGap') : t.date(g.to), days: g.days }),
  })));
  const meetings: LaneMark[] = view.lanes.flatMap((l, i) => l.meetings.map((m) => ({
    lane: unique[i]!,
    at: utc(representativeDay(m.date)),
    kind: m.status,
    title: `${t.localized(l.mechanism.names).text} — ${t.date(m.date)}${m.place ? `, ${m.place}` : ''}${m.status !== 'held' ? ` (${t.t(`meeting.status.${m.status}` as MessageKey)})` : ''}${m.outcome ? `: ${m.outcome}` : ''}`,
    href: href(`/mechanisms/${l.mechanism.id}#${m.id}`),
  })));
  const developments: LaneMark[] = view.developments.map((d) => ({
    lane: developmentsLane,
    at: utc(representativeDay(d.date)),
    kind: d.kind,
    title: `${t.date(d.date)}: ${t.localized(d.summary).text}${d.confidence === 'uncertain' ? ` (${t.t('common.uncertain')})` : ''}`,
    href: href(`/commitments#developments`),
  }));
  const first = view.selection.parties[0];
  const terms = view.terms.filter((x) => x.party === first).map((x, i) => ({
    x1: clamp(utc(x.start)), x2: clamp(x.end === null ? to : utc(x.end)), shade: i % 2, label: x.person,
  }));
  const elections = view.elections.map((e) => ({ at: utc(representativeDay(e.date)), title: t.t('chart.timeline.election', { party: e.party, date: t.date(e.date) }) }));
  const height = 40 + domain.length * 26 + 30;
  const figure = Plot.plot({
    document: dom(), className: 'chart', width: 1100, height, marginLeft: 170, marginTop: 28, marginRight: 16,
    x: { ...timeAxis(t, from, to), domain: [from, to], grid: false },
    y: { domain, label: null, padding: 0.25 },
    marks: [
      Plot.rectX(terms, { x1: 'x1', x2: 'x2', y1: () => domain[0], y2: () => domain[domain.length - 1], fill: (d: { shade: number }) => (d.shade ? '#eef2f7' : '#f8fafc'), inset: 0 }),
      Plot.text(terms, { x: (d: { x1: Date; x2: Date }) => new Date((d.x1.getTime() + d.x2.getTime()) / 2), text: 'label', frameAnchor: 'top', dy: -18, fontSize: 9, fill: '#4a5568' }),
      Plot.ruleX(elections, { x: 'at', stroke: '#6b7280', strokeDasharray: '2,3', title: 'title' }),
      Plot.barX(life, { x1: 'x1', x2: 'x2', y: 'lane', fill: '#dfe6ee', insetTop: 7, insetBottom: 7 }),
      Plot.barX(gaps, { x1: 'x1', x2: 'x2', y: 'lane', fill: '#f4c7c3', stroke: '#b3261e', strokeDasharray: '3,2', insetTop: 4, insetBottom: 4, title: 'title' }),
      // The length of every gap of three years or more, written on it: the long lapses read at a glance.
      Plot.text(gaps.filter((g) => g.years >= 3), { x: (d: { x1: Date; x2: Date }) => new Date((d.x1.getTime() + d.x2.getTime()) / 2), y: 'lane', text: (d: { years: number }) => t.t('chart.timeline.years', { years: t.number(d.years, 1) }), fill: '#7f1d1d', fontSize: 10, fontWeight: 600, dy: -0.5, stroke: '#f4c7c3', strokeWidth: 3, paintOrder: 'stroke' }),
      Plot.dot(meetings.filter((m) => m.kind === 'held'), { x: 'at', y: 'lane', r: 4, fill: '#1f3a5f', stroke: 'white', strokeWidth: 0.8, title: 'title', href: 'href', ariaLabel: 'title' }),
      Plot.dot(meetings.filter((m) => m.kind !== 'held'), { x: 'at', y: 'lane', r: 4.5, symbol: 'times', stroke: '#b3261e', strokeWidth: 2, title: 'title', href: 'href', ariaLabel: 'title' }),
      Plot.dot(developments, { x: 'at', y: 'lane', r: 4.5, symbol: 'diamond', fill: '#7b4fa0', stroke: 'white', strokeWidth: 0.6, title: 'title', href: 'href', ariaLabel: 'title' }),
    ],
  }) as unknown as Element;
  return svgText(figure);
}

/** Periods up to which the bars are drawn one per period, labelled (beyond, on a time axis). */
const BANDED_PERIODS = 48;

/** Each period's events by quad class, stacked; a bar links to the events behind it. */
export function quadChart(series: Series, t: Translator, periodHref: (period: string) => string, periodEnd: (start: string) => string): string {
  const labels = [1, 2, 3, 4].map((q) => t.t(`quad.${q}` as MessageKey));
  const banded = series.points.length <= BANDED_PERIODS;
  const bandLabel = (period: string): string => (series.by === 'year' ? period.slice(0, 4) : series.by === 'month' ? t.date(period.slice(0, 7)) : t.date(period));
  const rows = series.points.flatMap((p) => ([1, 2, 3, 4] as const).map((q) => ({
    band: bandLabel(p.period), x1: utc(p.period), x2: utc(addDays(periodEnd(p.period), 1)), n: p.quad[q], quad: labels[q - 1]!,
    title: `${t.date(p.period)} — ${labels[q - 1]}: ${p.quad[q]} / ${p.events}`, href: periodHref(p.period),
  }))).filter((r) => r.n > 0);
  const common = {
    document: dom(), className: 'chart', width: 1000, height: 260, marginLeft: 48,
    y: { label: t.t('chart.events.y'), grid: true },
    color: { domain: labels, range: [...QUAD_COLORS] },
  };
  const figure = (banded
    ? Plot.plot({
      ...common,
      x: { label: null, domain: series.points.map((p) => bandLabel(p.period)), padding: 0.2, tickRotate: series.points.length > 12 ? -45 : 0 },
      marginBottom: series.points.length > 12 ? 70 : 30,
      marks: [Plot.barY(rows, { x: 'band', y: 'n', fill: 'quad', title: 'title', href: 'href', ariaLabel: 'title' }), Plot.ruleY([0])],
    })
    : Plot.plot({
      ...common,
      x: timeAxis(t, ...extent(rows.flatMap((r) => [r.x1, r.x2]))),
      marks: [Plot.rectY(rows, { x1: 'x1', x2: 'x2', y: 'n', fill: 'quad', insetLeft: 0.5, insetRight: 0.5, title: 'title', href: 'href', ariaLabel: 'title' }), Plot.ruleY([0])],
    })) as unknown as Element;
  return svgText(figure);
}

/** Net cooperation (cooperative minus conflictual share) per period, with the shifts marked. */
export function netChart(series: Series, t: Translator, options: { width?: number; height?: number } = {}): string {
  const points = series.points.map((p) => ({ at: utc(p.period), net: p.netCooperation, title: `${t.date(p.period)}: ${t.t('chart.net.title', { net: t.number(p.netCooperation, 2), events: p.events })}` }));
  const shifts = series.shifts.map((s) => ({
    at: utc(s.period), net: s.value, direction: s.direction,
    title: t.t('chart.net.shift', { date: t.date(s.period), direction: s.direction, z: t.number(s.z, 1) }),
  }));
  const figure = Plot.plot({
    document: dom(), className: 'chart', width: options.width ?? 1000, height: options.height ?? 200, marginLeft: 48,
    x: { ...timeAxis(t, ...extent(points.map((p) => p.at))), inset: 10 },
    y: { label: t.t('chart.net.y'), domain: [-1, 1], grid: true },
    marks: [
      Plot.ruleY([0], { stroke: '#6b7280' }),
      Plot.lineY(points, { x: 'at', y: 'net', stroke: '#1f3a5f', strokeWidth: 1.5 }),
      Plot.dot(points, { x: 'at', y: 'net', r: 2.5, fill: '#1f3a5f', title: 'title' }),
      Plot.dot(shifts, { x: 'at', y: 'net', r: 7, symbol: (d: { direction: string }) => (d.direction === 'up' ? 'triangle' : 'wye'), stroke: '#b3261e', strokeWidth: 2, fill: 'none', title: 'title', ariaLabel: 'title' }),
    ],
  }) as unknown as Element;
  return svgText(figure);
}
