import type { Node, Tree } from 'web-tree-sitter';

/**
 * The member names of each struct and union a header defines, nested members included. This is
 * what the purpose classifier reads for diagnostics; it is collected from the first parse with
 * tree-sitter searches (one per outermost record), where the full declarations (types, bitfields,
 * attributes, for layouts) take a walk over every node and are built only when needed.
 */
export interface RecordMembers {
  kind: 'struct' | 'union';
  tag: string;
  /** UTF-16 offset of the `struct`/`union` keyword (the kernel-doc comment sits above it). */
  start: number;
  members: string[];
}

// The classifier reads words; a record's first names say what it is for. Records nested
// 10,000 deep would otherwise list 50 million names between them.
const MAX_MEMBER_NAMES = 1024;

/** Keyed by `struct tag` / `union tag`; the first definition of a tag wins. */
export function collectRecordMembers(tree: Tree, text: string): Map<string, RecordMembers> {
  return firstDefinitions(recordMembersIn(tree.rootNode, text));
}

/** Each tag's first definition, keyed by `struct tag` / `union tag`. */
export function firstDefinitions(records: Iterable<RecordMembers>): Map<string, RecordMembers> {
  const out = new Map<string, RecordMembers>();
  for (const r of records) {
    const key = `${r.kind} ${r.tag}`;
    if (!out.has(key)) out.set(key, r);
  }
  return out;
}

/**
 * The named structs and unions defined under `node` (itself included), in document order. A tag
 * repeated inside one outermost record is listed once (nested 10,000 deep, the names would
 * otherwise be copied for each); `firstDefinitions` of the lists of a file's pieces, in order,
 * is then the whole file's.
 */
export function recordMembersIn(node: Node, text: string): RecordMembers[] {
  const out: RecordMembers[] = [];
  const seen = new Set<string>();
  // The member names of the outermost record are searched once; a record nested in it takes
  // the names that fall inside its body, which are a run of the outer record's names.
  let outer: { end: number; names: Array<{ start: number; text: string }> } | undefined;
  const firstAtOrAfter = (names: Array<{ start: number }>, offset: number) => {
    let lo = 0;
    let hi = names.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (names[mid].start < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  for (const record of node.descendantsOfType(['struct_specifier', 'union_specifier'])) {
    const body = record?.childForFieldName('body');
    if (!record || !body) continue;
    if (!outer || record.startIndex >= outer.end) {
      const names = body.descendantsOfType('field_identifier').flatMap((m) => (m ? [{ start: m.startIndex, text: text.slice(m.startIndex, m.endIndex) }] : []));
      outer = { end: body.endIndex, names };
      seen.clear();
    }
    const name = record.childForFieldName('name');
    if (!name) continue;
    const kind = record.type === 'struct_specifier' ? 'struct' : 'union';
    const tag = text.slice(name.startIndex, name.endIndex);
    const key = `${kind} ${tag}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const from = firstAtOrAfter(outer.names, body.startIndex);
    const to = Math.min(firstAtOrAfter(outer.names, body.endIndex), from + MAX_MEMBER_NAMES);
    out.push({
      kind,
      tag,
      start: record.startIndex,
      members: outer.names.slice(from, to).map((n) => n.text),
    });
  }
  return out;
}
