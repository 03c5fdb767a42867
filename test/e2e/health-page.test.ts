import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser, startServerProcess, TEST_OUTPUT, type ServerProcess } from '../support/browser.ts';

describe('health page in Chromium (real server, bundled dataset)', () => {
  let server: ServerProcess;
  let browser: Browser;

  before(async () => {
    server = await startServerProcess();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('shows every mechanism with its status, and the NALS lapse in mid-2019', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(e.message));

    const response = await page.goto(`${server.url}/?at=2019-06-01`);
    assert.equal(response?.status(), 200);
    const rows = page.locator('#health tbody tr');
    const api = await (await fetch(`${server.url}/api/mechanisms`)).json() as unknown[];
    assert.equal(await rows.count(), api.length);
    assert.ok(api.length >= 10, `expected the bundled mechanisms, got ${api.length}`);

    const nals = page.locator('#health tbody tr[data-id="nals"]');
    assert.equal((await nals.locator('.status').textContent())?.trim(), 'lapsed');
    assert.equal((await nals.locator('td').nth(1).textContent())?.trim(), '2016-06-29');
    await page.screenshot({ path: join(TEST_OUTPUT, 'health-2019-06-01.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('sorts by a column with the keyboard and announces the order', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/?at=2023-06-01`);
    const header = page.locator('#health thead th').nth(2);
    await header.locator('button').focus();
    await page.keyboard.press('Enter');
    assert.equal(await header.getAttribute('aria-sort'), 'ascending');
    const dates = (await page.locator('#health tbody tr td:nth-of-type(2)').allTextContents()).map((s) => s.trim()).filter((s) => s !== '—');
    assert.deepEqual(dates, [...dates].sort());
    await page.keyboard.press('Enter');
    assert.equal(await header.getAttribute('aria-sort'), 'descending');
    const desc = (await page.locator('#health tbody tr td:nth-of-type(2)').allTextContents()).map((s) => s.trim()).filter((s) => s !== '—');
    assert.deepEqual(desc, [...desc].sort().reverse());
    await page.close();
  });

  test('the date form changes the judgement date', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/?at=2019-06-01`);
    await page.fill('#at', '2022-06-01');
    await Promise.all([page.waitForURL(/at=2022-06-01/), page.click('form button[type=submit]')]);
    assert.equal((await page.locator('#health tbody tr[data-id="nals"] .status').textContent())?.trim(), 'on schedule');
    await page.screenshot({ path: join(TEST_OUTPUT, 'health-2022-06-01.png'), fullPage: true });
    await page.close();
  });

  test('rejects a malformed date with 400', async () => {
    const res = await fetch(`${server.url}/?at=2019-13-01`);
    assert.equal(res.status, 400);
    assert.match(((await res.json()) as { error: string }).error, /at: expected YYYY-MM-DD/);
  });
});
