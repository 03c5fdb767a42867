/**
 * A brief as a file: the use case gathers it, the web layer writes its HTML, and for a PDF Chromium
 * prints that HTML (the same document, so the PDF shows exactly what the HTML does).
 */
import { createHash } from 'node:crypto';
import { briefOf } from '../app/briefs.ts';
import type { BriefParams } from '../app/params.ts';
import type { Clock, EventRepository } from '../app/ports.ts';
import type { Registry } from '../domain/registry/schema.ts';
import { renderBrief } from '../web/brief.tsx';
import { translator } from '../web/i18n.ts';
import type { PdfPrinter } from './chromium.ts';

export interface BriefFile {
  readonly body: Uint8Array;
  readonly contentType: string;
  /** A file name for a download: intermestic-brief-usa-mex-2026-12-01.pdf */
  readonly fileName: string;
  readonly snapshot: string;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export async function briefFile(s: { events: EventRepository; clock: Clock }, registry: Registry, p: BriefParams, printer: PdfPrinter): Promise<BriefFile> {
  const pair = p.group !== undefined ? p.group.join('-') : p.pair;
  const data = await briefOf({ ...s, sha256 }, registry, { pair, at: p.at, since: p.since, kind: p.kind, election: p.election });
  const html = renderBrief(data, p.lang);
  const base = `intermestic-${data.kind === 'transition' ? `transition-${p.election}` : 'brief'}-${data.selection.key.toLowerCase()}-${data.at}`;
  if (p.format === 'html') return { body: new TextEncoder().encode(html), contentType: 'text/html; charset=utf-8', fileName: `${base}.html`, snapshot: data.snapshot };
  const t = translator(p.lang);
  const footer = t.t('brief.footer', { snapshot: data.snapshot, date: t.date(data.generated) });
  return { body: await printer.pdf(html, { paper: p.paper, footer, lang: p.lang }), contentType: 'application/pdf', fileName: `${base}.pdf`, snapshot: data.snapshot };
}
