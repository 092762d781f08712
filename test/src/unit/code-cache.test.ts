import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * The code cache loader (server/src/code-cache.ts) on a bundle of its own, each step in a fresh
 * node as the server's start is: made with UAPI_LINT_WRITE_CODE_CACHE, used when the bundle is
 * the one it was made from, and never used for another bundle, even one of the same length
 * (the one thing V8 itself checks of the source), nor when damaged.
 */
const LOADER = path.resolve(__dirname, '..', '..', '..', 'server', 'out', 'code-cache.js');

function load(bundle: string, cache: string, write = false, nodeArgs: string[] = []): { use: string; printed: string } {
  const script = `const use = require(${JSON.stringify(LOADER)}).loadWithCodeCache(${JSON.stringify(bundle)}, ${JSON.stringify(cache)}); console.log('use=' + use);`;
  const env = { ...process.env };
  delete env.UAPI_LINT_WRITE_CODE_CACHE;
  if (write) env.UAPI_LINT_WRITE_CODE_CACHE = cache;
  // each run takes a fraction of a second (measured)
  const r = spawnSync(process.execPath, [...nodeArgs, '-e', script], { env, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  return { use: lines.pop()!.replace(/^use=/, ''), printed: lines.join('\n') };
}

test('a code cache is made, used for its own bundle, and refused for another bundle of the same length, damaged, or other flags', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uapi-lint-code-cache-'));
  const bundle = path.join(dir, 'bundle.js');
  const cache = `${bundle}.cache`;
  // enough functions that V8 has bytecode to cache; the answer depends on the source
  const body = Array.from({ length: 50 }, (_, i) => `function f${i}(x) { return x * ${i} + ${i % 7}; }`).join('\n');
  const source = (answer: string) => `${body}\nconsole.log('answer ' + ${answer} + ' ' + f3(2) + ' ' + __filename.endsWith('bundle.js') + ' ' + typeof require('node:path').join);\n`;
  fs.writeFileSync(bundle, source('41'));

  assert.deepEqual(load(bundle, cache), { use: 'none', printed: 'answer 41 9 true function' });
  assert.deepEqual(load(bundle, cache, true), { use: 'none', printed: 'answer 41 9 true function' });
  // written at exit: the head (magic and two CRCs) and V8's data after it
  const written = fs.readFileSync(cache);
  assert.match(written.toString('latin1', 0, 41), /^uapi-lint code cache 3\n[0-9a-f]{8}\n[0-9a-f]{8}\n$/);
  assert.ok(written.length > 41 + 500, `the cache holds V8's data (${written.length} bytes)`);
  assert.deepEqual(load(bundle, cache), { use: 'used', printed: 'answer 41 9 true function' });

  // same length, other code: V8 alone would take the stale bytecode
  fs.writeFileSync(bundle, source('42'));
  assert.equal(fs.statSync(bundle).size, Buffer.byteLength(source('41')));
  assert.deepEqual(load(bundle, cache), { use: 'made for another bundle', printed: 'answer 42 9 true function' });

  // a damaged cache is not handed to V8 (which would abort the process on it)
  fs.writeFileSync(bundle, source('41'));
  const whole = fs.readFileSync(cache);
  const damaged = Buffer.from(whole);
  damaged.fill(0x55, damaged.length - 200);
  fs.writeFileSync(cache, damaged);
  assert.deepEqual(load(bundle, cache), { use: 'damaged', printed: 'answer 41 9 true function' });
  fs.writeFileSync(cache, whole.subarray(0, whole.length >> 1));
  assert.deepEqual(load(bundle, cache), { use: 'damaged', printed: 'answer 41 9 true function' });

  // one made under other V8 flags (as by another node) is V8's to refuse
  load(bundle, cache, true, ['--no-opt']);
  assert.deepEqual(load(bundle, cache, false, ['--no-opt']), { use: 'used', printed: 'answer 41 9 true function' });
  assert.deepEqual(load(bundle, cache), { use: 'rejected by V8 (another node or other flags)', printed: 'answer 41 9 true function' });

  // a node without zlib.crc32 (before 20.15) cannot check a cache, so it takes none and writes none
  const noCrc = path.join(dir, 'no-crc32.js');
  fs.writeFileSync(noCrc, "delete require('node:zlib').crc32;\n");
  fs.rmSync(cache);
  assert.deepEqual(load(bundle, cache, true, ['-r', noCrc]), { use: 'not checkable on this node (no zlib.crc32)', printed: 'answer 41 9 true function' });
  assert.equal(fs.existsSync(cache), false);
});

test('a bundle loads as require would load it: UTF-8 text read as such, and stack traces at its own lines and columns', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uapi-lint-code-cache-'));
  const bundle = path.join(dir, 'bundle.js');
  // line 3 throws; the text holds characters beyond ASCII
  fs.writeFileSync(bundle, "'use strict';\nconst word = 'größe ✓';\ntry { null.x; } catch (e) { console.log(word, /bundle\\.js:(\\d+:\\d+)/.exec(e.stack)[1]); }\n");
  const byRequire = spawnSync(process.execPath, [bundle], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(byRequire.stdout.trim(), 'größe ✓ 3:12');
  assert.deepEqual(load(bundle, `${bundle}.cache`), { use: 'none', printed: byRequire.stdout.trim() });
  fs.writeFileSync(bundle, fs.readFileSync(bundle, 'utf8').replace('größe ✓', 'plain'));
  assert.deepEqual(load(bundle, `${bundle}.cache`), { use: 'none', printed: 'plain 3:12' });
});
