// Copies the MapLibre GL build the server embeds from node_modules into vendor/,
// with its licence, and records the version in vendor/VERSIONS (a Rust test checks
// it against package.json). Run after changing the pin: npm ci && node scripts/vendor.mjs
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = join(web, 'node_modules', 'maplibre-gl');
const { version, license } = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8'));
const pinned = JSON.parse(readFileSync(join(web, 'package.json'), 'utf8')).dependencies['maplibre-gl'];
if (version !== pinned) {
  console.error(`node_modules has maplibre-gl ${version}, package.json pins ${pinned}: run npm ci first`);
  process.exit(1);
}
const files = [
  ['dist/maplibre-gl.mjs', 'maplibre-gl.mjs'],
  ['dist/maplibre-gl-worker.mjs', 'maplibre-gl-worker.mjs'],
  ['dist/maplibre-gl.css', 'maplibre-gl.css'],
  ['LICENSE.txt', 'LICENSE-maplibre-gl.txt'],
];
for (const [from, to] of files) {
  copyFileSync(join(pkg, from), join(web, 'vendor', to));
}
writeFileSync(
  join(web, 'vendor', 'VERSIONS'),
  `# Vendored front-end builds: name version licence (written by scripts/vendor.mjs)\nmaplibre-gl ${version} ${license}\n`,
);
console.log(`vendored maplibre-gl ${version} (${license})`);
