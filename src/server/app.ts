/**
 * The web application: the HTTP API (api.ts) and the pages, over the services. Errors answer in one
 * shape: a use case's refusal as 400/404 with its message, anything else as a 500 with a generic
 * message and a request id, the detail going to the server's log only.
 */
import { randomUUID } from 'node:crypto';
import { OpenAPIHono } from '@hono/zod-openapi';
import { InvalidInput, NotFound } from '../app/errors.ts';
import { healthReport } from '../app/health.ts';
import { cachedRegistry } from '../app/registry.ts';
import type { Services } from '../app/services.ts';
import { IsoDate } from '../domain/dates.ts';
import { renderHealthPage } from '../web/health-page.ts';
import { SORTABLE_JS } from '../web/sortable.ts';
import { registerApi } from './api.ts';
import { invalidParameters } from './errors.ts';

export interface AppOptions {
  /** Where server errors are logged (default: the console). */
  readonly log?: (line: string) => void;
}

/** Builds the application (no listening socket: see serve.ts). */
export function createApp(services: Services, options: AppOptions = {}): OpenAPIHono {
  const log = options.log ?? ((line: string) => console.error(line));
  const registry = cachedRegistry(services.registry);
  const s: Services = { ...services, registry };
  const app = new OpenAPIHono({
    defaultHook: (result, c) => (result.success ? undefined : c.json(invalidParameters(result.error), 400)),
  });

  app.onError((err, c) => {
    if (err instanceof InvalidInput) return c.json({ error: `invalid parameters: ${err.message}` }, 400);
    if (err instanceof NotFound) return c.json({ error: err.message }, 404);
    const requestId = randomUUID();
    log(`${new Date().toISOString()} request ${requestId} ${c.req.method} ${c.req.path}: ${err.stack ?? String(err)}`);
    return c.json({ error: 'internal server error', requestId }, 500);
  });
  app.notFound((c) => c.json({ error: `no such resource: ${c.req.path}` }, 404));

  registerApi(app, s);

  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Intermestic API',
      version: '0.2.0',
      description: 'Registry of mechanisms, meetings, commitments and sources of a relationship between countries; cadence health; electoral calendar; political event series.',
    },
  });

  app.get('/static/sortable.js', (c) => c.body(SORTABLE_JS, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'max-age=3600' }));
  app.get('/', async (c) => {
    const at = c.req.query('at');
    const parsed = at === undefined ? { success: true as const, data: s.clock.today() } : IsoDate.safeParse(at);
    if (!parsed.success) return c.json({ error: `invalid parameters: at: expected YYYY-MM-DD, got "${at}"` }, 400);
    const { registry: current, load } = await registry.current();
    return c.html(renderHealthPage(healthReport(current, parsed.data), load));
  });

  return app;
}
