import * as fs from 'node:fs';
import * as path from 'node:path';

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

let started: TreeSitterWasm | undefined;

function locate(file: string, pkgFile: string): string {
  const beside = path.join(__dirname, file);
  return fs.existsSync(beside) ? beside : require.resolve(pkgFile);
}

function compile(file: string): Promise<WebAssembly.Module> {
  const bytes = fs.readFileSync(file);
  const module = WebAssembly.compile(bytes);
  // the caller may await it much later: a failure is reported there, not as unhandled here
  module.catch(() => undefined);
  return module;
}

/** Start compiling both modules (once per thread); V8's wasm flags must be set before. */
export function compileTreeSitterWasm(): TreeSitterWasm {
  started ??= {
    runtime: compile(locate('web-tree-sitter.wasm', 'web-tree-sitter/web-tree-sitter.wasm')),
    language: compile(locate('tree-sitter-c.wasm', 'tree-sitter-c/tree-sitter-c.wasm')),
  };
  return started;
}
