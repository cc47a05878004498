// Writes FILE.gz (gzip -9) and FILE.br (brotli, quality 11) beside every
// text and wasm file in DIR, for static hosts that serve precompressed files
// (nginx gzip_static/brotli_static, Caddy precompressed, ...). Uses only
// node's zlib. Usage: node scripts/precompress.mjs DIR
import { readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/precompress.mjs DIR');
  process.exit(2);
}
const kinds = /\.(html|js|mjs|css|wasm|svg|json|webmanifest|txt|map)$/;
let raw = 0, gz = 0, br = 0, n = 0;
function walk(d) {
  for (const e of readdirSync(d, { withFileTypes: true })) {
    const p = join(d, e.name);
    if (e.isDirectory()) { walk(p); continue; }
    if (!kinds.test(e.name)) continue;
    const data = readFileSync(p);
    const g = gzipSync(data, { level: 9 });
    const b = brotliCompressSync(data, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
        [constants.BROTLI_PARAM_MODE]: /\.wasm$/.test(e.name) ? constants.BROTLI_MODE_GENERIC : constants.BROTLI_MODE_TEXT,
      },
    });
    writeFileSync(`${p}.gz`, g);
    writeFileSync(`${p}.br`, b);
    raw += data.length; gz += g.length; br += b.length; n += 1;
  }
}
statSync(dir);
walk(dir);
console.log(`precompress: ${n} files, ${raw} bytes raw, ${gz} gzip, ${br} brotli`);
