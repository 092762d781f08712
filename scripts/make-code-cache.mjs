// V8's code cache of dist/server-main.js (see server/src/code-cache.ts), made by one session of
// the built language server: started as an editor starts it, it analyses the example headers
// and driver source and exits, writing the bytecode of every function it ran to dist/server-main.js.cache. The
// cache belongs to the node running this script; another node's V8 rejects it harmlessly.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import rpc from 'vscode-jsonrpc/node';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cache = join(root, 'dist', 'server-main.js.cache');
rmSync(cache, { force: true });

const child = spawn(process.execPath, [join(root, 'dist', 'server.js'), '--stdio'], {
  stdio: ['pipe', 'pipe', 'inherit'],
  env: { ...process.env, UAPI_LINT_WRITE_CODE_CACHE: cache },
});
const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
const headers = readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.h') || f.endsWith('.c')).map((f) => join(root, 'examples', f));
// each header is published twice: the quick rules at once, then every rule
const published = new Map(headers.map((h) => [pathToFileURL(h).href, 0]));
const done = new Promise((resolve) =>
  conn.onNotification('textDocument/publishDiagnostics', (p) => {
    if (published.has(p.uri)) published.set(p.uri, published.get(p.uri) + 1);
    if ([...published.values()].every((n) => n >= 2)) resolve();
  }),
);
conn.listen();
await conn.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(join(root, 'examples')).href, capabilities: {} });
await conn.sendNotification('initialized', {});
for (const h of headers) {
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: pathToFileURL(h).href, languageId: 'c', version: 1, text: readFileSync(h, 'utf8') } });
}
await done;
await conn.sendRequest('shutdown');
await conn.sendNotification('exit');
const code = await new Promise((resolve) => child.on('exit', resolve));
conn.dispose();
if (code !== 0 || !existsSync(cache)) {
  console.error(`make-code-cache: the server exited with ${code} and wrote no cache`);
  process.exit(1);
}
