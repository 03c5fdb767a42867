/** Listens on a port and serves the application with Node's HTTP server. */
import { serve } from '@hono/node-server';
import type { Services } from '../app/services.ts';
import { PdfPrinter } from '../print/chromium.ts';
import { createApp } from './app.ts';

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Starts serving; resolves once the socket listens (port 0 picks a free port). */
export function startServer(services: Services, options: { port: number; host: string; allowedHosts?: readonly string[] }): Promise<RunningServer> {
  const printer = new PdfPrinter();
  const app = createApp(services, { hosts: { boundHost: options.host, allowedHosts: options.allowedHosts ?? [] }, printer });
  return new Promise((resolvePromise, reject) => {
    const server = serve({ fetch: app.fetch, port: options.port, hostname: options.host }, (info) => {
      const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${info.port}`;
      resolvePromise({
        url,
        port: info.port,
        close: () => new Promise<void>((done) => server.close(() => done())).then(() => printer.close()),
      });
    });
    server.once('error', (e: NodeJS.ErrnoException) => {
      reject(e.code === 'EADDRINUSE' ? new Error(`port ${options.port} on ${options.host} is already in use: stop what listens there or choose another with --port or PORT`) : e);
    });
  });
}
