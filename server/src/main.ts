/**
 * The program, bundled as dist/server-main.js and loaded by dist/server.js (boot.ts): the
 * language server or the command line, as invocation.ts tells them apart; on a worker thread
 * started from this bundle, that worker's job.
 */
import { isMainThread } from 'node:worker_threads';
import { isServerInvocation, SERVER_V8_FLAGS } from './invocation';

const argv = process.argv.slice(2);

if (!isMainThread) {
  // a worker thread started from this bundle: the command line's (cli/workers.ts) or the
  // server's indexing thread (lsp/index-worker.ts); each starts itself from its workerData
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('./cli/workers');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('./lsp/index-worker');
} else if (isServerInvocation(argv)) {
  // Loaded by dist/server.js (boot.ts), these have been done before the bundle was compiled;
  // run directly (`node dist/server-main.js --stdio`) the bundle does them itself.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('node:v8').setFlagsFromString(SERVER_V8_FLAGS);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('./core/parse/wasm-files').compileTreeSitterWasm();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('./lsp/server').startServer();
} else {
  // `uapi-lint ... | head`: a reader that went away is not an error of ours
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(process.exitCode ?? 0);
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('./cli/main')
    .runCli(argv)
    .then((code: number) => {
      process.exitCode = code;
    })
    .catch((e: unknown) => {
      process.stderr.write(`uapi-lint: internal error: ${e instanceof Error ? e.stack : String(e)}\n`);
      process.exitCode = 2;
    });
}
