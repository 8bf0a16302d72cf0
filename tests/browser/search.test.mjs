// Browser test of search: a reader types in the header's search box, moves to a suggestion
// with the keyboard and lands on that article; on the results page a facet narrows the
// search; axe-core finds no violation on the results page or with the suggestions open.
//
//   node tests/browser/search.test.mjs --binary build/dossier --artifacts build/test-artifacts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import {
  artifacts, CHROMIUM_ARGS, dossier, startServer, stopServer, expectNoAxeViolations,
} from './harness.mjs';

const dataDir = mkdtempSync(join(tmpdir(), 'dossier-browser-search-'));
let server;
let browser;
let failed = false;
try {
  dossier(dataDir, 'init');
  dossier(dataDir, 'demo');
  server = await startServer(dataDir);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });

  // Search as you type, with the keyboard alone: type, Down to the first title, Enter.
  await page.goto(server.base + '/');
  const box = page.locator('#site-search-q');
  await box.focus();
  await page.keyboard.type('shadow fle', { delay: 30 });
  const firstOption = page.locator('#site-search-list [role="option"]').first();
  await firstOption.waitFor({ state: 'visible', timeout: 5000 });
  assert.equal(await box.getAttribute('aria-expanded'), 'true');
  const title = (await firstOption.textContent()).trim();
  assert.match(title, /shadow-fleet/i, 'the suggestion is the article about the shadow fleet');
  await expectNoAxeViolations(page, 'home with search suggestions open');
  await page.keyboard.press('ArrowDown');
  assert.equal(await box.getAttribute('aria-activedescendant'), await firstOption.getAttribute('id'));
  await Promise.all([page.waitForURL(/\/articles\//), page.keyboard.press('Enter')]);
  assert.equal((await page.locator('h1').first().textContent()).trim(), title);

  // The results page: count, highlighted words, facets; then narrow by a facet.
  await page.goto(server.base + '/');
  await box.fill('sanctions');
  await Promise.all([page.waitForURL(/\/search\?q=sanctions/), box.press('Enter')]);
  const countOf = async () => Number((await page.locator('.search-summary strong').textContent()).replace(/\D/g, ''));
  const total = await countOf();
  assert.ok(total >= 2, `several results for "sanctions" (got ${total})`);
  assert.ok(await page.locator('.search-hit mark').count() > 0, 'matched words are highlighted');
  await expectNoAxeViolations(page, '/search');
  await page.screenshot({ path: join(artifacts, 'search.png'), fullPage: true });
  const facet = page.locator('.search-facets a').first();
  const facetCount = Number((await page.locator('.search-facets li .count').first().textContent()).trim());
  await Promise.all([page.waitForURL(/%3A/), facet.click()]);
  const narrowed = await countOf();
  assert.equal(narrowed, facetCount, 'the facet count is the narrowed result count');
  assert.ok(narrowed <= total);
  assert.equal(await page.locator('.search-facets a[aria-current]').count() > 0, true,
    'the chosen facet is marked');

  // A misspelling is answered with a suggestion that works.
  await page.goto(server.base + '/search?q=sanctoins');
  const suggestion = page.locator('.search-suggestion a');
  await Promise.all([page.waitForURL(/q=sanction/), suggestion.click()]);
  assert.ok(await countOf() >= 2);
  console.log('browser search tests passed');
} catch (err) {
  failed = true;
  console.error(err);
} finally {
  if (browser) await browser.close();
  await stopServer(server);
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
