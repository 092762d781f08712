import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FIXTURES, ROOT } from './support/paths';
import { readZip } from './support/zip';

/**
 * The .vsix as `npm run package` makes it (vsce, from the bundles `npm test` has just built):
 * small, no node_modules, exactly the files the extension needs, and working once unpacked
 * where no node_modules exists.
 */

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'uapi-lint-vsix-'));
const vsix = path.join(tmp, `${manifest.name}-${manifest.version}.vsix`);
let entries: Map<string, Buffer>;

before(async () => {
  // package:vsix is the packaging half of `npm run package` (which builds first)
  // about 4 s (measured)
  const r = spawnSync('npm', ['run', '--silent', 'package:vsix', '--', '--out', vsix], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  entries = await readZip(vsix);
});

after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function filesUnder(dir: string): string[] {
  const abs = path.join(ROOT, dir);
  if (!fs.existsSync(abs)) return [];
  return (fs.readdirSync(abs, { recursive: true }) as string[])
    .filter((f) => fs.statSync(path.join(abs, f)).isFile())
    .map((f) => `${dir}/${f.split(path.sep).join('/')}`);
}

const IMAGE = /!\[[^\]]*\]\(([^)\s]+)\)/g;

/** Images a README shows by relative path (VS Code's extension page cannot resolve them). */
function relativeImages(readme: string): string[] {
  return [...readme.matchAll(IMAGE)].map((m) => m[1]).filter((link) => !/^\w+:/.test(link));
}

test('the .vsix is under 3 MB and has no node_modules, sources or source maps', () => {
  const size = fs.statSync(vsix).size;
  assert.ok(size < 3 * 1024 * 1024, `${size} bytes`);
  const names = [...entries.keys()];
  assert.deepEqual(names.filter((n) => /(^|\/)node_modules\//.test(n)), []);
  assert.deepEqual(names.filter((n) => /\.(map|ts)$/.test(n) || /^extension\/(client|server|test|scripts)\//.test(n)), []);
});

test('the .vsix holds exactly the bundles, wasm, criteria pages, grammar, icon and documents', () => {
  const wasm = fs.readdirSync(path.join(ROOT, 'dist')).filter((f) => f.endsWith('.wasm'));
  assert.deepEqual(wasm.sort(), ['tree-sitter-c.wasm', 'web-tree-sitter.wasm']);
  const expected = [
    '[Content_Types].xml',
    'extension.vsixmanifest',
    ...['package.json', 'readme.md', 'changelog.md', 'LICENSE.txt', 'dist/client.js', 'dist/server.js', 'dist/server-main.js', 'dist/upstream-ioctls.jsonl', manifest.icon]
      .concat(wasm.map((f) => `dist/${f}`), filesUnder('docs/criteria'), filesUnder('syntaxes'))
      .map((f) => `extension/${f}`),
  ];
  assert.deepEqual([...entries.keys()].sort(), expected.sort());
  assert.equal(filesUnder('docs/criteria').length > 10, true);
  const packaged = JSON.parse(entries.get('extension/package.json')!.toString('utf8'));
  assert.equal(packaged.main, './dist/client.js');
  assert.equal(packaged.version, manifest.version);
});

test("the packaged README is the repository's, with its screenshots inlined as data: URIs", () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const packaged = entries.get('extension/readme.md')!.toString('utf8');
  const images = relativeImages(readme);
  assert.ok(images.length >= 2, `README images: ${images.join(', ')}`);
  assert.deepEqual(relativeImages(packaged), []);
  const inlined = [...packaged.matchAll(IMAGE)].map((m) => m[1]).filter((link) => link.startsWith('data:'));
  assert.equal(inlined.length, images.length);
  images.forEach((image, i) => {
    assert.ok(inlined[i].startsWith('data:image/png;base64,'), image);
    assert.ok(Buffer.from(inlined[i].slice('data:image/png;base64,'.length), 'base64').equals(fs.readFileSync(path.join(ROOT, image))), image);
  });
  assert.equal(packaged.replace(IMAGE, '![]()'), readme.replace(IMAGE, '![]()'));
});

test('the icon is a square PNG of 128 or 256 pixels', () => {
  const png = entries.get(`extension/${manifest.icon}`)!;
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.equal(png.subarray(12, 16).toString('latin1'), 'IHDR');
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  assert.equal(width, height);
  assert.ok(width === 128 || width === 256, `${width}x${height}`);
});

test('unpacked where there is no node_modules, the packaged server checks a header and links its shipped criteria pages', () => {
  const unpacked = path.join(tmp, 'unpacked');
  for (const [name, bytes] of entries) {
    const file = path.join(unpacked, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, bytes);
  }
  const header = path.join(FIXTURES, 'e2e', 'kestrel_npu.h');
  const r = spawnSync(process.execPath, [path.join(unpacked, 'extension', 'dist', 'server.js'), '--format', 'json', header], { cwd: tmp, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  const [file] = JSON.parse(r.stdout).files;
  assert.deepEqual(file.ioctls.map((i: { name: string }) => i.name), ['KESTREL_IOCTL_ALLOC', 'KESTREL_IOCTL_SUBMIT']);
  const custom = file.diagnostics.filter((d: { rule: string }) => d.rule === 'custom-ioctl');
  assert.equal(custom.length, 2);
  const criteria = `file://${path.join(unpacked, 'extension', 'docs', 'criteria')}/`;
  for (const d of custom) assert.ok(d.href.startsWith(criteria) && fs.existsSync(new URL(d.href)), d.href);
});
