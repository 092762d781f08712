import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadFailures } from './fuzz/failures';
import { DEFAULT_BOUND, FuzzSession } from './fuzz/session';

/**
 * Every input the fuzzer saved under test/fuzz-failures/ (reduced to the lines that failed),
 * replayed the way the fuzzer judged it: the whole analysis twice in a worker, no exception,
 * within the bound for its size, the same output both times.
 */

const failures = loadFailures();

test('saved fuzz failures are there to replay', () => {
  for (const f of failures) {
    assert.ok(f.case.bytes.length > 0 || Object.keys(f.case.extras).length > 0, f.file);
    assert.ok(f.record.mutations.length > 0 && Number.isInteger(f.record.seed), `${f.file} says how it was made`);
  }
});

for (const f of failures) {
  // each takes up to 4 s (measured); the worker is stopped after the session's own bound (twice
  // the bound for the file's size, plus 5 s), and the test as a whole fails after a minute
  test(`${path.basename(f.file)}: ${f.record.kind} before, fine now (${f.record.mutations.join('; ')})`, { timeout: 60_000 }, async () => {
    const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'uapi-lint-replay-'));
    const session = new FuzzSession({ bound: DEFAULT_BOUND, tmpRoot });
    try {
      const verdict = await session.check(f.case);
      assert.equal(verdict.kind, 'ok', `${verdict.kind}: ${verdict.message}`);
    } finally {
      await session.close();
      fs.rmSync(tmpRoot, { recursive: true, force: true });
    }
  });
}
