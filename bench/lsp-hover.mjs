// Hover latency over a real JSON-RPC client: a generated 2,020-line header is opened, the first
// diagnostics awaited, then hovers requested on ioctl names one after another.
// Usage: node bench/lsp-hover.mjs [requests]   (needs `npm run build` first)
import { performance } from 'node:perf_hooks';
import { benchHeader, openInServer } from './lsp-session.mjs';

const requests = Number(process.argv[2] ?? 20);
const header = benchHeader();
const uri = header.uri;
const lines = header.text.split('\n');
const targets = lines.map((l, line) => ({ line, m: /^#define (BENCH_IOCTL_OP_\d+)/.exec(l) })).filter((x) => x.m);
const { conn, close } = await openInServer(header);

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
await close();
