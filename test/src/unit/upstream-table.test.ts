import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { allUpstreamIoctls, upstreamIoctls } from '../../../server/out/knowledge/upstream';

/**
 * The upstream table is searched by offset in its text (knowledge/upstream.ts): every row must be
 * found under its name, names between and around the rows must find nothing.
 */
test('the upstream table finds each of its rows by name, and nothing for names it does not hold', () => {
  const all = allUpstreamIoctls();
  assert.ok(all.length > 2000, `the table has ${all.length} rows`);
  const byName = new Map<string, number>();
  for (const i of all) byName.set(i.name, (byName.get(i.name) ?? 0) + 1);
  for (const [name, count] of byName) {
    const found = upstreamIoctls(name);
    assert.equal(found.length, count, name);
    assert.ok(found.every((i) => i.name === name));
  }
  const names = [...byName.keys()].sort();
  assert.deepEqual(names, all.map((i) => i.name).filter((n, k, xs) => xs.indexOf(n) === k), 'rows are sorted by name');
  for (const absent of ['', 'A', '0', '~', `${names[0]}_`, `${names.at(-1)}_`, 'DRM_IOCTL_NOT_A_REAL_ONE', names[100].slice(0, -1)]) {
    if (!byName.has(absent)) assert.deepEqual(upstreamIoctls(absent), [], absent);
  }
  const [hl] = upstreamIoctls('DRM_IOCTL_HL_INFO');
  assert.equal(hl.header, 'drm/habanalabs_accel.h');
});
