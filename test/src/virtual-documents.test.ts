import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LspClient } from './support/lsp-client';

/**
 * Documents that are no files on this machine (a virtual workspace's `vscode-vfs:` URIs, a
 * `file:` URI with a host): the server analyses the text the editor sends, with the system
 * headers, and never takes the URI for a path relative to where it runs.
 */

/** Each test takes under a second (measured); each request and publication has the client's 20 s. */
const LSP_TEST = { timeout: 60_000 };

test('a vscode-vfs: header is analysed from its text; its own includes are not looked for on disk', LSP_TEST, async () => {
  // where the URI would lead if it were taken for a relative path: a trap the server must not find
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'uapi-lint-cwd-'));
  fs.mkdirSync(path.join(cwd, 'vscode-vfs:', 'github', 'owner', 'repo', 'include'), { recursive: true });
  fs.writeFileSync(path.join(cwd, 'vscode-vfs:', 'github', 'owner', 'repo', 'include', 'sibling.h'), '#define SIBLING 7\n');
  const client = new LspClient(['--stdio'], { cwd });
  try {
    await client.initialize('vscode-vfs://github/owner/repo');
    const uri = 'vscode-vfs://github/owner/repo/include/virt.h';
    const published = client.diagnostics(uri, 1);
    await client.open(uri, "#include <linux/ioctl.h>\n#include \"sibling.h\"\n#define VIRT_IOCTL _IOR('v', 1, int)\n#define SIB_IOCTL _IO('v', SIBLING)\n", 'cpp');
    const { diagnostics } = await published;
    const custom = diagnostics.filter((d) => d.code === 'custom-ioctl');
    assert.match(custom[0].message, /^VIRT_IOCTL .*Decoded: _IOR, read, magic 'v' \(0x76\), nr 1 \(0x01\), argument int\.$/);
    const missing = diagnostics.filter((d) => d.code === 'include-not-found');
    assert.equal(missing.length, 1);
    assert.equal(missing[0].range.start.line, 1);
    // the roots searched are the machine's, none of them under the server's folder
    const searched = /searched: (.*)\)$/.exec(missing[0].message)![1].split(', ');
    assert.ok(searched.length > 0 && searched.every((r) => r.startsWith('/usr/include')), missing[0].message);
    const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 10 } })) as { contents: { value: string } };
    assert.match(hover.contents.value, /^\*\*VIRT_IOCTL\*\*/);
  } finally {
    await client.shutdown();
    fs.rmSync(cwd, { recursive: true, force: true });
  }
});

test('file: URIs this system has no path for (a host, an encoded /) are analysed as text too', LSP_TEST, async () => {
  const client = new LspClient();
  try {
    await client.initialize(null);
    for (const uri of ['file://buildhost/src/a.h', 'file:///tmp/a%2Fb.h']) {
      const published = client.diagnostics(uri, 1);
      await client.open(uri, "#define HOSTED_IOCTL _IO('h', 2)\n");
      assert.ok((await published).diagnostics.some((d) => d.code === 'custom-ioctl' && d.message.startsWith('HOSTED_IOCTL ')), uri);
      await client.close(uri);
    }
    // not a URI at all: no analysis, no crash
    await client.open('not a uri', "#define X _IO('x', 1)\n");
    assert.equal(await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: 'not a uri' }, position: { line: 0, character: 9 } }), null);
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
});
