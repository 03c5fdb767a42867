/**
 * Responses computed once per state of the data. Every GET the application answers depends only on
 * the request (path, query, and for pages the language asked for), on the day (the default date of
 * `at`), on the registry's last load and on the event store's last import. So a successful response
 * is kept, keyed by the request, and served again while those stay the same, with an `ETag` that lets
 * a client revalidate for a `304 Not Modified`.
 *
 * A kept response is answered without touching the rest of the application (its headers, the
 * security headers included, were kept with it): register this before the middleware that sets them.
 *
 * The versions are cheap to read: the registry's last load comes through the cached registry (the
 * store is asked at most every `recheckMs`); the event store's last import is asked at most as often,
 * and a write through these services is seen at once. The cache is bounded in bytes (least recently
 * used entries go first), so no sequence of requests grows the server's memory past it.
 */
import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { LRUCache } from 'lru-cache';
import type { EventRepository } from '../app/ports.ts';

interface Entry {
  readonly version: string;
  readonly status: number;
  /** The response's headers (its ETag included), as a plain object: the server writes those fastest. */
  readonly headers: Readonly<Record<string, string>>;
  /** A Uint8Array: the Node adapter writes it in one piece (an ArrayBuffer would be streamed). */
  readonly body: Uint8Array;
  readonly etag: string;
}

export interface ResponseCacheOptions {
  /** The version of the data a response depends on (the registry's load, the events' import, the day). */
  readonly version: () => Promise<string>;
  /** Most bytes of bodies kept (default 64 MiB). */
  readonly maxBytes?: number;
}

/** Content types whose responses are kept (what the routes and pages produce). */
const KEPT = /^(application\/json|text\/html|text\/csv)/;

/** The request as a cache key: path, the query in a fixed order, and for pages the languages asked for. */
function keyOf(url: URL, acceptLanguage: string | undefined): string {
  const params = [...url.searchParams].sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  const query = new URLSearchParams(params).toString();
  const lang = url.pathname.startsWith('/api/') ? '' : `|${acceptLanguage ?? ''}`;
  return `${url.pathname}?${query}${lang}`;
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag === etag || tag === `W/${etag}`;
  });
}

function respond(entry: Entry, ifNoneMatch: string | undefined, head: boolean): Response {
  if (matches(ifNoneMatch, entry.etag)) {
    const headers: Record<string, string> = { ...entry.headers };
    delete headers['content-type'];
    delete headers['content-length'];
    return new Response(null, { status: 304, headers });
  }
  return new Response(head ? null : (entry.body as unknown as BodyInit), { status: entry.status, headers: entry.headers as Record<string, string> });
}

/** The middleware: serves kept responses, and keeps the successful ones it lets through. */
export function responseCache(options: ResponseCacheOptions): MiddlewareHandler {
  const cache = new LRUCache<string, Entry>({
    maxSize: options.maxBytes ?? 64 * 1024 * 1024,
    sizeCalculation: (e, key) => e.body.byteLength + key.length + 256,
  });
  return async (c, next) => {
    const method = c.req.method;
    if (method !== 'GET' && method !== 'HEAD') return next();
    const url = new URL(c.req.url);
    const key = keyOf(url, c.req.header('accept-language'));
    const version = await options.version();
    const ifNoneMatch = c.req.header('if-none-match');
    const hit = cache.get(key);
    if (hit !== undefined && hit.version === version) return respond(hit, ifNoneMatch, method === 'HEAD');
    await next();
    const res = c.res;
    if (res.status !== 200 || !KEPT.test(res.headers.get('content-type') ?? '') || res.headers.has('set-cookie')) return;
    const body = new Uint8Array(await res.arrayBuffer());
    const etag = `"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;
    const headers: Record<string, string> = {};
    res.headers.forEach((value, name) => { headers[name] = value; });
    headers.etag = etag;
    delete headers['content-length'];
    const entry: Entry = { version, status: res.status, headers, body, etag };
    cache.set(key, entry);
    c.res = respond(entry, ifNoneMatch, method === 'HEAD');
  };
}

/**
 * The event store's last import, asked at most every `recheckMs`, and the repository whose writes
 * make the next ask go to the store at once.
 */
export function trackedEvents(events: EventRepository, options: { recheckMs: number; now?: () => number }): { events: EventRepository; lastImport(): Promise<number> } {
  const now = options.now ?? (() => performance.now());
  let known: { value: number; checked: number } | null = null;
  let pending: Promise<number> | null = null;
  let writes = 0;
  const lastImport = (): Promise<number> => {
    if (known !== null && options.recheckMs > 0 && now() - known.checked < options.recheckMs) return Promise.resolve(known.value);
    pending ??= (async () => {
      const before = writes;
      const checked = now();
      const value = await events.lastImport();
      if (writes === before) known = { value, checked };
      return value;
    })().finally(() => { pending = null; });
    return pending;
  };
  const tracked: EventRepository = {
    ...(events.duckdbWorkspace ? { duckdbWorkspace: () => events.duckdbWorkspace!() } : {}),
    bulkLoad: async (bulk, meta) => {
      try {
        return await events.bulkLoad(bulk, meta);
      } finally {
        writes++;
        known = null;
        pending = null;
      }
    },
    eventSeries: (q) => events.eventSeries(q),
    topDyads: (q) => events.topDyads(q),
    eventStats: () => events.eventStats(),
    lastImport,
    listEvents: (f, limit) => events.listEvents(f, limit),
    eventConventions: (f) => events.eventConventions(f),
    loadMentions: async (batches, meta) => {
      try {
        return await events.loadMentions(batches, meta);
      } finally {
        writes++;
        known = null;
        pending = null;
      }
    },
    mentionSummaries: (list, min) => events.mentionSummaries(list, min),
    streamEvents: (n) => events.streamEvents(n),
    streamMentions: (n) => events.streamMentions(n),
  };
  return { events: tracked, lastImport };
}
