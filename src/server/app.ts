/**
 * The web application: the HTTP API (api.ts) and the pages, over the services. Errors answer in one
 * shape: a use case's refusal as 400/404 with its message, anything else as a 500 with a generic
 * message and a request id, the detail going to the server's log only.
 */
import { randomUUID } from 'node:crypto';
import { OpenAPIHono } from '@hono/zod-openapi';
import { InvalidInput, NotFound } from '../app/errors.ts';
import { cachedRegistry } from '../app/registry.ts';
import type { Services } from '../app/services.ts';
import { registerApi } from './api.ts';
import { registerAssets } from './assets.ts';
import { type PageNotFound, registerPages } from './pages.ts';
import { registerBriefs } from './briefs.ts';
import { PdfPrinter } from '../print/chromium.ts';
import { invalidParameters } from './errors.ts';
import { responseCache, trackedEvents } from './cache.ts';
import { hostGuard, securityHeaders, type HostPolicy } from './security.ts';
import { methodNotAllowed } from 'hono/method-not-allowed';

export interface AppOptions {
  /** Where server errors are logged (default: the console). */
  readonly log?: (line: string) => void;
  /** Which Host headers the server answers for (security.ts); IP literals and localhost always. */
  readonly hosts?: HostPolicy;
  /**
   * How often, at most, the store is asked whether the registry or the events changed (ms). A change
   * made through this application is seen at once; one by another process within this time. Default 1000.
   */
  readonly recheckMs?: number;
  /**
   * Prints PDF briefs (Chromium, started on the first PDF and kept). The caller owns it and closes it
   * (serve.ts does on close); without one, an application of its own is made, for tests that print none.
   */
  readonly printer?: PdfPrinter;
}

/** Builds the application (no listening socket: see serve.ts). */
export function createApp(services: Services, options: AppOptions = {}): OpenAPIHono {
  const log = options.log ?? ((line: string) => console.error(line));
  const recheckMs = options.recheckMs ?? 1000;
  const registry = cachedRegistry(services.registry, { recheckMs });
  const events = trackedEvents(services.events, { recheckMs });
  const s: Services = { ...services, registry, events: events.events };
  const app = new OpenAPIHono({
    defaultHook: (result, c) => (result.success ? undefined : c.json(invalidParameters(result.error), 400)),
  });

  // Order: the Host check before anything; kept responses are answered next (with the headers they
  // were kept with); what is computed gets the security headers, 405s, and then its route.
  app.use(hostGuard(options.hosts ?? {}));
  app.use(responseCache({
    version: async () => `${(await registry.lastLoad())?.seq ?? 0}:${await events.lastImport()}:${s.clock.today()}`,
  }));
  app.use(securityHeaders());
  app.use(methodNotAllowed({
    app,
    onMethodNotAllowed: (c, methods) => c.json({ error: `method ${c.req.method} not allowed on ${c.req.path} (allowed: ${methods.join(', ')})` }, 405, { Allow: methods.join(', ') }),
  }));

  app.onError((err, c) => {
    if (err instanceof InvalidInput) return c.json({ error: `invalid parameters: ${err.message}` }, 400);
    if (err instanceof NotFound) return c.json({ error: err.message }, 404);
    const requestId = randomUUID();
    log(`${new Date().toISOString()} request ${requestId} ${c.req.method} ${c.req.path}: ${err.stack ?? String(err)}`);
    if (!c.req.path.startsWith('/api/')) {
      return c.html(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Server error — Intermestic</title></head><body><main><h1>Server error</h1><p>Something went wrong on the server. Request id: ${requestId}</p></main></body></html>`, 500);
    }
    return c.json({ error: 'internal server error', requestId }, 500);
  });
  let pageNotFound: PageNotFound = async () => null;
  app.notFound(async (c) => (await pageNotFound(c)) ?? c.json({ error: `no such resource: ${c.req.path}` }, 404));

  registerApi(app, s);

  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Intermestic API',
      version: '0.2.0',
      description: 'Registry of mechanisms, meetings, commitments and sources of a relationship between countries; cadence health; electoral calendar; political event series.',
    },
  });

  registerBriefs(app, s, () => registry.current(), options.printer ?? new PdfPrinter());
  pageNotFound = registerPages(app, s, () => registry.current(), registerAssets(app));

  return app;
}
