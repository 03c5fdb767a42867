/**
 * GET /api/briefs: the brief as HTML or PDF (the same parameters as `intermestic brief`). The HTML
 * brief is one self-contained document with its style sheet inside, so it is served with a policy of
 * its own that allows that one style sheet by its hash, and nothing else (no script at all).
 */
import { createHash } from 'node:crypto';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import * as contracts from '../app/contracts.ts';
import { NotFound } from '../app/errors.ts';
import { BriefParams } from '../app/params.ts';
import type { Services } from '../app/services.ts';
import type { Registry } from '../domain/registry/schema.ts';
import { briefFile } from '../print/brief.ts';
import type { PdfPrinter } from '../print/chromium.ts';
import { BRIEF_CSS } from '../web/brief-style.ts';
import { invalidParameters } from './errors.ts';

/** The policy of an HTML brief: its inline style sheet by hash, inline SVG, links; no script, no fetch. */
export const BRIEF_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(BRIEF_CSS).digest('base64')}'`,
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const str = (description: string, example?: string) => z.string().optional().openapi({ description, ...(example ? { example } : {}) });

export function registerBriefs(app: OpenAPIHono, s: Services, current: () => Promise<{ registry: Registry }>, printer: PdfPrinter): void {
  app.openapi(createRoute({
    method: 'get', path: '/api/briefs', summary: 'A brief: the state of the relationship, or a transition brief, as HTML or PDF',
    description: 'Every figure carries a footnote naming the records it comes from and their sources; the footer gives the data snapshot id (a hash of the registry and the event import log) and the generation date. The same data gives byte-identical HTML.',
    request: {
      query: z.object({
        pair: str('Two or more party codes joined by hyphens (default: the registry\'s first two parties)', 'USA-MEX'),
        group: str('Party codes separated by commas, instead of pair', 'USA,MEX,CAN'),
        at: str('The date the brief speaks of (YYYY-MM-DD); default today', '2026-12-01'),
        since: str('Meetings held since this date are listed (default a year before at)', '2025-12-01'),
        kind: z.enum(['state', 'transition']).optional().openapi({ description: 'state (default) or transition' }),
        election: str('For a transition brief: the election id (recorded, or projected such as usa-2028-projected)', 'usa-2028-projected'),
        lang: z.enum(['en', 'es', 'fr']).optional().openapi({ description: 'Language (default en)' }),
        format: z.enum(['html', 'pdf']).optional().openapi({ description: 'html (default) or pdf' }),
        paper: z.enum(['a4', 'letter']).optional().openapi({ description: 'Paper size of a PDF (default a4)' }),
      }),
    },
    responses: {
      200: {
        description: 'The brief',
        content: {
          'text/html': { schema: z.string().openapi({ description: 'A self-contained HTML document' }) },
          'application/pdf': { schema: z.string().openapi({ format: 'binary', description: 'A PDF printed by Chromium' }) },
        },
      },
      400: { description: 'Invalid parameters (the message names them)', content: { 'application/json': { schema: contracts.ErrorBody } } },
      404: { description: 'No such election', content: { 'application/json': { schema: contracts.ErrorBody } } },
      500: { description: 'Server error (a generic message and a request id)', content: { 'application/json': { schema: contracts.ErrorBody } } },
    },
  }), async (c) => {
    const r = BriefParams.safeParse(c.req.query());
    if (!r.success) return c.json(invalidParameters(r.error), 400);
    try {
      const file = await briefFile(s, (await current()).registry, r.data, printer);
      const headers: Record<string, string> = {
        'content-type': file.contentType,
        'content-disposition': `${r.data.format === 'pdf' ? 'attachment' : 'inline'}; filename="${file.fileName}"`,
      };
      if (r.data.format === 'html') headers['content-security-policy'] = BRIEF_CSP;
      return c.body(file.body as unknown as ArrayBuffer, 200, headers);
    } catch (e) {
      if (e instanceof NotFound) return c.json({ error: e.message }, 404);
      throw e;
    }
  });
}
