/**
 * The web app in Chromium, on one server and one browser (web-pages.ts): every page in each language,
 * then the interactions: the timeline's gap, the language switch, the explorer's CSV, error pages,
 * sorting, and the briefs over HTTP (the dashboard's links, the HTML brief's policy, the PDF).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { LOCALES } from '../../src/web/i18n.ts';
import { everyPageIn, webSession } from './web-pages.ts';

describe('the web app in Chromium', () => {
  const session = webSession();
  for (const locale of LOCALES) everyPageIn(session, locale);

  const server = { get url(): string { return session.server().url; } };
  const browser = { newPage: () => session.browser().newPage(), newContext: (o: Parameters<Browser['newContext']>[0]) => session.browser().newContext(o) };

  test('the timeline shows the North American Leaders\' Summit\'s 2016–2021 gap, as a mark and as text', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/timeline?pair=USA-MEX-CAN`);
    const titles = await page.locator('#lanes svg title').allTextContents();
    assert.ok(titles.includes("North American Leaders' Summit: no meeting from Jun 29, 2016 to Nov 18, 2021 (1,968 days)"), 'the gap is a mark with its title');
    const gaps = await page.locator('section[aria-labelledby="gaps"] li').allTextContents();
    assert.ok(gaps.some((g) => g.startsWith("North American Leaders' Summit: no meeting from Jun 29, 2016 to Nov 18, 2021 — 1,968 days (5.4 years)")), gaps.join('\n'));
    // In the chart's table too (what a screen reader reads in place of the chart).
    const nals = await page.locator('#lanes details table tbody tr', { hasText: "North American Leaders' Summit" }).textContent();
    assert.match(nals ?? '', /2016-06 → 2021-11/);
    // Keyboard: a meeting mark is a link; focusing it writes its title into the live region.
    const firstMeeting = page.locator('#lanes svg a').first();
    await firstMeeting.focus();
    const title = await firstMeeting.locator('title').first().textContent();
    assert.equal(await page.locator('#lanes [data-chart-detail]').textContent(), title);
    await page.close();
  });

  test('switching language keeps the view, and links carry the language on', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/timeline?pair=USA-MEX-CAN&from=2000&to=2020`);
    await page.click('nav.languages a[lang="es"]');
    const url = new URL(page.url());
    assert.deepEqual([url.pathname, url.searchParams.get('pair'), url.searchParams.get('from'), url.searchParams.get('to'), url.searchParams.get('lang')], ['/timeline', 'USA-MEX-CAN', '2000', '2020', 'es']);
    assert.match((await page.locator('h1').textContent()) ?? '', /la arquitectura en el tiempo/);
    await page.click('header nav a[href^="/agenda"]');
    assert.equal(new URL(page.url()).searchParams.get('lang'), 'es');
    assert.equal(await page.getAttribute('html', 'lang'), 'es');
    // Accept-Language alone chooses the language too; links then need not carry it.
    const fr = await browser.newContext({ locale: 'fr-CA', extraHTTPHeaders: { 'accept-language': 'fr-CA,fr;q=0.9,en;q=0.5' } });
    const p2 = await fr.newPage();
    await p2.goto(`${server.url}/calendar`);
    assert.equal(await p2.getAttribute('html', 'lang'), 'fr');
    await fr.close();
    await page.close();
  });

  test('the explorer draws USA–MEX from the real samples, and its CSV is exactly the charted data', async () => {
    const page = await browser.newPage();
    const path = '/events?dyad=USA-MEX&by=day';
    await page.goto(server.url + path);
    const rows = await page.locator('#quad-chart details table tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent?.trim() ?? '')));
    // The ICEWS sample's USA–MEX events of 1 June 2018, and one GDELT 1.0 event of July 2016.
    assert.deepEqual(rows.map((r) => r.slice(0, 6)), [['2016-07-28', '1', '0', '1', '0', '0'], ['2018-06-01', '6', '4', '1', '1', '0']]);
    const bars = await page.locator('#quad-chart svg [aria-label] a, #quad-chart svg a').count();
    assert.equal(bars, 4, 'one bar segment per non-zero quad class of each period');
    const href = await page.locator('a[href^="/events.csv"]').getAttribute('href');
    const csv = await (await fetch(server.url + href)).text();
    const lines = csv.trimEnd().split('\n').map((l) => l.split(','));
    assert.deepEqual(lines[0]!.slice(0, 6), ['period', 'events', 'quad1', 'quad2', 'quad3', 'quad4']);
    assert.deepEqual(lines.slice(1).map((l) => l.slice(0, 6)), rows.map((r) => r.slice(0, 6)));
    // A bar links to the events behind it, listed below the chart.
    await page.goto(`${server.url}${path}&period=2018-06-01`);
    assert.equal(await page.locator('#period table tbody tr').count(), 6);
    await page.close();
  });

  test('an unknown mechanism and a bad parameter are pages in the visitor\'s language', async () => {
    const page = await browser.newPage();
    const r = await page.goto(`${server.url}/mechanisms/no-such-thing?lang=fr`);
    assert.equal(r?.status(), 404);
    assert.equal(await page.getAttribute('html', 'lang'), 'fr');
    assert.match((await page.locator('[role=alert]').textContent()) ?? '', /Le registre n’a aucun mécanisme d’identifiant « no-such-thing »/);
    const bad = await page.goto(`${server.url}/?at=2019-13-01&lang=es`);
    assert.equal(bad?.status(), 400);
    assert.match((await page.locator('[role=alert]').textContent()) ?? '', /^Estos parámetros no se pueden usar: at: /);
    await page.close();
  });

  test('the dashboard table sorts with the keyboard and announces the order', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/?at=2023-06-01`);
    const header = page.locator('#mechanisms thead th').nth(2);
    await header.locator('button').focus();
    await page.keyboard.press('Enter');
    assert.equal(await header.getAttribute('aria-sort'), 'ascending');
    const dates = await page.locator('#mechanisms tbody tr td:nth-of-type(2)').evaluateAll((tds) => tds.map((td) => (td as HTMLElement).dataset.sort ?? '').filter((s) => s !== ''));
    assert.deepEqual(dates, [...dates].sort());
    await page.keyboard.press('Enter');
    assert.equal(await header.getAttribute('aria-sort'), 'descending');
    await page.close();
  });

  test('the dashboard links its brief; the HTML brief is styled under its own policy; the PDF is a PDF', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(`${server.url}/?pair=USA-MEX-CAN&lang=fr`);
    const html = page.locator('p.brief-links a', { hasText: 'HTML' });
    assert.equal(await html.getAttribute('href'), '/api/briefs?pair=USA-MEX-CAN&lang=fr&format=html');
    await html.click();
    await page.waitForLoadState('load');
    assert.match((await page.locator('h1').textContent()) ?? '', /État de la relation : USA–MEX–CAN/);
    // The inline style sheet applied (allowed by its hash), and no policy violation was reported.
    assert.equal(await page.locator('h2').first().evaluate((e) => getComputedStyle(e).borderBottomStyle), 'solid');
    assert.deepEqual(errors, []);
    await page.close();
    const pdf = await fetch(`${server.url}/api/briefs?pair=USA-MEX&format=pdf`);
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    assert.equal(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString(), '%PDF-');
    const bad = await fetch(`${server.url}/api/briefs?pair=USA-MEX&kind=transition&election=nope-1999`);
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { error: string }).error, /election: no election "nope-1999"/);
  });
});
