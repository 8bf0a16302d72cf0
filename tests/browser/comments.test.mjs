// Browser test of comments: a reader posts a comment under an article and is told it awaits
// moderation (the cached page's form has no token; the site's JS fetches one when the reader
// starts writing); an editor approves it in the newsroom; the reader sees it published and the
// count updated. Without JavaScript the first press returns the form, text kept, with a token,
// and the second press posts. axe-core finds no violation on the pages on the way.
//
//   node tests/browser/comments.test.mjs --binary build/dossier --artifacts build/test-artifacts
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import {
  artifacts, CHROMIUM_ARGS, dossier, startServer, stopServer, expectNoAxeViolations,
} from './harness.mjs';

const article = '/articles/geneva-ceasefire-talks-end-without-deal';
const dataDir = mkdtempSync(join(tmpdir(), 'dossier-browser-comments-'));
let server;
let browser;
let failed = false;
try {
  dossier(dataDir, 'init');
  dossier(dataDir, 'demo');
  const [, email, password] = readFileSync(join(dataDir, 'demo-login.txt'), 'utf8')
    .match(/Sign in as (\S+) with the password (\S+)/);
  // One second instead of three keeps the test short; the rule itself is the same.
  server = await startServer(dataDir, { DOSSIER_COMMENTS_MIN_FILL_SECONDS: '1' });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const reader = await browser.newPage({ viewport: { width: 1280, height: 900 } });

  await reader.goto(server.base + article);
  const countBefore = (await reader.locator('.comment-count').textContent()).trim();
  await expectNoAxeViolations(reader, 'the article with its comment form');
  const token = reader.locator('#comment-form input[name="token"]');
  assert.equal(await token.inputValue(), '', 'the cached page carries no token');
  await reader.fill('#comment-name', 'Ines Reader');
  await reader.waitForFunction(
    () => document.querySelector('#comment-form input[name="token"]').value !== '');
  assert.match(await token.inputValue(), /^comment-\d+-\d+\./, 'fetched once the reader writes');
  await reader.fill('#comment-email', 'ines@example.org');
  await reader.fill('#comment-body', 'The *second* paragraph answers my question. Thank you.');
  await reader.waitForTimeout(1200);  // a person takes a moment; robots do not
  await Promise.all([reader.waitForURL(/\/comments$/), reader.click('button[value="post"]')]);
  assert.match(await reader.locator('h1').first().textContent(), /awaiting moderation/);
  await expectNoAxeViolations(reader, 'awaiting moderation');

  const editor = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await editor.goto(server.base + '/admin/login');
  await editor.fill('#email', email);
  await editor.fill('#password', password);
  await Promise.all([editor.waitForURL(/\/admin\/articles/), editor.click('button[type="submit"]')]);
  await editor.goto(server.base + '/admin/comments');
  await expectNoAxeViolations(editor, '/admin/comments');
  const row = editor.locator('.nr-comment', { hasText: 'Ines Reader' });
  await row.locator('input[type="checkbox"]').check();
  await Promise.all([editor.waitForURL(/done=1/), editor.click('button[value="approve"]')]);

  await reader.goto(server.base + article);
  const comment = reader.locator('.comment', { hasText: 'Ines Reader' });
  assert.ok(await comment.isVisible(), 'the approved comment is on the page');
  assert.equal((await comment.locator('em').first().textContent()).trim(), 'second');
  const countAfter = (await reader.locator('.comment-count').textContent()).trim();
  assert.notEqual(countAfter, countBefore, 'the count changed');
  assert.match(countAfter, /1 comment/);
  await expectNoAxeViolations(reader, 'the article with a comment');

  // A reply: the approved reader is trusted now, so it appears at once, nested, and counts.
  await Promise.all([reader.waitForURL(/reply=/), comment.getByRole('link', { name: /Reply to Ines Reader/ }).click()]);
  assert.match(await reader.locator('main').textContent(), /In reply to Ines Reader/);
  await expectNoAxeViolations(reader, 'the reply form');
  await reader.fill('#comment-name', 'Ines Reader');
  await reader.fill('#comment-email', 'ines@example.org');
  await reader.fill('#comment-body', 'And the annex answers the rest.');
  await reader.waitForTimeout(1200);
  await Promise.all([reader.waitForURL(/#comment-\d+$/), reader.click('button[value="post"]')]);
  const reply = reader.locator('.comments__replies .comment', { hasText: 'the annex answers' });
  assert.ok(await reply.isVisible(), 'the reply is nested under its comment');
  assert.match((await reader.locator('.comment-count').textContent()).trim(), /2 comments/);
  // Without JavaScript: the first press asks for one more step and keeps the text.
  const noScript = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  const plain = await noScript.newPage();
  await plain.goto(server.base + article);
  await plain.fill('#comment-name', 'Olu Reader');
  await plain.fill('#comment-email', 'olu@example.org');
  await plain.fill('#comment-body', 'Posted without scripts.');
  await Promise.all([plain.waitForURL(/\/comments$/), plain.click('button[value="post"]')]);
  assert.match(await plain.locator('.form-error').textContent(), /One more step/);
  assert.equal(await plain.locator('#comment-body').inputValue(), 'Posted without scripts.');
  assert.notEqual(await plain.locator('#comment-form input[name="token"]').inputValue(), '');
  await plain.waitForTimeout(1200);
  await Promise.all([plain.waitForLoadState('load'), plain.click('button[value="post"]')]);
  assert.match(await plain.locator('h1').first().textContent(), /awaiting moderation/);
  await noScript.close();

  await reader.screenshot({ path: join(artifacts, 'comments.png'), fullPage: true });
  await reader.locator('#comments').screenshot({ path: join(artifacts, 'comments-section.png') });
  console.log('browser comments tests passed');
} catch (err) {
  failed = true;
  console.error(err);
} finally {
  if (browser) await browser.close();
  await stopServer(server);
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
