/**
 * The brief's style sheet, inside the document so that a saved brief is one file. Made for print:
 * fonts with the accents of Spanish and French (DejaVu and Noto, which Debian's Chromium brings), charts
 * that shrink to the page, and no figure, table row or footnote cut across two pages.
 */
export const BRIEF_CSS = `
:root { --ink: #1b1f24; --muted: #4b5563; --line: #c9ced6; --accent: #1d4f91; }
body { font-family: "DejaVu Sans", "Noto Sans", "Liberation Sans", Arial, sans-serif; color: var(--ink); margin: 0 auto; max-width: 48rem; padding: 1rem; font-size: 10.5pt; line-height: 1.4; }
h1 { font-size: 18pt; margin: .2rem 0; }
h2 { font-size: 13pt; margin: 1.2rem 0 .4rem; border-bottom: 1px solid var(--line); padding-bottom: .15rem; break-after: avoid; }
h3 { font-size: 11pt; margin: .8rem 0 .3rem; break-after: avoid; }
.brand { color: var(--muted); margin: 0; font-weight: 700; letter-spacing: .02em; }
.subtitle { color: var(--muted); margin-top: 0; }
a { color: var(--accent); }
nav.toc ol { columns: 2; margin: .2rem 0; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0; }
th, td { border-bottom: 1px solid var(--line); padding: .2rem .35rem; text-align: left; vertical-align: top; }
thead { display: table-header-group; }
tr, li, figure, .caveat { break-inside: avoid; }
td.date { white-space: nowrap; }
caption { text-align: left; font-weight: 600; padding: .2rem 0; }
figure.chart { margin: .6rem 0; }
figure.chart svg { width: 100%; height: auto; max-width: 100%; }
figure.chart svg text { font-family: inherit; }
figcaption { font-size: 9pt; color: var(--muted); }
.status { white-space: nowrap; }
.status-lapsed { color: #9b1c1c; } .status-overdue { color: #92400e; } .status-due { color: #854d0e; } .status-on-schedule { color: #166534; }
.caveat { border-left: 3px solid #d4a017; padding-left: .5rem; }
.method { font-size: 9pt; color: var(--muted); }
sup.ref { font-size: 7pt; margin-left: .1em; }
sup.ref a { text-decoration: none; }
ol.notes { font-size: 8.5pt; padding-left: 1.6rem; }
ol.notes p { margin: .1rem 0; }
ol.notes ul.cited { margin: .1rem 0 .4rem; padding-left: 1rem; }
ol.notes a { overflow-wrap: anywhere; }
.label { font-weight: 600; }
abbr.fallback { font-size: 7pt; color: var(--muted); text-decoration: none; }
footer { margin-top: 1.5rem; border-top: 1px solid var(--line); color: var(--muted); font-size: 9pt; }
@media print { body { max-width: none; padding: 0; } a { color: inherit; } }
`;
