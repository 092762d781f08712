// Process start -> first publishDiagnostics, over stdio, for a generated 2,000+-line header.
// Usage: node bench/lsp-startup.mjs [runs]   (needs `npm run build` first)
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import rpc from 'vscode-jsonrpc/node';
import { generateHeader } from './generate-header.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 15);
const dir = mkdtempSync(join(tmpdir(), 'uapi-lint-bench-'));
const file = join(dir, 'bench_drv.h');
// 95 ioctls with their structs and kernel-doc: just over 2,000 lines
const text = generateHeader(95);
writeFileSync(file, text);
const uri = pathToFileURL(file).href;

async function once() {
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(root, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  const first = new Promise((resolve) => conn.onNotification('textDocument/publishDiagnostics', (p) => p.uri === uri && resolve(p)));
  conn.listen();
  await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
  const tInit = performance.now() - t0;
  await conn.sendNotification('initialized', {});
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'c', version: 1, text } });
  const published = await first;
  const ms = performance.now() - t0;
  if (process.env.BENCH_VERBOSE) console.log(`initialize answered at ${tInit.toFixed(0)} ms, diagnostics at ${ms.toFixed(0)} ms`);
  await conn.sendRequest('shutdown');
  await conn.sendNotification('exit');
  await new Promise((r) => child.on('exit', r));
  conn.dispose();
  return { ms, count: published.diagnostics.length };
}

// the floor: starting a bare node process that does nothing, on the same machine, in the same run
function bareNode() {
  const t0 = performance.now();
  return new Promise((resolve) => spawn(process.execPath, ['-e', '0']).on('exit', () => resolve(performance.now() - t0)));
}

const times = [];
const floor = [];
let count = 0;
for (let i = 0; i < runs; i++) {
  floor.push(await bareNode());
  const r = await once();
  times.push(r.ms);
  count = r.count;
}
times.sort((a, b) => a - b);
floor.sort((a, b) => a - b);
const q = (p, xs = times) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))];
console.log(`header: ${text.split('\n').length} lines, ${count} diagnostics; ${runs} runs`);
console.log(`process start -> first publishDiagnostics: min ${times[0].toFixed(0)} ms, median ${q(0.5).toFixed(0)} ms, max ${times[times.length - 1].toFixed(0)} ms`);
console.log(`bare 'node -e 0' start -> exit (the floor): min ${floor[0].toFixed(0)} ms, median ${q(0.5, floor).toFixed(0)} ms`);
