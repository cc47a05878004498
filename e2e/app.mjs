// End-to-end tests of the built app (dist/) in Debian's Chromium through
// playwright-core. Each check is independent (a fresh page); any console
// error, page error or failed request fails the run. Screenshots of the main
// views go to docs/screenshots/. Usage: node e2e/app.mjs URL
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const url = process.argv[2];
if (!url) {
  console.error('usage: node e2e/app.mjs URL');
  process.exit(2);
}
const shots = 'docs/screenshots';
mkdirSync(shots, { recursive: true });

const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'pidns-e2e-')), {
  executablePath: '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1400, height: 950 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

async function openPage() {
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  // Reduced motion: new pids appear at once, so screenshots show them.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto(url, { waitUntil: 'load' });
  await page.getByRole('heading', { level: 1, name: 'pidns-lab' }).waitFor({ timeout: 20000 });
  await page.getByRole('table', { name: 'Processes', exact: true }).waitFor();
  return { page, problems };
}

const table = (page, name = 'Processes') => page.getByRole('table', { name, exact: true });
// The cells of the row whose name (the row header) is exactly `name`.
async function cells(page, name, tableName) {
  const row = table(page, tableName).locator('tbody tr').filter({ has: page.locator('th.name', { hasText: new RegExp(`^${name}$`) }) });
  return row.locator('td').allTextContents();
}
async function type(page, text) {
  const box = page.getByRole('textbox', { name: 'Console' });
  await box.fill(text);
  await box.press('Enter');
}
function expectEq(what, got, want) {
  if (JSON.stringify(got) !== JSON.stringify(want)) throw new Error(`${what}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
}

const checks = {
  async 'the app renders the example and the page is clean'({ page }) {
    expectEq('boot L0 L1 NSpid', (await cells(page, 'boot')).slice(0, 3), ['3', '1', '3/1']);
    await page.screenshot({ path: `${shots}/main.png`, fullPage: true });
  },
  async 'a typed scenario shows its pids per level'({ page }) {
    await type(page, 'worker clone newpid as deep\ndeep fork as leaf');
    const leaf = await cells(page, 'leaf');
    expectEq('leaf L0 L1 L2 NSpid', leaf.slice(0, 4), ['7', '5', '2', '7/5/2']);
    await page.getByRole('figure', { name: 'Namespace tree' }).screenshot({ path: `${shots}/namespace-tree.png` });
  },
  async 'fork by clicking, then undo and redo (buttons and keyboard)'({ page }) {
    const rows = () => table(page).locator('tbody tr:not(.spacer)').count();
    const before = await rows();
    await page.getByRole('button', { name: 'Select second' }).click();
    await page.getByRole('button', { name: 'Fork', exact: true }).click();
    expectEq('rows after fork', await rows(), before + 1);
    expectEq('console history', (await page.getByRole('list', { name: 'Console history' }).locator('li').last().textContent()), 'second fork');
    await page.getByRole('button', { name: 'Undo' }).click();
    expectEq('rows after undo', await rows(), before);
    await page.getByRole('button', { name: 'Redo' }).click();
    expectEq('rows after redo', await rows(), before + 1);
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+z');
    expectEq('rows after Ctrl+Z', await rows(), before);
    await page.keyboard.press('Control+Shift+z');
    expectEq('rows after Ctrl+Shift+Z', await rows(), before + 1);
  },
  async 'view from a nested process greys what it cannot see'({ page }) {
    await page.getByRole('combobox', { name: 'View from' }).selectOption('boot');
    const invisible = await table(page).locator('tr.invisible th.name').allTextContents();
    expectEq('invisible from boot', invisible.map((s) => s.trim()), ['init', 'shell']);
    expectEq('worker seen by boot', (await cells(page, 'worker')).at(-2), '2');
    await page.screenshot({ path: `${shots}/view-from.png`, fullPage: true });
  },
  async 'compare mode shows a divergence when a level-2 namespace is made'({ page }) {
    await page.getByRole('combobox', { name: 'Model' }).selectOption('compare');
    await type(page, 'boot clone newpid as lvl2');
    const div = page.getByRole('region', { name: 'Divergences' });
    const text = await div.textContent();
    if (!/multilevel = 4, flat EINVAL/.test(text)) throw new Error(`no divergence shown: ${text}`);
    expectEq('lvl2 in the multilevel table', (await cells(page, 'lvl2')).slice(0, 4), ['6', '4', '1', '6/4/1']);
    expectEq('no lvl2 in the flat table', (await cells(page, 'lvl2', 'Processes (flat)')).length, 0);
    await page.screenshot({ path: `${shots}/compare.png`, fullPage: true });
  },
  async "an init's death shows its namespace's processes ending"({ page }) {
    await type(page, 'boot exit');
    const ended = await table(page).locator('tr.ended th.name').allTextContents();
    expectEq('ended rows', ended.map((s) => s.trim()), ['boot', 'worker', 'second']);
    expectEq('worker after zap', (await cells(page, 'worker')).slice(3, 4), ['gone']);
    const said = await page.locator('.narration').textContent();
    if (!said.includes('Ended: boot, worker, second.')) throw new Error(`narration: ${said}`);
  },
  async 'the step slider and timeline jump through the log'({ page }) {
    await page.getByRole('slider', { name: 'Step' }).fill('2');
    expectEq('rows at step 2', await table(page).locator('tbody tr:not(.spacer)').count(), 2);
    await page.getByRole('list', { name: 'Timeline' }).getByRole('button').nth(4).click();
    expectEq('rows at step 5', await table(page).locator('tbody tr:not(.spacer)').count(), 5);
  },
  async 'the cost panel charts the work, and a profile file can be loaded or refused'({ page }) {
    await page.getByRole('tab', { name: 'Costs' }).click();
    for (const name of ['Cost of the last step', 'Overhead by depth', 'Scenario cost', 'Seed results']) {
      await page.getByRole('figure', { name, exact: true }).waitFor();
    }
    expectEq('seed rows', await page.getByRole('table', { name: 'Seed results (table)' }).locator('tbody tr').count(), 6);
    const file = page.getByLabel('Load profile JSON');
    await file.setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"name": "x", "prices": {"fork": 1}}') });
    const alert = page.locator('.profile-picker [role=alert]');
    await alert.waitFor();
    if (!/bad\.json: not a cost profile: unknown field `fork`/.test(await alert.textContent())) throw new Error(`refusal: ${await alert.textContent()}`);
    expectEq('profile kept', await page.getByRole('combobox', { name: 'Profile' }).inputValue(), 'linux-6.18');
    await file.setInputFiles({ name: 'mine.json', mimeType: 'application/json', buffer: Buffer.from('{"name": "mine", "prices": {"syscall_entry": 100, "copy_process": 50000, "pid_nr_alloc": 2000}}') });
    await page.getByRole('heading', { name: 'Timeline (cost: mine)' }).waitFor();
    await page.getByRole('tab', { name: 'Costs' }).screenshot({ path: '/dev/null' }).catch(() => {});
    await page.getByRole('combobox', { name: 'Profile' }).selectOption('linux-6.18');
    await page.getByRole('figure', { name: 'Overhead by depth' }).waitFor();
    await page.screenshot({ path: `${shots}/costs.png`, fullPage: true });
  },
  async 'a lesson asks, reveals, and its goal is reached'({ page }) {
    await page.getByRole('tab', { name: 'Lessons' }).click();
    await page.getByRole('button', { name: 'Your first pid namespace, and its pid 1' }).click();
    const answer = page.getByRole('textbox', { name: 'Your prediction' });
    for (const guess of ['3', '1', '5', '2']) {
      await answer.fill(guess);
      await answer.press('Enter');
    }
    const goal = page.getByRole('region', { name: 'Goal' });
    expectEq('goal', await goal.locator('h4').textContent(), 'Goal reached ✓');
    const reveal = await page.locator('.reveal').textContent();
    if (!reveal.includes('You said 2. The kernel returned 2 — right!')) throw new Error(`reveal: ${reveal}`);
    expectEq('box NSpid', (await cells(page, 'box')).slice(0, 3), ['3', '1', '3/1']);
    await page.screenshot({ path: `${shots}/lesson.png`, fullPage: true });
    await page.reload();
    await page.getByRole('tab', { name: 'Lessons' }).click();
    const item = page.getByRole('list', { name: 'Lessons' }).locator('li').first();
    if (!/✓ done\s+3\/4 predicted/.test(await item.textContent())) throw new Error(`progress after reload: ${await item.textContent()}`);
  },
  async 'presenter mode steps a lesson from the keyboard'({ page }) {
    await page.getByRole('tab', { name: 'Lessons' }).click();
    await page.getByRole('button', { name: 'When an init dies, its namespace dies with it' }).click();
    await page.getByRole('button', { name: 'Presenter mode' }).click();
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('ArrowRight');
    expectEq('ended rows', (await table(page).locator('tr.ended th.name').allTextContents()).map((x) => x.trim()), ['c', 'a', 'd', 'e']);
    await page.keyboard.press('ArrowRight');
    const said = await page.locator('.reveal').textContent();
    if (!said.includes('The kernel returned 3')) throw new Error(`reveal: ${said}`);
    await page.screenshot({ path: `${shots}/presenter.png`, fullPage: true });
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Escape');
    await page.getByRole('textbox', { name: 'Console' }).waitFor({ state: 'detached' }).catch(() => {});
    await page.getByRole('heading', { level: 1, name: 'pidns-lab' }).waitFor();
    await page.getByRole('heading', { name: 'When an init dies, its namespace dies with it' }).waitFor();
  },
};

let passed = 0;
let failed = 0;
for (const [name, check] of Object.entries(checks)) {
  const { page, problems } = await openPage();
  try {
    await check({ page });
    if (problems.length) throw new Error(problems.join('; '));
    passed += 1;
    console.log(`ok   ${name}`);
  } catch (e) {
    failed += 1;
    console.log(`FAIL ${name}: ${e.message.split('\n')[0]}`);
  } finally {
    await page.close();
  }
}
await context.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
