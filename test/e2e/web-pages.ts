/**
 * Shared by the e2e tests of the web app (web.test.ts). The web app in Debian's Chromium, against the
 * real server (`intermestic serve`) on the bundled registry with the real event samples imported:
 * every page in every language answers 200 in that language with no console error and no serious or
 * critical axe-core violation; it reads at 390 px without scrolling sideways. With
 * INTERMESTIC_SCREENSHOTS=1, screenshots of every page go to test-output/ (not committed), at 1280 px
 * in each language and at 390 px in English.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startServerProcess, TEST_OUTPUT, type ServerProcess } from '../support/browser.ts';
import { SAMPLES } from '../support/paths.ts';
import type { Locale } from '../../src/web/i18n.ts';
import { CATALOGUES } from '../../src/web/i18n.ts';

/** Screenshots of every page (for a person to look at), with INTERMESTIC_SCREENSHOTS=1. */
const SCREENSHOTS = process.env.INTERMESTIC_SCREENSHOTS === '1';
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export const PAGES = [
  ['dashboard', '/'],
  ['timeline', '/timeline'],
  ['mechanism', '/mechanisms/nals'],
  ['events', '/events?dyad=USA-MEX&by=day'],
  ['agenda', '/agenda'],
  ['calendar', '/calendar'],
  ['commitments', '/commitments'],
  ['compliance', '/compliance'],
  ['recommendations', '/recommendations'],
  ['scorecard', '/scorecard?pair=USA-MEX&from=2016&to=2026'],
  ['alerts', '/alerts?since=2024-12-01&at=2026-12-01'],
  ['sources', '/sources'],
] as const;

export const withLang = (path: string, lang: string): string => `${path}${path.includes('?') ? '&' : '?'}lang=${lang}`;

interface AxeResult { violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] }

/** axe-core's serious and critical violations of WCAG 2.1 A and AA on the page (run through the debugging protocol: the CSP forbids injected scripts). */
async function axe(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const r = await page.evaluate(() => (globalThis as unknown as { axe: { run(o: unknown): Promise<AxeResult> } }).axe.run({ resultTypes: ['violations'], runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })) as AxeResult;
  return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}) at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

export interface WebSession {
  server(): ServerProcess;
  browser(): Browser;
}

/**
 * Starts the server on the bundled registry with the real samples, and Chromium, before the tests of
 * the suite it is called in, and stops them after. One server and one browser serve every language
 * and every feature test: each start costs an import of the samples, a server's and a browser's start.
 */
export function webSession(): WebSession {
  let server: ServerProcess;
  let browser: Browser;
  before(async () => {
    [server, browser] = await Promise.all([startServerProcess({}, { samples: [SAMPLES.gdelt1, SAMPLES.gdelt2, SAMPLES.icews] }), launchBrowser()]);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });
  return { server: () => server, browser: () => browser };
}

/** Every page in one language: 200, in that language, no console error, no serious axe violation, 390 px without sideways scroll. */
export function everyPageIn(session: WebSession, locale: Locale): void {
  test(`every page in ${locale}: 200, in ${locale}, no console error, no serious axe violation, 390 px wide without sideways scroll`, async () => {
    // One tab for every page: a new tab per page costs a renderer's start, and a navigation
    // leaves nothing of the page before (the errors are counted per page).
    const context = await session.browser().newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    let errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(e.message));
    const found: string[] = [];
    for (const [name, path] of PAGES) {
      errors = [];
      await page.setViewportSize({ width: 1280, height: 800 });
      const response = await page.goto(session.server().url + withLang(path, locale));
      assert.equal(response?.status(), 200, `${name} ${locale}`);
      assert.equal(await page.getAttribute('html', 'lang'), locale);
      assert.equal((await page.locator('header nav a[href^="/timeline"]').first().textContent())?.trim(), CATALOGUES[locale]['nav.timeline']);
      assert.ok((await page.locator('h1').textContent())!.length > 3);
      if (SCREENSHOTS) await page.screenshot({ path: join(TEST_OUTPUT, `web-${name}-${locale}.png`), fullPage: true });
      found.push(...(await axe(page)).map((v) => `${name} ${locale}: ${v}`));
      await page.setViewportSize({ width: 390, height: 844 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 1, `${name} ${locale}: ${overflow} px of sideways scroll at 390 px`);
      if (SCREENSHOTS && locale === 'en') await page.screenshot({ path: join(TEST_OUTPUT, `web-${name}-390.png`), fullPage: true });
      // After the narrow view too: an island that fails on the resize counts.
      assert.deepEqual(errors, [], `${name} ${locale}: console errors`);
    }
    await context.close();
    assert.deepEqual(found, [], 'axe-core: serious or critical violations');
  });
}
