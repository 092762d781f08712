// A language server started the way an editor starts it (`node dist/server.js --stdio`), with a
// JSON-RPC connection and a generated 2,020-line header opened in it. Shared by the benchmarks.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import rpc from 'vscode-jsonrpc/node';
import { generateHeader } from './generate-header.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The benchmark header: 95 ioctls with their structs and kernel-doc, just over 2,000 lines. */
export function benchHeader() {
  const dir = mkdtempSync(join(tmpdir(), 'uapi-lint-bench-'));
  const file = join(dir, 'bench_drv.h');
  const text = generateHeader(95);
  writeFileSync(file, text);
  return { uri: pathToFileURL(file).href, text };
}

/** Start the server (with `env`), initialize, open the header; resolves with the first diagnostics for it. */
export async function openInServer(header, env = process.env) {
  const child = spawn(process.execPath, [join(root, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], env });
  const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  const first = new Promise((resolve) => conn.onNotification('textDocument/publishDiagnostics', (p) => p.uri === header.uri && resolve(p)));
  conn.listen();
  await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
  await conn.sendNotification('initialized', {});
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: header.uri, languageId: 'c', version: 1, text: header.text } });
  const diagnostics = await first;
  const close = async () => {
    await conn.sendRequest('shutdown');
    await conn.sendNotification('exit');
    await new Promise((r) => child.on('exit', r));
    conn.dispose();
  };
  return { conn, diagnostics, close };
}
