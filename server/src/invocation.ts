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
 * with).
 * - tree-sitter's wasm is compiled with the baseline compiler only: the optimising tier-up of its
 *   parser costs the better part of a second of processor time at start (measured: 2x the CPU
 *   time to the first diagnostics), and an open document is parsed incrementally, where the
 *   faster code gains little.
 * - Both modules are compiled whole in the background, by one task: the compile (~60 ms of
 *   processor time) would otherwise take every core while the main thread loads the program,
 *   and on a two-core machine that slowed the first diagnostics by ~13 ms; one task still
 *   finishes about when the client's `initialize` needs it.
 * - The young generation keeps its first size instead of doubling whenever most of it survives
 *   a collection, as nearly everything made at start-up does. Memory the process touches for
 *   the first time costs a page fault per 4 KiB, ~14 us each on the virtual machine this was
 *   measured on: the doubling made the server touch ~670 more pages (~10 ms) before its first
 *   diagnostics. With the flag, typing, hover and indexing measured the same, in ~10% less memory.
 */
export const SERVER_V8_FLAGS = '--liftoff-only --no-wasm-lazy-compilation --wasm-num-compilation-tasks=1 --semi-space-growth-factor=1';
