// Browser test of insight: the demo's articles are analysed by the jobs thread after start;
// the article page's "In this article" box links a person, whose page shows the mentions chart
// and their quotations; /quotes finds a quotation by speaker. axe-core finds no violation.
//
//   node tests/browser/insight.test.mjs --binary build/dossier --artifacts build/test-artifacts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import {
  artifacts, CHROMIUM_ARGS, dossier, startServer, stopServer, expectNoAxeViolations,
} from './harness.mjs';

const article = '/articles/geneva-ceasefire-talks-end-without-deal';
const dataDir = mkdtempSync(join(tmpdir(), 'dossier-browser-insight-'));
let server;
let browser;
let failed = false;
try {
  dossier(dataDir, 'init');
  dossier(dataDir, 'demo');
  server = await startServer(dataDir, { DOSSIER_JOBS_INTERVAL_MS: '100' });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });

  // The analysis runs in the background: the box appears once the job has been through.
  let box = 0;
  for (let i = 0; i < 50 && box === 0; i += 1) {
    await page.goto(server.base + article);
    box = await page.locator('.in-this-article').count();
    if (box === 0) await page.waitForTimeout(200);
  }
  assert.equal(box, 1, 'the "In this article" box appeared');
  await expectNoAxeViolations(page, 'the article with its insight box');
  const person = page.locator('.in-this-article a[href^="/people/"]', { hasText: 'Anaïs Favre' });
  await Promise.all([page.waitForURL(/\/people\//), person.click()]);
  assert.match(await page.locator('h1').textContent(), /Anaïs Favre/);
  assert.equal(await page.locator('.entity__chart svg[role="img"]').count(), 1, 'the mentions chart');
  assert.ok(await page.locator('.quote').count() > 0, 'her quotations');
  await expectNoAxeViolations(page, 'a person page');
  await page.screenshot({ path: join(artifacts, 'insight-person.png'), fullPage: true });
  await page.screenshot({ path: join(artifacts, 'insight-person-top.png') });

  await page.goto(server.base + '/quotes');
  await page.fill('#quotes-speaker', 'Favre');
  await Promise.all([page.waitForURL(/speaker=Favre/), page.click('.quotes-page button[type="submit"]')]);
  const found = await page.locator('.quote').count();
  assert.ok(found > 0, 'quotations by speaker');
  for (const speaker of await page.locator('.quote__source a[href^="/people/"]').allTextContents())
    assert.match(speaker, /Favre/);
  await expectNoAxeViolations(page, '/quotes');
  console.log('browser insight tests passed');
} catch (err) {
  failed = true;
  console.error(err);
} finally {
  if (browser) await browser.close();
  await stopServer(server);
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
