import type { Node, Tree } from 'web-tree-sitter';
import { tokenize, type Token } from '../preprocess/tokens';
import { fieldDeclarations } from './declarations';

/** One enumeration constant as written: its value is computed later, when macros are known. */
export interface EnumeratorDecl {
  name: string;
  /** UTF-16 offsets of the name. */
  start: number;
  end: number;
  /** Tokens of `= value`, if given. */
  value?: Token[];
  /** The enumerators of the same enum, in order (some may be in inactive `#if` groups). */
  list: EnumeratorDecl[];
}

export function collectEnumerators(tree: Tree, text: string): EnumeratorDecl[] {
  // an enumerator list comes only after the keyword as written: a header without the word
  // (most of those it includes) need not have its whole tree searched
  if (!text.includes('enum')) return [];
  return enumeratorsIn(tree.rootNode, text);
}

/** The enumerators of the lists under `node` (itself included), in document order. */
export function enumeratorsIn(node: Node, text: string): EnumeratorDecl[] {
  const out: EnumeratorDecl[] = [];
  for (const list of node.descendantsOfType('enumerator_list')) {
    if (!list) continue;
    const members: EnumeratorDecl[] = [];
    for (const e of fieldDeclarations(list, 'enumerator')) {
      const name = e.childForFieldName('name');
      if (!name || name.isMissing) continue;
      const value = e.childForFieldName('value');
      members.push({
        name: text.slice(name.startIndex, name.endIndex),
        start: name.startIndex,
        end: name.endIndex,
        value: value ? tokenize(text.slice(value.startIndex, value.endIndex), value.startIndex) : undefined,
        list: members,
      });
    }
    // a loop, not push(...members): 100,000 arguments overflow the stack
    for (const m of members) out.push(m);
  }
  return out;
}
