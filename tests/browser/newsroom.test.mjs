// Browser test of the newsroom: an editor signs in with the keyboard, uploads an image with
// its caption and credit, writes an article with it (toolbar, preview), publishes it, and
// a reader sees it on the public site with the image in several sizes, its caption and credit.
// axe-core finds no violation on the newsroom's pages, with their Content-Security-Policy on.
//
//   node tests/browser/newsroom.test.mjs --binary build/dossier --artifacts build/test-artifacts
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import {
  artifacts, CHROMIUM_ARGS, dossier, startServer, stopServer, expectNoAxeViolations,
} from './harness.mjs';

// The first demo image on disk (the demo draws its images with libvips), to upload again.
function findImage(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      const found = findImage(path);
      if (found) return found;
    } else if (/\.(jpe?g|png)$/.test(name)) {
      return path;
    }
  }
  return null;
}

const dataDir = mkdtempSync(join(tmpdir(), 'dossier-browser-newsroom-'));
let server;
let browser;
let failed = false;
try {
  dossier(dataDir, 'init');
  dossier(dataDir, 'demo');
  const login = readFileSync(join(dataDir, 'demo-login.txt'), 'utf8');
  const [, email, password] = login.match(/Sign in as (\S+) with the password (\S+)/);
  const image = findImage(join(dataDir, 'media'));
  assert.ok(image, 'the demo has an image to upload');
  server = await startServer(dataDir);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('response', (r) => { if (r.status() >= 400 && !r.url().includes('/admin/login')) errors.push(`${r.status()} ${r.url()}`); });

  // Signed out, the newsroom sends us to sign in; we do it with the keyboard alone.
  await page.goto(server.base + '/admin');
  assert.match(page.url(), /\/admin\/login/);
  await expectNoAxeViolations(page, '/admin/login');
  await page.locator('#email').focus();
  await page.keyboard.type(email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await Promise.all([page.waitForURL(/\/admin\/articles/), page.keyboard.press('Enter')]);
  await expectNoAxeViolations(page, '/admin/articles');

  // Upload an image with its alt text, caption and credit.
  await page.goto(server.base + '/admin/media');
  await page.setInputFiles('#file', image);
  await page.fill('#alt', 'Delegates walking into the conference hall');
  await page.fill('#caption', 'Delegates arrive for the second round');
  await page.fill('#credit', 'Photo: Dossier demo desk');
  await Promise.all([page.waitForURL(/uploaded=\d+/), page.click('button:has-text("Upload")')]);
  const mediaId = new URL(page.url()).searchParams.get('uploaded');
  assert.ok(await page.locator(`#media-${mediaId}`).isVisible());
  await expectNoAxeViolations(page, '/admin/media');

  // Write the article: the toolbar's Bold wraps the selection, the preview is the server's.
  await page.goto(server.base + '/admin/articles/new');
  await expectNoAxeViolations(page, '/admin/articles/new');
  await page.fill('#title', 'Second round of talks opens in Oslo');
  await page.fill('#dek', 'Delegations meet again after a month of contacts.');
  await page.locator('#body').focus();
  await page.keyboard.type('The talks resumed on Monday.');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await page.locator('button[data-md="bold"]').click();
  await page.keyboard.type('Both sides');
  await page.locator('button[data-preview]').click();
  await page.locator('#preview strong').waitFor({ timeout: 5000 });
  assert.equal((await page.locator('#preview strong').textContent()).trim(), 'Both sides');
  // The open preview follows the typing.
  await page.locator('#body').focus();
  await page.keyboard.press('End');
  await page.keyboard.type(' signed the first chapter.');
  await page.waitForFunction(() => document.querySelector('#preview').textContent.includes('first chapter'),
    null, { timeout: 5000 });
  await page.fill('#hero_media_id', mediaId);
  await page.fill('#tags', 'Oslo talks');
  await page.locator('.nr-categories input[type=checkbox]').first().check();
  await Promise.all([page.waitForURL(/\/admin\/articles\/\d+\?saved=1/),
    page.click('button[value="publish"]')]);
  assert.match(await page.locator('.nr-state').textContent(), /Published/);
  await page.screenshot({ path: join(artifacts, 'newsroom-editor.png'), fullPage: true });
  await expectNoAxeViolations(page, 'the editor of a published article');
  // The published article can go out as a newsletter: the page to choose lists passes axe.
  await page.locator('a:has-text("send as a newsletter")').click();
  await page.waitForURL(/\/admin\/newsletter\/article\/\d+/);
  await expectNoAxeViolations(page, 'send as a newsletter');
  await page.goBack();
  const revisions = page.locator('a:has-text("Revisions")');
  await Promise.all([page.waitForURL(/revisions$/), revisions.click()]);
  await expectNoAxeViolations(page, 'revisions');

  // The other newsroom pages pass axe too.
  for (const path of ['/admin/users', '/admin/settings', '/admin/taxonomy', '/admin/profile',
    '/admin/newsletter', '/admin/entities', '/admin/quotes?article=1']) {
    await page.goto(server.base + path);
    await expectNoAxeViolations(page, path);
  }

  // The reader's view: image with width/height and srcset, caption and credit.
  const reader = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await reader.goto(server.base + '/articles/second-round-of-talks-opens-in-oslo');
  assert.equal((await reader.locator('h1').first().textContent()).trim(), 'Second round of talks opens in Oslo');
  const hero = reader.locator('.article__hero img, figure img').first();
  assert.equal(await hero.getAttribute('alt'), 'Delegates walking into the conference hall');
  assert.ok(Number(await hero.getAttribute('width')) > 0, 'the image has its width');
  assert.ok(Number(await hero.getAttribute('height')) > 0, 'the image has its height');
  assert.match(await hero.getAttribute('srcset'), /-400\.\w+ 400w/);
  assert.ok(await hero.evaluate((img) => img.complete && img.naturalWidth > 0), 'the image loads');
  const figure = await reader.locator('figure').first().textContent();
  assert.match(figure, /Delegates arrive for the second round/);
  assert.match(figure, /Photo: Dossier demo desk/);
  assert.equal(await reader.locator('.article__body strong').first().textContent(), 'Both sides');
  assert.match(await reader.locator('.article__body').textContent(), /signed the first chapter/);
  await reader.screenshot({ path: join(artifacts, 'newsroom-published.png'), fullPage: true });
  assert.deepEqual(errors, [], 'no console errors (a CSP violation would show here)');
  console.log('browser newsroom tests passed');
} catch (err) {
  failed = true;
  console.error(err);
} finally {
  if (browser) await browser.close();
  await stopServer(server);
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
