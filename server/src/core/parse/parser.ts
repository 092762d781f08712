import { Language, Parser, type Tree } from 'web-tree-sitter';
import { compileTreeSitterWasm } from './wasm-files';

/**
 * The one tree-sitter set-up of the process: the runtime is initialised once, the C grammar
 * loaded once, and a single parser handed out (parsing is synchronous, so sharing is safe).
 * The `.wasm` files sit next to the bundle; in the unbundled build they come from node_modules.
 */

let ready: Promise<Parser> | undefined;
let parser: Parser | undefined;

export function initParser(): Promise<Parser> {
  ready ??= (async () => {
    const wasm = compileTreeSitterWasm();
    const runtime = await wasm.runtime;
    // the runtime is instantiated from the module compiled in advance, not read and compiled again
    let failed: (e: unknown) => void = () => undefined;
    const failure = new Promise<never>((_, reject) => (failed = reject));
    await Promise.race([
      failure,
      Parser.init({
        instantiateWasm: (imports: WebAssembly.Imports, done: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) => {
          WebAssembly.instantiate(runtime, imports).then((instance) => done(instance, runtime), failed);
          return {};
        },
      }),
    ]);
    const language = Language.loadSync(await wasm.language);
    const p = new Parser();
    p.setLanguage(language);
    parser = p;
    return p;
  })();
  return ready;
}

/** tree-sitter gave up on a text within the time it was given (see `parseC`). */
export class ParseTooSlow extends Error {}

/**
 * Parse C text. `initParser()` must have finished first. With `budgetMs`, parsing stops when it
 * takes longer: tree-sitter's error recovery is quadratic on some garbage (a megabyte of
 * ` *\/ ` would take hours), and a header is parsed on every keystroke.
 */
export function parseC(text: string, oldTree?: Tree, budgetMs?: number): Tree {
  if (!parser) throw new Error('initParser() has not finished');
  const deadline = budgetMs === undefined ? undefined : performance.now() + budgetMs;
  // hand tree-sitter the text in the chunks it reads (its buffer is 10 KiB), not the whole rest
  const tree = parser.parse((index) => text.slice(index, index + 10240), oldTree ?? null, {
    progressCallback: deadline === undefined ? undefined : () => performance.now() > deadline,
  });
  if (!tree) {
    // a cancelled parse would otherwise be resumed by the next one
    parser.reset();
    if (deadline !== undefined) throw new ParseTooSlow(`is not C the parser can make sense of (it gave up after ${(budgetMs! / 1000).toFixed(0)} s)`);
    throw new Error('tree-sitter returned no tree');
  }
  return tree;
}

/** Time for the first parse of a file: real headers take well under a second per megabyte. */
export function parseBudgetMs(text: string): number {
  return 5000 + (5000 * text.length) / 1048576;
}

