import * as fs from 'node:fs';
import * as path from 'node:path';
import { Language, Parser, type Tree } from 'web-tree-sitter';

/**
 * The one tree-sitter set-up of the process: the runtime is initialised once, the C grammar
 * loaded once, and a single parser handed out (parsing is synchronous, so sharing is safe).
 * The `.wasm` files sit next to the bundle; in the unbundled build they come from node_modules.
 */

let ready: Promise<Parser> | undefined;
let parser: Parser | undefined;

function locate(file: string, pkgFile: string): string {
  const beside = path.join(__dirname, file);
  return fs.existsSync(beside) ? beside : require.resolve(pkgFile);
}

export function initParser(): Promise<Parser> {
  ready ??= (async () => {
    await Parser.init({
      locateFile: (name: string) => locate(name, `web-tree-sitter/${name}`),
    });
    const language = await Language.load(fs.readFileSync(locate('tree-sitter-c.wasm', 'tree-sitter-c/tree-sitter-c.wasm')));
    const p = new Parser();
    p.setLanguage(language);
    parser = p;
    return p;
  })();
  return ready;
}

/** Parse C text. `initParser()` must have finished first. */
export function parseC(text: string, oldTree?: Tree): Tree {
  if (!parser) throw new Error('initParser() has not finished');
  // hand tree-sitter the text in the chunks it reads (its buffer is 10 KiB), not the whole rest
  const tree = parser.parse((index) => text.slice(index, index + 10240), oldTree ?? null);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}

