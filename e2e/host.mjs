// The built dist/ as a class would host it: served under a sub-path by a
// plain static server (nothing at /, precompressed .br/.gz files preferred),
// and offline after one visit (service worker). Starts its own tiny server.
// Usage: node e2e/host.mjs DIST [SUBPATH]   e.g. node e2e/host.mjs dist /os/pidns/
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';

const dist = resolve(process.argv[2] || 'dist');
const sub = (process.argv[3] || '/pidns-lab/class/').replace(/^\/?/, '/').replace(/\/?$/, '/');
if (!existsSync(join(dist, 'index.html'))) {
  console.error(`usage: node e2e/host.mjs DIST [SUBPATH] (no ${dist}/index.html)`);
  process.exit(2);
}

const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml', '.webmanifest': 'application/manifest+json', '.json': 'application/json',
};
// A static host: SUBPATH maps to DIST, SUBPATH without its slash redirects,
// everything else is 404. `down` makes it refuse every request (network off).
const log = [];
let down = false;
let nextSw = null; // when set, served as SUBPATH/sw.js: a new build's worker
const server = createServer((req, res) => {
  if (down) { req.socket.destroy(); return; }
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  log.push(path);
  if (nextSw && path === `${sub}sw.js`) { res.writeHead(200, { 'content-type': 'text/javascript' }).end(nextSw); return; }
  if (path === sub.slice(0, -1)) { res.writeHead(301, { location: sub }).end(); return; }
  if (!path.startsWith(sub)) { res.writeHead(404).end('not here'); return; }
  let file = normalize(join(dist, path.slice(sub.length)));
  if (!file.startsWith(dist)) { res.writeHead(403).end(); return; }
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
  if (!existsSync(file)) { res.writeHead(404).end('no such file'); return; }
  const headers = { 'content-type': types[extname(file)] || 'application/octet-stream', vary: 'accept-encoding' };
  const accept = req.headers['accept-encoding'] || '';
  let body = readFileSync(file);
  for (const [enc, ext] of [['br', '.br'], ['gzip', '.gz']]) {
    if (accept.includes(enc) && existsSync(file + ext)) {
      body = readFileSync(file + ext);
      headers['content-encoding'] = enc;
      break;
    }
  }
  res.writeHead(200, headers).end(body);
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const origin = `http://127.0.0.1:${server.address().port}`;
const url = origin + sub;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

async function openPage() {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, reducedMotion: 'reduce' });
  await context.addInitScript(() => { try { localStorage.setItem('pidns-lab.welcomed', '1'); } catch { /* no storage in this frame */ } });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => {
    // Errors, and the warning index.html logs when the service worker fails.
    if (m.type() === 'error' || m.text().startsWith('no offline copy')) problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  return { page, context, problems };
}
async function ready(page) {
  await page.getByRole('heading', { level: 1, name: 'pidns-lab' }).waitFor({ timeout: 20000 });
  await page.getByRole('table', { name: 'Processes', exact: true }).waitFor();
}
// Types a statement in the console and waits for its process's row.
async function runsStatement(page, name) {
  const box = page.getByRole('textbox', { name: 'Console' });
  await box.fill(`init fork as ${name}`);
  await box.press('Enter');
  const row = page.getByRole('table', { name: 'Processes', exact: true }).locator('tbody tr')
    .filter({ has: page.locator('th.name', { hasText: new RegExp(`^${name}$`) }) });
  await row.waitFor({ timeout: 5000 });
}

const checks = {
  async [`the app works under ${sub}, nothing requested outside it`]() {
    const { page, context, problems } = await openPage();
    try {
      log.length = 0;
      await page.goto(url, { waitUntil: 'load' });
      await ready(page);
      await runsStatement(page, 'student');
      const outside = log.filter((p) => !p.startsWith(sub));
      if (outside.length) throw new Error(`requested outside ${sub}: ${outside.join(', ')}`);
      const manifest = await page.evaluate(async () => {
        const href = document.querySelector('link[rel=manifest]').href;
        const m = await (await fetch(href)).json();
        const icons = await Promise.all(m.icons.map(async (i) => (await fetch(new URL(i.src, href))).status));
        return { name: m.name, icons };
      });
      if (!manifest.name || manifest.icons.some((s) => s !== 200)) throw new Error(`manifest: ${JSON.stringify(manifest)}`);
      if (problems.length) throw new Error(problems.join('; '));
    } finally {
      await context.close();
    }
  },
  async 'a sub-path without its slash redirects, and nothing is served at /'() {
    const r1 = await fetch(origin + sub.slice(0, -1), { redirect: 'manual' });
    if (r1.status !== 301) throw new Error(`${sub.slice(0, -1)}: HTTP ${r1.status}`);
    const r2 = await fetch(origin + '/');
    if (r2.status !== 404) throw new Error(`/: HTTP ${r2.status}`);
  },
  async 'every text and wasm file has .gz and .br twins with the same bytes'() {
    const res = await fetch(url, { headers: { 'accept-encoding': 'br' } });
    if (res.headers.get('content-encoding') !== 'br') throw new Error('index.html was not served as brotli');
    const html = readFileSync(join(dist, 'index.html'), 'utf8');
    const wasm = html.match(/[\w.-]+_bg\.wasm/)?.[0];
    const names = ['index.html', 'sw.js', 'manifest.webmanifest', 'icon.svg', wasm, html.match(/[\w.-]+\.css/)?.[0]];
    for (const name of names) {
      if (!name) throw new Error(`index.html names no wasm or css: ${names}`);
      const raw = readFileSync(join(dist, name));
      if (!gunzipSync(readFileSync(join(dist, `${name}.gz`))).equals(raw)) throw new Error(`${name}.gz differs`);
      if (!brotliDecompressSync(readFileSync(join(dist, `${name}.br`))).equals(raw)) throw new Error(`${name}.br differs`);
    }
  },
  async 'after one visit the app loads and works with the network off'() {
    const { page, context, problems } = await openPage();
    try {
      await page.goto(url, { waitUntil: 'load' });
      await ready(page);
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 10000 })
        .catch(() => { throw new Error('no service worker controls the page within 10 s'); });
      const cached = await page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('pidns-lab-')));
      if (cached.length !== 1) throw new Error(`caches: ${cached}`);
      down = true;
      await context.setOffline(true);
      await page.reload({ waitUntil: 'load' });
      await ready(page);
      await runsStatement(page, 'offline');
      if (problems.length) throw new Error(problems.join('; '));
    } finally {
      down = false;
      await context.close();
    }
  },
  async 'a new build replaces the cache: new name, the old one deleted'() {
    const { page, context, problems } = await openPage();
    try {
      await page.goto(url, { waitUntil: 'load' });
      await ready(page);
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 10000 });
      const sw = readFileSync(join(dist, 'sw.js'), 'utf8');
      const version = sw.match(/^const VERSION = "([0-9a-f]+)";/m)?.[1];
      if (!version) throw new Error('sw.js has no build version (the trunk hook did not run)');
      nextSw = sw.replace(`"${version}"`, '"nextbuild"');
      await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
      const ours = () => page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('pidns-lab-')).join(' '));
      let now = await ours();
      for (let i = 0; i < 100 && now !== 'pidns-lab-nextbuild'; i++) {
        await page.waitForTimeout(100);
        now = await ours();
      }
      if (now !== 'pidns-lab-nextbuild') throw new Error(`caches after the update: ${now} (was pidns-lab-${version})`);
      if (problems.length) throw new Error(problems.join('; '));
    } finally {
      nextSw = null;
      await context.close();
    }
  },
};

let passed = 0;
let failed = 0;
for (const [name, check] of Object.entries(checks)) {
  try {
    await check();
    passed += 1;
    console.log(`ok   ${name}`);
  } catch (e) {
    failed += 1;
    console.log(`FAIL ${name}: ${e.message.split('\n')[0]}`);
  }
}
await browser.close();
server.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
