import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FIXTURES } from '../support/paths';
import { analyzeFile } from '../support/analyze';
import { applyFix } from '../support/fixes';
import { linuxSource } from '../support/linux-source';
import { differences, ourFindings, parseWarnings, runKernelDoc } from '../support/kernel-doc-oracle';
import { runCli } from '../support/cli';
import { commitAll, newRepository } from '../support/git-trees';
import { analyzeDocument, initAnalysis, modelDocument } from '../../../server/out/analysis/pipeline';
import { runRules } from '../../../server/out/rules/engine';
import { uapiKernelDoc } from '../../../server/out/rules/uapi-kernel-doc';
import { HeaderCache } from '../../../server/out/core/include/header-cache';
import { parseKernelDoc, parseIdentifierLine, scanKernelDoc } from '../../../server/out/core/parse/kernel-doc';
import type { Finding, Fix } from '../../../server/out/rules/rule';
import type { JsonFile } from '../../../server/out/cli/format';

/**
 * uapi-kernel-doc on fixtures written for it (test/fixtures/kernel-doc), each checked against
 * Linux 6.12's scripts/kernel-doc as well: the parser of kernel-doc comments, one finding per
 * declaration naming what is missing or wrong, the fix (whose result kernel-doc accepts), and
 * the severity of what exists already.
 */

const DIR = path.join(FIXTURES, 'kernel-doc');
const RULE = 'uapi-kernel-doc';

const mine = (findings: Finding[]) => findings.filter((f) => f.rule === RULE);
const rows = (findings: Finding[]) => mine(findings).map((f) => `${f.range.start.row + 1}:${f.range.start.column + 1} ${f.message}`);

test('a kernel-doc comment is read as scripts/kernel-doc reads it: identifier line, @member: sections, description', () => {
  const doc = parseKernelDoc('/**\n * struct foo - what foo is\n *   and goes on\n * @a: the first\n * @b:\n * @c: \n * @inner.x: nested\n * @...: dots\n *\n * The description.\n */\n')!;
  assert.ok(doc.identifier.ok);
  assert.deepEqual({ ...doc.identifier.id, nameStart: 0, nameEnd: 0 }, { kind: 'struct', name: 'foo', summary: 'what foo is and goes on', separator: true, nameStart: 0, nameEnd: 0 });
  // `@b:` ends its line, so kernel-doc records it (empty); `@c: ` has a blank after the colon, so it does not
  assert.deepEqual(doc.sections.map((s) => [s.name, s.text, s.described]), [
    ['a', 'the first', true],
    ['b', '', true],
    ['c', '', false],
    ['inner.x', 'nested', true],
    ['...', 'dots', true],
  ]);
  assert.equal(doc.body, 'The description.');

  const id = (line: string) => {
    const r = parseIdentifierLine(line);
    return r.ok ? `${r.id.kind} ${r.id.name} | ${r.id.summary}` : r.reason;
  };
  assert.equal(id(' * union bar: a union'), 'union bar | a union');
  assert.equal(id(' * enum - an anonymous enum'), 'enum  | an anonymous enum');
  assert.equal(id(' * DRM_IOCTL_FOO - Close a GEM handle.'), 'function DRM_IOCTL_FOO | Close a GEM handle.');
  assert.equal(id(' * define DRM_IOCTL_FOO - Close a GEM handle.'), 'function DRM_IOCTL_FOO | Close a GEM handle.');
  assert.equal(id(' * DRM_IOCTL_FOO() - with parentheses'), 'function DRM_IOCTL_FOO | with parentheses');
  assert.equal(id(' * struct foo'), 'struct foo | ');
  assert.equal(id(' * DOC: Overview'), 'doc-section');
  assert.equal(id(' * struct drm_vmw_size ioctl.'), 'wrong-identifier');
  assert.equal(id(' * Describes the next struct.'), 'not-kernel-doc');
  assert.equal(id(' */'), 'not-understood');
  // the identifier's place on the line, for the fix that renames it
  const named = parseIdentifierLine(' * struct foo_bar - x');
  assert.ok(named.ok && ' * struct foo_bar - x'.slice(named.id.nameStart, named.id.nameEnd) === 'struct foo_bar');

  // inline member comments, read inside the declaration; a /** that is not one is dropped
  const scan = scanKernelDoc('/**\n * struct s - s\n */\nstruct s {\n\t/** @a: one line */\n\tint a;\n\t/**\n\t * @b: several\n\t *     lines\n\t */\n\tint b;\n\t/** @c: */\n\tint c;\n\t/**\n\t * not a member\n\t */\n\tint d;\n};\n');
  const block = scan.blocks[0];
  assert.deepEqual(block.inline.map((s) => [s.name, s.described]), [['a', true], ['b', true], ['c', false]]);
  assert.deepEqual(block.inlineErrors.map((e) => e.line), [13]);
  assert.deepEqual(block.proto && [block.proto.line, block.proto.text.startsWith('struct s {')], [17, true]);
});

/** Each fixture's findings of the rule, and nothing else of it. */
const EXPECTED: Record<string, RegExp[]> = {
  'complete.h': [],
  'no-comment.h': [
    /^9:6 enum kd_prio \(used by struct kd_bare\) has no kernel-doc comment, so none of its 2 constants \(KD_PRIO_LOW, KD_PRIO_HIGH\) is documented\.$/,
    /^14:8 struct kd_bare \(the argument of KD_IOCTL_BARE\) has no kernel-doc comment, so none of its 6 members \(handle, flags, addr, window, prio, weight\) is documented\.$/,
    /^28:9 KD_IOCTL_BARE has no kernel-doc comment: say what the ioctl does, .* "\/\*\* KD_IOCTL_BARE - summary" comment right above its #define/,
  ],
  'missing-member.h': [
    /^13:6 enum kd_attr \(used by struct kd_invoke_args\) has no kernel-doc description of constant KD_ATTR_WRITE \(scripts\/kernel-doc -Wall warns "Enum value 'KD_ATTR_WRITE' not described in enum 'kd_attr'"\)\.$/,
    /^24:8 struct kd_invoke_args \(the argument of KD_IOCTL_INVOKE\) has no kernel-doc description of members fd, reserved \(scripts\/kernel-doc -Wall warns "Function parameter or struct member 'fd' not described in 'kd_invoke_args'" for each\)\.$/,
  ],
  'excess-member.h': [
    /^15:8 struct kd_wait \(the argument of KD_IOCTL_WAIT\) has no kernel-doc description of member pad .*; it also describes in its kernel-doc comment a member it does not have: timeout_ms \("Excess struct member 'timeout_ms' description in 'kd_wait'"\)\.$/,
    /^25:9 KD_IOCTL_WAIT describes in its kernel-doc comment a parameter an object-like macro does not have: @handle \("Excess function parameter 'handle' description in 'KD_IOCTL_WAIT'"\)/,
  ],
  'wrong-name.h': [
    /^14:8 struct kd_get_hang_state \(the argument of KD_IOCTL_GET_HANG_STATE\) has a kernel-doc comment for struct kd_hang_state \(scripts\/kernel-doc: "expecting prototype for struct kd_hang_state\. Prototype was for struct kd_get_hang_state instead"\), so none of its members is checked\.$/,
    /^23:9 KD_IOCTL_GET_HANG_STATE has a kernel-doc comment above it for KD_IOCTL_HANG_STATE \(scripts\/kernel-doc: "expecting prototype for KD_IOCTL_HANG_STATE\(\)\. Prototype was for KD_IOCTL_GET_HANG_STATE\(\) instead"\)\.$/,
  ],
  'no-summary.h': [
    /^14:8 struct kd_param \(the argument of KD_IOCTL_GET_PARAM\) has no short description in its kernel-doc comment after "struct kd_param -" \(scripts\/kernel-doc -Wall: "missing initial short description"\)\.$/,
    /^22:9 KD_IOCTL_GET_PARAM has no short description in its kernel-doc comment after "KD_IOCTL_GET_PARAM"/,
  ],
  'nested.h': [
    // an embedded struct is looked at too; a named nested one's members are `range.addr`, an anonymous union's are the outer struct's own
    /^13:8 struct kd_extension \(in the argument of KD_IOCTL_BIND\) has no kernel-doc description of members name, pad /,
    /^28:8 struct kd_bind \(the argument of KD_IOCTL_BIND\) has no kernel-doc description of members obj_offset, userptr, prefetch .*; it also describes in its kernel-doc comment a member it does not have: range\.size /,
  ],
  'renamed-member.h': [
    /^17:8 struct kd_issue_cmd \(the argument of KD_IOCTL_ISSUE_CMD\) has no kernel-doc description of members data, local_vaddr, remote_paddr .*; it also describes in its kernel-doc comment members it does not have: opaque, local_addr, remote_addr /,
    /^31:8 struct kd_moved \(the argument of KD_IOCTL_MOVED\) has no kernel-doc description of member fresh .*: old /,
  ],
  'unread.h': [
    /^10:8 struct kd_oneline .* has a \/\*\* comment above it that scripts\/kernel-doc never reads: the \/\*\* must stand alone at the start of its line/,
    /^18:8 struct kd_plain .* has a plain \/\* \*\/ comment above it, and scripts\/kernel-doc reads only \/\*\* comments, so its member a is documented nowhere\.$/,
    /^25:8 struct kd_unnamed .* has a \/\*\* comment above it that does not start with "struct kd_unnamed - summary" \(scripts\/kernel-doc: "This comment starts with '\/\*\*', but isn't a kernel-doc comment"\)/,
    /^37:8 struct kd_swallowed .* the kernel-doc comment on line 29 is followed by no declaration, .* \("Incorrect use of kernel-doc format"\)/,
    /^45:8 struct kd_inline .* has no kernel-doc description of member b .*; it also has a \/\*\* comment on line 46 inside it that does not start with "@member:"/,
  ],
};

test('each fixture: one finding per declaration, on its name, naming what is missing or wrong', async () => {
  for (const [name, expected] of Object.entries(EXPECTED)) {
    const got = rows((await analyzeFile(path.join(DIR, name))).findings);
    assert.equal(got.length, expected.length, `${name}:\n${got.join('\n')}`);
    expected.forEach((re, i) => assert.match(got[i], re, name));
  }
  assert.deepEqual(fs.readdirSync(DIR).sort(), Object.keys(EXPECTED).sort(), 'every fixture has its expectations');
});

test('each fixture: uapi-lint names the members kernel-doc warns about, and only those', { timeout: 120_000 }, async () => {
  const tree = linuxSource();
  for (const name of Object.keys(EXPECTED)) {
    const file = path.join(DIR, name);
    const { stderr } = await runKernelDoc(tree, ['-none', '-Wall'], file);
    const model = (await analyzeFile(file)).model;
    assert.deepEqual(differences(parseWarnings(stderr), ourFindings(model.file).findings), [], name);
  }
  // complete.h: not a word from kernel-doc
  assert.equal((await runKernelDoc(tree, ['-none', '-Wall'], path.join(DIR, 'complete.h'))).stderr, '');
});

/** Every fix of the rule's findings in a text, applied at once (they are for different declarations). */
function applyAll(text: string, findings: Finding[]): string {
  const fixes: Fix[] = mine(findings).flatMap((f) => f.fixes.filter((x) => !x.title.startsWith('Suppress')));
  return applyFix(text, { title: 'all', edits: fixes.flatMap((f) => f.edits) });
}

/** After the fixes: what is left is what no edit at the declaration can mend. */
const LEFT_AFTER_FIX: Record<string, RegExp[]> = {
  'unread.h': [/^\d+:8 struct kd_swallowed /],
};

/** What each fix says it does. */
const TITLES: Record<string, string[]> = {
  'excess-member.h': [
    'Complete the kernel-doc comment of struct kd_wait: describe pad; drop @timeout_ms',
    'Complete the kernel-doc comment of KD_IOCTL_WAIT: drop @handle (a macro has no parameters; describe members at the struct)',
  ],
  'renamed-member.h': [
    // renamed where the old name sits in the member's place; the one whose place moved is dropped
    'Complete the kernel-doc comment of struct kd_issue_cmd: rename @opaque to @data; rename @local_addr to @local_vaddr; rename @remote_addr to @remote_paddr',
    'Complete the kernel-doc comment of struct kd_moved: describe fresh; drop @old',
  ],
  'nested.h': [
    'Complete the kernel-doc comment of struct kd_extension: describe name, pad',
    'Complete the kernel-doc comment of struct kd_bind: describe obj_offset, userptr, prefetch; drop @range.size',
  ],
  'unread.h': [
    'Add a kernel-doc comment for struct kd_oneline',
    'Add a kernel-doc comment for struct kd_plain',
    'Make the comment above struct kd_unnamed its kernel-doc comment',
    'Complete the kernel-doc comment of struct kd_inline',
  ],
  'wrong-name.h': [
    'Complete the kernel-doc comment of struct kd_get_hang_state: describe pad; name it struct kd_get_hang_state',
    'Complete the kernel-doc comment of KD_IOCTL_GET_HANG_STATE: name it KD_IOCTL_GET_HANG_STATE',
  ],
};

test('the fix writes or completes the comment; re-analysed, only what it cannot mend is left, and kernel-doc agrees', { timeout: 120_000 }, async () => {
  const tree = linuxSource();
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'uapi-lint-kernel-doc-'));
  try {
    for (const name of Object.keys(EXPECTED)) {
      const text = fs.readFileSync(path.join(DIR, name), 'utf8');
      const before = await analyzeFile(path.join(DIR, name));
      for (const f of mine(before.findings)) {
        const fix = f.fixes.find((x) => !x.title.startsWith('Suppress'));
        // a comment an earlier one swallows is mended at that earlier one
        const unmendable = /^struct kd_swallowed /.test(f.message);
        assert.equal(!!fix, !unmendable, `${name}: ${f.message}`);
        if (fix) assert.equal(fix.fixAll, undefined, 'a description is the user\'s to write: not part of Fix all');
      }
      if (TITLES[name]) assert.deepEqual(mine(before.findings).flatMap((f) => f.fixes.filter((x) => !x.title.startsWith('Suppress')).map((x) => x.title)), TITLES[name], name);
      const fixed = applyAll(text, before.findings);
      const target = path.join(out, name);
      fs.writeFileSync(target, fixed);
      const after = await analyzeFile(target, fixed);
      const left = rows(after.findings);
      const expected = LEFT_AFTER_FIX[name] ?? [];
      assert.equal(left.length, expected.length, `${name} after the fix:\n${left.join('\n')}\n---\n${fixed}`);
      expected.forEach((re, i) => assert.match(left[i], re, name));
      // kernel-doc: the same as uapi-lint computes, on the fixed text; no short description or member missing where the fix wrote
      const { stderr } = await runKernelDoc(tree, ['-none', '-Wall'], target);
      assert.deepEqual(differences(parseWarnings(stderr), ourFindings(after.model.file).findings), [], `${name}\n${stderr}`);
      if (!LEFT_AFTER_FIX[name]) assert.equal(stderr, '', `${name}: kernel-doc on the fixed text\n${fixed}`);
    }
    // what a fixed comment looks like: an @member: line for each member, nothing after the colon
    const bare = fs.readFileSync(path.join(out, 'no-comment.h'), 'utf8');
    assert.ok(bare.includes('/**\n * struct kd_bare - argument of KD_IOCTL_BARE\n * @handle:\n * @flags:\n * @addr:\n * @window:\n * @window.lo:\n * @window.hi:\n * @prio:\n * @weight:\n */\nstruct kd_bare {'), bare);
    assert.ok(bare.includes('/**\n * KD_IOCTL_BARE - passes &struct kd_bare to the driver\n */\n#define KD_IOCTL_BARE'), bare);
    assert.ok(bare.includes('/**\n * enum kd_prio - values of struct kd_bare\n * @KD_PRIO_LOW:\n * @KD_PRIO_HIGH:\n */\nenum kd_prio {'), bare);
    assert.doesNotMatch(bare, /[ \t]$/m, 'no trailing blanks (kernel-doc would not count `@x: ` as described, checkpatch complains)');
    const renamed = fs.readFileSync(path.join(out, 'wrong-name.h'), 'utf8');
    assert.match(renamed, /^ \* struct kd_get_hang_state - collect the state of a hung device\n \* @bo: .*\n \* @bo_count: .*\n \* @pad:\n \*\/$/m);
    assert.match(renamed, /^ \* KD_IOCTL_GET_HANG_STATE - get the state of a hung device$/m);
    const unnamed = fs.readFileSync(path.join(out, 'unread.h'), 'utf8');
    assert.ok(unnamed.includes('/**\n * struct kd_unnamed - argument of KD_IOCTL_UNNAMED\n * @a:\n *\n * Describes the next struct, without naming it.\n */'), unnamed);
    // a /** comment inside the struct that kernel-doc would drop names the member below it
    assert.ok(unnamed.includes('\t/**\n\t * @b: The second member.\n\t */\n\t__u32 b;'), unnamed);
    const renamedText = fs.readFileSync(path.join(out, 'renamed-member.h'), 'utf8');
    assert.match(renamedText, / \* @cmd: the command\n \* @data: user pointer to the command's buffer\n \* @error: .*\n \* @local_vaddr: a local buffer\n \* @remote_paddr: a remote buffer\n \*\//);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});

const UPSTREAM = `/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
#ifndef UPSTREAM_COPY_H
#define UPSTREAM_COPY_H
#include <linux/ioctl.h>
#include <linux/types.h>
struct fastrpc_alloc_dma_buf {
	__s32 fd;
	__u32 flags;
	__u64 size;
};
#define FASTRPC_IOCTL_ALLOC_DMA_BUFF _IOWR('R', 1, struct fastrpc_alloc_dma_buf)
#endif
`;

test('what exists already is info: an upstream ioctl and its struct, or what the git base has unchanged', { timeout: 180_000 }, async () => {
  await initAnalysis();
  const file = path.join(os.tmpdir(), 'uapi-lint-kernel-doc-upstream.h');
  const cache = new HeaderCache({});
  const upstream = mine(analyzeDocument(file, UPSTREAM, { cache }).findings);
  assert.deepEqual(upstream.map((f) => `${f.severity} ${f.ioctls.join(',')}`), ['info FASTRPC_IOCTL_ALLOC_DMA_BUFF', 'info FASTRPC_IOCTL_ALLOC_DMA_BUFF']);
  const asNew = mine(analyzeDocument(file, UPSTREAM, { cache, rules: { treatAllAsNew: true } }).findings);
  assert.deepEqual(asNew.map((f) => f.severity), ['warning', 'warning']);

  // in git: what the base has is info (unchanged), what the work tree adds a warning (new)
  const dir = newRepository();
  try {
    const header = path.join(dir, 'nimbus.h');
    const base = UPSTREAM.replace(/FASTRPC_IOCTL_ALLOC_DMA_BUFF/g, 'NIMBUS_IOCTL_OLD').replace(/fastrpc_alloc_dma_buf/g, 'nimbus_old');
    fs.writeFileSync(header, base);
    commitAll(dir, 'the base');
    fs.writeFileSync(header, base.replace('#endif', "struct nimbus_new {\n\t__u64 addr;\n};\n#define NIMBUS_IOCTL_NEW _IOW('R', 2, struct nimbus_new)\n#endif"));
    const r = runCli(['--format', 'json', '--fail-on', 'none', '--base', 'main', 'nimbus.h'], dir);
    assert.equal(r.status, 0, r.stderr);
    const found = (JSON.parse(r.stdout) as { files: JsonFile[] }).files[0].diagnostics.filter((d) => d.rule === RULE);
    assert.deepEqual(found.map((d) => `${d.line} ${d.severity} ${d.baselineState} ${d.ioctls.join(',')}`), [
      '6 info unchanged NIMBUS_IOCTL_OLD',
      '11 info unchanged NIMBUS_IOCTL_OLD',
      '12 warning new NIMBUS_IOCTL_NEW',
      '15 warning new NIMBUS_IOCTL_NEW',
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('cheap per keystroke: 2,000 documented ioctls and their structs in one header, and a struct of 20,000 members', { timeout: 180_000 }, async () => {
  await initAnalysis();
  const cache = new HeaderCache({});
  let text = '#include <linux/ioctl.h>\n#include <linux/types.h>\n';
  for (let i = 0; i < 2000; i++) {
    text += `/**\n * struct s${i} - argument of IOC${i}\n * @a: a\n */\nstruct s${i} {\n\t__u64 a;\n\t__u64 b;\n};\n/**\n * IOC${i} - number ${i}\n */\n#define IOC${i} _IOW('x', ${i & 255}, struct s${i})\n`;
  }
  // the rule alone, on a fresh model (its declarations and the argument records included)
  const model = modelDocument(path.join(os.tmpdir(), 'many.h'), text, cache);
  let started = performance.now();
  const many = runRules(model, {}, {}, [uapiKernelDoc]);
  const ms = performance.now() - started;
  assert.equal(many.length, 2000);
  assert.ok(many.every((f) => /has no kernel-doc description of member b /.test(f.message)));
  assert.ok(ms < 15_000, `${Math.round(ms)} ms`);

  const members = Array.from({ length: 20000 }, (_, i) => `__u32 m${i}; `).join('');
  const big = `#include <linux/ioctl.h>\n#include <linux/types.h>\nstruct big { ${members}};\n#define BIG _IOW('b', 1, struct big)\n`;
  started = performance.now();
  const b = runRules(modelDocument(path.join(os.tmpdir(), 'big.h'), big, cache), {}, {}, [uapiKernelDoc]);
  const struct = b.find((f) => f.message.startsWith('struct big'))!;
  assert.ok(struct.message.length <= 1100, 'the list of members is cut short');
  assert.match(struct.message, /m0, m1, .* and 19988 more\) is documented\.$/);
  // the skeleton lists the first 10,000 (no real struct comes near; a hostile one gets no megabyte edit)
  const skeleton = struct.fixes[0].edits[0].newText;
  assert.equal(skeleton.split('\n').length, 10000 + 4);
  assert.ok(performance.now() - started < 15_000, `${Math.round(performance.now() - started)} ms`);
});

test('a megabyte-long continued line (a fuzzer case that hung) is read once, not once per piece', { timeout: 30_000 }, () => {
  // 200,000 pieces joined by backslashes, then a documented struct: the struct's comment is still found
  const text = `#define FUZZ_CONTINUED 1 \\\n${'+ 1 \\\n'.repeat(200_000)}+ 1\n/**\n * struct after - a struct after the long line\n * @a: a member\n */\nstruct after {\n\tint a;\n};\n`;
  const started = process.hrtime.bigint();
  const scan = scanKernelDoc(text);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  assert.equal(scan.blocks.length, 1);
  const id = scan.blocks[0].identifier;
  assert.equal(id.ok ? id.id.name : undefined, 'after');
  // linear: a quadratic join of 200,000 pieces takes minutes
  assert.ok(ms < 10_000, `${ms} ms`);
});
