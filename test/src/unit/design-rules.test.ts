import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as os from 'node:os';
import { FIXTURES, SYSTEM_INCLUDE } from '../support/paths';
import { analyzeFile } from '../support/analyze';
import { applyFix, findingKey, syntaxErrors } from '../support/fixes';
import { RULES } from '../../../server/out/rules/index';
import { commentEndingAt } from '../../../server/out/rules/struct-members';
import { evaluateWithGcc, makeWorkdir } from '../support/gcc-oracle';

/** The kernel's ioctl design rules, on fixture headers written for the project and on real ones. */

const DIR = path.join(FIXTURES, 'design');
// the advisor's rules (advisor.test.ts, subsystem.test.ts): what an ioctl is for and where it belongs
const ADVISOR_RULES = new Set(['custom-ioctl', 'drm-reimplements-core', 'accel-outside-subsystem', 'private-interface-has-subsystem', 'firmware-passthrough']);

test('each design rule fires where the fixture breaks it, on the member or ioctl, listing the ioctls concerned', async () => {
  const { findings } = await analyzeFile(path.join(DIR, 'breaks_rules.h'));
  // nothing in the fixture has kernel-doc: every ioctl and every struct they carry gets a
  // uapi-kernel-doc finding (its own fixtures are test/fixtures/kernel-doc, kernel-doc.test.ts)
  const undocumented = findings.filter((f) => f.rule === 'uapi-kernel-doc');
  assert.ok(undocumented.every((f) => / has (no kernel-doc comment|a plain \/\* \*\/ comment above it)\b/.test(f.message)), undocumented.map((f) => f.message).join('\n'));
  assert.equal(undocumented.filter((f) => /^struct /.test(f.message)).length, 12);
  assert.equal(undocumented.filter((f) => !/^struct /.test(f.message)).length, 23);
  const got = findings.filter((f) => f.rule !== 'uapi-kernel-doc').map((f) => `${f.range.start.row + 1} ${f.rule}`);
  assert.deepEqual(got, [
    '15 uapi-implicit-padding', // brk_holes: tail
    '17 uapi-abi-layout-mismatch', // b moves on i386
    '17 uapi-implicit-padding', // hole before b
    '22 uapi-abi-layout-mismatch',
    '23 uapi-nonportable-int',
    '28 uapi-non-kernel-int',
    '33 uapi-abi-layout-mismatch',
    '34 uapi-pointer-member',
    '39 uapi-bool-or-char-member',
    '40 uapi-bool-or-char-member',
    '46 uapi-enum-or-bitfield-member',
    '47 uapi-enum-or-bitfield-member',
    '48 uapi-enum-or-bitfield-member',
    '54 uapi-time-type',
    '57 ioctl-nonportable-arg-type',
    '58 ioctl-nonportable-arg-type',
    '60 ioctl-nonportable-arg-type',
    '65 ioctl-nonportable-arg-type',
    '66 ioctl-nonportable-arg-type',
    '67 ioctl-nonportable-arg-type',
    '69 ioctl-sizeof-arg',
    '71 ioctl-raw-number',
    '73 ioctl-direction-mismatch',
    '74 ioctl-direction-mismatch',
    '75 ioctl-direction-mismatch', // a SET on _IO
    '78 uapi-abi-layout-mismatch',
    '78 uapi-size-not-8-multiple',
    '78 uapi-implicit-padding',
    '82 ioctl-nonportable-arg-type',
    '88 ioctl-arg-too-large',
    '92 uapi-version-field',
    '93 uapi-reserved-undocumented',
    '94 uapi-relative-timeout',
    '99 uapi-fd-without-cloexec',
    '104 uapi-trailing-flex-array',
    '110 drm-ioctl-out-of-range',
    '111 drm-ioctl-naming',
    '111 ioctl-number-collision',
    '112 uapi-c90-hygiene',
  ]);
  const hole = findings.find((f) => f.rule === 'uapi-implicit-padding' && f.range.start.row === 16)!;
  assert.deepEqual(hole.ioctls, ['DRM_IOCTL_BRK_HOLES']);
  assert.equal(hole.message, 'struct brk_holes: 4 bytes of implicit padding at offset 4 after a on x86_64. Make it an explicit member that the kernel checks is zero (i386 and other ABIs may not pad there at all).');
  const moved = findings.find((f) => f.rule === 'uapi-abi-layout-mismatch' && f.range.start.row === 16)!;
  assert.match(moved.message, /^struct brk_holes has a different layout on different ABIs: member b is at offset 8 on x86_64, arm64, arm and 6 more; 4 on i386, and its size is 24 bytes on x86_64, arm64, arm and 6 more; 16 bytes on i386\./);
  // the struct and macro rules are explained by the design-rules page, the numbering ones by the registration page
  for (const f of findings) {
    assert.equal(f.pages[0].page, /^(drm-ioctl|ioctl-number)/.test(f.rule) ? 'ioctl-number-registration' : f.rule === 'uapi-kernel-doc' ? 'kernel-doc' : 'ioctl-design-rules', f.rule);
  }
  // every header rule has a fixture finding here, except the advisor's (tested elsewhere) and the
  // analysis' own; the driver rules review sources (driver-rules.test.ts)
  const fired = new Set(findings.map((f) => f.rule));
  for (const r of RULES.filter((x) => (x.documents ?? ['header']).includes('header'))) {
    // (ioctl-number-unregistered needs a kernel tree: its own test below; the ABI rules a git
    // base: abi-break.test.ts)
    if (ADVISOR_RULES.has(r.id) || ['ioctl-unresolved', 'include-not-found', 'preprocessor-problem', 'file-skipped', 'ioctl-number-unregistered', 'uapi-abi-break', 'uapi-abi-extension'].includes(r.id)) continue;
    assert.ok(fired.has(r.id), `${r.id} has a triggering fixture`);
  }
});

test('no finding at all on the headers written to follow every rule', async () => {
  for (const file of [path.join(DIR, 'follows_rules.h'), path.join(FIXTURES, 'advisor', 'drm_orbit.h')]) {
    const { findings } = await analyzeFile(file);
    // the advisor's fixture is about what its ioctls do, not their documentation (it has none)
    const design = findings.filter((f) => !ADVISOR_RULES.has(f.rule) && !(file.endsWith('drm_orbit.h') && f.rule === 'uapi-kernel-doc'));
    assert.deepEqual(design.map((f) => `${f.rule}: ${f.message}`), [], file);
  }
  assert.equal((await analyzeFile(path.join(DIR, 'follows_rules.h'))).findings.length, 0);
});

test('xilinx_sdfec.h and dma-buf.h: long, bool and pointer arguments are nonportable', async () => {
  const sdfec = (await analyzeFile(path.join(SYSTEM_INCLUDE, 'misc', 'xilinx_sdfec.h'))).findings.filter((f) => f.rule === 'ioctl-nonportable-arg-type');
  for (const name of ['XSDFEC_SET_ORDER', 'XSDFEC_SET_BYPASS', 'XSDFEC_IS_ACTIVE']) {
    assert.ok(sdfec.some((f) => f.ioctls.includes(name)), name);
  }
  assert.match(sdfec.find((f) => f.ioctls[0] === 'XSDFEC_SET_ORDER')!.message, /unsigned long is 8 bytes on 64-bit ABIs and 4 on 32-bit ones: use __u64\. The number is 0x40086608 on x86_64 and 0x40046608 on i386\./);
  const dmabuf = (await analyzeFile(path.join(SYSTEM_INCLUDE, 'linux', 'dma-buf.h'))).findings;
  assert.ok(dmabuf.some((f) => f.rule === 'ioctl-nonportable-arg-type' && f.ioctls.includes('DMA_BUF_SET_NAME')));
});

test('every fix on the fixtures: the header still parses, and the finding is gone', async () => {
  for (const file of [path.join(DIR, 'breaks_rules.h')]) {
    const text = fs.readFileSync(file, 'utf8');
    const before = await analyzeFile(file, text);
    const errors = syntaxErrors(text);
    let fixes = 0;
    for (const f of before.findings) {
      for (const fix of f.fixes) {
        fixes++;
        const after = applyFix(text, fix);
        assert.equal(syntaxErrors(after), errors, `${fix.title}: no new parse errors`);
        const again = await analyzeFile(file, after);
        const key = findingKey(text, f);
        assert.ok(!again.findings.some((g) => findingKey(after, g) === key), `${fix.title}: ${key} is gone`);
      }
    }
    assert.ok(fixes >= 30, `${fixes} fixes`);
  }
});

test('after the padding fix, x86_64 and i386 lay the struct out identically, and gcc agrees on both sizes', async () => {
  const file = path.join(DIR, 'breaks_rules.h');
  const text = fs.readFileSync(file, 'utf8');
  const { findings } = await analyzeFile(file, text);
  const workdir = makeWorkdir();
  for (const tag of ['brk_holes', 'brk_odd']) {
    const f = findings.find((x) => x.rule === 'uapi-implicit-padding' && x.message.startsWith(`struct ${tag}:`))!;
    const fix = f.fixes.find((x) => x.title === `Make the padding of struct ${tag} explicit`)!;
    assert.ok(fix, `${tag} has the padding fix`);
    const after = applyFix(text, fix);
    const { model, findings: again } = await analyzeFile(file, after);
    assert.ok(!again.some((g) => ['uapi-implicit-padding', 'uapi-abi-layout-mismatch', 'uapi-size-not-8-multiple'].includes(g.rule) && g.message.includes(`struct ${tag} `) || g.message.startsWith(`struct ${tag}:`)), tag);
    const rec = model.host.index.record('struct', tag)!;
    const layouts = ['x86_64', 'i386'].map((abi) => {
      const r = model.unit(abi as 'x86_64' | 'i386').layout.record(rec);
      assert.ok(r.ok);
      return { size: r.value.size, offsets: r.value.members.map((m) => [m.name, m.offset]) };
    });
    assert.deepEqual(layouts[0], layouts[1], `${tag}: identical on x86_64 and i386`);
    // gcc, on the fixed struct as the fix left it
    const header = path.join(workdir, `${tag}.h`);
    fs.writeFileSync(header, `#include <linux/types.h>\n${after.slice(rec.start, rec.end)};\n`);
    for (const m32 of [false, true]) {
      const values = await evaluateWithGcc(header, [`sizeof(struct ${tag})`], workdir, m32);
      assert.equal(values.get(`sizeof(struct ${tag})`), BigInt(layouts[0].size), `${tag} with gcc${m32 ? ' -m32' : ''}`);
    }
  }
});

test('uapi-c90-hygiene: guard, SPDX licence, uapi/ prefix, CONFIG_, // comments; fixes for the guard and the comments', async () => {
  const text = [
    '/* SPDX-License-Identifier: GPL-2.0 */',
    '#include <linux/ioctl.h>',
    '#include <uapi/linux/types.h>',
    '#ifdef CONFIG_COMPAT',
    '#define HY_COMPAT 1',
    '#endif',
    "#define HY_IOCTL_PING _IO('y', 1) // ping the device",
    '',
  ].join('\n');
  const file = path.join(DIR, 'hygiene.h');
  const { findings } = await analyzeFile(file, text);
  const hygiene = findings.filter((f) => f.rule === 'uapi-c90-hygiene');
  assert.deepEqual(hygiene.map((f) => `${f.range.start.row + 1}: ${f.message.split(':')[0]}`), [
    '1: GPL-2.0 without Linux-syscall-note',
    '2: the header has no include guard (#ifndef _UAPI_HYGIENE_H / #define _UAPI_HYGIENE_H ... #endif)',
    '3: #include of uapi/linux/types.h',
    '4: CONFIG_COMPAT',
    '7: // comments are not C90',
  ]);
  let fixed = text;
  for (const f of [...hygiene].reverse()) {
    const fix = f.fixes.find((x) => !x.title.startsWith('Suppress'));
    if (fix) fixed = applyFix(fixed, fix);
  }
  assert.match(fixed, /^#ifndef _UAPI_HYGIENE_H\n#define _UAPI_HYGIENE_H\n\n#include <linux\/ioctl.h>/m);
  assert.match(fixed, /_IO\('y', 1\) \/\* ping the device \*\/\n/);
  assert.match(fixed, /\n#endif \/\* _UAPI_HYGIENE_H \*\/\n$/);
  const again = (await analyzeFile(file, fixed)).findings.filter((f) => f.rule === 'uapi-c90-hygiene');
  assert.deepEqual(again.map((f) => f.range.start.row + 1), [1, 6, 7], 'the licence, prefix and CONFIG_ findings stay: they need the author');
  // file-level findings are suppressed for the file, below the licence line
  const guardFinding = hygiene.find((f) => f.message.startsWith('the header has no include guard'))!;
  const quiet = applyFix(text, guardFinding.fixes.find((x) => x.title === 'Suppress uapi-c90-hygiene for this file')!);
  assert.match(quiet, /^\/\* SPDX-License-Identifier: GPL-2.0 \*\/\n\/\* uapi-lint: allow-file uapi-c90-hygiene -- reason \*\/\n/);
  assert.equal((await analyzeFile(file, quiet)).findings.filter((f) => f.rule === 'uapi-c90-hygiene').length, 0);
  // a header without ioctls is not held to uAPI rules
  assert.equal((await analyzeFile(path.join(DIR, 'plain.h'), '// helpers\nint f(void);\n')).findings.length, 0);
});

test('in a kernel tree, magic and nr ranges missing from ioctl-number.rst are reported (info)', async () => {
  const { parseRegistryRow } = await import('../../../server/out/core/include/ioctl-registry.js');
  assert.deepEqual(parseRegistryRow("'Z'   00-0F  misc/zorb.h   the test driver"), { type: 0x5a, from: 0, to: 15, file: 'misc/zorb.h' });
  assert.deepEqual(parseRegistryRow('0xB7  all    misc/zorb.h'), { type: 0xb7, from: 0, to: 255, file: 'misc/zorb.h' });
  assert.deepEqual(parseRegistryRow("'\\''  01     misc/quote.h"), { type: 0x27, from: 1, to: 1, file: 'misc/quote.h' });
  assert.equal(parseRegistryRow('====  =====  ===='), undefined);
  const file = path.join(FIXTURES, 'kernel-tree', 'include', 'uapi', 'misc', 'zorb.h');
  const hits = (await analyzeFile(file)).findings.filter((f) => f.rule === 'ioctl-number-unregistered');
  assert.deepEqual(hits.map((f) => [f.ioctls[0], f.severity]), [['ZORB_IOCTL_FLUSH', 'info'], ['ZORB_IOCTL_STOP', 'info']]);
  assert.match(hits[0].message, /^ZORB_IOCTL_FLUSH: magic 'Z' \(0x5A\) nr 32 is not listed in Documentation\/userspace-api\/ioctl\/ioctl-number\.rst/);
  // outside a kernel tree there is no registry to read
  assert.equal((await analyzeFile(path.join(DIR, 'breaks_rules.h'))).findings.filter((f) => f.rule === 'ioctl-number-unregistered').length, 0);
});

test('ioctl-number-collision: the same number as an ioctl of an included header; an alias of it is not a collision', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uapi-lint-collision-'));
  fs.writeFileSync(path.join(dir, 'base.h'), "#include <linux/ioctl.h>\n#define BASE_IOCTL_PING _IO(0xF1, 1)\n");
  const text = '#include "base.h"\n#define MINE_IOCTL_PONG _IO(0xF1, 1)\n#define MINE_IOCTL_PING_TOO BASE_IOCTL_PING\n#define MINE_IOCTL_OTHER _IO(0xF1, 2)\n';
  const file = path.join(dir, 'mine.h');
  fs.writeFileSync(file, text);
  const hits = (await analyzeFile(file, text)).findings.filter((f) => f.rule === 'ioctl-number-collision');
  assert.deepEqual(hits.map((f) => f.ioctls), [['MINE_IOCTL_PONG'], ['MINE_IOCTL_PING_TOO', 'MINE_IOCTL_PONG']]);
  assert.equal(hits[0].message, `MINE_IOCTL_PONG has the same command number as BASE_IOCTL_PING, which ${path.join(dir, 'base.h')} defines: magic 0xF1, nr 1, the same direction and size. Give it its own nr.`);
});

test('the comment above a member is the C comment that ends there', () => {
  const at = (text: string) => commentEndingAt(text, text.length, 400);
  assert.equal(at('/* must be zero */\n\t'), ' must be zero ');
  assert.equal(at('/* a */ x /* b */  \n'), ' b ');
  assert.equal(at('/* a /* b */\n'), ' a /* b ', 'comments do not nest: it opened at the first /*');
  assert.equal(at('/* a */ b */\n'), undefined, 'a stray */ is no comment');
  assert.equal(at('/*/\n'), undefined, 'the opener cannot share the closing star');
  assert.equal(at('x;\n'), undefined);
  assert.equal(commentEndingAt('/* far */' + ' '.repeat(500), 509, 400), undefined, 'only within the window');
});
