import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeDocument, initAnalysis } from '../../../server/out/analysis/pipeline';
import { Baseline } from '../../../server/out/core/baseline/baseline';
import { HeaderCache } from '../../../server/out/core/include/header-cache';

/**
 * The comparison of a header with its version at the base, on every ABI: each kind of break the
 * rules name, and each change that is not one. The base is given as data (what git would have
 * read), so every case is one pair of texts written here.
 */

const HEAD = '#include <linux/types.h>\n#include <linux/ioctl.h>\n';
const DRM_HEAD = '#include <linux/types.h>\n#include <linux/ioctl.h>\n#define DRM_IOCTL_BASE \'d\'\n#define DRM_IOWR(nr, type) _IOWR(DRM_IOCTL_BASE, nr, type)\n#define DRM_COMMAND_BASE 0x40\n';

async function compare(base: string, now: string, head = HEAD) {
  await initAnalysis();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'uapi-lint-abi-'));
  const rel = 'include/uapi/misc/t.h';
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, head + now);
  const baseline = new Baseline({ ref: 'origin/main', commit: 'a'.repeat(40), root, changed: { [rel]: head + base }, ignored: [] });
  const options = { cache: new HeaderCache({}), baseline };
  const result = analyzeDocument(file, head + now, options);
  fs.rmSync(root, { recursive: true, force: true });
  const findings = result.findings.filter((f) => f.rule === 'uapi-abi-break' || f.rule === 'uapi-abi-extension');
  return { result, findings, changes: result.base!.changes };
}

const STRUCT = 'struct t_args {\n\t__u32 handle;\n\t__u32 flags;\n\t__u64 addr;\n\t__u32 pad;\n\t__u32 reserved[3];\n};\n#define T_IOCTL_GET _IOWR(\'T\', 1, struct t_args)\n';

test('a member reordered, retyped to another width or signedness, or removed; a struct that shrank: breaks, on every ABI', async () => {
  const cases: Array<[string, RegExp]> = [
    [STRUCT.replace('\t__u32 handle;\n\t__u32 flags;', '\t__u32 flags;\n\t__u32 handle;'), /member handle moved from offset 0 to 4; member flags moved from offset 4 to 0/],
    [STRUCT.replace('__u32 handle;', '__u16 handle;'), /member handle resized from 4 bytes \(__u32\) to 2 bytes \(__u16\)/],
    [STRUCT.replace('__u32 flags;', '__s32 flags;'), /member flags changed from unsigned \(__u32\) to signed \(__s32\)/],
    [STRUCT.replace('\t__u32 flags;\n', ''), /member flags \(__u32 at offset 4\) removed/],
    [STRUCT.replace('\t__u32 reserved[3];\n', ''), /member reserved \(__u32\[3\] at offset 20\) removed; size shrank from 32 to 24 bytes/],
  ];
  for (const [now, detail] of cases) {
    const { findings } = await compare(STRUCT, now);
    const breaks = findings.filter((f) => f.rule === 'uapi-abi-break');
    assert.equal(breaks.length, 1, now);
    assert.equal(breaks[0].severity, 'error');
    assert.match(breaks[0].message, detail);
    assert.match(breaks[0].message, /^struct t_args, used by T_IOCTL_GET changed layout since origin\/main @ aaaaaaa on every ABI:/);
    assert.match(breaks[0].message, /Layout on x86_64: at the base 32 bytes: handle @0 \(4\), flags @4 \(4\), addr @8 \(8\), pad @16 \(4\), reserved @20 \(12\); now /);
    assert.deepEqual(breaks[0].ioctls, ['T_IOCTL_GET']);
  }
});

test('a reserved member put to use (renamed, or split into members that cover it), a renamed member, [0] to []: no break', async () => {
  for (const now of [
    STRUCT.replace('__u32 pad;', '__u32 extra_flags;'),
    STRUCT.replace('__u32 reserved[3];', '__u32 count;\n\t__u16 a;\n\t__u16 b;\n\t__u32 reserved[1];'),
    STRUCT.replace('__u32 handle;', '__u32 bo_handle;'),
  ]) {
    const { findings, changes } = await compare(STRUCT, now);
    assert.deepEqual(findings.map((f) => f.message), [], now);
    assert.deepEqual(changes, []);
  }
  const flexBase = 'struct t_list {\n\t__u32 count;\n\t__u32 pad;\n\t__u64 items[0];\n};\n#define T_IOCTL_LIST _IOWR(\'T\', 2, struct t_list)\n';
  const flex = await compare(flexBase, flexBase.replace('items[0]', 'items[]'));
  assert.deepEqual(flex.findings, []);
  // a reserved member used with another type at the same size is fine; an ordinary one is not
  const retyped = await compare(STRUCT, STRUCT.replace('__u64 addr;', '__s64 addr;'));
  assert.equal(retyped.findings.length, 1);
});

test('members appended: an extension for a DRM ioctl (copied by size), a break where the size is in a number nothing else absorbs', async () => {
  const drm = 'struct drm_t_info {\n\t__u64 value;\n};\n#define DRM_IOCTL_T_INFO DRM_IOWR(DRM_COMMAND_BASE + 0x01, struct drm_t_info)\n';
  const grown = await compare(drm, drm.replace('__u64 value;', '__u64 value;\n\t__u64 more;'), DRM_HEAD);
  assert.deepEqual(grown.findings.map((f) => `${f.rule} ${f.severity}`), ['uapi-abi-extension info']);
  assert.match(grown.findings[0].message, /^struct drm_t_info grew since origin\/main @ aaaaaaa on every ABI \(size grew from 8 to 16 bytes \(more appended\)\), an extension because the kernel copies DRM_IOCTL_T_INFO by size\. The extension rule: zero in every new member/);
  const misc = await compare(STRUCT, STRUCT.replace('__u32 reserved[3];', '__u32 reserved[3];\n\t__u64 more;'));
  assert.deepEqual(misc.findings.map((f) => `${f.rule} ${f.severity}`), ['uapi-abi-break error']);
  assert.match(misc.findings[0].message, /grew since .*: size grew from 32 to 40 bytes \(more appended\)\..*The size is part of the command number/);
});

test('an ioctl removed or renumbered, an enum constant with another value: breaks; sentinels and additions are not', async () => {
  const base = STRUCT + "#define T_IOCTL_OLD _IO('T', 3)\nenum t_mode { T_MODE_A = 1, T_MODE_B = 2, T_MODE_MAX };\n";
  const now = STRUCT.replace("_IOWR('T', 1,", "_IOWR('T', 4,") + "#define T_IOCTL_NEW _IO('T', 5)\nenum t_mode { T_MODE_A = 1, T_MODE_C = 2, T_MODE_B = 3, T_MODE_MAX };\n";
  const { findings, changes } = await compare(base, now);
  assert.deepEqual(
    changes.map((c) => `${c.kind} ${c.verdict} ${c.subject}`).sort(),
    ['constant-changed break T_MODE_B', 'ioctl-added addition T_IOCTL_NEW', 'ioctl-removed break T_IOCTL_OLD', 'ioctl-renumbered break T_IOCTL_GET'],
  );
  const renumbered = findings.find((f) => f.ioctls.includes('T_IOCTL_GET'))!;
  assert.match(renumbered.message, /T_IOCTL_GET has another command number since origin\/main @ aaaaaaa on every ABI: 0xC0205401 became 0xC0205404 on x86_64 \(nr 1 to 4\)/);
  assert.ok(findings.every((f) => f.rule === 'uapi-abi-break'));
});

test('existing ioctls are info, added ones warnings; findings are new or unchanged against the base', async () => {
  const base = STRUCT;
  const now = STRUCT + "#define T_IOCTL_SET _IOW('T', 6, struct t_args)\n";
  const { result } = await compare(base, now);
  const custom = result.findings.filter((f) => f.rule === 'custom-ioctl');
  assert.deepEqual(custom.map((f) => `${f.ioctls[0]} ${f.severity}`), ['T_IOCTL_GET info', 'T_IOCTL_SET warning']);
  assert.match(custom[0].message, /^T_IOCTL_GET \(in origin\/main @ aaaaaaa\) /);
  const state = (rule: string, ioctl: string) => result.findings.find((f) => f.rule === rule && f.ioctls.includes(ioctl))?.baselineState;
  assert.equal(state('custom-ioctl', 'T_IOCTL_GET'), 'unchanged');
  assert.equal(state('custom-ioctl', 'T_IOCTL_SET'), 'new');
  // a finding with no ioctl is unchanged when the base version has it too (no licence line in
  // both), and so only info; the new ioctl's own findings stay warnings
  const hygiene = result.findings.find((f) => f.rule === 'uapi-c90-hygiene' && /SPDX/.test(f.message))!;
  assert.deepEqual([hygiene.baselineState, hygiene.severity], ['unchanged', 'info']);
  assert.ok(result.findings.filter((f) => f.severity === 'warning' || f.severity === 'error').every((f) => f.baselineState === 'new'));
});
