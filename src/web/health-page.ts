/**
 * The first page: the cadence health of every mechanism at a glance, as a sortable table.
 * Rendered on the server (no build step, readable without JavaScript); sorting is a small script.
 */
import type { LastLoad } from '../app/ports.ts';

interface PageReport {
  readonly at: string;
  readonly mechanisms: readonly {
    readonly id: string;
    readonly name: string;
    readonly status: string;
    readonly lastMeeting: string | null;
    readonly nextExpected: string | null;
    readonly gaps: readonly { readonly days: number }[];
    readonly meetingRecord?: 'complete' | 'partial';
  }[];
  readonly summary: { readonly active: number; readonly onSchedule: number; readonly due: number; readonly overdue: number; readonly lapsed: number; readonly coverageHoles: readonly string[] };
}

const STATUS_ORDER = ['lapsed', 'overdue', 'due', 'on-schedule', 'ad-hoc', 'ended', 'not-yet-founded'];

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);
}

/** The whole HTML document of the health page. */
export function renderHealthPage(report: PageReport, load: LastLoad | null): string {
  const rows = report.mechanisms.map((m) => {
    const longest = m.gaps.reduce((max, g) => Math.max(max, g.days), 0);
    const rank = STATUS_ORDER.indexOf(m.status);
    return `<tr data-id="${esc(m.id)}">
      <th scope="row"><a href="/api/mechanisms/${esc(m.id)}?at=${esc(report.at)}">${esc(m.name)}</a>${m.meetingRecord === 'partial' ? ' <span class="partial" title="Some meetings of this mechanism are missing from the registry: its gaps may be gaps in the record.">(incomplete record)</span>' : ''}</th>
      <td data-sort="${rank < 0 ? 99 : rank}"><span class="status status-${esc(m.status)}">${esc(m.status.replace(/-/g, ' '))}</span></td>
      <td data-sort="${esc(m.lastMeeting ?? '')}">${esc(m.lastMeeting ?? '—')}</td>
      <td data-sort="${esc(m.nextExpected ?? '')}">${esc(m.nextExpected ?? '—')}</td>
      <td data-sort="${m.gaps.length}">${m.gaps.length}</td>
      <td data-sort="${longest}">${longest > 0 ? `${longest.toLocaleString('en-US')} days` : '—'}</td>
    </tr>`;
  }).join('\n');
  const s = report.summary;
  const holes = s.coverageHoles.length > 0 ? `Issue areas with no active mechanism: ${s.coverageHoles.map(esc).join(', ')}.` : 'Every issue area has at least one active mechanism.';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Intermestic — mechanism health on ${esc(report.at)}</title>
<link rel="stylesheet" href="/static/health.css">
</head>
<body>
<main>
<h1>Intermestic</h1>
<p class="meta">Cadence health of the institutional architecture on <strong>${esc(report.at)}</strong>: ${s.onSchedule + s.due} of ${s.active} active mechanisms on schedule or due, ${s.overdue} overdue, ${s.lapsed} lapsed. ${holes}
Registry: ${esc(load?.label ?? 'none')}${load ? `, loaded ${esc(load.loadedAt.slice(0, 10))}` : ''}. <a href="/api/openapi.json">API</a></p>
<form method="get" action="/">
  <label for="at">Judge at date</label>
  <input id="at" name="at" type="date" value="${esc(report.at)}">
  <button type="submit">Show</button>
</form>
<table id="health">
<caption>Mechanisms (select a column heading to sort). “Incomplete record”: the registry knows some meetings are missing, so a gap may be one of the record.</caption>
<thead><tr>
  <th scope="col"><button type="button">Mechanism</button></th>
  <th scope="col"><button type="button">Status</button></th>
  <th scope="col"><button type="button">Last meeting</button></th>
  <th scope="col"><button type="button">Next expected</button></th>
  <th scope="col"><button type="button">Gaps</button></th>
  <th scope="col"><button type="button">Longest gap</button></th>
</tr></thead>
<tbody>
${rows}
</tbody>
</table>
</main>
<script type="module" src="/static/sortable.js"></script>
</body>
</html>`;
}

/** The page's style sheet, served as /static/health.css (the CSP allows no inline style). */
export const HEALTH_CSS = `  body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #1a1a1a; background: #fff; line-height: 1.4; }
  h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
  p.meta { color: #444; margin: 0 0 1rem; }
  form { margin: 0 0 1rem; }
  table { border-collapse: collapse; width: 100%; max-width: 72rem; }
  caption { text-align: left; font-weight: 600; padding: .5rem 0; }
  th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid #ccc; vertical-align: top; }
  thead th button { font: inherit; font-weight: 600; background: none; border: 0; padding: 0; cursor: pointer; color: #1a1a1a; }
  thead th button:focus-visible, a:focus-visible { outline: 3px solid #1d4ed8; outline-offset: 2px; }
  thead th[aria-sort] button::after { content: " ▲"; }
  thead th[aria-sort="descending"] button::after { content: " ▼"; }
  a { color: #1d4ed8; }
  .status { display: inline-block; padding: .1rem .5rem; border-radius: .75rem; font-size: .9rem; border: 1px solid currentColor; }
  .status-on-schedule { color: #14532d; background: #dcfce7; }
  .status-due { color: #713f12; background: #fef9c3; }
  .status-overdue { color: #7c2d12; background: #ffedd5; }
  .status-lapsed { color: #7f1d1d; background: #fee2e2; }
  .status-ended, .status-not-yet-founded { color: #374151; background: #f3f4f6; }
  .status-ad-hoc { color: #1e3a8a; background: #dbeafe; }
  .partial { font-weight: normal; font-size: .85rem; color: #4b5563; }
`;
