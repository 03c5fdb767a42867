/**
 * The HTTP API and the first page. Routes are declared with their zod schemas, which validate the
 * request (invalid parameters → 400 with a message) and generate the OpenAPI 3.1 document served at
 * /api/openapi.json — one source of truth for both.
 */
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { IsoDate, dayOf } from '../domain/dates.ts';
import type { Dataset} from '../domain/registry.ts';
import { Agency, IssueArea, Mechanism, Meeting, Party, Source } from '../domain/registry.ts';
import { healthReport, mechanismHealth } from '../domain/cadence.ts';
import { electoralCalendar } from '../domain/calendar.ts';
import type { LastLoad, Store } from '../store/store.ts';
import { ErrorBody, invalidParameters } from './errors.ts';
import { renderHealthPage } from '../web/health-page.ts';
import { SORTABLE_JS } from '../web/sortable.ts';
import { registerEventRoutes } from './event-routes.ts';

const today = (): string => dayOf(new Date());

/**
 * Keeps the registry in memory between requests; re-reads it only when the store's last load has
 * changed (one indexed row per request; the registry is hundreds of records, read on every page).
 */
function registryCache(store: Store): () => Promise<{ dataset: Dataset; load: LastLoad | null }> {
  let cached: { load: LastLoad | null; dataset: Dataset } | null = null;
  return async () => {
    const load = await store.lastLoad();
    if (cached === null || cached.load?.seq !== load?.seq) cached = { load, dataset: await store.readDataset() };
    return cached;
  };
}

const AtQuery = z.object({
  at: IsoDate.optional().openapi({ description: 'Date to judge cadence at (YYYY-MM-DD); default today', example: '2019-06-01' }),
});

const HealthEntry = z.object({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  lastMeeting: z.string().nullable(),
  nextExpected: z.string().nullable(),
  gaps: z.array(z.object({ from: z.string(), to: z.string(), days: z.number() }).passthrough()),
}).passthrough();

const HealthReportBody = z.object({
  at: z.string(),
  mechanisms: z.array(HealthEntry),
  summary: z.record(z.string(), z.unknown()),
}).openapi('HealthReport');

/** Builds the application (no listening socket: see serve.ts). */
export function createApp(store: Store): OpenAPIHono {
  const app = new OpenAPIHono({
    defaultHook: (result, c) => (result.success ? undefined : c.json(invalidParameters(result.error.issues), 400)),
  });
  const cache = registryCache(store);
  const registry = async (): Promise<Dataset> => (await cache()).dataset;

  app.onError((err, c) => {
    console.error(err);
    return c.json({ error: err.message }, 500);
  });
  app.notFound((c) => c.json({ error: `no such resource: ${c.req.path}` }, 404));

  app.openapi(createRoute({
    method: 'get', path: '/api/parties', summary: 'Parties of the relationship',
    responses: { 200: { description: 'Every party', content: { 'application/json': { schema: z.array(Party) } } } },
  }), async (c) => c.json((await registry()).parties, 200));

  app.openapi(createRoute({
    method: 'get', path: '/api/mechanisms', summary: 'Mechanisms of the institutional architecture',
    responses: { 200: { description: 'Every mechanism', content: { 'application/json': { schema: z.array(Mechanism) } } } },
  }), async (c) => c.json((await registry()).mechanisms, 200));

  app.openapi(createRoute({
    method: 'get', path: '/api/mechanisms/{id}', summary: 'One mechanism with its meetings, lead agencies and cadence health',
    request: {
      params: z.object({ id: z.string().regex(/^[a-z0-9-]+$/).openapi({ param: { name: 'id', in: 'path' }, example: 'nals' }) }),
      query: AtQuery,
    },
    responses: {
      200: {
        description: 'The mechanism',
        content: { 'application/json': { schema: z.object({ mechanism: Mechanism, meetings: z.array(Meeting), agencies: z.array(Agency), health: HealthEntry }) } },
      },
      400: { description: 'Invalid parameters', content: { 'application/json': { schema: ErrorBody } } },
      404: { description: 'No such mechanism', content: { 'application/json': { schema: ErrorBody } } },
    },
  }), async (c) => {
    const { id } = c.req.valid('param');
    const { at } = c.req.valid('query');
    const ds = await registry();
    const mechanism = ds.mechanisms.find((m) => m.id === id);
    if (!mechanism) return c.json({ error: `no mechanism with id "${id}"` }, 404);
    const meetings = ds.meetings.filter((m) => m.mechanism === id);
    const agencyIds = new Set(Object.values(mechanism.leadAgencies).flat());
    return c.json({
      mechanism,
      meetings,
      agencies: ds.agencies.filter((a) => agencyIds.has(a.id)),
      health: mechanismHealth(mechanism, ds.meetings, at ?? today()),
    }, 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/api/health', summary: 'Cadence health of every mechanism and the relationship summary at a date',
    request: { query: AtQuery },
    responses: {
      200: { description: 'Health report', content: { 'application/json': { schema: HealthReportBody } } },
      400: { description: 'Invalid parameters', content: { 'application/json': { schema: ErrorBody } } },
    },
  }), async (c) => {
    const { at } = c.req.valid('query');
    return c.json(healthReport(await registry(), at ?? today()), 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/api/issues', summary: 'The intermestic agenda: issue areas with each party\'s domestic drivers',
    responses: { 200: { description: 'Issue areas', content: { 'application/json': { schema: z.array(IssueArea) } } } },
  }), async (c) => c.json((await registry()).issueAreas, 200));

  app.openapi(createRoute({
    method: 'get', path: '/api/sources', summary: 'Every source the dataset cites',
    responses: { 200: { description: 'Sources', content: { 'application/json': { schema: z.array(Source) } } } },
  }), async (c) => c.json((await registry()).sources, 200));

  app.openapi(createRoute({
    method: 'get', path: '/api/calendar', summary: 'Electoral calendar: coinciding election years and transition windows',
    request: {
      query: z.object({
        parties: z.string().regex(/^[A-Z]{3}(,[A-Z]{3})*$/, 'expected comma-separated ISO alpha-3 codes such as USA,MEX').openapi({ example: 'USA,MEX' }),
        from: z.coerce.number().int().min(1800).max(2200).optional().openapi({ example: 2000 }),
        to: z.coerce.number().int().min(1800).max(2200).optional().openapi({ example: 2040 }),
      }),
    },
    responses: {
      200: { description: 'Calendar', content: { 'application/json': { schema: z.object({ coincidences: z.array(z.number()) }).passthrough() } } },
      400: { description: 'Invalid parameters', content: { 'application/json': { schema: ErrorBody } } },
    },
  }), async (c) => {
    const q = c.req.valid('query');
    const from = q.from ?? new Date().getUTCFullYear() - 12;
    const to = q.to ?? from + 24;
    if (to < from) return c.json({ error: `invalid parameters: to (${to}) is before from (${from})` }, 400);
    const ds = await registry();
    const parties = q.parties.split(',');
    const unknown = parties.filter((p) => !ds.parties.some((x) => x.id === p));
    if (unknown.length > 0) return c.json({ error: `invalid parameters: parties: unknown ${unknown.join(', ')} (known: ${ds.parties.map((p) => p.id).join(', ')})` }, 400);
    return c.json(electoralCalendar(ds, parties, from, to), 200);
  });

  registerEventRoutes(app, store);

  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Intermestic API',
      version: '0.1.0',
      description: 'Registry of mechanisms, meetings, commitments and sources of a relationship between countries; cadence health; electoral calendar; political event series.',
    },
  });

  app.get('/static/sortable.js', (c) => c.body(SORTABLE_JS, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'max-age=3600' }));
  app.get('/', async (c) => {
    const at = c.req.query('at');
    const parsed = at === undefined ? { success: true as const, data: today() } : IsoDate.safeParse(at);
    if (!parsed.success) return c.json({ error: `invalid parameters: at: expected YYYY-MM-DD, got "${at}"` }, 400);
    const { dataset, load } = await cache();
    return c.html(renderHealthPage(healthReport(dataset, parsed.data), load));
  });

  return app;
}
