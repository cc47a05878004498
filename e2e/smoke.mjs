// Browser smoke test: loads the built app from a local static server in
// Debian's Chromium, checks that it rendered, and fails on any console error,
// page error or failed request. Usage: node e2e/smoke.mjs URL [screenshot.png]
import { chromium } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const url = process.argv[2];
const shot = process.argv[3];
if (!url) {
  console.error('usage: node e2e/smoke.mjs URL [screenshot.png]');
  process.exit(2);
}

const problems = [];
const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'pidns-e2e-')), {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  await page.goto(url, { waitUntil: 'load' });
  await page.getByRole('heading', { level: 1, name: 'pidns-lab' }).waitFor({ timeout: 15000 });
  const table = page.getByRole('table', { name: 'Processes' });
  await table.waitFor();
  const rows = await table.locator('tbody tr').count();
  if (rows < 2) problems.push(`the Processes table has ${rows} rows`);
  const boot = await table.locator('tr', { hasText: 'boot' }).locator('td.nspid').textContent();
  if (boot !== '3/1') problems.push(`boot's NSpid is '${boot}', expected '3/1'`);
  if (shot) await page.screenshot({ path: shot, fullPage: true });
  console.log(`smoke: page rendered, ${rows} process rows, boot NSpid ${boot}`);
} catch (e) {
  problems.push(`${e.message}`);
} finally {
  await context.close();
}
if (problems.length) {
  console.error(`smoke: FAILED\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
