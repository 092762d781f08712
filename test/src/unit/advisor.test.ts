import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { FIXTURES } from '../support/paths';
import { analyzeFile } from '../support/analyze';
import { analyzeDocument, initAnalysis } from '../../../server/out/analysis/pipeline';
import { HeaderCache } from '../../../server/out/core/include/header-cache';
import { upstreamIoctls } from '../../../server/out/knowledge/upstream';
import type { Finding } from '../../../server/out/rules/rule';

/** The DRM/accel advisor's rules on fixture headers written for the project. */

const DIR = path.join(FIXTURES, 'advisor');
const byRule = (findings: Finding[], rule: string) => findings.filter((f) => f.rule === rule);

test('drm-reimplements-core: private export, free, fence wait and client name; not create, submit, BO wait, params, queues', async () => {
  const { findings } = await analyzeFile(path.join(DIR, 'drm_orbit.h'));
  const hits = byRule(findings, 'drm-reimplements-core');
  assert.deepEqual(hits.map((f) => f.ioctls[0]), [
    'DRM_IOCTL_ORBIT_EXPORT_BUF', 'DRM_IOCTL_ORBIT_FREE_BO', 'DRM_IOCTL_ORBIT_WAIT_FENCE', 'DRM_IOCTL_ORBIT_SET_CLIENT_NAME',
  ]);
  const [exportBuf, free, wait, name] = hits;
  assert.match(exportBuf.message, /^DRM_IOCTL_ORBIT_EXPORT_BUF is a driver ioctl that exports a buffer as a file descriptor: the DRM core's DRM_IOCTL_PRIME_HANDLE_TO_FD/);
  assert.match(free.message, /DRM_IOCTL_GEM_CLOSE does this for every DRM and accel driver/);
  assert.match(wait.message, /DRM_IOCTL_SYNCOBJ_WAIT/);
  assert.match(name.message, /DRM_IOCTL_SET_CLIENT_NAME/);
  assert.match(exportBuf.href!, /\/docs\/criteria\/dma-buf-sharing\.md$/);
  assert.equal(exportBuf.severity, 'warning');
  // on the DRM magic: none of these is a custom ioctl, and the header is in the right subsystem
  assert.equal(byRule(findings, 'custom-ioctl').length, 0);
  assert.equal(byRule(findings, 'accel-outside-subsystem').length, 0);
});

test('accel-outside-subsystem: one finding at the first ioctl of an accelerator on a private magic, listing them all', async () => {
  const { findings } = await analyzeFile(path.join(DIR, 'vega_misc.h'));
  const [hit, ...more] = byRule(findings, 'accel-outside-subsystem');
  assert.equal(more.length, 0);
  assert.deepEqual(hit.ioctls, ['VEGA_IOCTL_GET_INFO', 'VEGA_IOCTL_ALLOC', 'VEGA_IOCTL_MMAP', 'VEGA_IOCTL_FREE', 'VEGA_IOCTL_SUBMIT', 'VEGA_IOCTL_WAIT']);
  assert.deepEqual(hit.range.start, { row: 34, column: 8 });
  assert.match(hit.message, /^These 6 ioctls read as an accelerator's uAPI on private magic 'V' \(0x56\): buffers \(VEGA_IOCTL_ALLOC, VEGA_IOCTL_MMAP, VEGA_IOCTL_FREE\), submission \(VEGA_IOCTL_SUBMIT\), completion \(VEGA_IOCTL_WAIT\)/);
  assert.deepEqual(hit.pages.map((p) => p.page), ['accel-subsystem', 'open-userspace', 'open-documentation', 'subsystem-review']);
  // a device that is configured, not fed work, is not an accelerator
  const sensor = await analyzeFile(path.join(DIR, 'lumen_sensor.h'));
  assert.equal(byRule(sensor.findings, 'accel-outside-subsystem').length, 0);
  assert.equal(byRule(sensor.findings, 'custom-ioctl').length, 3);
});

test('custom-ioctl says what the ioctl is for and what covers it, and links that page first', async () => {
  const { findings } = await analyzeFile(path.join(DIR, 'vega_misc.h'));
  const free = byRule(findings, 'custom-ioctl').find((f) => f.ioctls[0] === 'VEGA_IOCTL_FREE')!;
  assert.equal(
    free.message,
    'VEGA_IOCTL_FREE frees a buffer: DRM_IOCTL_GEM_CLOSE already does this; new accelerator uAPI belongs in the accel ' +
      'subsystem and needs open userspace (drm-accel: purpose buffer-free in a file with work submission). ' +
      "Decoded: _IOW, write, magic 'V' (0x56), nr 3 (0x03), argument __u32.",
  );
  assert.deepEqual(free.pages.map((p) => p.page), ['buffers', 'accel-subsystem', 'subsystems', 'open-userspace', 'custom-ioctl']);
  assert.equal(free.href, free.pages[0].href);
});

test('an ioctl that exists upstream (same name and number) is info; another number, or --as-new, makes it new', async () => {
  const [rpc] = upstreamIoctls('FASTRPC_IOCTL_GET_DSP_INFO');
  assert.ok(rpc, 'the baseline knows fastrpc');
  assert.equal(rpc.header, 'misc/fastrpc.h');
  const header = (nr: number) =>
    `#include <linux/ioctl.h>\nstruct fastrpc_ioctl_capability { unsigned long long a; };\n#define FASTRPC_IOCTL_GET_DSP_INFO _IOWR('R', ${nr}, struct fastrpc_ioctl_capability)\n`;
  const file = path.join(DIR, 'fastrpc_copy.h');
  const known = (await analyzeFile(file, header(13))).findings.find((f) => f.rule === 'custom-ioctl')!;
  assert.equal(known.severity, 'info');
  assert.match(known.message, /^FASTRPC_IOCTL_GET_DSP_INFO \(upstream in include\/uapi\/misc\/fastrpc\.h\) queries device information/);
  assert.equal(known.fixes.filter((f) => f.title.startsWith('Convert')).length, 0, 'no conversion offered for an upstream ioctl');
  const moved = (await analyzeFile(file, header(0x31))).findings.find((f) => f.rule === 'custom-ioctl')!;
  assert.equal(moved.severity, 'warning');
  await initAnalysis();
  const asNew = analyzeDocument(file, header(13), { cache: new HeaderCache({}), rules: { treatAllAsNew: true } });
  const f = asNew.findings.find((x) => x.rule === 'custom-ioctl')!;
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /^FASTRPC_IOCTL_GET_DSP_INFO queries/);
});

test('suppression comments: on the line above or at the end of the line, for the named rules only', async () => {
  const text = [
    '#include <linux/ioctl.h>',
    '/* uapi-lint: allow custom-ioctl -- legacy interface kept for old firmware */',
    "#define A_IOCTL_FROB _IO('a', 1)",
    "#define B_IOCTL_FROB _IO('b', 2) /* uapi-lint: allow custom-ioctl */",
    '/* uapi-lint: allow ioctl-unresolved -- not this rule */',
    "#define C_IOCTL_FROB _IO('c', 3)",
    "#define D_IOCTL_FROB _IO('d' + 1, 4)",
    '',
  ].join('\n');
  const { findings, model } = await analyzeFile(path.join(DIR, 'suppress.h'), text);
  assert.deepEqual(model.file.suppressions.map((s) => [s.line, s.rules, s.reason]), [
    [2, ['custom-ioctl'], 'legacy interface kept for old firmware'],
    [3, ['custom-ioctl'], ''],
    [5, ['ioctl-unresolved'], 'not this rule'],
  ]);
  assert.deepEqual(byRule(findings, 'custom-ioctl').map((f) => f.ioctls[0]), ['C_IOCTL_FROB', 'D_IOCTL_FROB']);
});

test('"Suppress for this line" inserts a comment the rules honour, and never inside a continued macro', async () => {
  // G's name sits on a continuation line: a comment line above it would end the directive
  const text = "#include <linux/ioctl.h>\n#define E_IOCTL_FROB \\\n\t_IO('e', 5)\n  #define F_IOCTL_FROB _IO('f', 6)\n#define \\\nG_IOCTL_FROB _IO('g', 7)\n";
  const file = path.join(DIR, 'suppress2.h');
  const { findings } = await analyzeFile(file, text);
  const custom = byRule(findings, 'custom-ioctl');
  assert.equal(custom.length, 3);
  const apply = (t: string, edits: Finding['fixes'][number]['edits']) => {
    const lines = t.split('\n');
    for (const e of [...edits].reverse()) {
      const l = lines[e.range.start.row];
      lines[e.range.start.row] = l.slice(0, e.range.start.column) + e.newText + l.slice(e.range.end.column);
    }
    return lines.join('\n');
  };
  let fixed = text;
  for (const f of [...custom].reverse()) fixed = apply(fixed, f.fixes.find((x) => x.title === 'Suppress custom-ioctl for this line')!.edits);
  assert.equal(
    fixed,
    "#include <linux/ioctl.h>\n/* uapi-lint: allow custom-ioctl -- reason */\n#define E_IOCTL_FROB \\\n\t_IO('e', 5)\n" +
      "  /* uapi-lint: allow custom-ioctl -- reason */\n  #define F_IOCTL_FROB _IO('f', 6)\n" +
      "#define \\\nG_IOCTL_FROB _IO('g', 7) /* uapi-lint: allow custom-ioctl -- reason */\n",
  );
  const again = await analyzeFile(file, fixed);
  assert.equal(byRule(again.findings, 'custom-ioctl').length, 0);
  assert.equal(again.model.ioctls.length, 3, 'every ioctl is still defined');
});
