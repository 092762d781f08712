import type { Tree } from 'web-tree-sitter';

/**
 * The member names of each struct and union a header defines, nested members included. This is
 * what the purpose classifier reads for diagnostics; it is collected from the first parse with
 * two tree-sitter searches per record, where the full declarations (types, bitfields,
 * attributes, for layouts) take a walk over every node and are built only when needed.
 */
export interface RecordMembers {
  kind: 'struct' | 'union';
  tag: string;
  /** UTF-16 offset of the `struct`/`union` keyword (the kernel-doc comment sits above it). */
  start: number;
  members: string[];
}

/** Keyed by `struct tag` / `union tag`; the first definition of a tag wins. */
export function collectRecordMembers(tree: Tree, text: string): Map<string, RecordMembers> {
  const out = new Map<string, RecordMembers>();
  for (const node of tree.rootNode.descendantsOfType(['struct_specifier', 'union_specifier'])) {
    const body = node?.childForFieldName('body');
    const name = node?.childForFieldName('name');
    if (!node || !body || !name) continue;
    const kind = node.type === 'struct_specifier' ? 'struct' : 'union';
    const tag = text.slice(name.startIndex, name.endIndex);
    const key = `${kind} ${tag}`;
    if (out.has(key)) continue;
    const members = body.descendantsOfType('field_identifier').flatMap((m) => (m ? [text.slice(m.startIndex, m.endIndex)] : []));
    out.set(key, { kind, tag, start: node.startIndex, members });
  }
  return out;
}
