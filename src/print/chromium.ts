/**
 * Printing HTML to PDF with Debian's Chromium through playwright-core (never a downloaded browser).
 * The browser is started on the first print and kept for the next ones (a server printing several
 * briefs starts it once); `close()` ends it. Each print gets its own context with scripts off and
 * no network: a brief is one self-contained document.
 */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

export type Paper = 'a4' | 'letter';

export interface PrintOptions {
  readonly paper: Paper;
  /** Text at the foot of every page, beside the page number (plain text; escaped here). */
  readonly footer: string;
  /** The document's language, for the page numbers' label. */
  readonly lang: string;
}

const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export class PdfPrinter {
  private browser: Promise<Browser> | null = null;

  private start(): Promise<Browser> {
    if (this.browser === null) {
      if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium is needed to print a PDF and was not found at ${CHROMIUM_PATH}: install Debian's package (apt-get install chromium) or set CHROMIUM_PATH`);
      this.browser = import('playwright-core').then(({ chromium }) => chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS }));
      this.browser.catch(() => { this.browser = null; });
    }
    return this.browser;
  }

  async pdf(html: string, options: PrintOptions): Promise<Uint8Array> {
    const browser = await this.start();
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    try {
      const page = await context.newPage();
      await page.setContent(html, { waitUntil: 'load' });
      const foot = `<div style="font-family: 'DejaVu Sans', sans-serif; font-size: 7pt; color: #4b5563; width: 100%; padding: 0 16mm; display: flex; justify-content: space-between;">`
        + `<span>${escape(options.footer)}</span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`;
      const pdf = await page.pdf({
        format: options.paper === 'letter' ? 'Letter' : 'A4',
        printBackground: true,
        displayHeaderFooter: true,
        headerTemplate: '<div></div>',
        footerTemplate: foot,
        margin: { top: '16mm', bottom: '18mm', left: '16mm', right: '16mm' },
        outline: true,
        tagged: true,
      });
      return new Uint8Array(pdf);
    } finally {
      await context.close();
    }
  }

  async close(): Promise<void> {
    const b = this.browser;
    this.browser = null;
    if (b !== null) await (await b).close().catch(() => undefined);
  }
}
