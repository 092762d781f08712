import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { initAnalysis, findingsOf, modelDocument, type DocumentModel } from '../../../server/out/analysis/pipeline';
import { HeaderCache } from '../../../server/out/core/include/header-cache';
import { FIXTURES } from '../support/paths';
import { Rng } from '../fuzz/rng';

/**
 * A driver source being edited keeps what was read of the functions an edit left alone (moved
 * with the text after it): that must not change the result. Over random edits, the incremental
 * model gives the findings, driver model and hovers' facts of a fresh one.
 */

// what people type in a driver: statements, braces, case labels, calls, checks
const TYPED = ['x', ' ', '\n', ';', '{', '}', '(', ')', '/*', '*/', 'return -EINVAL;', 'if (args.pad) ', 'case KESTREL_IOCTL_WAIT:', 'break;', 'copy_from_user(', ', O_CLOEXEC', '#ifdef CONFIG_COMPAT\n', '#endif\n', 'default:', 'static int f(void) {}\n'];

/** What a user sees of a driver source's analysis. */
function seen(model: DocumentModel, cache: HeaderCache): unknown {
  const driver = model.driver!;
  return {
    findings: findingsOf(model, { cache }).map((f) => [f.rule, f.range.start.row, f.range.start.column, f.message]),
    registrations: driver.registrations.map((r) => [r.kind, r.call, r.span.start, r.fops]),
    dispatched: driver.dispatch.dispatched.map((d) => {
      const h = driver.handler(d);
      return [d.name, d.span.start, d.handler, d.via, h.argument?.tag, h.argument ? [...h.argument.members.keys()].sort() : null, h.copies.map((c) => c.start)];
    }),
    unknown: driver.dispatch.dispatchers.map((d) => d.unknown.map((u) => [u.errno, u.span.start])),
    shared: driver.sharedApis.map((u) => [u.name, u.start]),
  };
}

test('an edited driver source gives what a fresh analysis gives, over 300 random edits', { timeout: 300_000 }, async () => {
  await initAnalysis();
  const sources = [
    path.join(FIXTURES, 'driver-tree', 'drivers', 'misc', 'kestrel', 'kestrel.c'),
    path.join(FIXTURES, 'driver-tree', 'drivers', 'accel', 'orbit', 'orbit_drv.c'),
    path.join(FIXTURES, 'driver-tree', 'drivers', 'misc', 'lumen', 'lumen.c'),
  ];
  for (const [k, source] of sources.entries()) {
    const rng = new Rng(2000 + k);
    let text = fs.readFileSync(source, 'utf8');
    const cache = new HeaderCache();
    let previous: DocumentModel | undefined;
    for (let step = 0; step < 100; step++) {
      const at = rng.below(text.length + 1);
      if (rng.chance(0.6)) text = text.slice(0, at) + rng.pick(TYPED) + text.slice(at);
      else text = text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + rng.below(12)));
      const incremental = modelDocument(source, text, cache, { previous: previous?.file });
      previous?.file.dispose();
      previous = incremental;
      const fresh = modelDocument(source, text, new HeaderCache());
      assert.deepEqual(seen(incremental, cache), seen(fresh, new HeaderCache()), `${path.basename(source)}, step ${step}`);
    }
    previous?.file.dispose();
  }
});
