import type { DocumentModel } from '../document';
import type { RecordDecl, TypeExpr } from '../model/declarations';
import type { DeclarationIndex } from '../model/declaration-index';
import { parseTypeName } from '../layout/layout';
import { tokenize } from '../preprocess/tokens';
import type { IoctlDefinition } from './extract';

/**
 * Which structs and unions travel through which ioctls: an ioctl's argument type, the records
 * it contains by value (members, array elements, anonymous members), and so on down. Pointers
 * stop the walk: what they point to is not part of the argument's layout.
 */

const MAX_DEPTH = 64;

/** The argument's type as written in the command macro (`sizeof(struct x)` counts as `struct x`). */
export function argumentTypeExpr(ioctl: IoctlDefinition): TypeExpr | null {
  if (!ioctl.argType) return null;
  let text = ioctl.argType.trim();
  const sizeOf = /^sizeof\s*\(([\s\S]*)\)$/.exec(text);
  if (sizeOf) text = sizeOf[1];
  return parseTypeName(tokenize(text));
}

/** The records a type contains by value, the type's own record first. */
export function recordsIn(t: TypeExpr | null, index: DeclarationIndex, into = new Set<RecordDecl>(), depth = 0): Set<RecordDecl> {
  if (!t || depth > MAX_DEPTH) return into;
  switch (t.kind) {
    case 'record': {
      if (into.has(t.record)) return into;
      into.add(t.record);
      for (const f of t.record.fields ?? []) recordsIn(f.type, index, into, depth + 1);
      return into;
    }
    case 'tag': {
      if (t.tagKind === 'enum') return into;
      const rec = index.record(t.tagKind, t.tag);
      return rec && rec.fields ? recordsIn({ kind: 'record', record: rec }, index, into, depth + 1) : into;
    }
    case 'name': {
      const td = index.typedefs.get(t.name);
      return td ? recordsIn(td.type, index, into, depth + 1) : into;
    }
    case 'array':
      return recordsIn(t.of, index, into, depth + 1);
    default:
      return into;
  }
}

/** For every record defined in the analysed header: the names of the header's ioctls that carry it. */
export function argumentRecords(model: DocumentModel): Map<RecordDecl, string[]> {
  const out = new Map<RecordDecl, string[]>();
  for (const ioctl of model.ioctls) {
    if (ioctl.file !== model.path) continue;
    for (const rec of recordsIn(argumentTypeExpr(ioctl), model.host.index)) {
      if (rec.file !== model.path) continue;
      const list = out.get(rec) ?? [];
      if (!list.includes(ioctl.name)) list.push(ioctl.name);
      out.set(rec, list);
    }
  }
  return out;
}
