/**
 * Every page escapes the dataset's text. The bundled registry, exported, gets a hostile payload
 * appended to every free-text field (names in every language, descriptions, outcomes, places,
 * titles, publishers, notes, commitments, recommendations, summaries), is loaded into a real store,
 * and every page in every language — and the page of every mechanism — is rendered: the payload
 * must appear only escaped, never as markup, and a source address that is not http(s) is refused
 * before it could become a link.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { parseHTML } from 'linkedom';
import { ensureRegistry, exportRegistry, loadRegistryFrom } from '../../src/app/registry.ts';
import { servicesOver } from '../../src/compose.ts';
import { importEventFile } from '../../src/ingest/events/pipeline.ts';
import { createApp } from '../../src/server/app.ts';
import { openStore } from '../../src/store/open.ts';
import type { Store } from '../../src/store/store.ts';
import { tempDir } from '../support/cli.ts';
import { SAMPLES } from '../support/paths.ts';

const PAYLOADS = ['<script>alert(1)</script>', '"><img src=x onerror=alert(2)>', "' onmouseover='alert(3)", '</title><svg onload=alert(4)>'];
/** The fields that hold free text, wherever they occur (ids, codes, dates and enums are checked by the schema). */
const TEXT_FIELDS = new Set(['title', 'publisher', 'note', 'person', 'politicalParty', 'text', 'description', 'cadenceNote', 'place', 'outcome', 'author', 'acronym', 'assessor', 'rationale', 'recalibrationReason']);
const LOCALIZED_FIELDS = new Set(['names', 'office', 'summary']);

let n = 0;
/** Appends a payload (one of four, in turn) to every free-text field; returns how many were touched. */
function poison(value: unknown): void {
  if (Array.isArray(value)) {
    for (const v of value) poison(v);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  for (const [key, v] of Object.entries(record)) {
    if (typeof v === 'string' && TEXT_FIELDS.has(key)) record[key] = `${v} ${PAYLOADS[n++ % PAYLOADS.length]}`;
    else if (LOCALIZED_FIELDS.has(key) && v !== null && typeof v === 'object') {
      for (const [lang, text] of Object.entries(v as Record<string, unknown>)) {
        if (typeof text === 'string') (v as Record<string, string>)[lang] = `${text} ${PAYLOADS[n++ % PAYLOADS.length]}`;
      }
    } else poison(v);
  }
}

/**
 * What a payload would have made live, read from the parsed page: an event-handler attribute, a
 * script that is not one of the built islands, an element the payloads open (img, an svg with onload).
 */
function liveMarkup(html: string): string[] {
  const { document } = parseHTML(html);
  const found: string[] = [];
  for (const el of Array.from(document.querySelectorAll('*'))) {
    for (const attr of Array.from(el.attributes as ArrayLike<{ name: string; value: string }>)) {
      if (attr.name.toLowerCase().startsWith('on')) found.push(`${el.tagName} ${attr.name}="${attr.value}"`);
      if (/^\s*javascript:/i.test(attr.value)) found.push(`${el.tagName} ${attr.name}="${attr.value}"`);
    }
  }
  for (const script of Array.from(document.querySelectorAll('script'))) {
    if (!/^\/assets\/[\w-]+\.js$/.test(script.getAttribute('src') ?? '')) found.push(`script ${script.outerHTML.slice(0, 80)}`);
  }
  for (const img of Array.from(document.querySelectorAll('img'))) found.push(`img ${img.outerHTML.slice(0, 80)}`);
  const titles = document.head.querySelectorAll('title');
  if (titles.length !== 1 || titles[0]!.children.length > 0) found.push(`${titles.length} titles`);
  return found;
}

describe('pages over a hostile registry', () => {
  const dir = tempDir('intermestic-escaping-');
  let store: Store;
  let app: OpenAPIHono;
  let mechanismIds: string[] = [];

  before(async () => {
    store = await openStore({ path: join(dir, 'escaping.db'), env: {} });
    const services = servicesOver(store);
    await ensureRegistry(services);
    const registry = structuredClone(await exportRegistry(services));
    poison(registry);
    assert.ok(n > 1000, `${n} fields poisoned`);
    mechanismIds = registry.mechanisms.map((m) => m.id);
    const path = join(dir, 'hostile.json');
    writeFileSync(path, JSON.stringify(registry));
    await loadRegistryFrom(services, path, 'replace');
    const r = await importEventFile(store, SAMPLES.icews, { rejectsPath: join(dir, 'icews.rejects.tsv') });
    assert.equal(r.inserted, 3705);
    app = createApp(services, { recheckMs: 0 });
  });
  after(() => store?.close());

  test('every page, in every language, shows the payloads escaped and never as markup', async () => {
    const paths = ['/', '/?pair=USA-MEX-CAN', '/?pair=MEX-CAN&at=2019-06-01', '/timeline', '/timeline?from=1990&to=2026', '/events', '/events?period=2018-06-01', '/events?group=USA,MEX,CAN&by=year',
      '/agenda', '/calendar', '/commitments', '/compliance', '/compliance?party=MEX', '/recommendations', '/scorecard?pair=USA-MEX&from=2015&to=2026', '/alerts?since=2024-01-01&at=2026-12-01',
      '/sources', '/sources?kind=official', ...mechanismIds.map((id) => `/mechanisms/${id}`)];
    let escaped = 0;
    for (const lang of ['en', 'es', 'fr']) {
      for (const path of paths) {
        const url = `${path}${path.includes('?') ? '&' : '?'}lang=${lang}`;
        const res = await app.request(url);
        const html = await res.text();
        assert.equal(res.status, 200, url);
        assert.deepEqual(liveMarkup(html), [], url);
        escaped += html.split('&lt;script&gt;alert(1)&lt;/script&gt;').length - 1;
      }
    }
    assert.ok(escaped > 500, `the payload is shown, escaped, ${escaped} times`);
  });

  test('the payload shows escaped where it was written: a mechanism name, an outcome', async () => {
    const html = await (await app.request('/mechanisms/nals')).text();
    assert.match(html, /<h1[^>]*>North American Leaders(&#39;|’|')? Summit [^<]*(&lt;|&quot;|&#39;)/);
    assert.ok(html.includes('&lt;img src=x onerror=alert(2)&gt;') || html.includes('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;'));
  });

  test('a source address other than http(s) is refused, naming the record and the field', async () => {
    const services = servicesOver(store);
    const registry = structuredClone(await exportRegistry(services));
    registry.sources[0] = { ...registry.sources[0]!, url: 'javascript:alert(1)' };
    const path = join(dir, 'javascript-url.json');
    writeFileSync(path, JSON.stringify(registry));
    await assert.rejects(loadRegistryFrom(services, path, 'replace'), (e: Error) => {
      assert.match(e.message, /sources/);
      assert.match(e.message, /url/);
      assert.match(e.message, /http or https/);
      return true;
    });
  });
});
