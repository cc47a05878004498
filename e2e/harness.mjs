// What the end-to-end test files share: Debian's Chromium launched as the
// machine allows it (no network, no sandbox), fresh pages that collect every
// console error, page error and failed request, and the loop that runs a
// file's checks, each on its own page, ending with `N passed, M failed`.
import { chromium } from 'playwright-core';

export function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// Console errors, page errors, failed requests and HTTP errors go to `problems`.
export function watch(page, problems) {
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
}

// A page at `at` in a fresh browser context (its own localStorage). The
// welcome card of a first visit is marked seen unless `firstVisit`.
export async function freshPage(browser, at, { firstVisit = false, acceptDownloads = false } = {}) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 950 }, acceptDownloads, reducedMotion: 'reduce' });
  if (!firstVisit) await context.addInitScript(() => { try { localStorage.setItem('pidns-lab.welcomed', '1'); } catch { /* no storage in this frame */ } });
  const page = await context.newPage();
  const problems = [];
  watch(page, problems);
  await page.goto(at, { waitUntil: 'load' });
  return { page, problems, context };
}

export function expectEq(what, got, want) {
  if (JSON.stringify(got) !== JSON.stringify(want)) throw new Error(`${what}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
}

// Runs every check (only those whose name contains $E2E_ONLY, if set) on a
// page from `open()`, prints one line each and the summary, and exits.
export async function runChecks(browser, checks, open) {
  let passed = 0;
  let failed = 0;
  const only = process.env.E2E_ONLY;
  for (const [name, check] of Object.entries(checks)) {
    if (only && !name.includes(only)) continue;
    const { page, problems, context } = await open();
    try {
      await check({ page, problems, context });
      if (problems.length) throw new Error(problems.join('; '));
      passed += 1;
      console.log(`ok   ${name}`);
    } catch (e) {
      failed += 1;
      console.log(`FAIL ${name}: ${e.message.split('\n')[0]}`);
    } finally {
      await context.close();
    }
  }
  await browser.close();
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
