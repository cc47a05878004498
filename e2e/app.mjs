// End-to-end tests of the built app (dist/) in Debian's Chromium through
// playwright-core. Each check is independent (a fresh page); any console
// error, page error or failed request fails the run. Screenshots of the main
// views go to $E2E_SHOTS (default e2e/out/screenshots/, ignored by git;
// `./x screenshots` copies them into docs/screenshots/). Usage: node e2e/app.mjs URL
import { mkdirSync, readFileSync } from 'node:fs';
import { expectEq, freshPage, launch, runChecks } from './harness.mjs';

const url = process.argv[2];
if (!url) {
  console.error('usage: node e2e/app.mjs URL');
  process.exit(2);
}
const shots = process.env.E2E_SHOTS || 'e2e/out/screenshots';
mkdirSync(shots, { recursive: true });

const browser = await launch();

// A page in a fresh browser context, clean of console errors, page errors
// and failed requests (collected in `problems`); see harness.mjs.
async function openPage(at = url, { wait = true, firstVisit = false } = {}) {
  const opened = await freshPage(browser, at, { firstVisit, acceptDownloads: true });
  if (wait) await ready(opened.page);
  return opened;
}
async function ready(page) {
  await page.getByRole('heading', { level: 1, name: 'pidns-lab' }).waitFor({ timeout: 20000 });
  await page.getByRole('table', { name: 'Processes', exact: true }).waitFor();
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
// Serious or critical axe findings in `scope` (a CSS selector) of the page.
async function axeFindings(page, scope = 'html') {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.addScriptTag({ content: readFileSync('node_modules/axe-core/axe.min.js', 'utf8') });
  return page.evaluate(async (scope) => (await window.axe.run(document.querySelector(scope), { resultTypes: ['violations'] })).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`), scope);
}
// The picture's zoom and pan (the transform of its outer group).
const picTransform = (page) => page.locator('svg.pic > g').first().getAttribute('transform');

const checks = {
  async 'first contact: a welcome card, New session, the / key, and nothing lost'() {
    const { page, problems, context } = await openPage(url, { wait: false, firstVisit: true });
    try {
      const dialog = page.getByRole('dialog', { name: 'Welcome to pidns-lab' });
      await dialog.waitFor({ timeout: 20000 });
      expectEq('axe on the welcome card', await axeFindings(page), []);
      await dialog.getByRole('button', { name: 'Start empty' }).click();
      await ready(page);
      expectEq('an empty world', await table(page).getByRole('row').count(), 2);
      await page.getByRole('button', { name: 'Bring back the previous session' }).click();
      expectEq('the example is back', (await cells(page, 'boot')).slice(0, 3), ['3', '1', '3/1']);
      await page.getByRole('button', { name: 'New session', exact: true }).click();
      expectEq('New session starts empty', await table(page).getByRole('row').count(), 2);
      await page.getByRole('button', { name: 'Bring back the previous session' }).click();
      expectEq('and can be undone', (await cells(page, 'boot')).length > 0, true);
      await page.reload({ waitUntil: 'load' });
      await ready(page);
      expectEq('no welcome card on the second visit', await page.getByRole('dialog').count(), 0);
      await page.locator('h1').click();
      await page.keyboard.press('/');
      expectEq('/ reaches the console', await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Console');
      await page.getByRole('button', { name: 'Welcome', exact: true }).click();
      await page.getByRole('dialog', { name: 'Welcome to pidns-lab' }).getByRole('button', { name: 'Start lesson 1' }).click();
      await page.getByRole('heading', { name: 'Your first pid namespace, and its pid 1' }).waitFor();
      if (problems.length) throw new Error(problems.join('; '));
    } finally {
      await context.close();
    }
  },
  async 'the app renders the example and the page is clean'({ page }) {
    expectEq('boot L0 L1 NSpid', (await cells(page, 'boot')).slice(0, 3), ['3', '1', '3/1']);
    await page.screenshot({ path: `${shots}/main.png`, fullPage: true });
  },
  async 'a typed scenario shows its pids per level'({ page }) {
    await type(page, 'worker clone newpid as deep\ndeep fork as leaf');
    const leaf = await cells(page, 'leaf');
    expectEq('leaf L0 L1 L2 NSpid', leaf.slice(0, 4), ['7', '5', '2', '7/5/2']);
    await page.getByRole('figure', { name: 'World' }).screenshot({ path: `${shots}/world.png` });
  },
  async 'the World picture comes first and names every process and namespace'({ page }) {
    const world = page.getByRole('figure', { name: 'World', exact: true });
    await world.waitFor();
    expectEq('first figure of the main view', await page.evaluate(() => document.querySelector('main figure')?.getAttribute('aria-label')), 'World');
    await type(page, 'boot clone newpid as box\nbox fork as job\nbox clone thread as t1\nworker exit\ninit fork as cron');
    const tree = world.getByRole('tree', { name: 'Process tree' });
    const items = await tree.getByRole('treeitem').evaluateAll((es) => es.map((e) => [e.getAttribute('aria-label'), e.getAttribute('aria-level'), e.getAttribute('aria-description')]));
    const item = (name) => items.find(([label]) => label.startsWith(`${name},`));
    expectEq('boot', item('boot'), ['boot, pid 3/1, running', '3', 'pid namespace level 1, init boot']);
    expectEq('worker', item('worker'), ['worker, pid 4/2, zombie', '4', 'pid namespace level 1, init boot']);
    expectEq('box', item('box'), ['box, pid 6/4/1, running, thread t1 tid 8/6/3', '4', 'pid namespace level 2, init box']);
    expectEq('shell', item('shell')[0], 'shell, pid 2, running, next children → level 1');
    expectEq('treeitems', items.length, 8);
    await tree.getByRole('treeitem', { name: /^boot, pid 3\/1, running/ }).waitFor();
    const groups = await tree.getByRole('group').evaluateAll((es) => es.map((e) => e.getAttribute('aria-label')));
    expectEq('regions', groups, ['pid namespace level 0, init init', 'pid namespace level 1, init boot', 'pid namespace level 2, init box']);
    expectEq('ppid 0 tags', await world.locator('.ppid0').count(), 3);
    expectEq('the new child is selected', await page.getByRole('heading', { name: 'Act as cron' }).count(), 1);
  },
  async 'no two nodes of the picture overlap and each lies inside its namespace region'({ page }) {
    await type(page, 'boot clone newpid as box\nbox fork as job\nbox clone thread as t1\ninit fork as out\nout setns boot\nout fork as joined\nworker exit\ninit fork as cron');
    const bad = await page.evaluate(() => {
      const out = [];
      const box = (el) => { const b = el.getBoundingClientRect(); return { x: b.x, y: b.y, r: b.x + b.width, b: b.y + b.height }; };
      const nodes = [...document.querySelectorAll('[role=treeitem]')].map((t) => ({ t, b: box(t.querySelector('rect.box')) }));
      for (let i = 0; i < nodes.length; i++) {
        const { t, b } = nodes[i];
        for (let j = i + 1; j < nodes.length; j++) {
          const o = nodes[j].b;
          if (b.x < o.r && o.x < b.r && b.y < o.b && o.y < b.b) out.push(`${t.getAttribute('aria-label')} overlaps ${nodes[j].t.getAttribute('aria-label')}`);
        }
        const g = t.parentElement.closest('[role=group]');
        if (!g) { out.push(`${t.getAttribute('aria-label')}: in no region`); continue; }
        if (g.getAttribute('aria-label') !== t.getAttribute('aria-description')) out.push(`${t.getAttribute('aria-label')}: in ${g.getAttribute('aria-label')}`);
        for (let r = g; r; r = r.parentElement.closest('[role=group]')) {
          const rb = box(r.querySelector(':scope > .region-box-wrap > rect.region-box'));
          if (!(rb.x <= b.x && rb.y <= b.y && b.r <= rb.r && b.b <= rb.b)) out.push(`${t.getAttribute('aria-label')} outside ${r.getAttribute('aria-label')}`);
        }
      }
      return out;
    });
    if (bad.length) throw new Error(bad.join('; '));
    // joined lives in boot's namespace under a parent outside it: a second piece, same name.
    expectEq('two level-1 regions', await page.getByRole('group', { name: 'pid namespace level 1, init boot', exact: true }).count(), 2);
  },
  async 'the picture is driven from the keyboard and by clicks'({ page }) {
    const tree = page.getByRole('tree', { name: 'Process tree' });
    const stop = tree.locator('[role=treeitem][tabindex="0"]');
    expectEq('one tab stop', await stop.count(), 1);
    await stop.focus();
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label')?.split(',')[0]);
    expectEq('tab stop on the selection', await focused(), 'init');
    await page.keyboard.press('ArrowDown');
    expectEq('ArrowDown', await focused(), 'shell');
    await page.keyboard.press('ArrowRight');
    expectEq('ArrowRight: first child', await focused(), 'boot');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowLeft');
    expectEq('ArrowLeft: parent', await focused(), 'boot');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Act as boot' }).waitFor();
    await tree.getByRole('treeitem', { name: /^second,/ }).click();
    await page.getByRole('heading', { name: 'Act as second' }).waitFor();
    await page.getByRole('button', { name: 'Table', exact: true }).click();
    expectEq('no picture in the table view', await page.getByRole('figure', { name: 'World' }).count(), 0);
    await table(page).waitFor();
    await page.getByRole('button', { name: 'Picture', exact: true }).click();
    await tree.waitFor();
  },
  async 'the picture viewed from a process dims what it cannot see'({ page }) {
    await page.getByRole('combobox', { name: 'View from' }).selectOption('boot');
    const world = page.getByRole('figure', { name: 'World' });
    expectEq('dimmed', (await world.locator('[role=treeitem].dimmed').evaluateAll((es) => es.map((e) => e.getAttribute('aria-label').split(',')[0]))), ['init', 'shell']);
    expectEq('worker chips', await world.locator('[data-for="pic-4"] .chip').allTextContents(), ['2L1']);
    expectEq('no chips on dimmed', await world.locator('.pnode.dimmed .chip').count(), 0);
  },
  async 'a signal travels as an arrow from sender to target with its name and fate'({ page }) {
    await type(page, 'init kill boot SIGTERM');
    const arrows = page.getByRole('figure', { name: 'World' }).locator('.signal');
    expectEq('SIGTERM to an init', await arrows.allTextContents(), ["SIGTERM: ignored by the namespace's init"]);
    expectEq('drawn as refused', await arrows.first().getAttribute('class'), 'signal refused');
    expectEq('and said', await page.locator('.narration').textContent(), "Step 6: init kill boot SIGTERM = 0. SIGTERM from init to boot: ignored by the namespace's init.");
    await type(page, 'init kill boot SIGKILL');
    expectEq('SIGKILL from an ancestor (the zap\'s are a flash)', await arrows.allTextContents(), ['SIGKILL: forced from an ancestor namespace']);
    const said = await page.locator('.narration').textContent();
    if (!said.includes("SIGKILL from init to boot: forced from an ancestor namespace. boot's namespace is zapped: every member gets SIGKILL.")) throw new Error(`narration: ${said}`);
    const zapped = await page.locator('.region.zap').evaluateAll((es) => es.map((e) => e.getAttribute('aria-label')));
    expectEq('the dead init\'s region flashes', zapped, ['pid namespace level 1, init boot']);
    await page.getByRole('button', { name: 'Undo' }).click();
    expectEq('undo replays no arrow', await arrows.count(), 0);
    await page.getByRole('button', { name: 'Redo' }).click();
    expectEq('redo replays no arrow', await arrows.count(), 0);
  },
  async 'presenter mode at 1920×1080: the picture fills the screen, chips readable, narration beside it, axe clean'({ page }) {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await type(page, 'boot clone newpid as box\nbox fork as job\ninit kill boot SIGTERM');
    await page.getByRole('button', { name: 'Presenter mode' }).click();
    const sizes = await page.locator('.pnode .chip').evaluateAll((es) => es.map((c) => [c.querySelector('rect').getBoundingClientRect().height, c.querySelector('.nr').getBoundingClientRect().height]));
    if (!sizes.length) throw new Error('no chips');
    const small = sizes.filter(([chip, nr]) => chip < 24 || nr < 24);
    if (small.length) throw new Error(`chips under 24 px: ${JSON.stringify(small)}`);
    const [svg, said] = await Promise.all([page.locator('svg.pic').boundingBox(), page.locator('.narration').boundingBox()]);
    if (svg.width < 900) throw new Error(`the picture is only ${svg.width}px wide`);
    if (!(said.x >= svg.x + svg.width - 1)) throw new Error('the narration is not beside the picture');
    const font = await page.locator('.narration').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    if (font < 24) throw new Error(`narration at ${font}px`);
    await page.screenshot({ path: `${shots}/presenter-picture.png` });
    const found = await axeFindings(page);
    if (found.length) throw new Error(found.join(' | '));
  },
  async 'on a phone the picture is visible and pans and pinch-zooms by touch'({ page }) {
    await page.setViewportSize({ width: 390, height: 844 });
    const svg = page.locator('svg.pic');
    await svg.scrollIntoViewIfNeeded();
    const b = await svg.boundingBox();
    if (!(b.width > 300 && b.height > 100)) throw new Error(`picture ${b.width}×${b.height}`);
    expectEq('touch-action', await svg.evaluate((e) => getComputedStyle(e).touchAction), 'none');
    const touch = (type, id, x, y) => svg.evaluate((e, [type, id, x, y]) => e.dispatchEvent(new PointerEvent(type, { pointerId: id, pointerType: 'touch', isPrimary: id === 1, clientX: x, clientY: y, buttons: type === 'pointerup' ? 0 : 1, bubbles: true, cancelable: true })), [type, id, x, y]);
    const [cx, cy] = [b.x + b.width / 2, b.y + b.height / 2];
    const before = await picTransform(page);
    await touch('pointerdown', 1, cx - 40, cy);
    await touch('pointerdown', 2, cx + 40, cy);
    await touch('pointermove', 2, cx + 120, cy);
    await touch('pointerup', 2, cx + 120, cy);
    const zoomed = await picTransform(page);
    if (!/scale\(2(\.0+)?\)/.test(zoomed)) throw new Error(`pinch: ${before} → ${zoomed}`);
    await touch('pointermove', 1, cx - 40, cy + 60);
    await touch('pointerup', 1, cx - 40, cy + 60);
    const panned = await picTransform(page);
    if (panned === zoomed || !/scale\(2(\.0+)?\)/.test(panned)) throw new Error(`pan: ${zoomed} → ${panned}`);
    await svg.evaluate((e) => e.closest('figure').scrollIntoView());
    await page.screenshot({ path: `${shots}/phone-picture.png` });
  },
  async 'a 10,000-process world opens, scrolls and passes axe'({ page }) {
    const text = Array.from({ length: 10000 }, (_, i) => `init fork as p${i}`).join('\n') + '\n';
    await page.getByLabel('Open session file').setInputFiles({ name: 'big.pns', mimeType: 'text/plain', buffer: Buffer.from(text) });
    await page.getByText('Opened big.pns: 10000 statements.').waitFor({ timeout: 60000 });
    await page.getByRole('treeitem', { name: /^\+\d+ processes/ }).first().waitFor();
    await page.locator('.legend').scrollIntoViewIfNeeded();
    await page.mouse.wheel(0, 2000);
    const found = await axeFindings(page);
    if (found.length) throw new Error(found.join(' | '));
  },
  async 'a large world collapses into +K processes and expands'({ page }) {
    await type(page, Array.from({ length: 320 }, (_, i) => `init fork as p${i}`).join('\n'));
    const more = page.getByRole('treeitem', { name: /^\+\d+ processes/ }).first();
    await more.waitFor();
    // Tiny at this width (every child on one row): opened from the keyboard, as zooming is separate.
    for (let i = 0; i < 5 && (await more.count()); i++) {
      const before = await page.getByRole('treeitem').count();
      await more.focus();
      await page.keyboard.press('Enter');
      await page.waitForFunction((n) => document.querySelectorAll('[role=treeitem]').length > n, before);
    }
    expectEq('init\'s children all shown', await page.getByRole('treeitem', { name: /^p\d+,/ }).count(), 320);
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
    const said = await page.locator('.narration').textContent();
    if (!/^Step 6: boot clone newpid as lvl2 = 4; in the flat model: EINVAL \(/.test(said)) throw new Error(`narration: ${said}`);
    expectEq('lvl2 in the multilevel table', (await cells(page, 'lvl2')).slice(0, 4), ['6', '4', '1', '6/4/1']);
    expectEq('no lvl2 in the flat table', (await cells(page, 'lvl2', 'Processes (flat)')).length, 0);
    const pictures = async (name) => page.getByRole('figure', { name, exact: true }).getByRole('treeitem', { name: /^lvl2,/ }).count();
    expectEq('lvl2 in the multilevel picture', await pictures('World, multilevel'), 1);
    expectEq('no lvl2 in the flat picture', await pictures('World, flat'), 0);
    await page.getByRole('figure', { name: 'World, flat', exact: true }).getByRole('treeitem', { name: /^boot, pid 3\/1, running/ }).waitFor();
    await page.screenshot({ path: `${shots}/compare.png`, fullPage: true });
  },
  async "an init's death shows its namespace's processes ending"({ page }) {
    await type(page, 'boot exit');
    const ended = await table(page).locator('tr.ended th.name').allTextContents();
    expectEq('ended rows', ended.map((s) => s.trim()), ['boot', 'worker', 'second']);
    expectEq('worker after zap', (await cells(page, 'worker')).slice(3, 4), ['gone']);
    const struck = await page.getByRole('figure', { name: 'World' }).locator('[role=treeitem].ended').evaluateAll((es) => es.map((e) => e.getAttribute('aria-label')));
    expectEq('struck through in the picture', struck.sort(), ['boot, pid 3/1, exiting, ended by the last step', 'second, pid 5/3, zombie, ended by the last step', 'worker, pid 4/2, gone, ended by the last step']);
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
    if (!/bad\.json: not a cost profile: unknown kind of work `fork`/.test(await alert.textContent())) throw new Error(`refusal: ${await alert.textContent()}`);
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
  async 'a share link opens exactly the session in a new browser'({ page }) {
    await type(page, 'worker clone newpid as deep\ndeep fork as leaf');
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByRole('combobox', { name: 'Model' }).selectOption('compare');
    await page.getByRole('button', { name: 'Share', exact: true }).click();
    const link = await page.getByRole('textbox', { name: 'Share link' }).inputValue();
    if (!/#s1\.[A-Za-z0-9_-]+$/.test(link)) throw new Error(`link: ${link}`);
    const other = await openPage(link);
    try {
      expectEq('deep in the shared session', (await cells(other.page, 'deep')).slice(0, 4), ['6', '4', '1', '6/4/1']);
      expectEq('undone step kept as redo', await other.page.getByRole('button', { name: 'Redo' }).isEnabled(), true);
      expectEq('compare mode', await other.page.getByRole('combobox', { name: 'Model' }).inputValue(), 'compare');
      if (other.page.url().includes('#')) throw new Error('the fragment stays in the address bar');
      if (other.problems.length) throw new Error(other.problems.join('; '));
    } finally {
      await other.context.close();
    }
  },
  async 'the session and settings are autosaved and restored on reload'({ page }) {
    await type(page, 'second clone newpid as kept');
    await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
    await page.waitForTimeout(900);
    await page.reload();
    await ready(page);
    expectEq('kept after reload', (await cells(page, 'kept')).slice(2, 3), ['1']);
    expectEq('theme after reload', await page.getByRole('combobox', { name: 'Theme' }).inputValue(), 'dark');
    expectEq('data-theme', await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  },
  async 'sessions save to .pns and JSON and open again, by picker and by drop'({ page }) {
    await type(page, 'boot clone newpid as filed');
    const save = async (name) => {
      const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
      return readFileSync(await dl.path(), 'utf8');
    };
    const pns = await save('Save .pns');
    const json = await save('Save JSON');
    if (!pns.includes('boot clone newpid as filed')) throw new Error(`pns: ${pns}`);
    if (JSON.parse(json).statements.length !== 6) throw new Error(`json: ${json}`);
    await type(page, 'init fork as later');
    await page.getByLabel('Open session file').setInputFiles({ name: 's.pns', mimeType: 'text/plain', buffer: Buffer.from(pns) });
    await page.getByText('Opened s.pns: 6 statements.').waitFor();
    expectEq('later gone', (await cells(page, 'later')).length, 0);
    expectEq('filed back', (await cells(page, 'filed')).slice(0, 4), ['6', '4', '1', '6/4/1']);
    await page.getByRole('button', { name: 'Bring back the previous session' }).click();
    expectEq('later back', (await cells(page, 'later')).length > 0, true);
    await page.evaluate((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'dropped.json', { type: 'application/json' }));
      document.querySelector('.app').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, json);
    await page.getByText('Opened dropped.json: 6 statements.').waitFor();
    expectEq('filed by drop', (await cells(page, 'filed')).slice(3, 4), ['6/4/1']);
  },
  async "a snapshot of a machine opens like any scenario, and killing its container's init zaps it"({ page }) {
    // The README's round trip, with the file `pidns snapshot` wrote there (header notes and a
    // comment on every line included).
    const snapshot = [
      '# pidns snapshot: 8 processes',
      '# note: 59 kernel threads left out (--kernel-threads includes them)',
      '# init: sh (host pid 15510)',
      'init fork set_tid 2 as sleep   # sleep (host pid 15511)',
      'init fork set_tid 4 as unshare   # unshare (host pid 15516)',
      'unshare clone newpid set_tid 1,6 as sh   # sh (host pid 15523), a new namespace',
      'sh fork set_tid 2,7 as sleep-2   # sleep (host pid 15524)',
      'init fork set_tid 50 as nsenter   # nsenter (host pid 15610)',
      'nsenter setns sh',
      'nsenter fork set_tid 4,51 as sleep-4   # sleep (host pid 15611)',
      '',
    ].join('\n');
    await page.getByLabel('Open session file').setInputFiles({ name: 'machine.pns', mimeType: 'text/plain', buffer: Buffer.from(snapshot) });
    await page.getByText('Opened machine.pns: 7 statements.').waitFor();
    const world = page.getByRole('figure', { name: 'World', exact: true });
    const labels = () => world.getByRole('treeitem').evaluateAll((es) => es.map((e) => e.getAttribute('aria-label')));
    expectEq('the real numbers at every level', (await labels()).filter((l) => /^(sh|sleep-2|sleep-4|nsenter),/.test(l)).sort(), [
      'nsenter, pid 50, running, next children → level 1',
      'sh, pid 6/1, running',
      'sleep-2, pid 7/2, running',
      'sleep-4, pid 51/4, running',
    ]);
    await type(page, 'init kill sh SIGKILL');
    const struck = await world.locator('[role=treeitem].ended').evaluateAll((es) => es.map((e) => e.getAttribute('aria-label')));
    expectEq("the container's processes go", struck.sort(), [
      'sh, pid 6/1, exiting, ended by the last step',
      'sleep-2, pid 7/2, gone, ended by the last step',
      'sleep-4, pid 51/4, zombie, ended by the last step',
    ]);
  },
  async 'bad links and files never cost the session and say why within a second'({ page, problems }) {
    await type(page, 'second fork as mine');
    await page.waitForTimeout(900);
    const before = await table(page).locator('tbody tr').allTextContents();
    const unchanged = async (what) => {
      expectEq(`${what}: session unchanged`, await table(page).locator('tbody tr').allTextContents(), before);
    };
    const notice = async (what, pattern) => {
      const t0 = Date.now();
      const el = page.locator('.notice.error');
      await el.waitFor({ timeout: 1000 }).catch(() => { throw new Error(`${what}: no notice within a second`); });
      const text = await el.textContent();
      if (!pattern.test(text)) throw new Error(`${what}: notice ${JSON.stringify(text)}`);
      if (Date.now() - t0 > 1000) throw new Error(`${what}: took ${Date.now() - t0} ms`);
      await page.getByRole('button', { name: 'Dismiss' }).click();
      await unchanged(what);
    };
    const good = await (async () => {
      await page.getByRole('button', { name: 'Share', exact: true }).click();
      return page.getByRole('textbox', { name: 'Share link' }).inputValue();
    })();
    for (const [what, frag, pattern] of [
      ['garbage link', '#s1.!!!not-base64', /link could not be opened: the link is damaged/],
      ['truncated link', good.slice(good.indexOf('#'), good.indexOf('#') + 20), /damaged or cut short/],
      ['newer link', '#s9.AAAA', /newer pidns-lab \(format 9\)/],
      ['foreign link', '#hello', /not a pidns-lab link/],
    ]) {
      // In the same tab (the fragment changes), then in a fresh load.
      await page.evaluate((f) => { location.hash = f; }, frag);
      await notice(`${what} (pasted)`, pattern);
      await page.goto('about:blank');
      await page.goto(url + frag);
      await ready(page);
      await notice(what, pattern);
    }
    await page.goto(url);
    await ready(page);
    const open = (name, buffer) => page.getByLabel('Open session file').setInputFiles({ name, mimeType: 'application/octet-stream', buffer });
    const garbage = Buffer.alloc(10 * 1024 * 1024, 0x9f);
    await open('garbage.pns', garbage);
    await notice('10 MB garbage', /garbage\.pns: 10485760 bytes; at most 4194304/);
    await open('deep.json', Buffer.from('{"format":1,"statements":' + '['.repeat(200000)));
    await notice('deeply nested JSON', /deep\.json: not a pidns-lab session/);
    await open('errors.pns', Buffer.from('init frok\n'.repeat(5000)));
    await notice('5000 errors', /5000 statement\(s\) do not parse: line 1, col 6: unknown verb 'frok'/);
    await open('many.pns', Buffer.from('init getpid\n'.repeat(20001)));
    await notice('too many statements', /20001 statements or more; a session holds at most 20000/);
    await open('html.pns', Buffer.from('init fork as <img src=x onerror=alert(1)>\n'));
    await notice('html name in a file', /do not parse/);
    await type(page, 'init fork as <b>bold</b>');
    const err = await page.locator('.console .errors').textContent();
    if (!err.includes('<b>bold</b>') && !err.includes('<b>')) throw new Error(`console error: ${err}`);
    expectEq('no markup injected', await page.locator('.console .errors b, img[src=x]').count(), 0);
    await unchanged('html name typed');
    // The wrong kinds of problem are not console errors of the app.
    problems.splice(0, problems.length, ...problems.filter((p) => !p.includes('favicon')));
  },
  async 'lesson progress exports and imports'({ page }) {
    await page.getByRole('tab', { name: 'Lessons' }).click();
    await page.getByRole('button', { name: 'Threads: tgid and tid at every level' }).click();
    for (let i = 0; i < 5; i++) await page.getByRole('button', { name: /^(Reveal|Run step)$/ }).click();
    await page.getByRole('button', { name: 'Close lesson' }).click();
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export progress' }).click()]);
    const saved = readFileSync(await dl.path(), 'utf8');
    const other = await openPage();
    try {
      await other.page.getByRole('tab', { name: 'Lessons' }).click();
      const imp = other.page.getByLabel('Import progress');
      await imp.setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"x": {"done": true, "asked": 1, "right": 9}}') });
      await other.page.getByText(/Could not import bad\.json: not lesson progress/).waitFor();
      await imp.setInputFiles({ name: 'p.json', mimeType: 'application/json', buffer: Buffer.from(saved) });
      await other.page.getByText('Imported progress for 1 lesson(s).').waitFor();
      const item = other.page.getByRole('list', { name: 'Lessons' }).locator('li').nth(6);
      if (!/✓ done/.test(await item.textContent())) throw new Error(`imported: ${await item.textContent()}`);
    } finally {
      await other.context.close();
    }
  },
  async 'axe finds no serious or critical problem, light and dark, on every panel'({ page }) {
    const axe = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');
    const found = [];
    for (const theme of ['light', 'dark']) {
      await page.getByRole('combobox', { name: 'Theme' }).selectOption(theme);
      for (const tab of ['Build', 'Lessons', 'Costs']) {
        await page.getByRole('tab', { name: tab }).click();
        if (tab === 'Lessons' && theme === 'dark') {
          await page.getByRole('button', { name: 'Your first pid namespace, and its pid 1' }).click();
          await page.getByRole('textbox', { name: 'Your prediction' }).fill('3');
          await page.getByRole('button', { name: 'Reveal' }).click();
        }
        if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.addScriptTag({ content: axe });
        const res = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`));
        found.push(...res.map((r) => `${theme}/${tab}: ${r}`));
      }
    }
    if (found.length) throw new Error(found.join(' | '));
  },
  async 'on a phone the panels stack and nothing overflows sideways'({ page }) {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('tab', { name: 'Lessons' }).click();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 1) throw new Error(`the page is ${overflow}px wider than the phone`);
    const [world, side] = await Promise.all([page.locator('.world').boundingBox(), page.locator('.side').boundingBox()]);
    if (!(side.y >= world.y + world.height - 1)) throw new Error('the side panel is not below the world');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${shots}/phone.png`, fullPage: false });
  },
  async 'keyboard only: build a nested namespace and undo it'({ page }) {
    let reached = false;
    for (let i = 0; i < 80 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.getAttribute('aria-label') === 'Console');
    }
    if (!reached) throw new Error('Tab never reaches the console');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    if (outline === 'none') throw new Error('no visible focus on the console');
    await page.keyboard.type('init clone newpid as a');
    await page.keyboard.press('Enter');
    await page.keyboard.type('a clone newpid as b');
    await page.keyboard.press('Enter');
    expectEq('b NSpid', (await cells(page, 'b')).slice(3, 4), ['7/2/1']);
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+z');
    expectEq('undone', (await cells(page, 'a')).length, 0);
    await page.keyboard.press('Control+Shift+z');
    expectEq('redone', (await cells(page, 'a')).slice(2, 3), ['6/1']);
  },
};

await runChecks(browser, checks, () => openPage());
