// Classroom end-to-end tests (issue 12) of the built app (dist/) in Debian's
// Chromium through playwright-core, in the manner of e2e/app.mjs: each check
// gets a fresh page, and any console error, page error or failed request
// fails it. Usage: node e2e/classroom.mjs URL
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { expectEq, freshPage, launch, runChecks } from './harness.mjs';

const url = process.argv[2];
if (!url) {
  console.error('usage: node e2e/classroom.mjs URL');
  process.exit(2);
}
const browser = await launch();
const axeSource = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');

async function openPage() {
  const opened = await freshPage(browser, url);
  await opened.page.getByRole('heading', { level: 1, name: 'pidns-lab' }).waitFor({ timeout: 20000 });
  await opened.page.getByRole('table', { name: 'Processes', exact: true }).waitFor();
  return opened;
}
function expectMatch(what, got, re) {
  if (!re.test(got)) throw new Error(`${what}: ${JSON.stringify(got)} does not match ${re}`);
}
async function type(page, text) {
  const box = page.getByRole('textbox', { name: 'Console' });
  await box.fill(text);
  await box.press('Enter');
}
async function predict(page, guess) {
  const answer = page.getByRole('textbox', { name: 'Your prediction' });
  await answer.fill(guess);
  await answer.press('Enter');
}
// axe's serious and critical findings on the page as it is, in both themes.
async function axe(page, where) {
  const found = [];
  for (const theme of ['light', 'dark']) {
    await page.evaluate((t) => { document.documentElement.dataset.theme = t; }, theme);
    if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.addScriptTag({ content: axeSource });
    const res = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`));
    found.push(...res.map((r) => `${theme}/${where}: ${r}`));
  }
  return found;
}
async function openWorksheet(page, n) {
  await page.getByRole('spinbutton', { name: 'Exercise number' }).fill(String(n));
  await page.getByRole('button', { name: 'Print worksheet' }).click();
  const sheet = page.getByRole('region', { name: 'Worksheet' });
  await sheet.waitFor();
  return sheet;
}

const checks = {
  async 'a lesson end to end with a wrong prediction: why, Q&A log, Next lesson, progress'({ page }) {
    await page.getByRole('tab', { name: 'Lessons' }).click();
    await page.getByRole('button', { name: 'Your first pid namespace, and its pid 1' }).click();
    const goal = page.getByRole('region', { name: 'Goal' });
    expectEq('masked goal', await goal.locator('code').first().textContent(), 'expect box pid = …');
    if (/\b1\b|3\/1/.test(await goal.locator('p').first().textContent())) throw new Error('the goal text gives an answer away');
    expectEq('man page link', await page.getByRole('link', { name: 'pid_namespaces(7)' }).getAttribute('href'), 'https://man7.org/linux/man-pages/man7/pid_namespaces.7.html');
    await predict(page, '7');
    const reveal = page.locator('.reveal');
    expectMatch('wrong reveal', await reveal.textContent(), /You said 7\. The kernel returned 3 — not quite\.Not quite, and that is a good guess to learn from\. Why: alloc_pid\(\)/);
    await predict(page, '1');
    expectMatch('right reveal', await reveal.textContent(), /right!Why: The first pid/);
    await predict(page, '0');
    expectEq('still masked before the last question', await goal.locator('code').first().textContent(), 'expect box pid = …');
    await predict(page, '2');
    expectEq('goal shown after the last reveal', await goal.locator('code').first().textContent(), 'expect box pid = 1');
    expectEq('goal', await goal.locator('h4').textContent(), 'Goal reached ✓');
    const log = page.locator('.qa-log li');
    expectEq('Q&A log entries', await log.count(), 4);
    expectMatch('first log entry', await log.first().textContent(), /What does clone\(\) return to shell\? — you said 7; the kernel: 3 ✗/);
    expectEq('log classes', await log.evaluateAll((es) => es.map((e) => e.className)), ['wrong', 'right', 'right', 'right']);
    await page.getByRole('button', { name: /^Next lesson: unshare/ }).click();
    await page.getByRole('heading', { name: 'unshare(CLONE_NEWPID) versus clone(CLONE_NEWPID)' }).waitFor();
    await predict(page, '0');
    await page.getByRole('button', { name: 'Close lesson' }).click();
    const items = page.getByRole('list', { name: 'Lessons' }).locator('li');
    expectMatch('lesson 1 in the list', await items.nth(0).textContent(), /✓ done\s+3\/4 predicted/);
    expectMatch('lesson 2 in the list', await items.nth(1).textContent(), /in progress\s+1\/1 predicted/);
    if (/in progress/.test(await items.nth(0).textContent())) throw new Error('a done lesson says in progress');
  },
  async 'every exercise step has a why'({ page }) {
    await page.getByRole('tab', { name: 'Lessons' }).click();
    await page.getByRole('spinbutton', { name: 'Exercise number' }).fill('3');
    await page.getByRole('button', { name: 'Start exercise' }).click();
    for (let i = 0; i < 8; i++) {
      await page.getByRole('button', { name: 'Reveal' }).click();
      expectMatch(`why of step ${i + 1}`, await page.locator('.reveal .why').textContent(), /^Why: .{20,}/);
    }
  },
  async 'the console keeps a statement with a parse error, and an unknown name is named'({ page }) {
    const box = page.getByRole('textbox', { name: 'Console' });
    await type(page, 'init frok as x');
    await page.locator('.console .errors[role=alert]').waitFor();
    expectEq('text kept', await box.inputValue(), 'init frok as x');
    await box.fill('');
    await box.press('ArrowUp');
    expectEq('in ↑ history', await box.inputValue(), 'init frok as x');
    await type(page, 'zed getpid');
    expectMatch('narration', await page.locator('.narration').textContent(), /ESRCH.*no process is named zed/);
    for (let i = 0; i < 14; i++) await type(page, 'init getpid');
    const end = await page.locator('.console .sent').evaluate((e) => e.scrollHeight - e.clientHeight - e.scrollTop);
    if (end > 2) throw new Error(`the history is ${end}px from its newest line`);
  },
  async 'charts have axis titles, ticks, legends, a marked break and a computed conclusion'({ page }) {
    await page.getByRole('tab', { name: 'Costs' }).click();
    const depth = page.getByRole('figure', { name: 'Overhead by depth' });
    expectMatch('depth conclusion', await depth.locator('.conclusion').textContent(), /^Each level adds [\d.]+ (ns|µs) to fork\+exit\+wait.*getpid does not grow with depth\.$/);
    for (const svg of await depth.locator('svg.depth').all()) {
      expectEq('axis titles', await svg.locator('.axis-title').count(), 2);
      if ((await svg.locator('.tick').count()) < 12) throw new Error('too few ticks');
    }
    if ((await depth.locator('.axis-break').count()) < 1) throw new Error('a zoomed axis has no marked break');
    // No title, tick or label runs out of its chart (where the figure would clip it).
    const outside = await page.locator('.costs svg').evaluateAll((svgs) => svgs.flatMap((svg) => {
      const b = svg.getBoundingClientRect();
      return [...svg.querySelectorAll('text')].filter((t) => {
        const r = t.getBoundingClientRect();
        return r.width > 0 && (r.left < b.left - 1 || r.right > b.right + 1 || r.top < b.top - 1 || r.bottom > b.bottom + 1);
      }).map((t) => t.textContent);
    }));
    expectEq('chart text outside its chart', outside, []);
    await depth.locator('.legend').waitFor();
    const seed = page.getByRole('figure', { name: 'Seed results' });
    expectMatch('seed conclusion', await seed.locator('.conclusion').textContent(), /of 6 nptl rows/);
    await seed.locator('.legend').waitFor();
    expectMatch('totals conclusion', await page.getByRole('figure', { name: 'Scenario cost' }).locator('.conclusion').textContent(), /operations\.$/);
    const clipped = await page.locator('.table-box').evaluateAll((es) => es.filter((e) => e.scrollHeight > e.clientHeight + 1).length);
    expectEq('clipped tables', clipped, 0);
    const found = await axe(page, 'Costs');
    if (found.length) throw new Error(found.join(' | '));
  },
  async 'a seeded exercise prints as a worksheet with a separate answer key'({ page }) {
    await page.getByRole('tab', { name: 'Lessons' }).click();
    await page.evaluate(() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; });
    const sheet = await openWorksheet(page, 7);
    expectEq('print called', await page.evaluate(() => window.__printed), 1);
    expectEq('questions', await sheet.locator('.questions li').count(), 8);
    expectEq('blanks', await sheet.locator('.questions .blank').count(), 8);
    const key = sheet.getByRole('region', { name: 'Answer key' });
    expectEq('answers', await key.locator('li strong').count(), 8);
    const first = await sheet.textContent();
    await page.getByRole('button', { name: 'Close worksheet' }).click();
    expectEq('same number, same sheet', await (await openWorksheet(page, 7)).textContent(), first);
    await page.getByRole('button', { name: 'Close worksheet' }).click();
    if ((await (await openWorksheet(page, 8)).textContent()) === first) throw new Error('another number gives the same sheet');
    await page.getByRole('button', { name: 'Close worksheet' }).click();
    await openWorksheet(page, 7);
    const screenFound = await axe(page, 'worksheet');
    await page.emulateMedia({ media: 'print' });
    const look = await page.evaluate(() => ({
      sheet: getComputedStyle(document.querySelector('.worksheet')).visibility,
      title: getComputedStyle(document.querySelector('h1')).visibility,
      table: getComputedStyle(document.querySelector('table.processes')).visibility,
      close: getComputedStyle(document.querySelector('.worksheet .no-print')).display,
      key: getComputedStyle(document.querySelector('.answer-key')).breakBefore,
      top: Math.round(document.querySelector('.worksheet').getBoundingClientRect().top + window.scrollY),
    }));
    expectEq('print view', look, { sheet: 'visible', title: 'hidden', table: 'hidden', close: 'none', key: 'page', top: 0 });
    await page.emulateMedia({ media: 'screen' });
    if (screenFound.length) throw new Error(screenFound.join(' | '));
  },
  async 'on a phone the Name column stays in view'({ page }) {
    await page.setViewportSize({ width: 390, height: 844 });
    await type(page, 'init clone newpid as a\na clone newpid as b\nb clone newpid as c\nc clone newpid as d');
    const pos = await page.locator('table.processes th.name').first().evaluate((e) => getComputedStyle(e).position);
    expectEq('Name column', pos, 'sticky');
  },
  async 'Copy embed code gives an iframe that shows the picture, timeline and step controls on a slide, stepped by keys'({ page, context }) {
    await type(page, 'boot clone newpid as deep\ndeep fork as leaf');
    const saved = await page.evaluate(() => new Promise((done) => setTimeout(() => done(localStorage.getItem('pidns-lab.session')), 900)));
    // Settings the embed must leave alone (it would write its own defaults over them).
    const settings = '{"theme":"dark","speed":"slow"}';
    await page.evaluate((v) => localStorage.setItem('pidns-lab.settings', v), settings);
    await page.getByRole('button', { name: 'Copy embed code' }).click();
    const code = await page.getByRole('textbox', { name: 'Embed code' }).inputValue();
    expectMatch('embed code', code, /^<iframe src="http:\/\/[^"]+\?embed#s1\.[A-Za-z0-9_-]+" width="960" height="540" title="pidns-lab: [^"]+" style="border:0" loading="lazy"><\/iframe>$/);
    // A slide on another origin (another port) with the snippet pasted in.
    const slides = createServer((req, res) => {
      if (req.url !== '/') res.writeHead(204);
      res.end(req.url === '/' ? `<!doctype html><html lang="en"><title>Slide</title><h1>Slide 3</h1>${code}` : '');
    });
    await new Promise((done) => slides.listen(0, '127.0.0.1', done));
    context.on('close', () => slides.close());
    await page.goto(`http://127.0.0.1:${slides.address().port}/`);
    const frame = page.frameLocator('iframe');
    const world = frame.getByRole('figure', { name: 'World', exact: true });
    await world.waitFor({ timeout: 20000 });
    const leaf = frame.getByRole('treeitem', { name: /^leaf, pid 7\/5\/2, running/ });
    await leaf.waitFor();
    expectEq('the page chrome is not embedded', [
      await frame.getByRole('status').count(),
      await frame.getByRole('heading', { name: 'pidns-lab' }).count(),
      await frame.getByRole('tab').count(),
      await frame.getByRole('combobox', { name: 'Model' }).count(),
      await frame.getByRole('textbox', { name: 'Console' }).count(),
      await frame.getByRole('table', { name: 'Processes' }).count(),
    ], [0, 0, 0, 0, 0, 0]);
    const controls = frame.getByRole('toolbar', { name: 'Step controls' });
    expectEq('step controls', await controls.getByRole('slider', { name: 'Step' }).inputValue(), '7');
    await frame.getByRole('heading', { name: /^Timeline/ }).waitFor();
    const fits = await frame.locator('.app.embed').evaluate((e) => {
      const r = e.getBoundingClientRect();
      const w = e.querySelector('.world');
      return r.width <= innerWidth && r.height <= innerHeight + 1 && document.scrollingElement.scrollHeight <= innerHeight + 1
        && w.scrollHeight <= w.clientHeight + 1;
    });
    expectEq('fits the 960×540 frame', fits, true);
    // Presenter keys: ← back, → forward, once the frame has the focus.
    await world.click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('ArrowLeft');
    await leaf.waitFor({ state: 'detached' });
    expectEq('back one step', await controls.getByRole('slider', { name: 'Step' }).inputValue(), '6');
    await page.keyboard.press('ArrowRight');
    await leaf.waitFor();
    // The table instead of the picture, and the full app a link away.
    await frame.getByRole('button', { name: 'Table' }).click();
    await frame.getByRole('table', { name: 'Processes' }).waitFor();
    expectEq('picture hidden', await world.count(), 0);
    expectMatch('open in pidns-lab', await frame.getByRole('link', { name: 'Open in pidns-lab' }).getAttribute('href'), /^http:\/\/[^?]+#s1\./);
    // Nothing of the visitor's own session is touched by the embedded one, left on another step.
    await controls.getByRole('button', { name: '← Back' }).click();
    expectEq('Back', await controls.getByRole('slider', { name: 'Step' }).inputValue(), '6');
    const after = await frame.locator('body').evaluate(() => new Promise((done) => setTimeout(() => done([
      localStorage.getItem('pidns-lab.session'), localStorage.getItem('pidns-lab.settings')]), 900)));
    expectEq('autosave and settings untouched', after, [saved, settings]);
    // Space on a focused control, and arrows in the picture's tree, are theirs, not presenter mode's.
    await frame.getByRole('button', { name: 'Picture' }).focus();
    await page.keyboard.press(' ');
    expectEq('Space pressed Picture', await frame.getByRole('button', { name: 'Picture' }).getAttribute('aria-pressed'), 'true');
    await frame.getByRole('treeitem', { name: /^deep,/ }).focus();
    await page.keyboard.press('ArrowLeft');
    expectEq('keys kept by their controls', await controls.getByRole('slider', { name: 'Step' }).inputValue(), '6');
    const f = page.frames().find((x) => x !== page.mainFrame());
    const found = [];
    for (const theme of ['light', 'dark']) {
      await f.evaluate((t) => { document.documentElement.dataset.theme = t; }, theme);
      if (!(await f.evaluate(() => typeof window.axe !== 'undefined'))) await f.addScriptTag({ content: axeSource });
      found.push(...(await f.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes[0].target.join(' ')}`))).map((x) => `${theme}/embed: ${x}`));
    }
    if (found.length) throw new Error(found.join(' | '));
  },
  async 'axe finds no serious or critical problem on the lesson views, light and dark'({ page }) {
    await page.getByRole('tab', { name: 'Lessons' }).click();
    await page.getByRole('button', { name: 'Threads: tgid and tid at every level' }).click();
    await predict(page, '9');
    const found = await axe(page, 'lesson after a wrong prediction');
    for (let i = 0; i < 4; i++) await page.getByRole('button', { name: /^(Reveal|Run step)$/ }).click();
    await page.locator('.next-lesson').waitFor();
    found.push(...(await axe(page, 'lesson end with Q&A log')));
    await page.getByRole('button', { name: 'Close lesson' }).click();
    found.push(...(await axe(page, 'lesson list')));
    if (found.length) throw new Error(found.join(' | '));
  },
};

await runChecks(browser, checks, openPage);
