import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient, type Diagnostic } from './support/lsp-client';
import { linuxSource } from './support/linux-source';
import { parseTree } from './support/parse-tree';

/**
 * Driver sources over LSP, on real drivers of Linux 6.12 of more than 2,000 lines: diagnostics,
 * the hover of a case label (decoded number and layout per ABI) and of the registration call
 * (the driver's summary), go to definition and find references between a header's ioctl and
 * the case that dispatches it, and the quick fixes of ioctl-unknown-command-errno,
 * ioctl-compat and driver-fd-without-cloexec applied to the text, which must still parse.
 */

const TIMEOUT = { timeout: 120_000 };

interface Hover {
  contents: { kind: string; value: string };
}

interface TextEdit {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  newText: string;
}

interface CodeAction {
  title: string;
  edit?: { changes: Record<string, TextEdit[]> };
}

function positionOf(text: string, needle: string, from = 0): { line: number; character: number } {
  const at = text.indexOf(needle, from);
  assert.ok(at >= 0, `${needle} is in the text`);
  const before = text.slice(0, at);
  const line = before.split('\n').length - 1;
  return { line, character: at - (before.lastIndexOf('\n') + 1) };
}

/** Apply LSP edits (all on one document) to a text. */
function apply(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

/** Open a file and wait for the publication that has every one of `expect` (the complete set comes after the quick one). */
async function openAndWait(client: LspClient, file: string, expect: string[]): Promise<{ uri: string; text: string; diagnostics: Diagnostic[] }> {
  const uri = pathToFileURL(file).href;
  const text = fs.readFileSync(file, 'utf8');
  const complete = client.until((p) => p.uri === uri && expect.every((code) => p.diagnostics.some((d) => d.code === code)));
  await client.open(uri, text, 'c');
  return { uri, text, diagnostics: (await complete).diagnostics };
}

test('fastrpc.c (2,583 lines): findings, the hover of a case label and of misc_register, definition and references', TIMEOUT, async () => {
  const tree = linuxSource();
  const file = path.join(tree, 'drivers', 'misc', 'fastrpc.c');
  assert.ok(fs.readFileSync(file, 'utf8').split('\n').length >= 2000);
  const client = new LspClient();
  try {
    await client.initialize(pathToFileURL(path.join(tree, 'drivers', 'misc')).href);
    const { uri, text, diagnostics } = await openAndWait(client, file, ['misc-device-accelerator', 'shared-api-review', 'ioctl-compat']);
    const codes = new Set(diagnostics.map((d) => d.code));
    for (const rule of ['misc-device-accelerator', 'shared-api-review', 'ioctl-unchecked-reserved', 'ioctl-compat', 'driver-fd-without-cloexec']) assert.ok(codes.has(rule), `${rule} in ${[...codes].join(', ')}`);

    // a case label: the decoded number on both x86 ABIs, the layout, and what the handler does
    const label = positionOf(text, 'case FASTRPC_IOCTL_MEM_MAP:');
    const onLabel = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: label.line, character: label.character + 8 } })) as Hover;
    const h = onLabel.contents.value;
    assert.match(h, /\*\*FASTRPC_IOCTL_MEM_MAP\*\*/);
    assert.match(h, /\| x86_64 \| `0xC040520A` \| 64 bytes \|/);
    assert.match(h, /\| i386 \| `0xC03C520A` \| 60 bytes \|/);
    assert.match(h, /struct fastrpc_mem_map \{/);
    assert.match(h, /__s32\[4\] reserved;/);
    assert.match(h, /handled by `fastrpc_req_mem_map\(\)`/);
    assert.match(h, /`copy_from_user` copies `struct fastrpc_mem_map`/);

    // the registration call: the driver as a whole
    const reg = positionOf(text, 'misc_register(&fdev->miscdev)');
    const onReg = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: reg.line, character: reg.character + 3 } })) as Hover;
    const s = onReg.contents.value;
    assert.match(s, /\*\*fastrpc\.c: the driver's uAPI\*\*/);
    assert.match(s, /a misc device: `misc_register`/);
    assert.match(s, /file operations `fastrpc_fops`: unlocked_ioctl `fastrpc_device_ioctl`, compat_ioctl `fastrpc_device_ioctl` \(the native handler\)/);
    assert.match(s, /\*\*ioctls\*\* \(11\)/);
    assert.match(s, /\| `FASTRPC_IOCTL_INVOKE` \| submit \| `fastrpc_invoke\(\)` \| `struct fastrpc_invoke` \|/);
    assert.match(s, /\*\*Unknown commands\*\* end in -ENOTTY/);
    assert.match(s, /- dma-buf: `dma_buf`/);
    assert.match(s, /\*\*DMA BUFFER SHARING FRAMEWORK\*\*: Sumit Semwal <sumit\.semwal@linaro\.org>/);
    assert.match(s, /\*\*QUALCOMM FASTRPC DRIVER\*\*/);

    // go to definition: from the case label to the #define in the uAPI header
    const def = (await client.connection.sendRequest('textDocument/definition', { textDocument: { uri }, position: { line: label.line, character: label.character + 8 } })) as { uri: string; range: { start: { line: number } } };
    const header = path.join(tree, 'include', 'uapi', 'misc', 'fastrpc.h');
    assert.equal(def.uri, pathToFileURL(header).href);
    assert.equal(def.range.start.line, positionOf(fs.readFileSync(header, 'utf8'), '#define FASTRPC_IOCTL_MEM_MAP').line);

    // find references from the header's #define: the case that dispatches it
    const htext = fs.readFileSync(header, 'utf8');
    const hpos = positionOf(htext, 'FASTRPC_IOCTL_MEM_MAP');
    await client.open(def.uri, htext, 'c');
    const refs = (await client.connection.sendRequest('textDocument/references', {
      textDocument: { uri: def.uri },
      position: hpos,
      context: { includeDeclaration: true },
    })) as Array<{ uri: string; range: { start: { line: number; character: number } } }>;
    assert.deepEqual(
      refs.map((r) => [r.uri, r.range.start.line]),
      [
        [def.uri, hpos.line],
        [uri, label.line],
      ],
    );
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
});

test('xe_oa.c (2,746 lines): the quick fixes of ioctl-unknown-command-errno and driver-fd-without-cloexec apply, and the file still parses', TIMEOUT, async () => {
  const tree = linuxSource();
  const file = path.join(tree, 'drivers', 'gpu', 'drm', 'xe', 'xe_oa.c');
  const client = new LspClient();
  try {
    await client.initialize(pathToFileURL(path.dirname(file)).href);
    const { uri, text, diagnostics } = await openAndWait(client, file, ['ioctl-unknown-command-errno', 'driver-fd-without-cloexec', 'ioctl-compat']);
    assert.ok(text.split('\n').length >= 2000);
    const errors = (await parseTree(text)).errors;
    for (const rule of ['ioctl-unknown-command-errno', 'driver-fd-without-cloexec']) {
      const d = diagnostics.find((x) => x.code === rule);
      assert.ok(d, rule);
      const actions = (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } })) as CodeAction[];
      const fix = actions.find((a) => a.edit && !/^Suppress/.test(a.title));
      assert.ok(fix, `${rule} offers a fix: ${actions.map((a) => a.title).join('; ')}`);
      const fixed = apply(text, fix.edit!.changes[uri]);
      assert.equal((await parseTree(fixed)).errors, errors, `${rule}: the fixed text parses as well as before`);
      if (rule === 'ioctl-unknown-command-errno') assert.match(fixed, /\tcase DRM_XE_OBSERVATION_IOCTL_INFO:\n\t\treturn xe_oa_info_locked\(stream, arg\);\n\tdefault:\n\t\treturn -ENOTTY;\n\t\}/);
      else assert.match(fixed, /anon_inode_getfd\("\[xe_oa\]", &xe_oa_fops, stream, 0 \| O_CLOEXEC\)|anon_inode_getfd\("\[xe_oa\]", &xe_oa_fops, stream, O_CLOEXEC\)/);
      // the server agrees: the finding is gone once the fix is applied
      const version = rule === 'ioctl-unknown-command-errno' ? 2 : 3;
      // the complete set: ioctl-compat lays structs out, so it is in the second publication only
      const after = client.until((p) => p.uri === uri && p.version === version && p.diagnostics.some((x) => x.code === 'ioctl-compat'));
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text: fixed }] });
      const published = await after;
      assert.ok(!published.diagnostics.some((x) => x.code === rule), `${rule} is gone after its fix`);
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: version + 10 }, contentChanges: [{ text }] });
    }
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
});

test('rio_mport_cdev.c (2,650 lines): the quick fix of ioctl-compat adds compat_ptr_ioctl after unlocked_ioctl, and the file still parses', TIMEOUT, async () => {
  const tree = linuxSource();
  const file = path.join(tree, 'drivers', 'rapidio', 'devices', 'rio_mport_cdev.c');
  const client = new LspClient();
  try {
    await client.initialize(pathToFileURL(path.dirname(file)).href);
    const { uri, text, diagnostics } = await openAndWait(client, file, ['ioctl-compat']);
    assert.ok(text.split('\n').length >= 2000);
    const d = diagnostics.find((x) => x.code === 'ioctl-compat');
    assert.ok(d, 'ioctl-compat');
    assert.match(d.message, /compat_ptr_ioctl is enough/);
    const actions = (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } })) as CodeAction[];
    const fix = actions.find((a) => a.title === 'Add .compat_ioctl = compat_ptr_ioctl');
    assert.ok(fix, actions.map((a) => a.title).join('; '));
    const fixed = apply(text, fix.edit!.changes[uri]);
    // the last entry had no comma: the fix gives it one
    assert.match(fixed, /\t\.unlocked_ioctl = mport_cdev_ioctl,\n\t\.compat_ioctl = compat_ptr_ioctl,\n\};/);
    assert.equal((await parseTree(fixed)).errors, (await parseTree(text)).errors);
    const after = client.until((p) => p.uri === uri && p.version === 2 && p.diagnostics.some((x) => x.code === 'ioctl-unchecked-reserved'));
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
    assert.ok(!(await after).diagnostics.some((x) => x.code === 'ioctl-compat'), 'ioctl-compat is gone after its fix');
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
});
