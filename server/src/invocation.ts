/**
 * How the one program is asked to run: `uapi-lint lsp ...`, or any of the transport flags an
 * editor's LSP client passes (`--stdio`, `--node-ipc`, `--socket=N`, `--pipe=NAME`,
 * `--clientProcessId=N`), starts the language server; anything else is the command line.
 */
export function isServerInvocation(argv: readonly string[]): boolean {
  return argv[0] === 'lsp' || argv.some((a) => /^--(stdio|node-ipc|socket|pipe|clientProcessId)/.test(a));
}

/**
 * V8's flags for the language server, set before any of its code or wasm is compiled (and
 * before its code cache is made or read: V8 takes a cache only under the flags it was made
 * with). tree-sitter's wasm is compiled with the baseline compiler only: the optimising tier-up
 * of its parser costs the better part of a second of processor time at start (measured: 2x the
 * CPU time to the first diagnostics), and an open document is parsed incrementally, where the
 * faster code gains little. Both modules are compiled whole in the background, by one task: the
 * compile (~60 ms of processor time) would otherwise take every core while the main thread loads
 * the program, and on a two-core machine that slowed the first diagnostics by ~13 ms; one task
 * still finishes before the client's `initialize` needs it.
 */
export const SERVER_V8_FLAGS = '--liftoff-only --no-wasm-lazy-compilation --wasm-num-compilation-tasks=1';
