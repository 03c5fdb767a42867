/**
 * A GDELT-shaped mirror on a local port (node:http on port 0): serves the files it is given under
 * `/gdeltv2/` (or any folder), answering `Range: bytes=N-` with the rest (206), with hooks that
 * misbehave on purpose — reset a connection, answer 503, hold a response open — and counts the
 * requests of each path. `events fetch` tests and the fetch
 * bench use it.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault =
  /** Destroy the socket before answering (a reset connection). */
  | 'reset'
  /** Answer 503. */
  | 'unavailable'
  /** Send the headers and half the body, then never finish (until the server closes). */
  | 'hang';

export interface Mirror {
  /** `http://127.0.0.1:port/` */
  readonly url: string;
  /** Requests received per path (`/gdeltv2/masterfilelist.txt`…). */
  readonly requests: Map<string, number>;
  /** Range headers received, as `path range`. */
  readonly ranges: string[];
  /** Faults to apply to the next requests of a path, in order (each used once). */
  fault(path: string, ...faults: Fault[]): void;
  /** Called when a request arrives (before any fault), e.g. to kill a client at that moment. */
  onRequest(fn: ((path: string) => void) | null): void;
  close(): Promise<void>;
}

export const md5 = (b: Buffer): string => createHash('md5').update(b).digest('hex');

/** Serves `files` (path → bytes; a path absent is 404) until closed. */
export async function serveMirror(files: ReadonlyMap<string, Buffer>): Promise<Mirror> {
  const requests = new Map<string, number>();
  const ranges: string[] = [];
  const faults = new Map<string, Fault[]>();
  const hanging = new Set<ServerResponse>();
  let hook: ((path: string) => void) | null = null;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.set(path, (requests.get(path) ?? 0) + 1);
    hook?.(path);
    const fault = faults.get(path)?.shift();
    if (fault === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault === 'unavailable') {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('try later');
      return;
    }
    const body = files.get(path);
    if (body === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    // `Range: bytes=N-`, as GDELT's and most servers answer it: 206 with the rest.
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (req.headers.range !== undefined) ranges.push(`${path} ${req.headers.range}`);
    if (range && Number(range[1]) < body.length && fault !== 'hang') {
      const from = Number(range[1]);
      res.writeHead(206, { 'content-type': 'application/octet-stream', 'content-length': body.length - from, 'content-range': `bytes ${from}-${body.length - 1}/${body.length}` });
      res.end(body.subarray(from));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
    if (fault === 'hang') {
      hanging.add(res);
      res.write(body.subarray(0, Math.floor(body.length / 2)));
      return;
    }
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    ranges,
    fault: (path, ...f) => faults.set(path, [...(faults.get(path) ?? []), ...f]),
    onRequest: (fn) => { hook = fn; },
    close: () => new Promise<void>((resolve) => {
      for (const r of hanging) r.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** A masterfilelist.txt line, as GDELT writes them: `size md5 url`. */
export function listLine(url: string, body: Buffer, override: { md5?: string; size?: number } = {}): string {
  return `${override.size ?? body.length} ${override.md5 ?? md5(body)} ${url}`;
}
