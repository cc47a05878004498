// trunk post_build hook (Trunk.toml): writes the list of files trunk emitted
// and a hash of their contents into the staged sw.js, so the service worker
// caches exactly this build and a new build is a new cache.
// Usage: node scripts/sw-assets.mjs [DIR]   (default: $TRUNK_STAGING_DIR)
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const dir = process.argv[2] || process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('sw-assets: no directory (run as a trunk hook, or give one)');
  process.exit(2);
}
const sw = join(dir, 'sw.js');
const skip = (name) => name === 'sw.js' || name.endsWith('.gz') || name.endsWith('.br') || name.startsWith('.');

function walk(d) {
  return readdirSync(d, { withFileTypes: true }).flatMap((e) => {
    if (skip(e.name)) return [];
    const p = join(d, e.name);
    return e.isDirectory() ? walk(p) : [p];
  });
}

const files = walk(dir).map((p) => relative(dir, p).split(sep).join('/')).sort();
const hash = createHash('sha256');
for (const f of files) hash.update(f).update('\0').update(readFileSync(join(dir, f))).update('\0');
const version = hash.digest('hex').slice(0, 16);
// './' is how the app is usually opened (the directory, served as index.html).
const assets = ['./', ...files];

const src = readFileSync(sw, 'utf8');
const out = src
  .replace(/'[^']*' \/\*VERSION\*\//, JSON.stringify(version))
  .replace('[/*ASSETS*/]', JSON.stringify(assets));
if (out === src || out.includes('/*ASSETS*/')) {
  console.error('sw-assets: sw.js has no VERSION/ASSETS placeholders to fill');
  process.exit(1);
}
writeFileSync(sw, out);
console.log(`sw-assets: ${files.length} files, cache ${version}`);
