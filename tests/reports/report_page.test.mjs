// Browser test of a report's parts: an editor fills the newsroom's report page (summary, a
// finding, three risks, the closing parts) and saves; a reader's article page shows the
// summary, the risk matrix (an SVG image with its title) with a numbered marker per risk, and
// the same risks as a table. axe-core finds no violation on the report page or the article.
//
//   node tests/reports/report_page.test.mjs --binary build/dossier --artifacts build/test-artifacts
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import {
  artifacts, CHROMIUM_ARGS, dossier, startServer, stopServer, expectNoAxeViolations,
} from '../browser/harness.mjs';

// playwright-core is installed beside the browser tests (tests/browser, npm ci).
const require = createRequire(new URL('../browser/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const dataDir = mkdtempSync(join(tmpdir(), 'dossier-browser-report-'));
let server;
let browser;
let failed = false;
try {
  dossier(dataDir, 'init');
  dossier(dataDir, 'demo');
  const login = readFileSync(join(dataDir, 'demo-login.txt'), 'utf8');
  const [, email, password] = login.match(/Sign in as (\S+) with the password (\S+)/);
  // No PDF is printed here: the page names the missing engine instead.
  server = await startServer(dataDir, { DOSSIER_CHROMIUM: '/nonexistent' });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });

  await page.goto(server.base + '/admin/login');
  await page.fill('#email', email);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL(/\/admin\/articles/), page.press('#password', 'Enter')]);

  // The first article in the list that is live at /articles/ (not a static page), and its
  // report page from the editor's link.
  await page.goto(server.base + '/admin/articles');
  const href = await page.evaluate(() => {
    const live = document.querySelector('th a.nr-live[href^="/articles/"]');
    return live.parentElement.querySelector('a').getAttribute('href');
  });
  const id = href.match(/\/admin\/articles\/(\d+)/)[1];
  await page.goto(`${server.base}/admin/articles/${id}`);
  await Promise.all([page.waitForURL(/\/report$/), page.click('text=Report parts')]);
  await expectNoAxeViolations(page, 'the report page');
  assert.match(await page.textContent('#pdf-error'), /PDF: could not be built: chromium not found at \/nonexistent/);

  await page.fill('#summary', 'Freight through the strait will **fall** by a third.');
  await page.fill('#finding-heading-0', 'Insurers raised premiums');
  await page.fill('#finding-detail-0', 'Premiums rose in May.');
  const risks = [['Blockade of the strait', '2', '5'], ['Insurance withdrawal', '4', '4'], ['Port congestion', '4', '4']];
  for (const [i, [name, likelihood, impact]] of risks.entries()) {
    await page.fill(`#risk-name-${i}`, name);
    await page.selectOption(`#risk-likelihood-${i}`, likelihood);
    await page.selectOption(`#risk-impact-${i}`, impact);
  }
  await page.fill('#recommendations', 'Diversify routes.');
  await page.fill('#methodology', 'Interviews with twelve firms.');
  await Promise.all([page.waitForURL(/saved=1/), page.click('text=Save the report\'s parts')]);
  await expectNoAxeViolations(page, 'the report page, saved');
  assert.equal(await page.inputValue('#risk-name-2'), 'Port congestion');

  // The reader's page.
  const live = await page.locator('a', { hasText: 'view on the site' }).first().getAttribute('href');
  await page.goto(server.base + live);
  assert.match(await page.textContent('.report-summary'), /Freight through the strait/);
  const svg = page.locator('svg.risk-matrix__chart[role="img"]');
  assert.equal(await svg.count(), 1);
  assert.match(await svg.locator('title').textContent(), /3 risks/);
  assert.equal(await page.locator('.risk-matrix__marker').count(), 3);
  assert.equal(await page.locator('.risk-table tbody tr').count(), 3);
  assert.equal(await page.locator('.risk-table th[scope="row"]', { hasText: 'Port congestion' }).count(), 1);
  await page.screenshot({ path: join(artifacts, 'report-article.png'), fullPage: true });
  await expectNoAxeViolations(page, 'the article page with a report');
  assert.deepEqual(errors, [], 'no console errors');
  console.log('report page browser test: passed');
} catch (e) {
  failed = true;
  console.error(e);
} finally {
  if (browser) await browser.close();
  await stopServer(server);
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
