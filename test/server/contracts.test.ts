/**
 * The public contracts are enforced: every route's real answers (successes and errors) validate
 * against the response schema the served OpenAPI document gives for them, with a JSON Schema
 * validator (Ajv, draft 2020-12 as OpenAPI 3.1 uses); the CLI's --json output validates against the
 * same schemas; and a server error answers a generic message with a request id, never its detail.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { OpenAPIHono } from '@hono/zod-openapi';
import * as contracts from '../../src/app/contracts.ts';
import { ensureRegistry } from '../../src/app/registry.ts';
import { fixedClock } from '../../src/app/clock.ts';
import { servicesOver } from '../../src/compose.ts';
import { importEventFile } from '../../src/ingest/events/pipeline.ts';
import { createApp } from '../../src/server/app.ts';
import { openStore } from '../../src/store/open.ts';
import type { Store } from '../../src/store/store.ts';
import { cli, tempDir } from '../support/cli.ts';
import { SAMPLES } from '../support/paths.ts';

interface OpenApiDoc {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>>;
  components?: { schemas?: Record<string, object> };
}

/** Real requests for every documented route, with the statuses they must answer. */
const REQUESTS: [string, string, number][] = [
  ['/api/parties', '/api/parties', 200],
  ['/api/mechanisms', '/api/mechanisms', 200],
  ['/api/mechanisms/{id}', '/api/mechanisms/nals?at=2019-06-01', 200],
  ['/api/mechanisms/{id}', '/api/mechanisms/usmca-ftc', 200],
  ['/api/mechanisms/{id}', '/api/mechanisms/no-such-thing', 404],
  ['/api/mechanisms/{id}', '/api/mechanisms/nals?at=2019-02-30', 400],
  ['/api/health', '/api/health?at=2019-06-01', 200],
  ['/api/health', '/api/health', 200],
  ['/api/health', '/api/health?at=tomorrow', 400],
  ['/api/issues', '/api/issues', 200],
  ['/api/sources', '/api/sources', 200],
  ['/api/developments', '/api/developments', 200],
  ['/api/developments', '/api/developments?from=2025-01-01&to=2026-12-01&party=mex&kind=trade-measure&mechanism=usmca-ftc&issue=trade-and-competitiveness', 200],
  ['/api/developments', '/api/developments?kind=gossip', 400],
  ['/api/compliance', '/api/compliance', 200],
  ['/api/compliance', '/api/compliance?party=mex&at=2019-07-22', 200],
  ['/api/compliance', '/api/compliance?party=FRA', 400],
  ['/api/compliance', '/api/compliance?at=2019-02-30', 400],
  ['/api/assessments', '/api/assessments', 200],
  ['/api/assessments', '/api/assessments?party=USA&commitment=jd2019-usa-mpp-expansion', 200],
  ['/api/assessments', '/api/assessments?commitment=no-such-commitment', 400],
  ['/api/recommendations', '/api/recommendations?at=2026-12-01', 200],
  ['/api/recommendations', '/api/recommendations', 200],
  ['/api/recommendations', '/api/recommendations?at=soon', 400],
  ['/api/scorecard', '/api/scorecard?pair=USA-MEX&from=2005&to=2026', 200],
  ['/api/scorecard', '/api/scorecard?group=usa,mex,can&from=2016&to=2019&weights=cooperate=2,challenge=0', 200],
  ['/api/scorecard', '/api/scorecard?pair=USA-FRA', 400],
  ['/api/scorecard', '/api/scorecard?pair=USA-MEX&weights=cooperate=x', 400],
  ['/api/alerts', '/api/alerts?since=2024-12-31&at=2025-12-31', 200],
  ['/api/alerts', '/api/alerts?at=2025-02-01&windowDays=90', 200],
  ['/api/alerts', '/api/alerts?since=2026-01-01&at=2025-01-01', 400],
  // A brief is HTML or PDF (checked below); its refusals are JSON like every other route's.
  ['/api/briefs', '/api/briefs?pair=USA-XXX', 400],
  ['/api/briefs', '/api/briefs?kind=transition', 400],
  ['/api/calendar', '/api/calendar?parties=USA,MEX&from=2000&to=2040', 200],
  ['/api/calendar', '/api/calendar?parties=USA,MEX,CAN&from=1980&to=2050', 200],
  ['/api/calendar', '/api/calendar?parties=ZZZ', 400],
  ['/api/events/series', '/api/events/series?dyad=USA-MEX&by=day', 200],
  ['/api/events/series', '/api/events/series?group=USA,MEX,CAN&by=month&quad=1,2&datasets=gdelt1,icews', 200],
  ['/api/events/series', '/api/events/series?dyad=USA-MEX&directed=true&sectors=GOV&sectorsOn=either&roots=04,05&from=2016-01-01&to=2019-12-31', 200],
  ['/api/events/series', '/api/events/series?dyad=USA', 400],
  ['/api/events/series', '/api/events/series?group=USA,RUS&weighting=mentions&minConfidence=50', 200],
  ['/api/events/series', '/api/events/series?dyad=USA-RUS&minConfidence=50', 400],
  ['/api/events/series', '/api/events/series?dyad=USA-RUS&weighting=mentions&minConfidence=150', 400],
  ['/api/events', '/api/events?group=USA,RUS&minConfidence=50&limit=20', 200],
  ['/api/events', '/api/events?dyad=USA-MEX&datasets=icews', 200],
  ['/api/events', '/api/events?dyad=USA-MEX&limit=0', 400],
  ['/api/events/top-dyads', '/api/events/top-dyads?year=2018', 200],
  ['/api/events/top-dyads', '/api/events/top-dyads?countries=USA,MEX&limit=5', 200],
  ['/api/events/top-dyads', '/api/events/top-dyads?year=2018&from=2018-01-01', 400],
  ['/api/events/stats', '/api/events/stats', 200],
];

describe('public contracts', () => {
  let store: Store;
  let app: OpenAPIHono;
  let doc: OpenApiDoc;
  const dir = tempDir('intermestic-contracts-');
  const db = join(dir, 'contracts.db');
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats.default(ajv);

  before(async () => {
    store = await openStore({ path: db, env: {} });
    const services = servicesOver(store, fixedClock('2026-12-01'));
    await ensureRegistry(services);
    for (const file of [SAMPLES.gdelt1, SAMPLES.gdelt2, SAMPLES.gdelt2Mentions, SAMPLES.icews]) {
      await importEventFile(store, file, { rejectsPath: join(dir, 'r.tsv') });
    }
    app = createApp(services, { log: () => undefined });
    doc = await (await app.request('/api/openapi.json')).json() as OpenApiDoc;
    ajv.addSchema({ $id: 'openapi', components: doc.components ?? {} });
  });
  after(async () => {
    await store.close();
  });

  /** The response schema of a documented path and status, with its component references resolvable. */
  function responseSchema(path: string, status: number): object {
    const op = doc.paths[path]?.get;
    assert.ok(op, `${path} is documented`);
    const schema = op.responses[String(status)]?.content?.['application/json']?.schema;
    assert.ok(schema, `${path} documents a JSON response for ${status}`);
    // Component references are '#/components/schemas/X': resolve them inside the registered document.
    return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi#/components/')) as object;
  }

  test('the document is OpenAPI 3.1 and every documented route has a real request here', () => {
    assert.equal(doc.openapi, '3.1.0');
    assert.deepEqual(new Set(REQUESTS.map(([p]) => p)), new Set(Object.keys(doc.paths)));
    // No open shapes: every response schema of a 200 is a closed object or a list of them.
    const text = JSON.stringify(doc.components);
    assert.ok(!/"additionalProperties":true/.test(text), 'no documented shape is open');
  });

  test('every count a score input can give is described, in the words of its input', () => {
    const input = doc.components?.schemas?.ScoreInput as { properties: { counts: { properties: Record<string, { description?: string }> } } } | undefined;
    const counts = input?.properties.counts.properties ?? {};
    assert.ok(Object.keys(counts).length >= 30, `${Object.keys(counts).length} count keys documented`);
    for (const [key, schema] of Object.entries(counts)) assert.match(schema.description ?? '', /\((level|steadiness|compliance|onSchedule|issueAreas|agencies|coverage|bounded|channelled)[,)]/, key);
  });

  test('every real response validates against its documented schema', async () => {
    for (const [path, url, status] of REQUESTS) {
      const res = await app.request(url);
      assert.equal(res.status, status, url);
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/, url);
      const body: unknown = await res.json();
      const validate = ajv.compile(responseSchema(path, status));
      assert.ok(validate(body), `${url}: ${ajv.errorsText(validate.errors)}`);
      // The schema is not vacuous: a field the contract does not name is refused.
      const tampered = Array.isArray(body) ? [...body, { unexpected: true }] : { ...(body as object), unexpected: true };
      if (!(Array.isArray(body) && body.length === 0)) assert.equal(validate(tampered), false, `${url}: an unknown field passed`);
    }
  });

  test('a brief answers the media types its route documents: HTML by default', async () => {
    const content = doc.paths['/api/briefs']?.get?.responses['200']?.content ?? {};
    assert.deepEqual(Object.keys(content).sort(), ['application/pdf', 'text/html']);
    const res = await app.request('/api/briefs?pair=USA-MEX&at=2019-06-01&since=2018-12-01');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(res.headers.get('content-security-policy') ?? '', /style-src 'sha256-[A-Za-z0-9+/=]+'/);
    assert.match(await res.text(), /<h1>State of the relationship: USA–MEX<\/h1>/);
  });

  test('a server error answers a generic message and a request id; the detail goes to the log only', async () => {
    const logged: string[] = [];
    const broken = servicesOver(store);
    const failing = {
      ...broken,
      registry: { ...broken.registry, lastLoad: () => Promise.reject(new Error('connection to /secret/path/db lost: internal detail')), readRegistry: () => Promise.reject(new Error('connection to /secret/path/db lost: internal detail')) },
    };
    const bad = createApp(failing, { log: (l) => logged.push(l) });
    const res = await bad.request('/api/health');
    assert.equal(res.status, 500);
    const body = await res.json() as { error: string; requestId: string };
    assert.equal(body.error, 'internal server error');
    assert.match(body.requestId, /^[0-9a-f-]{36}$/);
    assert.ok(!JSON.stringify(body).includes('secret'), 'no internal detail reaches the client');
    assert.equal(logged.length, 1);
    assert.ok(logged[0]!.includes(body.requestId) && logged[0]!.includes('internal detail'), logged[0]);
    const validate = ajv.compile(responseSchema('/api/health', 500));
    assert.ok(validate(body), ajv.errorsText(validate.errors));
  });

  test('the CLI prints the same shapes (validated against the same schemas)', async () => {
    await store.close();
    try {
      const cases: [string[], { safeParse(v: unknown): { success: boolean; error?: unknown } }][] = [
        [['health', '--at', '2019-06-01', '--json'], contracts.HealthReport],
        [['calendar', '--parties', 'usa,mex', '--from', '2000', '--to', '2040', '--json'], contracts.Calendar],
        [['mechanisms', '--json'], contracts.MechanismListItem.array()],
        [['compliance', '--json'], contracts.Compliance],
        [['alerts', '--since', '2024-12-31', '--at', '2025-12-31', '--json'], contracts.Alerts],
        [['scorecard', '--group', 'USA,MEX,CAN', '--from', '2016', '--to', '2019', '--json'], contracts.Scorecard],
        [['recommendations', '--at', '2026-12-01', '--json'], contracts.Recommendations],
        [['events', 'series', '--group', 'USA,MEX,CAN', '--by', 'month', '--json'], contracts.Series],
        [['events', 'top-dyads', '--year', '2018', '--json'], contracts.TopDyads],
        [['events', 'stats', '--json'], contracts.EventStats],
        [['events', 'import', '--json', SAMPLES.gdelt2], contracts.ImportReport.array()],
      ];
      for (const [args, schema] of cases) {
        const r = await cli(args, { db, cwd: dir });
        assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
        const parsed = schema.safeParse(JSON.parse(r.stdout));
        assert.ok(parsed.success, `${args.join(' ')}: ${JSON.stringify(parsed.error)}`);
      }
    } finally {
      store = await openStore({ path: db, env: {} });
    }
  });
});
