import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vsctm from 'vscode-textmate';
import * as oniguruma from 'vscode-oniguruma';
import { ROOT } from './paths';

/**
 * Tokenises text as VS Code does: vscode-textmate with the Oniguruma wasm, VS Code's own C and
 * C++ grammars (copied unchanged from microsoft/vscode's cpp extension by the `tm-grammars`
 * package), and the injection grammars this extension contributes in package.json.
 */

export interface Token {
  text: string;
  scopes: string[];
}

/** Grammars VS Code itself ships for C and C++ (the C++ one embeds a grammar for macro bodies). */
const HOST_GRAMMARS: Record<string, string> = {
  'source.c': 'tm-grammars/grammars/c.json',
  'source.cpp': 'tm-grammars/grammars/cpp.json',
  'source.cpp.embedded.macro': 'tm-grammars/grammars/cpp-macro.json',
};

export interface ContributedGrammar {
  scopeName: string;
  path: string;
  injectTo?: string[];
}

export function contributedGrammars(): ContributedGrammar[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { contributes: { grammars?: ContributedGrammar[] } };
  return manifest.contributes.grammars ?? [];
}

let onig: Promise<vsctm.IOnigLib> | undefined;

function onigLib(): Promise<vsctm.IOnigLib> {
  onig ??= (async () => {
    const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    return {
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    };
  })();
  return onig;
}

/** A registry like VS Code's: the host grammars plus, unless `withInjections` is false, ours. */
export function registry(withInjections = true): vsctm.Registry {
  const contributed = contributedGrammars();
  const files = new Map<string, string>(Object.entries(HOST_GRAMMARS).map(([scope, file]) => [scope, require.resolve(file)]));
  for (const g of contributed) files.set(g.scopeName, path.join(ROOT, g.path));
  return new vsctm.Registry({
    onigLib: onigLib(),
    loadGrammar: async (scopeName) => {
      const file = files.get(scopeName);
      return file ? vsctm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file) : null;
    },
    getInjections: (scopeName) =>
      withInjections ? contributed.filter((g) => g.injectTo?.includes(scopeName)).map((g) => g.scopeName) : undefined,
  });
}

/** The tokens of every line of `text`, tokenised as language `scopeName`. */
export async function tokenize(reg: vsctm.Registry, scopeName: string, text: string): Promise<Token[][]> {
  const grammar = await reg.loadGrammar(scopeName);
  if (!grammar) throw new Error(`no grammar for ${scopeName}`);
  let state = vsctm.INITIAL;
  return text.split('\n').map((line) => {
    const r = grammar.tokenizeLine(line, state);
    state = r.ruleStack;
    return r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}
