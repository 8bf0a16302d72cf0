// Browser test of the newsletter: a reader subscribes from an article page, the confirmation
// mail arrives at a real SMTP server (aiosmtpd), the reader opens its link and sees the
// confirmation page. axe-core finds no violation on the pages on the way.
//
//   node tests/browser/newsletter.test.mjs --binary build/dossier --artifacts build/test-artifacts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import {
  artifacts, CHROMIUM_ARGS, dossier, startServer, stopServer, startSmtp, stopSmtp,
  expectNoAxeViolations,
} from './harness.mjs';

const dataDir = mkdtempSync(join(tmpdir(), 'dossier-browser-newsletter-'));
const mailDir = mkdtempSync(join(tmpdir(), 'dossier-browser-mail-'));
let server;
let smtp;
let browser;
let failed = false;

async function waitForMail(count) {
  for (let i = 0; i < 100; i += 1) {
    const messages = smtp.messages();
    if (messages.length >= count) return messages;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no mail arrived (wanted ${count})`);
}

try {
  dossier(dataDir, 'init');
  dossier(dataDir, 'demo');
  smtp = await startSmtp(mailDir);
  server = await startServer(dataDir, {
    DOSSIER_MAIL_SMTP_URL: smtp.url,
    DOSSIER_MAIL_FROM: 'Meridian Institute <news@news.example.org>',
    DOSSIER_SITE_URL: 'https://news.example.org',
  });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });

  // From an article page, with the keyboard: the box in the footer.
  await page.goto(server.base + '/articles/geneva-ceasefire-talks-end-without-deal');
  await page.locator('#subscribe-email').focus();
  await page.keyboard.type('reader@example.org');
  await Promise.all([page.waitForURL(/\/subscribe$/), page.keyboard.press('Enter')]);
  assert.match(await page.locator('h1').first().textContent(), /Check your mail/);
  await expectNoAxeViolations(page, 'after subscribing');

  const [mail] = await waitForMail(1);
  assert.deepEqual(mail.rcpt_tos, ['reader@example.org']);
  assert.match(mail.subject, /Confirm your subscription/);
  const link = mail.text.match(/https:\/\/news\.example\.org(\/newsletter\/confirm\/\S+)/);
  assert.ok(link, `a confirmation link in the mail: ${mail.text}`);
  await page.goto(server.base + link[1]);
  assert.match(await page.locator('h1').first().textContent(), /You are subscribed/);
  assert.match(await page.locator('main').textContent(), /reader@example\.org/);
  await expectNoAxeViolations(page, 'the confirmation page');
  await page.screenshot({ path: join(artifacts, 'newsletter-confirmed.png'), fullPage: true });

  await page.goto(server.base + '/subscribe');
  await expectNoAxeViolations(page, '/subscribe');
  console.log('browser newsletter tests passed');
} catch (err) {
  failed = true;
  console.error(err);
} finally {
  if (browser) await browser.close();
  await stopServer(server);
  await stopSmtp(smtp);
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(mailDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
