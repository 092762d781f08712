// Hover latency over a real JSON-RPC client: a generated 2,020-line header is opened, the first
// diagnostics awaited, then hovers requested on ioctl names one after another.
// Usage: node bench/lsp-hover.mjs [requests]   (needs `npm run build` first)
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import rpc from 'vscode-jsonrpc/node';
import { generateHeader } from './generate-header.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const requests = Number(process.argv[2] ?? 20);
const dir = mkdtempSync(join(tmpdir(), 'uapi-lint-bench-'));
const file = join(dir, 'bench_drv.h');
const text = generateHeader(95);
writeFileSync(file, text);
const uri = pathToFileURL(file).href;
const lines = text.split('\n');
const targets = lines.map((l, line) => ({ line, m: /^#define (BENCH_IOCTL_OP_\d+)/.exec(l) })).filter((x) => x.m);

const child = spawn(process.execPath, [join(root, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
const first = new Promise((resolve) => conn.onNotification('textDocument/publishDiagnostics', (p) => p.uri === uri && resolve(p)));
conn.listen();
await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
await conn.sendNotification('initialized', {});
await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'c', version: 1, text } });
await first;

const times = [];
let firstHover = 0;
for (let k = 0; k <= requests; k++) {
  const t = targets[(k * 7) % targets.length];
  const t0 = performance.now();
  const h = await conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: t.line, character: 10 } });
  const ms = performance.now() - t0;
  if (!h || !/0x[0-9A-F]{8}/.test(h.contents.value)) throw new Error(`no number in the hover for ${t.m[1]}`);
  if (k === 0) firstHover = ms;
  else times.push(ms);
}
times.sort((a, b) => a - b);
const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
console.log(`header: ${lines.length} lines; first hover (computes the other nine ABIs): ${firstHover.toFixed(1)} ms`);
console.log(`hover over ${times.length} requests after it: median ${q(0.5).toFixed(1)} ms, p95 ${q(0.95).toFixed(1)} ms, max ${times[times.length - 1].toFixed(1)} ms`);
await conn.sendRequest('shutdown');
await conn.sendNotification('exit');
conn.dispose();
