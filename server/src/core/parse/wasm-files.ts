import * as fs from 'node:fs';
import * as path from 'node:path';
import { ReadBuffer } from '../read-buffer';

/**
 * The two WebAssembly modules of tree-sitter: its runtime and the C grammar. They sit next to
 * the bundle; in the unbundled build they come from node_modules. Compiling them is the longest
 * single step of the language server's start-up, so both are started at once, as early as the
 * process can (before the rest of the bundle loads), on V8's background compile threads.
 */
export interface TreeSitterWasm {
  runtime: Promise<WebAssembly.Module>;
  language: Promise<WebAssembly.Module>;
}

/**
 * The compile started in this thread, kept on the global object: the language server's entry
 * (boot.ts, a bundle of its own) starts it before the main bundle loads, and the main bundle's
 * copy of this module must find it rather than compile again.
 */
const STARTED = Symbol.for('uapi-lint.tree-sitter-wasm');
type Holder = { [STARTED]?: TreeSitterWasm };

function locate(file: string, pkgFile: string): string {
  const beside = path.join(__dirname, file);
  return fs.existsSync(beside) ? beside : require.resolve(pkgFile);
}

function compile(file: string, reads: ReadBuffer): Promise<WebAssembly.Module> {
  // WebAssembly.compile takes a copy of the bytes before it returns, so the buffer is free again
  const module = WebAssembly.compile(reads.read(file));
  // the caller may await it much later: a failure is reported there, not as unhandled here
  module.catch(() => undefined);
  return module;
}

/**
 * Start compiling both modules (once per thread); V8's wasm flags must be set before. `reads`:
 * the buffer the files are read through (the entry passes the one it reads the bundle with).
 */
export function compileTreeSitterWasm(reads = new ReadBuffer()): TreeSitterWasm {
  return ((globalThis as Holder)[STARTED] ??= {
    runtime: compile(locate('web-tree-sitter.wasm', 'web-tree-sitter/web-tree-sitter.wasm'), reads),
    language: compile(locate('tree-sitter-c.wasm', 'tree-sitter-c/tree-sitter-c.wasm'), reads),
  });
}
