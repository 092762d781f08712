/**
 * The server bundle's entry: `uapi-lint lsp ...` (or an LSP transport flag, as editors pass it)
 * starts the language server; anything else is the command line.
 */
import { isMainThread } from 'node:worker_threads';

const argv = process.argv.slice(2);
const transport = /^--(stdio|node-ipc|socket|pipe|clientProcessId)/;

if (!isMainThread) {
  // a worker thread started from this bundle: the command line's (cli/workers.ts) or the
  // server's indexing thread (lsp/index-worker.ts); each starts itself from its workerData
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('./cli/workers');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('./lsp/index-worker');
} else if (argv[0] === 'lsp' || argv.some((a) => transport.test(a))) {
  // Start-up time is what an editor user feels. tree-sitter's wasm is compiled with the
  // baseline compiler only: the optimising tier-up of its parser costs the better part of a
  // second of processor time at start (measured: 2x the CPU time to the first diagnostics),
  // and an open document is parsed incrementally, where the faster code gains little. Both
  // modules are compiled whole, on V8's background threads while the JavaScript below loads.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('node:v8').setFlagsFromString('--liftoff-only --no-wasm-lazy-compilation');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('./core/parse/wasm-files').compileTreeSitterWasm();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  void require('./core/analysis').initAnalysis();
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
