import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspClient, type Diagnostic } from './support/lsp-client';
import { analyzeFile } from './support/analyze';
import { FIXTURES } from './support/paths';

/** Code actions over LSP, against the built server: fetch them, apply the edit, re-analyse. */

/** Each test takes under 2 s (measured); each request and publication has the client's 20 s. */
const LSP_TEST = { timeout: 60_000 };

interface TextEdit { range: Diagnostic['range']; newText: string }
interface CodeAction { title: string; kind?: string; isPreferred?: boolean; diagnostics?: Diagnostic[]; edit?: { changes: Record<string, TextEdit[]> }; command?: { command: string; arguments?: unknown[] } }

const HEADER = `/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
#ifndef MYDEV_H
#define MYDEV_H

#include <linux/ioctl.h>
#include <linux/types.h>

struct mydev_alloc {
	__u64 size;
	__u32 flags;
	__u32 handle;
};

/* allocates a buffer */
#define MYDEV_IOCTL_ALLOC _IOWR('M', 0x01, struct mydev_alloc) /* since v1 */
#define MYDEV_IOCTL_RESET \\
	_IO('M', 0x02)

#endif
`;

async function actionsFor(client: LspClient, uri: string, d: Diagnostic): Promise<CodeAction[]> {
  return client.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range: d.range,
    context: { diagnostics: [d], only: ['quickfix'] },
  });
}

test('convert to an accel/DRM driver ioctl: apply the edit, the finding goes, the ioctl sits at DRM_COMMAND_BASE + n', LSP_TEST, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uapi-lint-actions-'));
  const file = path.join(dir, 'mydev.h');
  fs.writeFileSync(file, HEADER);
  const uri = pathToFileURL(file).href;
  const client = new LspClient();
  try {
    await client.initialize(pathToFileURL(dir).href);
    let doc = TextDocument.create(uri, 'c', 1, HEADER);
    let published = client.diagnostics(uri, 1);
    await client.open(uri, HEADER);
    let { diagnostics } = await published;
    const before = (await analyzeFile(file, HEADER)).model.file.hasSyntaxErrors;

    // convert both, one after the other, as a user would
    for (const [name, n] of [['MYDEV_IOCTL_ALLOC', 0], ['MYDEV_IOCTL_RESET', 1]] as const) {
      const d = diagnostics.find((x) => x.code === 'custom-ioctl' && x.message.startsWith(name + ' '))!;
      assert.ok(d, `${name} has a custom-ioctl diagnostic`);
      const actions = await actionsFor(client, uri, d);
      const convert = actions.find((a) => a.title.startsWith('Convert to an accel/DRM driver ioctl'))!;
      assert.ok(convert, actions.map((a) => a.title).join('; '));
      assert.equal(convert.kind, 'quickfix');
      assert.equal(convert.isPreferred, true);
      // the page actions open shipped pages through the server command
      const pages = actions.filter((a) => a.title.startsWith('Open criteria page: '));
      assert.ok(pages.length >= 2);
      for (const p of pages) {
        assert.equal(p.command!.command, 'uapiLint.openCriteria');
        assert.ok(fs.existsSync(new URL(p.command!.arguments![0] as string)));
      }
      assert.ok(actions.some((a) => a.title === 'Suppress custom-ioctl for this line'));

      const version = doc.version + 1;
      doc = TextDocument.create(uri, 'c', version, TextDocument.applyEdits(doc, convert.edit!.changes[uri]));
      published = client.diagnostics(uri, version);
      await client.change(uri, version, [{ text: doc.getText() }]);
      ({ diagnostics } = await published);

      const drmName = name.replace('MYDEV_IOCTL_', 'DRM_IOCTL_MYDEV_');
      assert.ok(!diagnostics.some((x) => x.code === 'custom-ioctl' && x.message.startsWith(drmName)), `${drmName} is not custom`);
      const { model } = await analyzeFile(file, doc.getText());
      const ioctl = model.ioctls.find((i) => i.name === drmName)!;
      assert.ok(ioctl, `${drmName} is defined`);
      assert.equal(ioctl.type, 0x64);
      assert.equal(ioctl.nr, 0x40 + n);
      assert.match(ioctl.expansion!, /^_IO/);
      assert.equal(model.file.hasSyntaxErrors, before, 'no new parse errors');
    }
    const text = doc.getText();
    assert.match(text, /#include <linux\/types\.h>\n#include <drm\/drm\.h>\n/);
    // the driver's offsets are numbered in order and kept together
    assert.match(text, /#define DRM_MYDEV_ALLOC\t\t0x00\n#define DRM_MYDEV_RESET\t\t0x01\n#define DRM_IOCTL_MYDEV_ALLOC\tDRM_IOWR\(DRM_COMMAND_BASE \+ DRM_MYDEV_ALLOC, struct mydev_alloc\) \/\* since v1 \*\/\n/);
    assert.match(text, /#define DRM_IOCTL_MYDEV_RESET\tDRM_IO\(DRM_COMMAND_BASE \+ DRM_MYDEV_RESET\)\n\n#endif/);
    assert.equal(diagnostics.filter((x) => x.code === 'custom-ioctl').length, 0);
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
});

test('openCriteria shows a shipped page and refuses anything else', LSP_TEST, async () => {
  const client = new LspClient();
  const shown: unknown[] = [];
  client.connection.onRequest('window/showDocument', (p: unknown) => {
    shown.push(p);
    return { success: true };
  });
  try {
    await client.initialize(null, { window: { showDocument: { support: true } } });
    const uri = 'file:///tmp/uapi-lint-open-criteria.h';
    const published = client.diagnostics(uri, 1);
    await client.open(uri, "#include <linux/ioctl.h>\n#define Q_IOCTL_FREE _IOW('q', 1, int)\n");
    const d = (await published).diagnostics.find((x) => x.code === 'custom-ioctl')!;
    // a private free-buffer ioctl: the buffers page explains DRM_IOCTL_GEM_CLOSE
    const page = (await actionsFor(client, uri, d)).find((a) => a.title === 'Open criteria page: Buffers: GEM objects, freeing, mapping, CPU access')!;
    assert.ok(page);
    const result = await client.connection.sendRequest('workspace/executeCommand', { command: page.command!.command, arguments: page.command!.arguments });
    assert.deepEqual(result, { success: true });
    assert.deepEqual(shown, [{ uri: page.command!.arguments![0], takeFocus: true }]);
    await assert.rejects(client.connection.sendRequest('workspace/executeCommand', { command: 'uapiLint.openCriteria', arguments: ['file:///etc/passwd'] }), /shipped criteria page/);
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
});

test('source.fixAll.uapiLint: every safe fix at once; the struct rules it covers are gone and the header still parses', LSP_TEST, async () => {
  const file = path.join(FIXTURES, 'design', 'breaks_rules.h');
  const uri = pathToFileURL(file).href;
  const text = fs.readFileSync(file, 'utf8');
  const client = new LspClient();
  try {
    await client.initialize(null);
    await client.open(uri, text);
    await client.until((p) => p.uri === uri);
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    })) as CodeAction[];
    assert.deepEqual(actions.map((a) => [a.title, a.kind]), [['Fix all uapi-lint findings that have a safe fix', 'source.fixAll.uapiLint']]);
    const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'c', 1, text), actions[0].edit!.changes[uri]);
    const before = await analyzeFile(file, text);
    const after = await analyzeFile(file, fixed);
    assert.equal(after.model.file.hasSyntaxErrors, before.model.file.hasSyntaxErrors);
    const count = (r: typeof before, rule: string) => r.findings.filter((f) => f.rule === rule).length;
    for (const rule of ['uapi-implicit-padding', 'uapi-nonportable-int', 'uapi-non-kernel-int', 'uapi-pointer-member', 'ioctl-sizeof-arg', 'uapi-c90-hygiene']) {
      assert.ok(count(before, rule) > 0, `${rule} is in the fixture`);
      assert.equal(count(after, rule), 0, `${rule} is fixed`);
    }
    // what changes meaning is left to the author: the time member, the directions
    assert.equal(count(after, 'uapi-time-type'), count(before, 'uapi-time-type'));
    assert.equal(count(after, 'ioctl-direction-mismatch'), count(before, 'ioctl-direction-mismatch'));
    assert.match(fixed, /__u64 len;/);
    assert.match(fixed, /\t__u32 a;\n\t__u32 pad0; \/\* must be zero \*\/\n\t__u64 b;/);
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
});
