/**
 * Briefs on the bundled registry with the real event samples: the HTML in-process (figures,
 * footnotes, snapshot, byte-identical output, languages), the PDF through the real command (Debian's
 * Chromium prints it; poppler's pdftotext and pdfinfo read it), and bad input refused with no file
 * written. The HTTP route and its policy in a real browser are tested in web.test.ts, on its server.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { briefOf, type BriefData } from '../../src/app/briefs.ts';
import { fixedClock } from '../../src/app/clock.ts';
import { ensureRegistry } from '../../src/app/registry.ts';
import { servicesOver } from '../../src/compose.ts';
import { importEventFile } from '../../src/ingest/events/pipeline.ts';
import { openStore } from '../../src/store/open.ts';
import type { Store } from '../../src/store/store.ts';
import type { Registry } from '../../src/domain/registry/schema.ts';
import { renderBrief } from '../../src/web/brief.tsx';
import { cli, spawnCli, tempDir } from '../support/cli.ts';
import { SAMPLES } from '../support/paths.ts';
import { createHash } from 'node:crypto';

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/** Runs a poppler tool; fails (never skips) when poppler-utils is missing. */
function poppler(tool: string, args: readonly string[]): string {
  const r = spawnSync(tool, args, { encoding: 'utf8' });
  if (r.error) throw new Error(`${tool} is needed to read the PDFs: install Debian's poppler-utils (${r.error.message})`);
  assert.equal(r.status, 0, `${tool} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

describe('briefs', () => {
  const dir = tempDir('intermestic-briefs-');
  const db = join(dir, 'briefs.db');
  let store: Store;
  let registry: Registry;
  const deps = () => ({ events: store, clock: fixedClock('2026-12-01'), sha256 });

  before(async () => {
    store = await openStore({ path: db, env: {} });
    const s = servicesOver(store);
    await ensureRegistry(s);
    for (const f of [SAMPLES.gdelt2, SAMPLES.gdelt1, SAMPLES.icews]) await importEventFile(store, f, { rejectsPath: join(dir, 'r.tsv') });
    registry = await store.readRegistry();
  });
  after(() => store?.close());

  test('the state of USA–MEX at 2026-12-01: the summit lapse, the figures footnoted, every footnote with an address', async () => {
    const data = await briefOf(deps(), registry, { pair: 'USA-MEX' });
    const html = renderBrief(data, 'en');
    const { document } = parseHTML(html);
    const text = document.body.textContent ?? '';
    assert.match(text, /North American Leaders' Summit: last meeting: Jan 10, 2023; expected again by Apr 11, 2024; lapsed since Jan 11, 2025\./);
    assert.match(text, /20% of 10 active mechanisms keep their cadence/);
    assert.match(text, /7 mechanisms are lapsed/);
    const notes = Array.from(document.querySelectorAll('ol.notes > li'));
    assert.ok(notes.length > 20, `${notes.length} footnotes`);
    for (const n of notes) assert.ok(n.querySelector('a[href^="http"]') !== null, `footnote ${n.id} has an address: ${(n.textContent ?? '').slice(0, 120)}`);
    // Every reference points at a footnote that exists, and every footnote is referred to.
    const refs = new Set(Array.from(document.querySelectorAll('sup.ref a')).map((a) => a.getAttribute('href')));
    assert.deepEqual([...refs].filter((r) => document.querySelector(r ?? '#none') === null), []);
    assert.deepEqual(notes.filter((n) => !refs.has(`#${n.id}`)).map((n) => n.id), []);
    // The NALS lapse's footnote names the Mexico City summit and cites its sources.
    const nalsItem = Array.from(document.querySelectorAll('#cadence li')).find((li) => (li.textContent ?? '').startsWith("North American Leaders' Summit"));
    const note = document.querySelector(nalsItem?.querySelector('sup.ref a')?.getAttribute('href') ?? '#none');
    assert.match(note?.textContent ?? '', /meetings\/nals-2023-01-10/);
    assert.match(document.querySelector('footer')?.textContent ?? '', new RegExp(`Data snapshot ${data.snapshot} · generated on Dec 1, 2026`));
    assert.match(data.snapshot, /^[0-9a-f]{16}$/);
    // The charts are the web app's own SVG, with their captions.
    assert.equal(document.querySelectorAll('figure.chart svg').length, 2);
    assert.match(document.querySelector('figure.chart figcaption')?.textContent ?? '', /Figure 1\. The fraying curve/);
    assert.equal(document.querySelectorAll('script').length, 0);
    // The recommendation tracker's status, argued from the registry's summits.
    assert.match(text, /Bring back the annual North American Leaders' Summit\. — Arturo Sarukhan, 2021\. not addressed since 2025; 2 meetings held since 2021, against 5 the cadence called for; now ✕ lapsed/);
  });

  test('the same data gives byte-identical HTML; other data another snapshot', async () => {
    const a = renderBrief(await briefOf(deps(), registry, { pair: 'USA-MEX' }), 'en');
    const b = renderBrief(await briefOf(deps(), structuredClone(registry), { pair: 'USA-MEX' }), 'en');
    assert.equal(a, b);
    const changed = structuredClone(registry);
    changed.meetings = changed.meetings.filter((m) => m.id !== 'nals-2023-01-10');
    const c = await briefOf(deps(), changed, { pair: 'USA-MEX' });
    assert.notEqual(c.snapshot, (await briefOf(deps(), registry, { pair: 'USA-MEX' })).snapshot);
  });

  test('in Spanish and French: their words and the registry\'s names in them', async () => {
    const data: BriefData = await briefOf(deps(), registry, { pair: 'USA-MEX-CAN' });
    const es = parseHTML(renderBrief(data, 'es')).document;
    assert.equal(es.documentElement.getAttribute('lang'), 'es');
    assert.match(es.querySelector('h1')?.textContent ?? '', /^Estado de la relación: USA–MEX–CAN$/);
    assert.match(es.body.textContent ?? '', /Cumbre de Líderes de América del Norte: última reunión: 10 ene 2023/);
    const fr = parseHTML(renderBrief(data, 'fr')).document;
    assert.match(fr.querySelector('h1')?.textContent ?? '', /^État de la relation : USA–MEX–CAN$/);
    assert.match(fr.body.textContent ?? '', /Sommet des leaders nord-américains : dernière réunion : 10 janv\. 2023/);
  });

  test('a transition brief for the U.S. election of 2028: what would lapse, and first consultations after the settling days', async () => {
    const data = await briefOf(deps(), registry, { pair: 'USA-MEX-CAN', kind: 'transition', election: 'usa-2028-projected' });
    assert.ok(data.transition);
    assert.deepEqual([data.transition.window.from, data.transition.window.to, data.transition.until], ['2028-11-05', '2029-01-20', '2029-04-30']);
    assert.deepEqual(data.transition.atRisk.map((r) => [r.mechanism.id, r.now.status, r.then.status]).sort(), [['nadd', 'due', 'lapsed'], ['usmca-ftc', 'on-schedule', 'lapsed']]);
    assert.ok(data.transition.firstConsultations.every((p) => p.proposal.from >= '2029-05-01'), 'after the inauguration and its hundred days');
    const text = parseHTML(renderBrief(data, 'en')).document.body.textContent ?? '';
    assert.match(text, /United States elects on Nov 5, 2028; the new government takes office on Jan 20, 2029/);
  });

  test('PDF through the real command: A4 and Letter, page numbers, a table of contents, accents, the snapshot', async () => {
    const outA4 = join(dir, 'state-es.pdf');
    const r = spawnCli(['brief', '--group', 'USA,MEX,CAN', '--lang', 'es', '--format', 'pdf', '--out', outA4], { db: join(dir, 'cli.db') });
    assert.equal(r.status, 0, r.stderr);
    const info = poppler('pdfinfo', [outA4]);
    assert.match(info, /Page size:\s+595\.\d+ x 842\.\d+ pts \(A4\)/);
    const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
    assert.ok(pages >= 3, `${pages} pages`);
    const text = poppler('pdftotext', ['-layout', outA4, '-']);
    assert.match(text, /Estado de la relación: USA–MEX–CAN/);
    assert.match(text, /Contenido/);
    assert.match(text, /Cumbre de Líderes de América del Norte/);
    assert.match(text, /Periodicidad de la arquitectura institucional/);
    assert.match(text, new RegExp(`1 / ${pages}`));
    assert.match(text, new RegExp(`${pages} / ${pages}`));
    const snapshot = /Instantánea de datos ([0-9a-f]{16})/.exec(text)?.[1];
    assert.ok(snapshot, 'the snapshot id is printed');
    assert.match(r.stderr, new RegExp(`data snapshot ${snapshot}`));
    // Every font is embedded (the accents above were extracted, so they were drawn from a real glyph).
    const fonts = poppler('pdffonts', [outA4]).split('\n').slice(2).filter(Boolean);
    assert.ok(fonts.length > 0 && fonts.every((f) => / yes /.test(f)), fonts.join('\n'));
    const outLetter = join(dir, 'state-fr-letter.pdf');
    const l = await cli(['brief', '--pair', 'USA-MEX', '--lang', 'fr', '--format', 'pdf', '--paper', 'letter', '--out', outLetter], { db: join(dir, 'cli.db') });
    assert.equal(l.status, 0, l.stderr);
    assert.match(poppler('pdfinfo', [outLetter]), /Page size:\s+612 x 792 pts \(letter\)/);
    assert.match(poppler('pdftotext', [outLetter, '-']), /État de la relation : USA–MEX/);
  });

  test('bad input: an unknown pair, an unknown election, a date before any record — a clear error and no file', async () => {
    const cases: [string[], RegExp][] = [
      [['--pair', 'USA-XXX'], /--pair: .*unknown: XXX/],
      [['--kind', 'transition', '--election', 'usa-2031'], /--election: no election "usa-2031" of USA, MEX/],
      [['--kind', 'transition'], /--election: a transition brief needs an election id/],
      [['--at', '1700-01-01'], /--at: 1700-01-01 is before any record of the registry/],
      [['--format', 'docx'], /--format/],
    ];
    for (const [args, message] of cases) {
      const out = join(dir, `bad-${args.join('-').replace(/[^a-z0-9-]/gi, '')}.pdf`);
      const r = await cli(['brief', ...args, '--format', args.includes('--format') ? args[args.indexOf('--format') + 1]! : 'pdf', '--out', out], { db: join(dir, 'cli.db') });
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.ok(!existsSync(out), `no file for ${args.join(' ')}`);
    }
    assert.deepEqual(readdirSync(dir).filter((f) => f.includes('.partial-')), []);
  });
});
