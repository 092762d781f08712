/**
 * What `node dist/server.js` runs (bin/, the VS Code client and other editors all start this).
 * The program is the bundle dist/server-main.js (main.ts); this small entry loads it. For the
 * language server it first does what start-up time needs done before that bundle is compiled:
 * V8's flags, the tree-sitter wasm compile, and V8's code cache of the bundle (code-cache.ts).
 */
import * as path from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { loadWithCodeCache } from './code-cache';
import { compileTreeSitterWasm } from './core/parse/wasm-files';
import { ReadBuffer } from './core/read-buffer';
import { isServerInvocation, SERVER_V8_FLAGS } from './invocation';

const MAIN = path.join(__dirname, 'server-main.js');

if (isMainThread && isServerInvocation(process.argv.slice(2))) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('node:v8').setFlagsFromString(SERVER_V8_FLAGS);
  // the wasm modules, the bundle and its cache are all read through one buffer (read-buffer.ts)
  const reads = new ReadBuffer();
  compileTreeSitterWasm(reads);
  // One turn of the event loop lets V8 start that compile on its background threads (the step
  // after decoding runs on this thread); without it, the compile would wait until the bundle
  // has loaded and the thread is next idle.
  setImmediate(() => loadWithCodeCache(MAIN, `${MAIN}.cache`, reads));
} else {
  // the command line (and a worker thread, though those start server-main.js themselves)
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(MAIN);
}
