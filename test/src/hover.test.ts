import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from './support/lsp-client';
import { FIXTURES } from './support/paths';

/** Hover over JSON-RPC against the built server, on a fixture written for the project. */

const FIXTURE = path.join(FIXTURES, 'hover.h');
const URI = pathToFileURL(FIXTURE).href;
const LINES = fs.readFileSync(FIXTURE, 'utf8').split('\n');
let client: LspClient;

/** The start-up and each hover take under half a second (measured); each request has the client's 20 s. */
const LSP_TEST = { timeout: 60_000 };

/** The hover at the first occurrence of `needle` on the line containing `lineMarker`. */
async function hoverAt(lineMarker: string, needle: string): Promise<string | null> {
  const line = LINES.findIndex((l) => l.includes(lineMarker));
  const character = LINES[line].indexOf(needle) + 1;
  const h = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: URI }, position: { line, character } })) as {
    contents: { kind: string; value: string };
  } | null;
  return h ? h.contents.value : null;
}

before(async () => {
  client = new LspClient();
  await client.initialize(null);
  const published = client.diagnostics(URI);
  await client.open(URI, LINES.join('\n'));
  await published;
}, LSP_TEST);

after(async () => {
  await client.shutdown();
}, LSP_TEST);

test('hover on an ioctl at its definition: fields, numbers per ABI, layout, kernel-doc', LSP_TEST, async () => {
  const v = (await hoverAt('#define HV_IOCTL_SET', 'HV_IOCTL_SET'))!;
  assert.match(v, /\*\*HV_IOCTL_SET\*\* \(through `HV_IOWR`\)/);
  assert.match(v, /`_IOWR`: read\/write \(the argument goes to the kernel and comes back\)/);
  assert.match(v, /magic 'h' \(0x68\) · nr 16 \(0x10\) · argument `struct hv_args`/);
  // 16 bytes on x86_64 (addr at 8), 12 on i386 (addr at 4)
  assert.match(v, /\| x86_64 \| `0xC0106810` \| 16 bytes \|/);
  assert.match(v, /\| i386 \| `0xC00C6810` \| 12 bytes \|/);
  assert.match(v, /\/\* XXX 4 bytes hole \*\//);
  assert.match(v, /__u64 addr;\s+\/\*\s+8\s+8 \*\//);
  assert.match(v, /\*\*i386\*\*\n```c\nstruct hv_args \{\n    __u32 flags;\s+\/\*\s+0\s+4 \*\/\n    __u64 addr;\s+\/\*\s+4\s+8 \*\//);
  assert.match(v, /HV_IOCTL_SET - configure the device/);
  assert.match(v, /- `addr`: user pointer as a __u64/);
});

test('hover on a use of an ioctl macro and on the _IO* call inside a definition', LSP_TEST, async () => {
  const alias = (await hoverAt('#define HV_IOCTL_ALIAS', 'HV_IOCTL_SET'))!;
  assert.match(alias, /\*\*HV_IOCTL_SET\*\*/);
  const wrapper = (await hoverAt('#define HV_IOCTL_SET', 'HV_IOWR'))!;
  assert.match(wrapper, /\*\*HV_IOCTL_SET\*\*/);
  const aliasName = (await hoverAt('#define HV_IOCTL_ALIAS', 'HV_IOCTL_ALIAS'))!;
  assert.match(aliasName, /\*\*HV_IOCTL_ALIAS\*\*/);
  assert.match(aliasName, /0xC0106810/);
});

test('hover on a struct name and on a member shows the layout', LSP_TEST, async () => {
  const name = (await hoverAt('struct hv_args {', 'hv_args'))!;
  assert.match(name, /struct hv_args \{/);
  assert.match(name, /size 16, align 8/);
  assert.match(name, /size 12, align 4/);
  assert.match(name, /- `flags`: HV_FLAG_\* bits/);
  const member = (await hoverAt('__u64 addr;', 'addr'))!;
  assert.match(member, /struct hv_args \{/);
  assert.equal(await hoverAt('#include <linux/types.h>', 'include'), null);
});

test('hover on an ioctl lists the findings of the ioctl and of its argument struct', LSP_TEST, async () => {
  const v = (await hoverAt('#define HV_IOCTL_SET', 'HV_IOCTL_SET'))!;
  const findings = v.slice(v.indexOf('**Findings**'));
  assert.ok(v.includes('**Findings**'), v);
  // struct hv_args: addr moves from offset 8 (x86_64) to 4 (i386), with a hole before it
  assert.match(findings, /- warning `uapi-abi-layout-mismatch` \(line \d+\): struct hv_args has a different layout on different ABIs: member addr is at offset 8 on/);
  assert.match(findings, /`uapi-implicit-padding`/);
  assert.match(findings, /`ioctl-nonportable-arg-type`/);
});
