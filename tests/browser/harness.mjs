// What every browser test shares: its arguments, the dossier binary, a server started on an
// ephemeral 127.0.0.1 port, chromium's flags, and the axe-core check.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
export const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, v, i, all) => (i % 2 ? pairs : [...pairs, [v.replace(/^--/, ''), all[i + 1]]]), []));
export const binary = args.binary ?? join(here, '../../build/dossier');
export const artifacts = args.artifacts ?? join(here, 'artifacts');
mkdirSync(artifacts, { recursive: true });

// Chromium flags for a closed network and a root user (see the machine notes in docs/).
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function dossier(dataDir, ...rest) {
  const r = spawnSync(binary, ['--data', dataDir, ...rest], { encoding: 'utf8' });
  assert.equal(r.status, 0, `dossier ${rest.join(' ')} failed: ${r.stderr}`);
}

export function startServer(dataDir, env = {}) {
  const child = spawn(binary, ['--data', dataDir, 'serve', '--listen', '127.0.0.1:0'],
    { stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, ...env } });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('server did not start')), 20000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) { clearTimeout(timer); resolve({ child, base: `http://127.0.0.1:${m[1]}` }); }
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

export async function stopServer(server) {
  if (!server) return;
  server.child.kill('SIGTERM');
  await new Promise((r) => server.child.once('exit', r));
}

export async function expectNoAxeViolations(page, label) {
  // Evaluated through the DevTools protocol rather than added as a <script>: the newsroom's
  // Content-Security-Policy forbids inline scripts, and must stay on while axe runs.
  await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const summary = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length} nodes: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')})`);
  assert.deepEqual(summary, [], `axe violations on ${label}`);
}

// A real SMTP server (tests/support/smtp_server.py, Debian's python3-aiosmtpd) storing what
// it receives in `outDir`; messages() decodes them with Python's email module.
const smtpScript = join(here, '../support/smtp_server.py');
export function startSmtp(outDir) {
  const child = spawn('/usr/bin/python3', [smtpScript, '--port', '0', '--outdir', outDir],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('SMTP server did not start')), 10000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/SMTP listening on 127\.0\.0\.1:(\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve({
          child,
          url: `smtp://127.0.0.1:${m[1]}`,
          messages: () => JSON.parse(spawnSync('/usr/bin/python3', [smtpScript, '--dump', outDir],
            { encoding: 'utf8' }).stdout),
        });
      }
    });
    child.on('exit', (code) => reject(new Error(`SMTP server exited with ${code}`)));
  });
}

export async function stopSmtp(smtp) {
  if (!smtp) return;
  smtp.child.kill('SIGTERM');
  await new Promise((r) => smtp.child.once('exit', r));
}
