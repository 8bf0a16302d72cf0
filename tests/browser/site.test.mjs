// Browser test: a reader opens the home page in Debian's chromium, follows a link to an
// article and sees everything an article page shows; axe-core finds no accessibility
// violation on any page type. Starts its own server on an ephemeral port and stops it.
//
//   node tests/browser/site.test.mjs --binary build/dossier --artifacts build/test-artifacts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import {
  artifacts, CHROMIUM_ARGS, dossier, startServer, stopServer, expectNoAxeViolations,
} from './harness.mjs';

const dataDir = mkdtempSync(join(tmpdir(), 'dossier-browser-'));
let server;
let browser;
let failed = false;
try {
  dossier(dataDir, 'init');
  dossier(dataDir, 'demo');
  server = await startServer(dataDir);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });

  // Home page, then follow the lead story's link like a reader would.
  await page.goto(server.base + '/');
  assert.equal(await page.locator('h1').count(), 1, 'one h1 on the home page');
  await expectNoAxeViolations(page, 'home');
  const lead = page.locator('.lead__title a');
  const leadTitle = (await lead.innerText()).trim();
  await Promise.all([page.waitForURL(/\/articles\//), lead.click()]);

  // Everything a reader sees on an article page.
  const visible = async (selector, what) =>
    assert.ok(await page.locator(selector).first().isVisible(), `${what} (${selector}) is visible`);
  assert.equal((await page.locator('h1').innerText()).trim(), leadTitle, 'the article is the one clicked');
  await visible('.article__dek', 'dek');
  await visible('nav[aria-label="Breadcrumb"] a[href^="/category/"]', 'category breadcrumb');
  await visible('.byline a[rel="author"]', 'byline linking to the author');
  await visible('.byline time[datetime]', 'date in a <time> element');
  await visible('.byline .reading-time', 'reading time');
  await visible('.byline .comment-count', 'comment count');
  await visible('.article__body h2', 'section headings');
  await visible('.article__body table', 'a table rendered from Markdown');
  await visible('figure.figure--hero img[alt]', 'hero figure');
  await visible('figure.figure--hero figcaption .credit', 'image credit');
  await visible('section.related .teaser', 'related articles');
  await visible('#comments', 'comments area');
  await visible('form[action="/subscribe"] input[type="email"]', 'newsletter box');
  await visible('.site-footer__about', 'footer about text');
  await visible('.copyright', 'copyright line');
  await visible('a[href="/feed.xml"]', 'feed link');
  await visible('a.back-to-top', 'back to top link');
  const credit = await page.locator('figcaption .credit').innerText();
  assert.match(credit, /Image credit:/);
  await page.screenshot({ path: join(artifacts, 'article.png'), fullPage: true });
  await expectNoAxeViolations(page, 'article');

  // The first Tab reaches the skip link, and it becomes visible with a focus outline.
  await page.goto(server.base + '/');
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => ({
    text: document.activeElement.textContent,
    outline: getComputedStyle(document.activeElement).outlineStyle,
    top: document.activeElement.getBoundingClientRect().top,
  }));
  assert.equal(focused.text, 'Skip to content');
  assert.notEqual(focused.outline, 'none', 'focus is visible');
  assert.ok(focused.top >= 0, 'skip link is on screen when focused');

  // Every other page type passes axe too.
  for (const path of ['/category/news', '/tag/diplomacy', '/author/kenji-morrow', '/about',
    '/latest', '/no-such-page']) {
    const response = await page.goto(server.base + path);
    assert.equal(response.status(), path === '/no-such-page' ? 404 : 200, path);
    await expectNoAxeViolations(page, path);
  }

  // A narrow screen: no horizontal scrolling on the article page.
  const phone = await browser.newPage({ viewport: { width: 375, height: 800 } });
  await phone.goto(server.base + '/articles/critical-minerals-supply-chains-special-report');
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal scroll at 375px (overflow ${overflow}px)`);
  await phone.screenshot({ path: join(artifacts, 'article-narrow.png') });
  console.log('browser tests passed; screenshots in', artifacts);
} catch (err) {
  failed = true;
  console.error(err);
} finally {
  if (browser) await browser.close();
  await stopServer(server);
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
