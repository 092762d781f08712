import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeDocument, initAnalysis, type AnalysisResult } from '../../../server/out/analysis/pipeline';
import { HeaderCache } from '../../../server/out/core/include/header-cache';
import { blankAnnotations } from '../../../server/out/core/parse/annotations';
import { parseC, ParseTooSlow } from '../../../server/out/core/parse/parser';
import { hover } from '../../../server/out/lsp/hover';
import { codeActions, FIX_ALL_KIND } from '../../../server/out/lsp/code-actions';
import { newCache, wholeAnalysis } from '../fuzz/whole-analysis';

/**
 * Inputs the fuzzer found whose cost grew faster than their size (minutes, or a stack
 * overflow, for a few hundred kilobytes). Each now ends well within the time a file of its
 * size may take, with the reason that stopped it. The bound is generous, for a busy machine:
 * these took from 30 s to hours before.
 */

const BOUND_MS = 20_000;
const dir = os.tmpdir();
const PRELUDE = '#include <linux/types.h>\n#include <linux/ioctl.h>\n';

/** The whole analysis (findings, report, hovers, code actions), timed. */
async function timed(name: string, body: string, bound = BOUND_MS): Promise<number> {
  await initAnalysis();
  const input = { path: path.join(dir, name), text: PRELUDE + body, includePaths: [], probeSeed: 1 };
  const started = performance.now();
  wholeAnalysis(input, newCache(input));
  const ms = performance.now() - started;
  assert.ok(ms < bound, `${name}: ${Math.round(ms)} ms`);
  return ms;
}

async function analyze(name: string, body: string): Promise<AnalysisResult> {
  await initAnalysis();
  return analyzeDocument(path.join(dir, name), PRELUDE + body, { cache: new HeaderCache({}) });
}

function reasons(r: AnalysisResult): Array<string | null> {
  return r.model.ioctls.map((i) => i.unresolved ?? r.model.abiValues(i).x86_64.unresolved);
}

test('macro calls nested 10,000 deep in an ioctl stop at once, not after 256 levels of rescanning', async () => {
  const body = `#define F(x) x\n#define DEEP _IO('n', ${'F('.repeat(10000)}1${')'.repeat(10000)})\n`;
  await timed('calls.h', body);
  assert.deepEqual(reasons(await analyze('calls.h', body)), ['macro arguments nest more than 256 levels deep']);
});

test('a macro of a million tokens is refused before it is copied', async () => {
  const body = `#define HUGE ${'1+'.repeat(500000)}1\n#define H _IO('h', HUGE)\n`;
  await timed('huge-macro.h', body);
  assert.deepEqual(reasons(await analyze('huge-macro.h', body)), ['the expansion grew past 100000 tokens']);
});

test('a struct of 20,000 members on one line: rules, hover and code actions stay linear', async () => {
  const types = ['__u8', '__u16', '__u32', '__u64'];
  const members = Array.from({ length: 20000 }, (_, i) => `${types[(i * 7 + i * i) % 4]} m${i}; `).join('');
  const body = `struct big { ${members}};\n#define BIG _IOWR('h', 2, struct big)\n`;
  await timed('big.h', body);
  const r = await analyze('big.h', body);
  const holes = r.findings.filter((f) => f.rule === 'uapi-implicit-padding');
  assert.ok(holes.length > 1000, `${holes.length} holes`);
  const text = PRELUDE + body;
  const doc = TextDocument.create('file:///big.h', 'c', 1, text);
  const big = r.model.ioctls[0];
  const shown = hover(doc, { line: big.nameRange.start.row, character: big.nameRange.start.column }, r.model, r.findings)!;
  const value = (shown.contents as { value: string }).value;
  // the table and the list of findings show their beginning and say how much more there is
  assert.match(value, /\/\* \.\.\. \d+ more members \*\//);
  assert.match(value, /- \.\.\. and \d+ more/);
  assert.ok(value.length < 200_000, `${value.length} characters`);
  // the padding fix is one action for every hole it fills
  const actions = codeActions(doc.uri, r, { textDocument: { uri: doc.uri }, range: { start: { line: 0, character: 0 }, end: doc.positionAt(text.length) }, context: { diagnostics: [] } });
  const padding = actions.filter((a) => a.title === 'Make the padding of struct big explicit');
  assert.equal(padding.length, 1);
  assert.equal(padding[0].diagnostics!.length, holes.length);
  assert.equal(actions.filter((a) => a.kind === FIX_ALL_KIND).length, 1);
});

test('10,000 nested struct definitions: member names and declarations without a walk up the tree per struct', async () => {
  let body = '';
  for (let i = 0; i < 10000; i++) body += `struct s${i} { `;
  body += '__u32 x; ' + '} m; '.repeat(9999) + "};\n#define DEEP _IOR('n', 3, struct s0)\n";
  await timed('nested.h', body);
  assert.match(reasons(await analyze('nested.h', body))[0]!, /nested more than 256 levels deep/);
});

test('arrays of arrays: 10,000 dimensions, and sizes no ABI can hold', async () => {
  const deep = `struct d { __u8 x${'[2]'.repeat(10000)}; };\n#define D _IOR('n', 4, struct d)\n`;
  await timed('dims.h', deep);
  assert.match(reasons(await analyze('dims.h', deep))[0]!, /a declarator nested more than 256 levels deep/);
  const vast = `struct v { __u8 x${'[1024]'.repeat(7)}; };\n#define V _IOR('n', 4, struct v)\n`;
  await timed('vast.h', vast);
  const r = await analyze('vast.h', vast);
  const values = r.model.abiValues(r.model.ioctls[0]);
  assert.match(values.x86_64.unresolved!, /__u8\[1024\]\[1024\]\[1024\]\[1024\]\[1024\]\[1024\] is 1152921504606846976 bytes, more than the largest object on x86-64 \(1125899906842624 bytes\)/);
  assert.match(values.i386.unresolved!, /more than the largest object on i386 \(2147483647 bytes\)/);
  const typeName = `#define T _IOR('n', 5, int ${'[2]'.repeat(10000)})\n#define P _IOR('n', 6, int ${'*'.repeat(10000)})\n`;
  await timed('type-name.h', typeName);
  assert.deepEqual(reasons(await analyze('type-name.h', typeName)).map((x) => /nested more than 256 levels deep/.test(x ?? '')), [true, true]);
});

test('10,000 casts in a row nest like parentheses', async () => {
  const body = `#define C ${'(int)'.repeat(10000)}1\n#define CI _IO('n', C)\n`;
  await timed('casts.h', body);
  assert.deepEqual(reasons(await analyze('casts.h', body)), ['nr: the expression nests more than 256 levels deep']);
});

test('a chain of 10,000 function-like macros: the hide sets it builds count as work', async () => {
  const defs = ['#define M0(x) x'];
  for (let i = 1; i < 10000; i++) defs.push(`#define M${i}(x) M${i - 1}(x)`);
  const body = defs.join('\n') + "\n#define CHAIN _IO('n', M9999(7))\n";
  await timed('chain.h', body);
  assert.deepEqual(reasons(await analyze('chain.h', body)), ['macro expansion went over its work limit (1000000 token operations)']);
});

test('a thousand macro bombs: the expansions of one header share one budget', async () => {
  let body = '#define B0 1\n';
  for (let i = 1; i < 40; i++) body += `#define B${i} B${i - 1}+B${i - 1}\n`;
  for (let i = 0; i < 1000; i++) body += `#define X${i} _IO('x', B39)\n`;
  await timed('bombs.h', body);
  const r = await analyze('bombs.h', body);
  const spent = reasons(r).filter((x) => x?.startsWith('the macro expansions of this header went over their work limit in all'));
  assert.ok(spent.length > 900, `${spent.length} of 1000`);
});

test('16,000 ioctls, each under a stray */: the work per ioctl does not grow with their number', async () => {
  // looking for the doc comment in the whole file, the define by name among all defines, the
  // next driver offset among all ioctls: each made the work per ioctl grow with the file (over
  // a minute for 16,000 before; about 10 s now, on a busy machine)
  const body = Array.from({ length: 16000 }, (_, i) => `x */\n#define I${i}_IOCTL_OP _IO('i', ${i & 255})`).join('\n') + '\n';
  await timed('stray.h', body, 60_000);
});

test('a megabyte-long line of annotations: blanking them takes one pass, not one look back per annotation', async () => {
  // found by the fuzzer: every annotation on the line looked back to the line's start to see
  // whether it sat on a directive (40,000 annotations on one line: 26 s before, 0.1 s now)
  const line = 'static __inline__ void \\ '.repeat(40000);
  const started = performance.now();
  const blanked = blankAnnotations(`struct s {\n${line}\n};\n#define M \\\n${line}\n`);
  assert.ok(performance.now() - started < 2000, `${Math.round(performance.now() - started)} ms`);
  // outside the directive each __inline__ became inline; on the directive's continuation line none did
  assert.equal(blanked.annotations.length, 40000);
  assert.ok(blanked.annotations.every((a) => a.start < line.length + 20));
});

test('text tree-sitter cannot make sense of in its time (thousands of */, an unterminated comment full of /*): one finding, no hang', async () => {
  // tree-sitter's error recovery is quadratic on these: minutes for 20 KB, hours for a megabyte
  for (const [name, body] of [
    ['stars.h', ' */ '.repeat(5000)],
    ['unterminated.h', '/* SPDX-License-Identif '.repeat(5000)],
  ]) {
    const started = performance.now();
    const r = await analyze(name, body);
    assert.ok(performance.now() - started < BOUND_MS);
    assert.deepEqual(r.findings.map((f) => f.rule), ['file-skipped']);
    assert.match(r.findings[0].message, /^This file was not analysed: it is not C the parser can make sense of \(it gave up after \d+ s\)\.$/);
  }
});

test('the parse time budget gives the same text the same answer: parsed once, parsed again; given up on, given up on', async () => {
  await initAnalysis();
  // a budget of 0 ms gives up at tree-sitter's first check, unless the text was parsed before
  const header = `#include <linux/ioctl.h>\n${Array.from({ length: 200 }, (_, i) => `#define BUDGET_IOCTL_${i} _IO('b', ${i})\n`).join('')}`;
  parseC(header, undefined, 60_000).delete();
  parseC(header, undefined, 0).delete();
  const fresh = `${'/* fresh */ '.repeat(2000)}#define OTHER_IOCTL _IO('o', 2)\n`;
  assert.throws(() => parseC(fresh, undefined, 0), ParseTooSlow);
  // once given up on, the same text is not tried again (a budget that would now suffice makes no difference)
  assert.throws(() => parseC(fresh, undefined, 60_000), (e: Error) => e instanceof ParseTooSlow && /gave up after 0 s/.test(e.message));
});

test('a sum of 10,000 terms is folded in a loop, not by recursion down its left side', async () => {
  const body = `#define SUM ${Array.from({ length: 10000 }, () => '1').join(' + ')}\n#define S _IO('s', SUM & 0xff)\n`;
  await timed('sum.h', body);
  assert.deepEqual((await analyze('sum.h', body)).model.ioctls.map((i) => [i.nr, i.unresolved]), [[10000 & 0xff, null]]);
});

test('a NUL byte in an include is a header that is not there, not an exception', async () => {
  // after the first 8 KB, where a NUL byte does not make the file binary
  const body = `/* ${'x'.repeat(9000)} */\n#include "asm/posix_types\0_64.h"\n#define N _IO('n', 1)\n`;
  await timed('nul-include.h', body);
  const missing = (await analyze('nul-include.h', body)).findings.filter((f) => f.rule === 'include-not-found');
  assert.equal(missing.length, 1);
  assert.match(missing[0].message, /^'asm\/posix_types\0_64\.h' was not found/);
});

test('an enum of 150,000 members: no argument list of that length (push(...list) overflows the stack)', async () => {
  const names = Array.from({ length: 150000 }, (_, i) => `E${i}`);
  const r = await analyze('big-enum.h', `enum big { ${names.join(', ')} };\n#define BE _IO('b', E149999 & 0xff)\n`);
  assert.deepEqual(r.model.ioctls.map((i) => [i.nr, i.unresolved]), [[149999 & 0xff, null]]);
});
