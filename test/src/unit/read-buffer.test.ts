import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ReadBuffer } from '../../../server/out/core/read-buffer';

/**
 * The buffer the language server's start reads its files through (core/read-buffer.ts): each
 * read gives that file's bytes whole, with the room asked for before and after them, whatever
 * was read before it, larger or smaller.
 */
test('files read one after another through one buffer come out whole, with the room asked for', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uapi-lint-read-buffer-'));
  const file = (name: string, size: number, seed: number) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, Buffer.from(Array.from({ length: size }, (_, i) => (i * 31 + seed) & 0xff)));
    return p;
  };
  const reads = new ReadBuffer();
  // small, larger than the buffer's first size, empty, small again
  const files = [file('a', 5000, 1), file('b', (1 << 20) + 12345, 2), file('c', 0, 3), file('d', 70, 4)];
  for (const [before, after] of [[0, 0], [62, 4], [3, 0], [0, 9]]) {
    for (const f of files) {
      const view = reads.read(f, before, after);
      const want = fs.readFileSync(f);
      assert.equal(view.length, before + want.length + after, `${path.basename(f)} with ${before} before and ${after} after`);
      assert.ok(view.subarray(before, before + want.length).equals(want), `${path.basename(f)}: the bytes read are the file's`);
    }
  }
  assert.throws(() => reads.read(path.join(dir, 'missing')), { code: 'ENOENT' });
  // a failed read leaves the buffer usable
  assert.ok(reads.read(files[3]).equals(fs.readFileSync(files[3])));
});
