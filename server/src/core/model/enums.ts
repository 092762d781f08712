import type { Tree } from 'web-tree-sitter';
import { tokenize, type Token } from '../preprocess/tokens';

/** One enumeration constant as written: its value is computed later, when macros are known. */
export interface EnumeratorDecl {
  name: string;
  /** UTF-16 offsets of the name. */
  start: number;
  end: number;
  /** Tokens of `= value`, if given. */
  value?: Token[];
  /** The enumerator before it in the same enum (its value + 1 is the default). */
  previous?: EnumeratorDecl;
}

export function collectEnumerators(tree: Tree, text: string): EnumeratorDecl[] {
  const out: EnumeratorDecl[] = [];
  for (const list of tree.rootNode.descendantsOfType('enumerator_list')) {
    if (!list) continue;
    let previous: EnumeratorDecl | undefined;
    for (const e of list.namedChildren) {
      if (!e || e.type !== 'enumerator') continue;
      const name = e.childForFieldName('name');
      if (!name || name.isMissing) continue;
      const value = e.childForFieldName('value');
      const decl: EnumeratorDecl = {
        name: text.slice(name.startIndex, name.endIndex),
        start: name.startIndex,
        end: name.endIndex,
        value: value ? tokenize(text.slice(value.startIndex, value.endIndex), value.startIndex) : undefined,
        previous,
      };
      out.push(decl);
      previous = decl;
    }
  }
  return out;
}
