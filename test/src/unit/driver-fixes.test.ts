import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FIXTURES } from '../support/paths';
import { analyzeFile } from '../support/analyze';
import { applyFix, findingKey, syntaxErrors } from '../support/fixes';
import { blankAnnotations } from '../../../server/out/core/parse/annotations';
import { prepareKernelSource } from '../../../server/out/core/parse/kernel-source';
import type { Finding, Fix } from '../../../server/out/rules/rule';

/**
 * The quick fixes of the driver rules, applied to C sources written for the project: the
 * edited text is what the fix says, parses with no more errors than before, and the finding
 * is gone (the others stay).
 */

const TREE = path.join(FIXTURES, 'driver-tree');
const KESTREL = path.join(TREE, 'drivers/misc/kestrel/kestrel.c');
const WREN = path.join(TREE, 'drivers/misc/wren/wren.c');

const read = (file: string) => fs.readFileSync(file, 'utf8');

/** tree-sitter's errors in a driver source as the analysis parses it (kernel annotations and macros rewritten first). */
const kernelSyntaxErrors = (text: string) => syntaxErrors(prepareKernelSource(blankAnnotations(text).text));

function finding(findings: Finding[], rule: string): Finding {
  const hits = findings.filter((f) => f.rule === rule);
  assert.equal(hits.length, 1, `one ${rule} finding`);
  return hits[0];
}

function fixTitled(f: Finding, title: string): Fix {
  const fix = f.fixes.find((x) => x.title === title);
  assert.ok(fix, `${f.rule} offers "${title}" (offers: ${f.fixes.map((x) => x.title).join('; ')})`);
  return fix!;
}

/**
 * Apply a rule's fix to a fixture: the text it makes, after checking it parses with no new
 * errors, that the finding is gone, and that every other finding is still there.
 */
async function applyAndReanalyze(file: string, text: string, rule: string, title: string) {
  const before = await analyzeFile(file, text);
  const f = finding(before.findings, rule);
  const fix = fixTitled(f, title);
  assert.equal(fix.preferred, true);
  const after = applyFix(text, fix);
  assert.notEqual(after, text);
  assert.equal(kernelSyntaxErrors(text), 0, 'the text parses before the fix');
  assert.equal(kernelSyntaxErrors(after), 0, `${title}: the text parses after the fix`);
  // and tree-sitter reading it raw (`__user` and all) finds no more errors than before
  assert.ok(syntaxErrors(after) <= syntaxErrors(text), `${title}: no new raw parse errors`);
  const again = await analyzeFile(file, after);
  assert.deepEqual(again.findings.filter((g) => g.rule === rule), [], `${rule} is gone after "${title}"`);
  // the other findings are the same ones (their rule, ioctls and the text they sit on)
  const others = (fs: Finding[], t: string) => fs.filter((g) => g.rule !== rule).map((g) => findingKey(t, g)).sort();
  assert.deepEqual(others(again.findings, after), others(before.findings, text));
  return { after, again };
}

/** The lines of `text` from the one that contains `from` to the one that contains `to`. */
function linesBetween(text: string, from: string, to: string): string {
  const start = text.lastIndexOf('\n', text.indexOf(from)) + 1;
  const end = text.indexOf('\n', text.indexOf(to, text.indexOf(from)));
  return text.slice(start, end);
}

test('ioctl-unknown-command-errno: -EINVAL in default: becomes -ENOTTY', async () => {
  const text = read(KESTREL);
  const { after, again } = await applyAndReanalyze(KESTREL, text, 'ioctl-unknown-command-errno', 'Return -ENOTTY for an unknown command');
  assert.equal(after, text.replace('default:\n\t\treturn -EINVAL;', 'default:\n\t\treturn -ENOTTY;'));
  const [d] = again.model.driver!.dispatch.dispatchers;
  assert.deepEqual(d.unknown.map((u) => u.errno), ['ENOTTY']);
});

test('ioctl-unknown-command-errno: a switch without default: gets one that sets the returned variable', async () => {
  const text = read(WREN);
  const { after, again } = await applyAndReanalyze(WREN, text, 'ioctl-unknown-command-errno', 'Add a default: that returns -ENOTTY');
  assert.equal(
    linesBetween(after, '\tswitch (cmd) {', '\treturn ret;'),
    [
      '\tswitch (cmd) {',
      '\tcase WREN_IOCTL_GET_VERSION:',
      '\t\tret = copy_to_user(argp, &ver, sizeof(ver)) ? -EFAULT : 0;',
      '\t\tbreak;',
      '\tcase WREN_IOCTL_SET_PINS:',
      '\t\tret = wren_set_pins(wdev, argp);',
      '\t\tbreak;',
      '\tdefault:',
      '\t\tret = -ENOTTY;',
      '\t\tbreak;',
      '\t}',
      '',
      '\treturn ret;',
    ].join('\n'),
  );
  // only lines were added
  assert.equal(after.split('\n').length, text.split('\n').length + 3);
  const [d] = again.model.driver!.dispatch.dispatchers;
  assert.ok(d.defaultCase);
  assert.deepEqual(d.unknown.map((u) => u.errno), ['ENOTTY']);
  // both cases are still dispatched
  assert.deepEqual(again.model.driver!.dispatch.dispatched.map((x) => x.name), ['WREN_IOCTL_GET_VERSION', 'WREN_IOCTL_SET_PINS']);
});

test('ioctl-unknown-command-errno: a switch without default: followed by `return -EINVAL;` gets a default: that returns', async () => {
  // wren's dispatcher written the other common way: each case returns, the end returns -EINVAL
  const text = read(WREN).replace(
    /\tswitch \(cmd\) \{[\s\S]*?\n\treturn ret;\n/,
    [
      '\tswitch (cmd) {',
      '\tcase WREN_IOCTL_GET_VERSION:',
      '\t\treturn copy_to_user(argp, &ver, sizeof(ver)) ? -EFAULT : 0;',
      '\tcase WREN_IOCTL_SET_PINS:',
      '\t\treturn wren_set_pins(wdev, argp);',
      '\t}',
      '',
      '\treturn -EINVAL;',
      '',
    ].join('\n'),
  ).replace('\tlong ret = -EINVAL;\n', '');
  assert.match(text, /\treturn -EINVAL;\n\}/);
  const { after } = await applyAndReanalyze(WREN, text, 'ioctl-unknown-command-errno', 'Add a default: that returns -ENOTTY');
  assert.ok(after.includes('\t\treturn wren_set_pins(wdev, argp);\n\tdefault:\n\t\treturn -ENOTTY;\n\t}\n\n\treturn -EINVAL;'), after);
});

test('ioctl-compat: `.compat_ioctl = compat_ptr_ioctl,` after .unlocked_ioctl when every command allows it', async () => {
  const text = read(WREN);
  const { after, again } = await applyAndReanalyze(WREN, text, 'ioctl-compat', 'Add .compat_ioctl = compat_ptr_ioctl');
  assert.equal(after, text.replace('\t.unlocked_ioctl = wren_ioctl,\n', '\t.unlocked_ioctl = wren_ioctl,\n\t.compat_ioctl = compat_ptr_ioctl,\n'));
  const [fops] = again.model.driver!.fops;
  assert.deepEqual([fops.unlockedIoctl, fops.compatIoctl], ['wren_ioctl', 'compat_ptr_ioctl']);
});

test('ioctl-compat: the new line follows the initializer\'s own alignment (a tab before =)', async () => {
  const text = read(WREN).replace('\t.unlocked_ioctl = wren_ioctl,', '\t.unlocked_ioctl\t= wren_ioctl,');
  const { after } = await applyAndReanalyze(WREN, text, 'ioctl-compat', 'Add .compat_ioctl = compat_ptr_ioctl');
  assert.ok(after.includes('\t.unlocked_ioctl\t= wren_ioctl,\n\t.compat_ioctl\t= compat_ptr_ioctl,\n\t.llseek = noop_llseek,'), after);
});

test('ioctl-compat: no compat_ptr_ioctl fix for a driver whose commands differ between the ABIs', async () => {
  const { findings } = await analyzeFile(KESTREL, read(KESTREL));
  const f = finding(findings, 'ioctl-compat');
  assert.ok(f.fixes.length > 0, 'the suppression is still offered');
  assert.ok(!f.fixes.some((x) => x.title.startsWith('Add .compat_ioctl')));
});

test('driver-fd-without-cloexec: O_RDWR becomes O_RDWR | O_CLOEXEC', async () => {
  const text = read(KESTREL);
  const { after, again } = await applyAndReanalyze(KESTREL, text, 'driver-fd-without-cloexec', 'Add O_CLOEXEC to the flags');
  assert.equal(after, text.replace('dma_buf_fd(buf->dmabuf, O_RDWR);', 'dma_buf_fd(buf->dmabuf, O_RDWR | O_CLOEXEC);'));
  assert.deepEqual(again.model.driver!.fdCreations.map((c) => [c.flags?.text, c.cloexec]), [['O_RDWR | O_CLOEXEC', 'set']]);
});

test('driver-fd-without-cloexec: flags of 0 become O_CLOEXEC', async () => {
  const text = read(KESTREL).replace('dma_buf_fd(buf->dmabuf, O_RDWR);', 'dma_buf_fd(buf->dmabuf, 0);');
  const { after } = await applyAndReanalyze(KESTREL, text, 'driver-fd-without-cloexec', 'Add O_CLOEXEC to the flags');
  assert.ok(after.includes('dma_buf_fd(buf->dmabuf, O_CLOEXEC);'));
});

test('kestrel: its two fixable findings fixed one after another leave the seven others', async () => {
  let text = read(KESTREL);
  const steps: Array<[string, string]> = [
    ['ioctl-unknown-command-errno', 'Return -ENOTTY for an unknown command'],
    ['driver-fd-without-cloexec', 'Add O_CLOEXEC to the flags'],
  ];
  for (const [rule, title] of steps) text = (await applyAndReanalyze(KESTREL, text, rule, title)).after;
  const { findings } = await analyzeFile(KESTREL, text);
  assert.deepEqual(
    [...new Set(findings.map((f) => f.rule))].sort(),
    ['ioctl-compat', 'ioctl-copy-size-mismatch', 'ioctl-not-dispatched', 'ioctl-not-in-uapi', 'ioctl-unchecked-reserved', 'misc-device-accelerator', 'shared-api-review'],
  );
});

test('wren: both of its fixes one after another leave no finding but where it belongs', async () => {
  let text = read(WREN);
  text = (await applyAndReanalyze(WREN, text, 'ioctl-compat', 'Add .compat_ioctl = compat_ptr_ioctl')).after;
  text = (await applyAndReanalyze(WREN, text, 'ioctl-unknown-command-errno', 'Add a default: that returns -ENOTTY')).after;
  const { findings } = await analyzeFile(WREN, text);
  // a GPIO expander behind a private character device: no quick fix moves it to the GPIO subsystem
  assert.deepEqual(findings.map((f) => `${f.range.start.row + 1} ${f.rule}`), ['114 private-interface-has-subsystem']);
  assert.match(findings[0].message, /GPIO/);
});
