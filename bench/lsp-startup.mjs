// Process start -> first publishDiagnostics, over stdio, for a generated 2,020-line header.
// Usage: node bench/lsp-startup.mjs [runs]   (needs `npm run build` first)
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { benchHeader, openInServer } from './lsp-session.mjs';

const runs = Number(process.argv[2] ?? 15);
const header = benchHeader();

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
  const t0 = performance.now();
  const session = await openInServer(header);
  times.push(performance.now() - t0);
  count = session.diagnostics.diagnostics.length;
  await session.close();
}
times.sort((a, b) => a - b);
floor.sort((a, b) => a - b);
const q = (p, xs = times) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))];
console.log(`header: ${header.text.split('\n').length} lines, ${count} diagnostics; ${runs} runs`);
console.log(`process start -> first publishDiagnostics: min ${times[0].toFixed(0)} ms, median ${q(0.5).toFixed(0)} ms, max ${times[times.length - 1].toFixed(0)} ms`);
console.log(`bare 'node -e 0' start -> exit (the floor): min ${floor[0].toFixed(0)} ms, median ${q(0.5, floor).toFixed(0)} ms`);
