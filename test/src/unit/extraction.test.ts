import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { FIXTURES } from '../support/paths';
import { analyzeFile } from '../support/analyze';

/**
 * Every extraction form, on a fixture written for the project. The expected values are worked
 * out by hand from the C semantics of `_IOC` (type << 8 | nr, nothing masked).
 */

const FIXTURE = path.join(FIXTURES, 'extraction-forms.h');

type Row = [name: string, line: number, macro: string, dir: string, type: number, nr: number, argType: string | null];

const EXPECTED: Row[] = [
  ['XF_IOCTL_NONE', 35, '_IO', 'none', 0x78, 0x01, null],
  ['XF_IOCTL_READ', 36, '_IOR', 'r', 0x78, 0x02, '__u32'],
  ['XF_IOCTL_WRITE', 37, '_IOW', 'w', 0x78, 0x03, 'struct xf_args'],
  ['XF_IOCTL_RW', 38, '_IOWR', 'rw', 0x78, 0x04, 'struct xf_args'],
  ['XF_IOCTL_RAW', 41, '_IOC', 'rw', 0x78, 0x05, 'struct xf_args'],
  ['XF_IOCTL_RAW_NONE', 42, '_IOC', 'none', 0x78, 0x06, null],
  ['XF_IOCTL_CONTINUED', 45, '_IOWR', 'rw', 0x78, 0x07, 'struct xf_args'],
  ['XF_IOCTL_EXPR', 51, '_IOW', 'w', 0x78, 0x43, '__u64'],
  ['XF_IOCTL_OCTAL', 52, '_IO', 'none', 0x78, 0o10, null],
  ['XF_IOCTL_ENUM_ONE', 55, '_IOR', 'r', 0x78, 1, '__u32'],
  ['XF_IOCTL_ENUM_ELEVEN', 56, '_IOR', 'r', 0x78, 11, '__u32'],
  ['XF_IOCTL_WRAPPED', 60, '_IOWR', 'rw', 0x78, 0x30, 'struct xf_args'],
  ['XF_IOCTL_ACME', 63, '_IOWR', 'rw', 0xa7, 0x31, 'struct xf_args'],
  ['XF_IOCTL_ACME_SECOND', 64, '_IOR', 'r', 0xa7, 0x21, '__u64'],
  ['XF_IOCTL_ALIAS', 67, '_IOWR', 'rw', 0x78, 0x04, 'struct xf_args'],
  ['XF_IOCTL_COMMENTED', 70, '_IOW', 'w', 0x78, 0x31, '__u32'],
  ['XF_IOCTL_ESCAPE', 73, '_IO', 'none', 0x7e, 0x32, null],
  // (0x12 << 8) | 0x1FF = 0x13FF: the nr's ninth bit lands in the type field
  ['XF_IOCTL_OVERFLOW', 74, '_IO', 'none', 0x13, 0xff, null],
  ['DRM_IOCTL_XF_SUBMIT', 78, '_IOWR', 'rw', 0x64, 0x45, 'struct xf_args'],
  ['XF_IOCTL_USER', 92, '_IO', 'none', 0x78, 0x52, null],
];

test('every extraction form is found with its exact fields', async () => {
  const { model } = await analyzeFile(FIXTURE);
  const resolved = model.ioctls.filter((i) => !i.unresolved);
  assert.deepEqual(
    resolved.map((i) => [i.name, i.nameRange.start.row + 1, i.macro, i.dir, i.type, i.nr, i.argType]),
    EXPECTED,
  );
  // the macro name is where the ioctl is reported (column 9 after "#define ")
  for (const i of resolved) assert.equal(i.nameRange.start.column, 8, i.name);
});

test('wrapper chains are recorded, outermost first', async () => {
  const { model } = await analyzeFile(FIXTURE);
  const byName = new Map(model.ioctls.map((i) => [i.name, i]));
  assert.deepEqual(byName.get('XF_IOCTL_WRAPPED')!.via, ['XF_IOWR']);
  assert.deepEqual(byName.get('XF_IOCTL_ACME')!.via, ['ACME_IOWR']);
  assert.deepEqual(byName.get('DRM_IOCTL_XF_SUBMIT')!.via, ['DRM_IOWR']);
  assert.equal(byName.get('XF_IOCTL_CONTINUED')!.expansion, "_IOWR('x', 0x07, struct xf_args)");
});

test('non-ioctl macros, function-like macros, strings and inactive groups are not ioctls', async () => {
  const { model } = await analyzeFile(FIXTURE);
  const names = new Set(model.ioctls.map((i) => i.name));
  for (const n of ['XF_NOT_AN_IOCTL', 'XF_FUNCTION_LIKE', 'XF_STRING', 'XF_IOCTL_DISABLED', 'XF_IOCTL_KERNEL_ONLY', 'XF_IOWR', 'XF_MAGIC']) {
    assert.ok(!names.has(n), `${n} must not be reported`);
  }
});

test('what cannot be computed is unresolved with the reason, never a guessed number', async () => {
  const { model } = await analyzeFile(FIXTURE);
  const byName = new Map(model.ioctls.map((i) => [i.name, i]));
  const magic = byName.get('XF_IOCTL_UNKNOWN_MAGIC')!;
  assert.equal(magic.type, null);
  assert.equal(magic.nr, 0x60);
  assert.match(magic.unresolved!, /'XF_UNDEFINED_MAGIC' is not defined/);
  const loop = byName.get('XF_IOCTL_RECURSIVE')!;
  assert.equal(loop.nr, null);
  assert.match(loop.unresolved!, /'XF_LOOP_A' is a macro that expands back to itself/);
  const div = byName.get('XF_IOCTL_DIV_ZERO')!;
  assert.equal(div.nr, null);
  assert.match(div.unresolved!, /division by zero/);
});

test('columns count UTF-16 code units and tabs as one, after non-ASCII text', async () => {
  const text = '/* \u{1F4A1} émoji */ #define A_IOCTL _IO(\'a\', 1)\n\t/* 💡 */\n#define B_IOCTL \\\n\t_IO(\'a\', 2)\n';
  const { model } = await analyzeFile(path.join(FIXTURES, 'virtual-utf16.h'), text);
  // a comment is whitespace before directives are recognised (C11 5.1.1.2), so the first line
  // is a #define; 💡 is two UTF-16 code units: 3 + 2 + 10 + 8 = 23
  assert.deepEqual(model.ioctls.map((i) => [i.name, i.nameRange.start.row, i.nameRange.start.column]), [
    ['A_IOCTL', 0, 23],
    ['B_IOCTL', 2, 8],
  ]);
});

/**
 * One definition, ten ABIs: the decoding is kept and reused across ABIs (and headers), so each
 * ABI's number must still be its own where a target macro, the integer model or _IOC's
 * direction bits make it differ. Worked out by hand: generic `dir << 30 | size << 16 | type << 8
 * | nr` (read 2, write 1, none 0); powerpc, mips and sparc `dir << 29 | size << 16 | ...` (read 2,
 * write 4, none 1); parisc `dir << 30 | ...` (read 1, write 2, none 0).
 */
test('an ioctl decoded once gets each ABI its own number', async () => {
  const { model } = await analyzeFile(path.join(FIXTURES, 'abi-dependent-numbers.h'));
  const numbers = (name: string) => {
    const ioctl = model.ioctls.find((i) => i.name === name)!;
    return Object.fromEntries(Object.entries(model.abiValues(ioctl)).map(([abi, v]) => [abi, v.value]));
  };
  // type 'a' where long has 64 bits, 'b' where 32; nr 1 on x86_64 only
  assert.deepEqual(numbers('ADN_IOCTL_TARGET'), {
    x86_64: 0x80046101, i386: 0x80046202, arm64: 0x80046102, arm: 0x80046202, riscv64: 0x80046102,
    powerpc64: 0x40046102, mips: 0x40046202, s390x: 0x80046102, sparc64: 0x40046102, parisc: 0x40046202,
  });
  // nr 7 on LP64, 8 on ILP32
  assert.deepEqual(numbers('ADN_IOCTL_LONG'), {
    x86_64: 0x6307, i386: 0x6308, arm64: 0x6307, arm: 0x6308, riscv64: 0x6307,
    powerpc64: 0x20006307, mips: 0x20006308, s390x: 0x6307, sparc64: 0x20006307, parisc: 0x6308,
  });
  // nr 9 where char is signed (x86, mips, sparc, parisc), 10 where it is not
  assert.deepEqual(numbers('ADN_IOCTL_CHAR'), {
    x86_64: 0x6309, i386: 0x6309, arm64: 0x630a, arm: 0x630a, riscv64: 0x630a,
    powerpc64: 0x2000630a, mips: 0x20006309, s390x: 0x630a, sparc64: 0x20006309, parisc: 0x6309,
  });
  assert.deepEqual(numbers('ADN_IOCTL_RAW_NONE'), {
    x86_64: 0x6304, i386: 0x6304, arm64: 0x6304, arm: 0x6304, riscv64: 0x6304,
    powerpc64: 0x20006304, mips: 0x20006304, s390x: 0x6304, sparc64: 0x20006304, parisc: 0x6304,
  });
  assert.deepEqual(numbers('ADN_IOCTL_RAW_WRITE'), {
    x86_64: 0x40086305, i386: 0x40086305, arm64: 0x40086305, arm: 0x40086305, riscv64: 0x40086305,
    powerpc64: 0x80086305, mips: 0x80086305, s390x: 0x40086305, sparc64: 0x80086305, parisc: 0x80086305,
  });
});
