// Process start -> first publishDiagnostics, over stdio, for a generated 2,020-line header.
// Usage: node bench/lsp-startup.mjs [runs]   (needs `npm run build` first)
//
// When the environment sets NODE_EXTRA_CA_CERTS, node reads that certificate bundle at every
// start, before any of the server's code; the server needs none (it opens no connection), and
// the VS Code client clears the variable for it. Both are then measured, in alternation: as
// inherited, and cleared as the client does.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { benchHeader, openInServer } from './lsp-session.mjs';

const runs = Number(process.argv[2] ?? 15);
const header = benchHeader();
const variants = [{ label: 'environment as inherited', env: process.env }];
if (process.env.NODE_EXTRA_CA_CERTS) variants.push({ label: 'NODE_EXTRA_CA_CERTS cleared, as the VS Code client starts it', env: { ...process.env, NODE_EXTRA_CA_CERTS: '' } });

// the floor: starting a bare node process that does nothing, on the same machine, in the same run
function bareNode(env) {
  const t0 = performance.now();
  return new Promise((resolve) => spawn(process.execPath, ['-e', '0'], { env }).on('exit', () => resolve(performance.now() - t0)));
}

let count = 0;
for (const v of variants) Object.assign(v, { times: [], floor: [] });
for (let i = 0; i < runs; i++) {
  for (const v of variants) {
    v.floor.push(await bareNode(v.env));
    const t0 = performance.now();
    const session = await openInServer(header, v.env);
    v.times.push(performance.now() - t0);
    count = session.diagnostics.diagnostics.length;
    await session.close();
  }
}
const q = (p, xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
console.log(`header: ${header.text.split('\n').length} lines, ${count} diagnostics; ${runs} runs`);
for (const v of variants) {
  if (variants.length > 1) console.log(`${v.label}:`);
  console.log(`process start -> first publishDiagnostics: min ${q(0, v.times).toFixed(0)} ms, median ${q(0.5, v.times).toFixed(0)} ms, max ${q(1, v.times).toFixed(0)} ms`);
  console.log(`bare 'node -e 0' start -> exit (the floor): min ${q(0, v.floor).toFixed(0)} ms, median ${q(0.5, v.floor).toFixed(0)} ms`);
}
