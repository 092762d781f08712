import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { FIXTURES } from '../support/paths';
import { analyzeFile } from '../support/analyze';
import type { AbiName } from '../../../server/out/core/abi/abis';

/**
 * Layouts and command numbers per ABI on a fixture written for the project. Every expected
 * number below is worked out by hand from the psABI rules (noted where it matters).
 */

const FIXTURE = path.join(FIXTURES, 'layouts.h');

async function layoutOf(tag: string, abi: AbiName) {
  const { model } = await analyzeFile(FIXTURE);
  const unit = model.unit(abi);
  const rec = unit.index.record('struct', tag)!;
  const r = unit.layout.record(rec);
  assert.ok(r.ok, r.ok ? '' : r.reason);
  return r.value;
}

const offsets = (l: { members: Array<{ name: string | null; offset: number }> }) => l.members.map((m) => [m.name, m.offset]);

test('64-bit members: 4-byte aligned on i386, 8 elsewhere (also on arm EABI)', async () => {
  const x = await layoutOf('ly_mixed', 'x86_64');
  assert.deepEqual([x.size, x.align, offsets(x)], [24, 8, [['a', 0], ['b', 8], ['c', 16]]]);
  assert.deepEqual(x.holes, [{ offset: 4, size: 4, after: 'a' }]);
  assert.equal(x.tailPadding, 4);
  const i = await layoutOf('ly_mixed', 'i386');
  assert.deepEqual([i.size, i.align, offsets(i)], [16, 4, [['a', 0], ['b', 4], ['c', 12]]]);
  assert.deepEqual(i.holes, []);
  const arm = await layoutOf('ly_mixed', 'arm');
  assert.deepEqual([arm.size, arm.align], [24, 8]);
  const aligned = await layoutOf('ly_aligned', 'i386');
  assert.deepEqual([aligned.size, aligned.align, offsets(aligned)], [16, 8, [['a', 0], ['pad', 4], ['b', 8]]]);
});

test('packed, bitfields, arrays sized by macros and enums, flexible arrays', async () => {
  const p = await layoutOf('ly_packed', 'x86_64');
  assert.deepEqual([p.size, p.align, offsets(p)], [7, 1, [['tag', 0], ['value', 1], ['len', 5]]]);
  // lo:3 and mid:5 share the first unit; :0 moves hi to the next __u32; after follows at byte 5
  const b = await layoutOf('ly_bits', 'x86_64');
  assert.deepEqual(b.members.map((m) => [m.name, m.offset, m.bitOffset, m.bitWidth]), [
    ['lo', 0, 0, 3], ['mid', 0, 3, 5], ['hi', 4, 0, 4], ['after', 5, undefined, undefined],
  ]);
  assert.deepEqual([b.size, b.align], [8, 4]);
  const a = await layoutOf('ly_arrays', 'x86_64');
  assert.deepEqual([a.size, a.align, offsets(a)], [24, 8, [['name', 0], ['slots', 16], ['data', 24]]]);
  const ai = await layoutOf('ly_arrays', 'i386');
  assert.deepEqual([ai.size, ai.align, offsets(ai)], [24, 4, [['name', 0], ['slots', 16], ['data', 24]]]);
});

test('anonymous unions, nested structs, long and pointers per data model', async () => {
  const x = await layoutOf('ly_nested', 'x86_64');
  assert.deepEqual([x.size, offsets(x)], [40, [['kind', 0], [null, 8], ['point', 16], ['l', 24], ['ptr', 32]]]);
  const i = await layoutOf('ly_nested', 'i386');
  assert.deepEqual([i.size, offsets(i)], [24, [['kind', 0], [null, 4], ['point', 12], ['l', 16], ['ptr', 20]]]);
  const mips = await layoutOf('ly_nested', 'mips');
  assert.deepEqual([mips.size, offsets(mips)], [32, [['kind', 0], [null, 8], ['point', 16], ['l', 20], ['ptr', 24]]]);
  const m = await layoutOf('ly_member_aligned', 'x86_64');
  assert.deepEqual([m.size, m.align, offsets(m)], [32, 32, [['a', 0], ['b', 16]]]);
});

test('command numbers per encoding family', async () => {
  const { model } = await analyzeFile(FIXTURE);
  const v = (name: string) => model.abiValues(model.ioctls.find((i) => i.name === name)!);
  const mixed = v('LY_IOCTL_MIXED');
  // _IOWR: dir 3 << 30 | 24 << 16 | 'L' << 8 | 1
  assert.equal(mixed.x86_64.value, 0xc0184c01);
  assert.equal(mixed.i386.value, 0xc0104c01);
  // powerpc: READ|WRITE = 6 << 29 -> the same top bits for _IOWR
  assert.equal(mixed.powerpc64.value, 0xc0184c01);
  assert.equal(mixed.mips.value, 0xc0184c01);
  // parisc: READ and WRITE swapped, both set: unchanged
  assert.equal(mixed.parisc.value, 0xc0184c01);
  const read = v('LY_IOCTL_READ');
  assert.equal(read.x86_64.value, 0x80284c02); // READ = 2 << 30, size 40
  assert.equal(read.powerpc64.value, 0x40284c02); // READ = 2 << 29
  assert.equal(read.sparc64.value, 0x40284c02);
  assert.equal(read.parisc.value, 0x40204c02); // READ = 1 << 30, size 32 (ILP32, __u64 8-aligned)
  const none = v('LY_IOCTL_NONE');
  assert.equal(none.x86_64.value, 0x00004c03);
  assert.equal(none.powerpc64.value, 0x20004c03); // NONE = 1 << 29
  const raw = v('LY_IOCTL_RAW');
  assert.equal(raw.x86_64.size, 32);
  assert.equal(raw.x86_64.value, 0x80204c04);
  assert.equal(raw.mips.value, 0x40204c04);
  const ptr = v('LY_IOCTL_PTR');
  assert.equal(ptr.x86_64.value, 0x40084c05);
  assert.equal(ptr.i386.value, 0x40044c05);
});
