/** HTTP routes of the event engine: series, top dyads, stats — validated by the same schemas as the CLI. */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { SeriesParams, TopDyadsParams, seriesResponse } from '../analysis/event-queries.ts';
import type { Store } from '../store/store.ts';
import { ErrorBody, invalidParameters } from './errors.ts';


/** Query-string shape for the OpenAPI document; the request itself is checked by SeriesParams. */
const SeriesQueryDoc = z.object({
  dyad: z.string().optional().openapi({ example: 'USA-MEX', description: 'Two ISO alpha-3 codes joined by a hyphen; events both ways unless directed=true' }),
  group: z.string().optional().openapi({ example: 'USA,MEX,CAN', description: 'Comma-separated countries: events between any two members' }),
  directed: z.enum(['true', 'false']).optional(),
  by: z.enum(['day', 'week', 'month', 'quarter', 'year']).optional().openapi({ description: 'Period (default month)' }),
  from: z.string().optional().openapi({ example: '2018-01-01' }),
  to: z.string().optional().openapi({ example: '2018-12-31' }),
  sectors: z.string().optional().openapi({ example: 'GOV,MIL', description: 'CAMEO role codes an actor must carry' }),
  sectorsOn: z.enum(['either', 'both']).optional(),
  roots: z.string().optional().openapi({ example: '04,05', description: 'CAMEO root codes' }),
  quad: z.string().optional().openapi({ example: '1,2', description: 'Quad classes' }),
  datasets: z.string().optional().openapi({ example: 'gdelt2,icews' }),
});

export function registerEventRoutes(app: OpenAPIHono, store: Store): void {
  app.openapi(createRoute({
    method: 'get', path: '/api/events/series', summary: 'Cooperation–conflict series of a dyad or group, per period, with shifts flagged',
    request: { query: SeriesQueryDoc },
    responses: {
      200: { description: 'Series', content: { 'application/json': { schema: z.object({ by: z.string(), points: z.array(z.object({ period: z.string(), events: z.number() }).passthrough()) }).passthrough() } } },
      400: { description: 'Invalid parameters', content: { 'application/json': { schema: ErrorBody } } },
    },
  }), async (c) => {
    const parsed = SeriesParams.safeParse(c.req.query());
    if (!parsed.success) return c.json(invalidParameters(parsed.error.issues), 400);
    return c.json(await seriesResponse(store, parsed.data), 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/api/events/top-dyads', summary: 'The most active country pairs of a year or period',
    request: {
      query: z.object({
        year: z.string().optional().openapi({ example: '2019' }),
        from: z.string().optional(),
        to: z.string().optional(),
        limit: z.string().optional().openapi({ example: '20' }),
        countries: z.string().optional().openapi({ example: 'USA,MEX,CAN' }),
      }),
    },
    responses: {
      200: { description: 'Dyads', content: { 'application/json': { schema: z.array(z.object({ source: z.string(), target: z.string(), events: z.number() }).passthrough()) } } },
      400: { description: 'Invalid parameters', content: { 'application/json': { schema: ErrorBody } } },
    },
  }), async (c) => {
    const parsed = TopDyadsParams.safeParse(c.req.query());
    if (!parsed.success) return c.json(invalidParameters(parsed.error.issues), 400);
    return c.json(await store.topDyads(parsed.data), 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/api/events/stats', summary: 'What the event store holds, per dataset, and every import',
    responses: { 200: { description: 'Stats', content: { 'application/json': { schema: z.object({ total: z.number() }).passthrough() } } } },
  }), async (c) => {
    // The store returns read-only arrays; Hono's JSON typing wants mutable ones.
    const stats = (await store.eventStats()) as unknown as { total: number };
    return c.json(stats, 200);
  });
}
