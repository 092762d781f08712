import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from './support/lsp-client';
import { linuxSource } from './support/linux-source';
import { EXAMPLES } from './support/paths';

/**
 * The MAINTAINERS code lenses over LSP, on Linux 6.12's drivers/misc/fastrpc.c: at the top of
 * the file, its sections and their lists (as get_maintainer.pl -f finds them), and the dma-buf
 * section its text pulls in through the K: pattern `\bdma_(?:buf|fence|resv)\b` (its whole text
 * searched, as --keywords-in-file does). The lenses follow the text in the editor, not on disk.
 */

const TIMEOUT = { timeout: 120_000 };

interface CodeLens {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  command?: { title: string; command: string };
}

const FASTRPC_SECTIONS = 'MAINTAINERS: QUALCOMM FASTRPC DRIVER, CHAR and MISC DRIVERS · lists: linux-arm-msm, dri-devel, linux-kernel';
const DMA_BUF = 'dma_buf pulls in DMA BUFFER SHARING FRAMEWORK: Sumit Semwal, Christian König, linux-media, dri-devel, linaro-mm-sig';

test('fastrpc.c: a lens naming its MAINTAINERS sections and lists, one for the dma-buf section its K: pulls in; none outside a tree', TIMEOUT, async () => {
  const tree = linuxSource();
  const file = path.join(tree, 'drivers', 'misc', 'fastrpc.c');
  const uri = pathToFileURL(file).href;
  const text = fs.readFileSync(file, 'utf8');
  const client = new LspClient();
  try {
    const init = (await client.initialize(pathToFileURL(path.join(tree, 'drivers', 'misc')).href)) as { capabilities: Record<string, unknown> };
    assert.deepEqual(init.capabilities.codeLensProvider, { resolveProvider: false });
    await client.open(uri, text, 'c');
    const lenses = (await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as CodeLens[];
    assert.deepEqual(
      lenses.map((l) => l.command?.title),
      [FASTRPC_SECTIONS, DMA_BUF],
    );
    for (const l of lenses) assert.deepEqual(l.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });

    // as edited: without its dma_buf, dma_fence and dma_resv tokens nothing is pulled in by K:
    const edited = text.replace(/\bdma_(buf|fence|resv)\b/g, 'dma_$1_x');
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: edited }] });
    const after = (await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as CodeLens[];
    assert.deepEqual(
      after.map((l) => l.command?.title),
      [FASTRPC_SECTIONS],
    );

    // its uAPI header: the driver's section without CHAR and MISC DRIVERS
    const header = path.join(tree, 'include', 'uapi', 'misc', 'fastrpc.h');
    const headerUri = pathToFileURL(header).href;
    await client.open(headerUri, fs.readFileSync(header, 'utf8'), 'c');
    const onHeader = (await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: headerUri } })) as CodeLens[];
    assert.equal(onHeader[0]?.command?.title, 'MAINTAINERS: QUALCOMM FASTRPC DRIVER · lists: linux-arm-msm, dri-devel, linux-kernel');

    // outside a kernel tree (no MAINTAINERS above it): no lens
    const example = path.join(EXAMPLES, 'nimbus_misc.c');
    const exampleUri = pathToFileURL(example).href;
    await client.open(exampleUri, fs.readFileSync(example, 'utf8'), 'c');
    assert.deepEqual(await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: exampleUri } }), []);
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
});
