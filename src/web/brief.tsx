/**
 * The brief as one self-contained HTML document (its style sheet inside, no script), made to be read
 * on screen and printed: a table of contents, sections with figures and the web app's own charts,
 * and a footnote on every figure naming the records it comes from and their sources. The footer
 * gives the data snapshot and the day it was made; the same data gives the same bytes.
 */
import { raw } from 'hono/html';
import type { Child, FC } from 'hono/jsx';
import type { BriefData } from '../app/briefs.ts';
import { SETTLING_DAYS } from '../domain/cadence/proposals.ts';
import type { Source } from '../domain/registry/schema.ts';
import { frayingChart, netChart } from './charts.ts';
import type { PageContext } from './context.ts';
import { translator, type Locale, type MessageKey } from './i18n.ts';
import { Status, Text } from './layout.tsx';
import { BRIEF_CSS } from './brief-style.ts';

/** Where each event dataset is published (the footnote of a figure drawn from the event store). */
const DATASET_PAGES: Record<string, { title: string; url: string }> = {
  gdelt1: { title: 'GDELT 1.0 event files, The GDELT Project', url: 'http://data.gdeltproject.org/events/index.html' },
  gdelt2: { title: 'GDELT Event Codebook V2.0, The GDELT Project', url: 'http://data.gdeltproject.org/documentation/GDELT-Event_Codebook-V2.0.pdf' },
  icews: { title: 'ICEWS Coded Event Data, Harvard Dataverse (doi:10.7910/DVN/28075)', url: 'https://doi.org/10.7910/DVN/28075' },
};

interface Note {
  readonly records: readonly string[];
  readonly sources: readonly Source[];
  readonly imports: readonly { file: string; sha256: string; format: string; inserted: number }[];
}

/** Footnotes in the order they are first referred to; the same note twice gets one number. */
class Notes {
  readonly list: Note[] = [];
  private readonly keys = new Map<string, number>();
  constructor(private readonly sources: ReadonlyMap<string, Source>) {}
  /** A note on `records` (collection/id) citing `sourceIds`; returns its number. */
  add(records: readonly string[], sourceIds: readonly string[], imports: Note['imports'] = []): number {
    const ids = [...new Set(sourceIds)].sort();
    const key = `${[...records].sort().join(',')}|${ids.join(',')}|${imports.map((i) => i.sha256).join(',')}`;
    const known = this.keys.get(key);
    if (known !== undefined) return known;
    this.list.push({ records: [...new Set(records)].sort(), sources: ids.map((id) => this.sources.get(id)).filter((s): s is Source => s !== undefined), imports });
    this.keys.set(key, this.list.length);
    return this.list.length;
  }
}

const Ref: FC<{ n: number }> = ({ n }) => <sup class="ref"><a href={`#note-${n}`}>{n}</a></sup>;

export function renderBrief(data: BriefData, locale: Locale): string {
  const t = translator(locale);
  const ctx: PageContext = {
    t, locale, langInUrl: false, path: '/', query: {}, assets: { css: '', scripts: {} },
    registry: { label: null, loadedAt: null }, today: data.generated,
  };
  const { registry, dashboard: d } = data;
  const sources = new Map(registry.sources.map((s) => [s.id, s]));
  const notes = new Notes(sources);
  const pair = data.selection.parties.join('–');
  const name = (id: string): string => t.localized(registry.mechanisms.find((m) => m.id === id)?.names ?? { en: id }).text;
  const meetingSources = (ids: readonly string[]): string[] => registry.meetings.filter((m) => ids.includes(m.id)).flatMap((m) => m.sources);
  const lastMeetingIds = d.mechanisms.map((m) => registry.meetings
    .filter((x) => x.mechanism === m.mechanism.id && x.status === 'held' && x.date <= data.at)
    .sort((a, b) => (a.date < b.date ? 1 : -1))[0]?.id).filter((x): x is string => x !== undefined);
  const cadenceNote = notes.add(
    [...d.mechanisms.map((m) => `mechanisms/${m.mechanism.id}`), ...lastMeetingIds.map((id) => `meetings/${id}`)],
    [...d.mechanisms.flatMap((m) => m.mechanism.sources), ...meetingSources(lastMeetingIds)],
  );
  const eventImports = data.events.imports.map((i) => ({ file: i.file, sha256: i.sha256, format: i.format, inserted: i.inserted }));
  const sections: { id: string; title: string; body: Child }[] = [];
  const share = d.tally.shareOnSchedule;
  const title = data.kind === 'transition' && data.transition !== null
    ? t.t('brief.title.transition', { pair, election: data.transition.window.election })
    : t.t('brief.title.state', { pair });

  // ---- summary ----
  const lastPoint = d.trend?.points.at(-1);
  const eventsNote = d.trend === null ? 0 : notes.add(['events'], [], eventImports);
  const lapsedNames = data.lapsed.map((l) => name(l.mechanism.id));
  const meetingsNote = notes.add(data.meetingsSince.map((m) => `meetings/${m.meeting.id}`), data.meetingsSince.flatMap((m) => m.meeting.sources));
  sections.push({
    id: 'summary', title: t.t('brief.summary'), body: (
      <ul class="summary">
        <li>{share === null ? t.t('dashboard.noActive') : t.t('dashboard.share', { share: t.percent(share), active: d.tally.active })}<Ref n={cadenceNote} /></li>
        <li>{t.t('brief.summary.lapsed', { count: data.lapsed.length, names: lapsedNames.join('; ') })}<Ref n={cadenceNote} /></li>
        <li>{t.t('brief.summary.meetings', { count: data.meetingsSince.length, since: t.date(data.since) })}{data.meetingsSince.length > 0 ? <Ref n={meetingsNote} /> : null}</li>
        {d.trend !== null && lastPoint !== undefined
          ? <li>{t.t('brief.summary.events', { events: d.eventsStored, period: t.date(lastPoint.period.slice(0, 7)), net: t.number(lastPoint.netCooperation, 2) })}<Ref n={eventsNote} /></li>
          : <li>{t.t('brief.noEvents', { pair })}</li>}
        {d.windows.next.map((w) => <li>{t.t('calendar.windowNext', { party: w.party, from: t.date(w.from), to: t.date(w.to), estimated: w.basis === 'recorded' ? 'no' : 'yes' })}</li>)}
      </ul>
    ),
  });

  // ---- cadence ----
  const frayingNote = notes.add(d.mechanisms.map((m) => `mechanisms/${m.mechanism.id}`), [...d.mechanisms.flatMap((m) => m.mechanism.sources)]);
  sections.push({
    id: 'cadence', title: t.t('brief.cadence'), body: (
      <>
        <table class="tally">
          <caption>{t.t('brief.tallyCaption', { date: t.date(data.at) })}<Ref n={cadenceNote} /></caption>
          <thead><tr>{(['on-schedule', 'due', 'overdue', 'lapsed', 'ad-hoc'] as const).map((s) => <th scope="col"><Status ctx={ctx} status={s} /></th>)}</tr></thead>
          <tbody><tr><td>{d.tally.onSchedule}</td><td>{d.tally.due}</td><td>{d.tally.overdue}</td><td>{d.tally.lapsed}</td><td>{d.tally.adHoc}</td></tr></tbody>
        </table>
        <h3>{t.t('brief.lapsedHeading')}</h3>
        {data.lapsed.length === 0 ? <p>{t.t('brief.summary.lapsed', { count: 0, names: '' })}</p> : (
          <ul>
            {data.lapsed.map((l) => {
              const n = notes.add([`mechanisms/${l.mechanism.id}`, ...(l.lastMeeting ? [`meetings/${l.lastMeeting.id}`] : [])], [...l.mechanism.sources, ...(l.lastMeeting?.sources ?? [])]);
              return (
                <li><strong><Text ctx={ctx} text={l.mechanism.names} /></strong>{t.t('common.colon')}{l.lastMeeting === null || l.health.nextExpected === null || l.health.schedule === null
                  ? t.t('brief.neverMet')
                  : t.t('brief.lapsedItem', { last: t.date(l.lastMeeting.date), next: t.date(l.health.schedule.overdueFrom), since: t.date(l.health.schedule.lapsedFrom) })}<Ref n={n} /></li>
              );
            })}
          </ul>
        )}
        <figure class="chart">
          {raw(frayingChart(d.fraying, t, { width: 680, height: 220 }))}
          <figcaption><strong>{t.t('brief.figure', { n: 1 })}.</strong> {t.t('chart.fraying.heading')}: {t.t('chart.fraying.caption', { from: d.fraying[0]?.at.slice(0, 4) ?? '', to: data.at.slice(0, 4) })}<Ref n={frayingNote} /></figcaption>
        </figure>
        {d.partialRecords.length > 0 ? <p class="caveat">{t.t('dashboard.partialCaveat', { count: d.partialRecords.length })}</p> : null}
      </>
    ),
  });

  // ---- compliance ----
  const cmp = data.compliance;
  const assessed = cmp.standings.filter((x) => x.assessment !== null);
  const complianceNote = notes.add(
    [...cmp.standings.map((x) => `commitments/${x.commitment}`), ...assessed.map((x) => `assessments/${x.assessment}`)],
    [...cmp.standings.flatMap((x) => x.sources), ...registry.commitments.filter((c) => cmp.standings.some((x) => x.commitment === c.id)).flatMap((c) => c.sources)],
  );
  sections.push({
    id: 'compliance', title: t.t('compliance.title'), body: cmp.standings.length === 0 ? <p>{t.t('brief.noCompliance')}</p> : (
      <>
        <table>
          <caption>{t.t('compliance.byParty')}<Ref n={complianceNote} /></caption>
          <thead><tr>
            <th scope="col">{t.t('col.party')}</th><th scope="col">{t.t('compliance.col.commitments')}</th><th scope="col">{t.t('compliance.col.scored')}</th>
            <th scope="col">{t.t('compliance.col.noEvidence')}</th><th scope="col">{t.t('compliance.col.notAssessed')}</th><th scope="col">{t.t('compliance.col.mean')}</th><th scope="col">{t.t('compliance.col.g20')}</th>
          </tr></thead>
          <tbody>{cmp.aggregates.byParty.map((a) => (
            <tr><td>{a.party}</td><td>{a.commitments}</td><td>{a.scored}</td><td>{a.noEvidence}</td><td>{a.notAssessed}</td>
              <td>{a.mean === null ? '—' : t.number(a.mean, 2)}</td><td>{a.g20Percent === null ? '—' : `${t.number(a.g20Percent, 1)} %`}</td></tr>
          ))}</tbody>
        </table>
        <p class="method">{t.t('compliance.lead')}</p>
      </>
    ),
  });

  // ---- scorecard ----
  const sc = data.scorecard;
  const scoreFmt = (n: number | null): string => (n === null ? '—' : t.number(n, 1));
  const scInputs = sc.periods.flatMap((p) => [p.cooperate, p.coordinate, p.challenge].flatMap((x) => x.inputs));
  const scorecardNote = notes.add([...new Set(scInputs.flatMap((i) => i.records))], [...new Set(scInputs.flatMap((i) => i.sources))], scInputs.some((i) => i.datasets.length > 0) ? eventImports : []);
  sections.push({
    id: 'scorecard', title: t.t('scorecard.title', { pair }), body: (
      <>
        <table>
          <caption>{t.t('scorecard.caption', { pair, from: sc.from, to: sc.to })}<Ref n={scorecardNote} /></caption>
          <thead><tr><th scope="col">{t.t('col.year')}</th><th scope="col">{t.t('scorecard.cooperate')}</th><th scope="col">{t.t('scorecard.coordinate')}</th><th scope="col">{t.t('scorecard.challenge')}</th><th scope="col">{t.t('scorecard.composite')}</th></tr></thead>
          <tbody>{sc.periods.map((p) => <tr><td>{p.period}</td><td>{scoreFmt(p.cooperate.score)}</td><td>{scoreFmt(p.coordinate.score)}</td><td>{scoreFmt(p.challenge.score)}</td><td><strong>{scoreFmt(p.composite.score)}</strong></td></tr>)}</tbody>
        </table>
        <p class="method">{(['cooperate', 'coordinate', 'challenge', 'composite'] as const).map((k) => `${k}: ${t.t(`scorecard.formula.${k}`, { ...sc.thresholds })}`).join(' · ')}</p>
        <p class="caveat">{t.t('scorecard.coverageNote', { events: sc.coverage.events, days: sc.coverage.days, from: String(sc.from), to: String(sc.to) })}</p>
      </>
    ),
  });

  // ---- events ----
  sections.push({
    id: 'events', title: t.t('brief.events'), body: d.trend === null ? <p>{t.t('brief.noEvents', { pair })}</p> : (
      <>
        <figure class="chart">
          {raw(netChart(d.trend, t, { width: 680, height: 200 }))}
          <figcaption><strong>{t.t('brief.figure', { n: 2 })}.</strong> {t.t('chart.net.heading', { pair })}: {t.t('chart.net.caption', { events: d.eventsStored, shifts: d.trend.shifts.length })}<Ref n={eventsNote} /></figcaption>
        </figure>
        {data.annotations.length === 0 ? <p>{t.t('brief.noShifts')}</p> : (
          <ul>
            {data.annotations.map(({ shift, context }) => {
              const n = notes.add([...context.meetings.map((m) => `meetings/${m.id}`), ...context.developments.map((x) => `developments/${x.id}`)], [...context.meetings.flatMap((m) => m.sources), ...context.developments.flatMap((x) => x.sources)], eventImports);
              return (
                <li>{t.t('brief.shiftItem', { period: t.date(shift.period.slice(0, 7)), direction: shift.direction, value: t.number(shift.value, 2) })}<Ref n={n} />
                  {context.meetings.length + context.developments.length + context.lapses.length + context.terms.length > 0 ? (
                    <ul>
                      {context.meetings.map((m) => <li>{t.t('events.ctx.meeting')}: {name(m.mechanism)}, {t.date(m.date)}</li>)}
                      {context.lapses.map((l) => <li>{t.t('events.ctx.lapse', { date: t.date(l.from) })} {name(l.mechanism)}</li>)}
                      {context.terms.map((x) => <li>{t.t(x.change === 'took office' ? 'events.ctx.tookOffice' : 'events.ctx.leftOffice', { person: x.term.person, party: x.term.party, date: t.date(x.date) })}</li>)}
                      {context.developments.map((x) => <li>{t.date(x.date)}: <Text ctx={ctx} text={x.summary} /></li>)}
                    </ul>
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
        <p class="method">{t.t('events.shiftsMethod', { days: 31 })}</p>
      </>
    ),
  });

  // ---- meetings since ----
  sections.push({
    id: 'meetings', title: t.t('brief.meetingsSince', { since: t.date(data.since) }), body: data.meetingsSince.length === 0
      ? <p>{t.t('brief.summary.meetings', { count: 0, since: t.date(data.since) })}</p>
      : (
        <table>
          <thead><tr><th scope="col">{t.t('col.date')}</th><th scope="col">{t.t('col.mechanism')}</th><th scope="col">{t.t('mechanism.outcome')}</th></tr></thead>
          <tbody>
            {data.meetingsSince.map(({ meeting, mechanism }) => (
              <tr><td class="date">{t.date(meeting.date)}</td><td><Text ctx={ctx} text={mechanism.names} /></td>
                <td>{meeting.outcome ?? '—'}{meeting.confidence === 'uncertain' ? ` (${t.t('common.uncertain')})` : ''}<Ref n={notes.add([`meetings/${meeting.id}`], meeting.sources)} /></td></tr>
            ))}
          </tbody>
        </table>
      ),
  });

  // ---- agenda holes ----
  const holes = d.issueAreas.filter((a) => a.coverage === 'none');
  sections.push({
    id: 'agenda', title: t.t('brief.holes'), body: (
      <>
        <p>{holes.length === 0 ? t.t('agenda.noHoles') : t.t('agenda.holes', { count: holes.length })}</p>
        {holes.length > 0 ? <ul>{holes.map((h) => {
          const area = registry.issueAreas.find((a) => a.id === h.id);
          return <li><Text ctx={ctx} text={h.names} /><Ref n={notes.add([`issueAreas/${h.id}`, ...h.mechanisms.map((m) => `mechanisms/${m}`)], [...(area?.sources ?? []), ...(area?.drivers.flatMap((x) => x.sources) ?? [])])} /></li>;
        })}</ul> : null}
      </>
    ),
  });

  // ---- commitments and recommendations ----
  sections.push({
    id: 'commitments', title: t.t('brief.commitments'), body: (
      <>
        <h3>{t.t('commitments.commitments', { count: data.commitments.commitments.length })}</h3>
        <ul>
          {data.commitments.commitments.map(({ commitment: c }) => (
            <li><strong>{c.owner}</strong>, {t.date(c.date)}{c.dueDate ? ` (${t.t('commitments.due')} ${t.date(c.dueDate)})` : ''}: {c.text}<Ref n={notes.add([`commitments/${c.id}`], c.sources)} /></li>
          ))}
        </ul>
        <h3>{t.t('commitments.recommendations', { count: data.commitments.recommendations.length })}</h3>
        <ul>
          {data.commitments.recommendations.map(({ recommendation: r }) => {
            const tracked = data.tracker.recommendations.find((x) => x.id === r.id);
            const last = tracked?.history.filter((h) => h.date <= data.at).at(-1);
            const status = tracked?.status ? t.t(`recommendations.status.${tracked.status}` as MessageKey) : t.t('recommendations.noStatus');
            const lapse = tracked?.cadence.find((c) => c.lapsedFrom !== null);
            return (
              <li>{r.text} — {r.author}, {t.date(r.date)}. <strong>{status}</strong>{tracked?.statusSince ? ` ${t.t('recommendations.since', { date: t.date(tracked.statusSince) })}` : ''}
                {lapse ? <>; {t.t('recommendations.cadenceText', { held: lapse.held.length, expected: lapse.expected, since: t.date(lapse.since) })} <Status ctx={ctx} status={lapse.status} /></> : null}
                <Ref n={notes.add([`recommendations/${r.id}`, ...(lapse ? lapse.held.map((m) => `meetings/${m.id}`) : [])], [r.document, ...r.sources, ...(last?.sources ?? []), ...(lapse ? registry.meetings.filter((m) => lapse.held.some((h) => h.id === m.id)).flatMap((m) => m.sources) : [])])} /></li>
            );
          })}
        </ul>
      </>
    ),
  });

  // ---- calendar ahead ----
  const cal = data.calendar;
  const ahead = cal.calendar.transitionWindows.filter((w) => w.to >= data.at).slice(0, 6);
  sections.push({
    id: 'calendar', title: t.t('brief.calendar'), body: (
      <>
        <table>
          <thead><tr><th scope="col">{t.t('col.party')}</th><th scope="col">{t.t('col.election')}</th><th scope="col">{t.t('col.from')}</th><th scope="col">{t.t('col.to')}</th><th scope="col">{t.t('col.basis')}</th></tr></thead>
          <tbody>
            {ahead.map((w) => {
              const e = registry.elections.find((x) => x.id === w.election);
              const cycle = registry.electoralCycles.find((c) => c.party === w.party);
              const n = notes.add([e ? `elections/${e.id}` : `electoralCycles/${w.party}`], e?.sources ?? cycle?.sources ?? []);
              return <tr><td>{w.party}</td><td>{w.election}<Ref n={n} /></td><td class="date">{t.date(w.from)}</td><td class="date">{t.date(w.to)}</td><td>{t.t(`basis.${w.basis}` as never)}</td></tr>;
            })}
          </tbody>
        </table>
        {cal.calendar.coincidences.filter((y) => y >= Number(data.at.slice(0, 4))).length > 0
          ? <p>{t.t('calendar.coincide', { parties: data.selection.parties.join('–'), years: cal.calendar.coincidences.filter((y) => y >= Number(data.at.slice(0, 4))).slice(0, 3).join(', ') })}</p> : null}
        <h3>{t.t('calendar.proposals')}</h3>
        {proposalTable(ctx, cal.proposals, notes)}
        <p class="method">{t.t('calendar.rule', { days: SETTLING_DAYS })}</p>
      </>
    ),
  });

  // ---- transition ----
  const tr = data.transition;
  if (tr !== null) {
    const party = registry.parties.find((p) => p.id === tr.window.party);
    const windowNote = notes.add([tr.election ? `elections/${tr.election.id}` : `electoralCycles/${tr.window.party}`], tr.election?.sources ?? registry.electoralCycles.find((c) => c.party === tr.window.party)?.sources ?? []);
    sections.unshift({
      id: 'transition', title: t.t('brief.transition'), body: (
        <>
          <p>{t.t('brief.transitionWindow', { party: party ? t.localized(party.names).text : tr.window.party, from: t.date(tr.window.from), to: t.date(tr.window.to), until: t.date(tr.until), days: SETTLING_DAYS })}<Ref n={windowNote} /></p>
          <h3>{t.t('brief.atRisk')}</h3>
          {tr.atRisk.length === 0 ? <p>{t.t('brief.noneAtRisk', { reference: t.date(tr.reference), until: t.date(tr.until) })}</p> : (
            <ul>{tr.atRisk.map((r) => {
              const last = r.now.lastMeeting;
              const meetingIds = registry.meetings.filter((m) => m.mechanism === r.mechanism.id && m.date === last).map((m) => m.id);
              return (
                <li><strong><Text ctx={ctx} text={r.mechanism.names} /></strong>{t.t('common.colon')}{t.t('brief.atRiskItem', { now: t.t(`status.${r.now.status}` as never), reference: t.date(tr.reference), then: t.t(`status.${r.then.status}` as never), until: t.date(tr.until) })}<Ref n={notes.add([`mechanisms/${r.mechanism.id}`, ...meetingIds.map((id) => `meetings/${id}`)], [...r.mechanism.sources, ...meetingSources(meetingIds)])} /></li>
              );
            })}</ul>
          )}
          <h3>{t.t('brief.commitmentsDue')}</h3>
          {tr.commitmentsDue.length === 0 ? <p>{t.t('brief.noCommitmentsDue', { until: t.date(tr.until) })}</p> : (
            <ul>{tr.commitmentsDue.map((c) => <li><strong>{c.owner}</strong> ({t.t('commitments.due')} {t.date(c.dueDate!)}): {c.text}<Ref n={notes.add([`commitments/${c.id}`], c.sources)} /></li>)}</ul>
          )}
          <h3>{t.t('brief.lastScores', { year: sc.periods.at(-1)?.period ?? '' })}</h3>
          {sc.periods.length === 0 ? null : (() => {
            const last = sc.periods.at(-1)!;
            return <p>{t.t('scorecard.cooperate')} {scoreFmt(last.cooperate.score)} · {t.t('scorecard.coordinate')} {scoreFmt(last.coordinate.score)} · {t.t('scorecard.challenge')} {scoreFmt(last.challenge.score)} · {t.t('scorecard.composite')} {scoreFmt(last.composite.score)}<Ref n={scorecardNote} /></p>;
          })()}
          <h3>{t.t('brief.firstConsultations')}</h3>
          {proposalTable(ctx, tr.firstConsultations, notes)}
        </>
      ),
    });
  }

  const html = (
    <html lang={locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <link rel="icon" href="data:," />
        <meta name="generator" content={`Intermestic; data snapshot ${data.snapshot}`} />
        <style>{raw(BRIEF_CSS)}</style>
      </head>
      <body>
        <header>
          <p class="brand">Intermestic</p>
          <h1>{title}</h1>
          <p class="subtitle">{t.t('brief.subtitle', { date: t.date(data.at), since: t.date(data.since) })}</p>
        </header>
        <nav class="toc" aria-labelledby="toc"><h2 id="toc">{t.t('brief.toc')}</h2>
          <ol>{[...sections.map((s) => ({ id: s.id, title: s.title })), { id: 'notes', title: t.t('brief.notes') }].map((s) => <li><a href={`#${s.id}`}>{s.title}</a></li>)}</ol>
        </nav>
        <main>
          {sections.map((s) => <section id={s.id} aria-labelledby={`${s.id}-h`}><h2 id={`${s.id}-h`}>{s.title}</h2>{s.body}</section>)}
          <section id="notes" aria-labelledby="notes-h">
            <h2 id="notes-h">{t.t('brief.notes')}</h2>
            <ol class="notes">
              {notes.list.map((n, i) => (
                <li id={`note-${i + 1}`}>
                  {n.records.length > 0 ? <p><span class="label">{t.t('brief.records')}:</span> {n.records.join(', ')}</p> : null}
                  {n.imports.length > 0 ? (
                    <p><span class="label">{t.t('brief.imports')}:</span> {n.imports.map((x, k) => {
                      const page = DATASET_PAGES[x.format];
                      return <>{k > 0 ? '; ' : ''}{x.file} ({x.format}, {t.number(x.inserted)}, SHA-256 {x.sha256.slice(0, 12)}…){page ? <> — {page.title}, <a href={page.url}>{page.url}</a></> : null}</>;
                    })}</p>
                  ) : null}
                  {n.sources.length > 0 ? (
                    <ul class="cited">
                      {n.sources.map((s) => <li>{s.title} — {s.publisher}{s.date ? `, ${t.date(s.date)}` : ''}{s.url ? <>. <a href={s.url}>{s.url}</a></> : ''}</li>)}
                    </ul>
                  ) : null}
                </li>
              ))}
            </ol>
          </section>
        </main>
        <footer><p>{t.t('brief.footer', { snapshot: data.snapshot, date: t.date(data.generated) })}</p></footer>
      </body>
    </html>
  );
  return `<!doctype html>${html.toString()}`;
}

/** Called, not used as a component: its footnotes must be numbered before the notes are listed (components render later, lazily). */
function proposalTable(ctx: PageContext, rows: BriefData['calendar']['proposals'], notes: Notes): Child {
  const { t } = ctx;
  return (
    <table>
      <thead><tr><th scope="col">{t.t('col.mechanism')}</th><th scope="col">{t.t('col.status')}</th><th scope="col">{t.t('col.nextExpected')}</th><th scope="col">{t.t('calendar.window')}</th></tr></thead>
      <tbody>
        {rows.map(({ mechanism, proposal }) => (
          <tr>
            <td><Text ctx={ctx} text={mechanism.names} /><Ref n={notes.add([`mechanisms/${mechanism.id}`], mechanism.sources)} /></td>
            <td><Status ctx={ctx} status={proposal.status} /></td>
            <td class="date">{t.date(proposal.nextExpected)}</td>
            <td class="date">{t.date(proposal.from)} – {t.date(proposal.to)}{proposal.avoided.length > 0 ? ` (${t.t('calendar.avoids')} ${proposal.avoided.map((w) => w.election).join(', ')})` : ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
