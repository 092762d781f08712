import { Language, Parser, type Tree } from 'web-tree-sitter';
import { compileTreeSitterWasm } from './wasm-files';
import { crc32 } from '../checksum';
import { monotonicMs } from '../clock';

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
 * What a parse with a time budget ended in, by the text: a text parsed once within its budget is
 * parsed to the end the next time, and one given up on is given up on at once, with the same
 * words. The budget is wall-clock time, so without this a text near it would be analysed on one
 * keystroke and skipped on the next on a busy machine; with it, the same text gets the same
 * answer for the life of the process (and a hopeless one is not tried again).
 *
 * Keyed by length and CRC-32, which every parse computes (node's crypto would cost ~7 ms to load
 * in the server's first analysis). A give-up also keeps the text's SHA-1, checked before it is
 * applied, so no text is refused for another's sake; a CRC collision on a text that parsed only
 * lets another text parse without a deadline.
 */
const verdicts = new Map<string, true | { reason: string; sha1: string }>();
const MAX_VERDICTS = 1024;

function verdictKey(text: string): string {
  return `${text.length}:${crc32(text) ?? sha1(text)}`;
}

function sha1(text: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('node:crypto') as typeof import('node:crypto')).createHash('sha1').update(text).digest('base64');
}

function remember(key: string, verdict: true | { reason: string; sha1: string }): void {
  verdicts.set(key, verdict);
  if (verdicts.size > MAX_VERDICTS) verdicts.delete(verdicts.keys().next().value!);
}

/**
 * Parse C text. `initParser()` must have finished first. With `budgetMs`, parsing stops when it
 * takes longer: tree-sitter's error recovery is quadratic on some garbage (a megabyte of
 * ` *\/ ` would take hours), and a header is parsed on every keystroke.
 */
export function parseC(text: string, oldTree?: Tree, budgetMs?: number): Tree {
  if (!parser) throw new Error('initParser() has not finished');
  const key = budgetMs === undefined ? undefined : verdictKey(text);
  let known = key === undefined ? undefined : verdicts.get(key);
  if (typeof known === 'object') {
    if (known.sha1 === sha1(text)) throw new ParseTooSlow(known.reason);
    known = undefined;
  }
  const deadline = budgetMs === undefined || known === true ? undefined : monotonicMs() + budgetMs;
  // hand tree-sitter the text in the chunks it reads (its buffer is 10 KiB), not the whole rest
  const tree = parser.parse((index) => text.slice(index, index + 10240), oldTree ?? null, {
    progressCallback: deadline === undefined ? undefined : () => monotonicMs() > deadline,
  });
  if (!tree) {
    // a cancelled parse would otherwise be resumed by the next one
    parser.reset();
    if (deadline !== undefined) {
      const reason = `is not C the parser can make sense of (it gave up after ${(budgetMs! / 1000).toFixed(0)} s)`;
      remember(key!, { reason, sha1: sha1(text) });
      throw new ParseTooSlow(reason);
    }
    throw new Error('tree-sitter returned no tree');
  }
  if (key !== undefined && known === undefined) remember(key, true);
  return tree;
}

/** Time for the first parse of a file: real headers take well under a second per megabyte. */
export function parseBudgetMs(text: string): number {
  return 5000 + (5000 * text.length) / 1048576;
}

