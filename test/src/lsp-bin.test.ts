import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LspClient } from './support/lsp-client';
import { CLI, ROOT } from './support/paths';

/** The two documented ways to start the server by hand: `uapi-lint lsp --stdio` and `uapi-lint-lsp`. */

/** Each test takes under half a second (measured); each request and publication has the client's 20 s. */
const LSP_TEST = { timeout: 60_000 };

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };

for (const [title, script, args] of [
  ['uapi-lint lsp --stdio', CLI, ['lsp', '--stdio']],
  ['uapi-lint-lsp (stdio without arguments)', path.join(ROOT, manifest.bin['uapi-lint-lsp']), []],
] as const) {
  test(`${title} speaks LSP over stdio`, LSP_TEST, async () => {
    assert.ok(fs.existsSync(script), script);
    const client = new LspClient([...args], { script });
    try {
      const init = (await client.initialize(null)) as { serverInfo: { name: string } };
      assert.equal(init.serverInfo.name, 'uapi-lint');
      const uri = 'file:///tmp/uapi-lint-bin.h';
      const published = client.diagnostics(uri);
      await client.open(uri, "#define BIN_IOCTL _IOR('b', 1, int)\n");
      const { diagnostics } = await published;
      assert.match(diagnostics.find((d) => d.code === 'custom-ioctl')!.message, /^BIN_IOCTL .*magic 'b' \(0x62\), nr 1 \(0x01\)/);
    } finally {
      assert.equal(await client.shutdown(), 0);
    }
  });
}
