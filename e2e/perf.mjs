// Benchmark (not a pass/fail test): from a statement entered in the console
// to the DOM updated, with 1,000 processes and with 10,000 across 8 levels;
// and undo, redo and slider moves. Prints medians in ms: to the DOM updated,
// and to the next animation frame (which waits for the display's vsync).
// Usage: node e2e/perf.mjs URL
import { chromium } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const url = process.argv[2];
const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'pidns-perf-')), {
await context.addInitScript(() => { try { localStorage.setItem('pidns-lab.welcomed', '1'); } catch { /* no storage in this frame */ } });
  executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1400, height: 950 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

function scenario(n, levels) {
  const lines = [];
  let parent = 'init';
  for (let l = 1; l <= levels; l++) { lines.push(`${parent} clone newpid as n${l}`); parent = `n${l}`; }
  for (let i = 0; i < n; i++) lines.push(`n${(i % levels) + 1} fork as q${i}`.replace('n0', 'init'));
  return lines.join('\n');
}

// Runs `act` in the page; returns the ms until the DOM is updated (the
// narration, rendered last, changed) and until the next animation frame.
const timed = (page, act) => page.evaluate(async (act) => {
  const narr = document.querySelector('.narration');
  const before = narr.textContent;
  let dom = 0;
  const done = new Promise((r) => {
    const obs = new MutationObserver(() => { if (narr.textContent !== before) { dom = performance.now() - t0; obs.disconnect(); r(); } });
    obs.observe(narr, { childList: true, subtree: true, characterData: true });
  });
  const t0 = performance.now();
  if (act.kind === 'type') {
    const box = document.querySelector('textarea[aria-label="Console"]');
    box.value = act.text;
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
  } else if (act.kind === 'click') {
    [...document.querySelectorAll('button')].find((b) => b.textContent === act.name).click();
  } else {
    const s = document.querySelector('input[aria-label="Step"]');
    s.value = String(act.value);
    s.dispatchEvent(new Event('input', { bubbles: true }));
  }
  await done;
  await new Promise((r) => requestAnimationFrame(() => r()));
  return { dom, frame: performance.now() - t0 };
}, act);

const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const show = (v) => `${median(v.map((x) => x.dom)).toFixed(1)} ms (max ${Math.max(...v.map((x) => x.dom)).toFixed(1)}; next frame ${median(v.map((x) => x.frame)).toFixed(1)})`;

for (const [n, levels] of [[1000, 1], [10000, 8]]) {
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  await page.getByRole('heading', { level: 1, name: 'pidns-lab' }).waitFor({ timeout: 20000 });
  const t0 = Date.now();
  await timed(page, { kind: 'type', text: scenario(n, levels) });
  const loadMs = Date.now() - t0;
  const stmt = [], undo = [], redo = [], slide = [];
  for (let i = 0; i < 15; i++) stmt.push(await timed(page, { kind: 'type', text: `init fork as extra${i}` }));
  const rows = await page.evaluate(() => document.querySelector('table').getAttribute('aria-rowcount') - 1);
  for (let i = 0; i < 10; i++) {
    undo.push(await timed(page, { kind: 'click', name: 'Undo' }));
    redo.push(await timed(page, { kind: 'click', name: 'Redo' }));
  }
  const len = n + levels + 5 + 15;
  for (let i = 0; i < 10; i++) slide.push(await timed(page, { kind: 'slide', value: Math.floor(len / 2) + (i % 2 ? 7 : -7) }));
  console.log(`${n} processes over ${levels} level(s) (${rows} table rows; pasting the scenario took ${loadMs} ms):`);
  console.log(`  statement -> DOM: median ${show(stmt)}`);
  console.log(`  undo: median ${show(undo)}`);
  console.log(`  redo: median ${show(redo)}`);
  console.log(`  slider jump of ~${Math.floor(len / 2)} steps: median ${show(slide)}`);
  await page.close();
}
await context.close();
