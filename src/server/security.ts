/**
 * What every response carries and every request must show before it is answered:
 *
 * - security headers: a Content-Security-Policy that allows scripts, styles and
 *   images from this server only (no inline script or style, no framing, no form posting elsewhere),
 *   `X-Content-Type-Options: nosniff`, `X-Frame-Options: DENY`, `Referrer-Policy: no-referrer`, and
 *   cross-origin isolation of resources;
 * - a known Host: a page on another site can point a name it controls at 127.0.0.1 (DNS rebinding)
 *   and read the API from the visitor's browser; such a request names that site in its Host header.
 *   So a Host must be an IP address literal (which no rebinding can forge), `localhost`, the address
 *   the server is bound to, or a name configured with `--allowed-host`; anything else gets a 421.
 */
import type { MiddlewareHandler } from 'hono';
import { isIP } from 'node:net';

/** The Content-Security-Policy: scripts, styles, images, fonts and fetches from this server only. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "font-src 'self'",
  "connect-src 'self'", "form-action 'self'", "base-uri 'none'", "frame-ancestors 'none'",
].join('; ');

/**
 * The security headers of every answer, as one record: set on what the routes compute, and given as
 * they are to the answers made before the routes (kept responses, refused Hosts). A record of our own
 * rather than hono's secureHeaders, because those answers need the very same headers as a value.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'x-dns-prefetch-control': 'off',
  'x-permitted-cross-domain-policies': 'none',
};

/** Sets the security headers on every answer the routes (and the error handlers) make. */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    // A route may set a stricter policy of its own (the HTML brief allows its one style sheet by hash).
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
      if (name === 'content-security-policy' && c.res.headers.has(name)) continue;
      c.res.headers.set(name, value);
    }
  };
}

/** The host name of a Host header (`[::1]:8080` → `::1`, `Example.org.:80` → `example.org`), or null when malformed. */
export function hostName(header: string): string | null {
  const h = header.trim().toLowerCase();
  const m = /^\[([0-9a-f:.]+)\](?::(\d{1,5}))?$/.exec(h) ?? /^([a-z0-9.-]+)(?::(\d{1,5}))?$/.exec(h);
  if (m === null) return null;
  const name = m[1]!.replace(/\.$/, '');
  return name === '' ? null : name;
}

export interface HostPolicy {
  /** The address the server listens on (a name or an IP; `0.0.0.0` and `::` bind every address). */
  readonly boundHost?: string;
  /** Names the server may be reached by besides IP literals and localhost (e.g. behind a proxy). */
  readonly allowedHosts?: readonly string[];
}

/** Whether a Host header is one this server answers for. */
export function hostAllowed(header: string | undefined, policy: HostPolicy): boolean {
  if (header === undefined) return false;
  const name = hostName(header);
  if (name === null) return false;
  if (isIP(name) !== 0 || name === 'localhost' || name.endsWith('.localhost')) return true;
  const allowed = new Set((policy.allowedHosts ?? []).map((n) => hostName(n) ?? n.toLowerCase()));
  const bound = policy.boundHost === undefined ? null : hostName(policy.boundHost);
  if (bound !== null && isIP(bound) === 0) allowed.add(bound);
  return allowed.has(name);
}

/** Refuses requests whose Host this server does not answer for: 400 without one, 421 for another site's. */
export function hostGuard(policy: HostPolicy): MiddlewareHandler {
  return async (c, next) => {
    // Without a Host header (Node's server refuses HTTP/1.1 requests without one), the URL's host.
    const host = c.req.header('host') ?? new URL(c.req.url).host;
    if (hostAllowed(host, policy)) return next();
    if (host === undefined || hostName(host) === null) return c.json({ error: 'bad request: a valid Host header is required' }, 400, SECURITY_HEADERS);
    return c.json({
      error: `misdirected request: this server does not answer for the host "${hostName(host)}" (start it with --allowed-host ${hostName(host)} to allow that name)`,
    }, 421, SECURITY_HEADERS);
  };
}
