// Browser test of the client side, on the demo's content: a member of a client organisation
// asks for a sign-in link on /portal/sign-in, follows the link that a real SMTP server
// (tests/support/smtp_server.py) received, confirms and lands on the portal; opens the report
// her organisation holds (full text and risk matrix), downloads its PDF, and asks for a report
// it does not hold from the teaser's form, which then shows on the portal. axe-core finds no
// violation, and the console no error, on the portal's pages, a teaser, the full report and
// the newsroom's client pages; screenshots of the portal and the report go to the artifacts.
//
//   node tests/browser/clients.test.mjs --binary build/dossier --artifacts build/test-artifacts
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import {
  artifacts, CHROMIUM_ARGS, dossier, startServer, stopServer, startSmtp, stopSmtp,
  expectNoAxeViolations,
} from './harness.mjs';

// The demo's organisation holding the Europe category, its one member, and the reports.
const MEMBER = 'm.castellanos@northfield.example.org';
const GRANTED = 'europe-power-grid-winter-outlook';
const NOT_GRANTED = 'red-sea-shipping-disruption-outlook';
const SITE_URL = 'http://news.example.org';

const dataDir = mkdtempSync(join(tmpdir(), 'dossier-browser-clients-'));
const mailDir = mkdtempSync(join(tmpdir(), 'dossier-browser-clients-mail-'));
let server;
let smtp;
let browser;
let failed = false;

function sqliteValue(query) {
  const r = spawnSync('/usr/bin/sqlite3', [join(dataDir, 'dossier.db'), query], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

async function waitForMailTo(address) {
  for (let i = 0; i < 100; i += 1) {
    const found = smtp.messages().find((m) => m.rcpt_tos.includes(address));
    if (found) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no mail arrived for ${address}`);
}

// Console errors and failed responses of a page, but for the ones a test asks for on purpose.
function watch(page, errors) {
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`${page.url()}: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().includes('/admin/login')) errors.push(`${r.status()} ${r.url()}`);
  });
}

try {
  dossier(dataDir, 'init');
  dossier(dataDir, 'demo');
  const login = readFileSync(join(dataDir, 'demo-login.txt'), 'utf8');
  const [, adminEmail, adminPassword] = login.match(/Sign in as (\S+) with the password (\S+)/);
  smtp = await startSmtp(mailDir);
  server = await startServer(dataDir, {
    DOSSIER_MAIL_SMTP_URL: smtp.url,
    DOSSIER_MAIL_FROM: 'Meridian Institute <news@news.example.org>',
    DOSSIER_MAIL_RATE_PER_SECOND: '1000',
    DOSSIER_JOBS_INTERVAL_MS: '100',
    DOSSIER_SITE_URL: SITE_URL,
  });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const errors = [];

  // Anonymous: the report's teaser, with its way in.
  const anonymous = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  watch(anonymous, errors);
  await anonymous.goto(`${server.base}/articles/${GRANTED}`);
  assert.match(await anonymous.locator('h1').first().textContent(), /Keeping the Lights On/);
  assert.equal(await anonymous.locator('.access-box').count(), 1, 'the teaser has its access box');
  assert.doesNotMatch(await anonymous.locator('main').textContent(), /The scenario the workshop worked through/);
  await expectNoAxeViolations(anonymous, 'a teaser (anonymous)');

  // The member asks for a link and follows the one that was mailed.
  const reader = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  watch(reader, errors);
  await reader.goto(`${server.base}/portal/sign-in`);
  await expectNoAxeViolations(reader, '/portal/sign-in');
  await reader.fill('#portal-email', MEMBER);
  await Promise.all([reader.waitForLoadState('load'), reader.click('.portal-sign-in button[type=submit]')]);
  await expectNoAxeViolations(reader, 'after asking for a link');
  const mail = await waitForMailTo(MEMBER);
  const link = mail.text.match(/http:\/\/news\.example\.org(\/portal\/link\/\S+)/);
  assert.ok(link, `a sign-in link in the mail: ${mail.text}`);
  await reader.goto(server.base + link[1]);
  assert.match(await reader.locator('main').textContent(), /Northfield University/);
  await expectNoAxeViolations(reader, 'the sign-in link page');
  await Promise.all([reader.waitForURL(/\/portal$/), reader.click('main form button[type=submit]')]);
  assert.match(await reader.locator('main').textContent(), /Keeping the Lights On/);
  await expectNoAxeViolations(reader, '/portal');

  // The report the organisation holds: all of it, with the risk matrix.
  await reader.click(`main a[href$="/articles/${GRANTED}"]`);
  await reader.waitForURL(new RegExp(`/articles/${GRANTED}$`));
  assert.match(await reader.locator('main').textContent(), /The scenario the workshop worked through/);
  const matrix = reader.locator('svg.risk-matrix__chart[role="img"]');
  assert.ok(await matrix.isVisible(), 'the risk matrix is shown');
  assert.equal(await reader.locator('.risk-matrix__marker').count(), 8);
  assert.equal(await reader.locator('.access-box').count(), 0, 'no way in on a full report');
  await expectNoAxeViolations(reader, 'the full report');
  await reader.screenshot({ path: join(artifacts, 'clients-report.png'), fullPage: true });
  // The README's picture of a report: its risk assessment, the matrix and its table.
  await reader.locator('section[aria-labelledby="report-risks-heading"]')
    .screenshot({ path: join(artifacts, 'clients-risk-matrix.png') });

  // Its PDF, stamped for the member. Printing needs chromium able to print in this
  // environment; when the server says it cannot, the check is skipped and says so.
  const pdf = await reader.context().request.get(`${server.base}/portal/reports/${GRANTED}.pdf`);
  if (pdf.status() === 200) {
    assert.match(pdf.headers()['content-type'], /application\/pdf/);
    const body = await pdf.body();
    assert.equal(body.subarray(0, 5).toString('latin1'), '%PDF-');
  } else {
    const text = await pdf.text();
    assert.match(text, /chromium|print/i, `the PDF failed for another reason: ${pdf.status()} ${text}`);
    console.log(`SKIPPED the PDF check: the server cannot print here (${pdf.status()})`);
  }

  // A report the organisation does not hold: the teaser's form asks for it.
  await reader.goto(`${server.base}/articles/${NOT_GRANTED}`);
  assert.equal(await reader.locator('.access-box').count(), 1);
  await expectNoAxeViolations(reader, 'a teaser (signed-in member)');
  await reader.fill('#access-message', 'For our winter seminar on shipping and energy.');
  await Promise.all([reader.waitForLoadState('load'), reader.click('.access-form button[type=submit]')]);
  await expectNoAxeViolations(reader, 'after requesting access');
  await reader.goto(`${server.base}/portal`);
  const requests = await reader.locator('#requests').locator('xpath=..').textContent();
  // The portal names an access request by its report's title.
  const notGrantedTitle = sqliteValue(`SELECT title FROM articles WHERE slug = '${NOT_GRANTED}'`);
  assert.ok(requests.includes(`Access: ${notGrantedTitle}: New`),
    `the request is listed on the portal: ${requests}`);
  assert.equal(sqliteValue("SELECT COUNT(*) FROM client_requests WHERE state = 'new' AND client_id = 2"), '1');
  await reader.screenshot({ path: join(artifacts, 'clients-portal.png'), fullPage: true });

  // The newsroom's pages for clients, requests and the report's parts.
  const desk = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  watch(desk, errors);
  await desk.goto(`${server.base}/admin/login`);
  await desk.fill('#email', adminEmail);
  await desk.fill('#password', adminPassword);
  await Promise.all([desk.waitForURL(/\/admin\/articles/), desk.click('main form button[type=submit]')]);
  const reportId = sqliteValue(`SELECT id FROM articles WHERE slug = '${GRANTED}'`);
  const requestId = sqliteValue('SELECT MAX(id) FROM client_requests');
  for (const path of ['/admin/clients', '/admin/clients/2', '/admin/requests',
    `/admin/requests/${requestId}`, '/admin/requests/1', `/admin/articles/${reportId}/report`]) {
    await desk.goto(server.base + path);
    assert.ok(!(await desk.locator('h1').count() === 0), `${path} has a heading`);
    await expectNoAxeViolations(desk, path);
  }
  assert.match(await (await desk.goto(`${server.base}/admin/clients/2`)).text(), /m\.castellanos@northfield\.example\.org/);

  assert.deepEqual(errors, [], 'no console errors or failed responses');
  console.log('browser clients tests passed; screenshots in', artifacts);
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
