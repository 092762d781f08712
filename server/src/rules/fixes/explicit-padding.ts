import type { DocumentModel } from '../../core/document';
import type { RecordLayout } from '../../core/layout/layout';
import type { RecordDecl } from '../../core/model/declarations';
import type { Fix, TextEdit } from '../rule';

/**
 * Make a struct's padding explicit: a member for every hole the compiler would insert on
 * x86_64, and for the tail up to a multiple of `tailTo` bytes. On x86_64 every member is then at
 * a multiple of its own size, so i386 (which aligns 64-bit members to 4) and the other ABIs
 * place them identically. Pad members are named `padN`, N chosen so no member has that name.
 */

/** What the header must say of a pad member (uapi-reserved-undocumented reads it). */
const MBZ = '/* must be zero */';

function padDecl(name: string, offset: number, size: number): string {
  for (const [bytes, type] of [[8, '__u64'], [4, '__u32'], [2, '__u16'], [1, '__u8']] as const) {
    if (size === bytes && offset % bytes === 0) return `${type} ${name};`;
  }
  return `__u8 ${name}[${size}];`;
}

export function explicitPaddingFix(model: DocumentModel, rec: RecordDecl, layout: RecordLayout, tailTo = layout.align): Fix | undefined {
  const fields = rec.fields ?? [];
  // what cannot be padded by inserting members: bitfields, packing, macro-written or nested anonymous members
  if (rec.kind !== 'struct' || rec.attrs.packed || rec.attrs.aligned) return undefined;
  if (fields.some((f) => f.bits || f.macroText !== undefined || f.attrs.aligned || f.attrs.packed)) return undefined;
  if (layout.members.some((m) => m.nested) || layout.members.length !== fields.length) return undefined;

  const text = model.file.text;
  const names = new Set(fields.map((f) => f.name).filter((n): n is string => n !== null));
  let n = 0;
  const nextName = () => {
    while (names.has(`pad${n}`)) n++;
    names.add(`pad${n}`);
    return `pad${n}`;
  };
  // through the line index: a struct on one long line must not cost a scan of it per hole
  const lineStart = (offset: number) => offset - model.file.lines.position(offset).column;
  const indentAt = (offset: number) => {
    const start = lineStart(offset);
    let end = start;
    while (text[end] === ' ' || text[end] === '\t') end++;
    return text.slice(start, end);
  };
  const edits: TextEdit[] = [];
  /** Insert a declaration before the text at `at`: on a line of its own when `at` starts its line. */
  const insertBefore = (at: number, decl: string, indent: string) => {
    const ownLine = text.slice(lineStart(at), at).trim() === '';
    const pos = model.file.lines.position(at);
    edits.push({ range: { start: pos, end: pos }, newText: ownLine ? `${decl} ${MBZ}\n${indent}` : `${decl} ` });
  };

  // the member after each hole; holes come in offset order, so the search goes on from the last
  let next = 0;
  let last = -1;
  for (const hole of layout.holes) {
    const end = hole.offset + hole.size;
    if (end < last) next = 0;
    last = end;
    while (next < layout.members.length && layout.members[next].offset < end) next++;
    if (next >= layout.members.length) return undefined;
    const f = fields[next];
    insertBefore(f.start, padDecl(nextName(), hole.offset, hole.size), indentAt(f.start));
  }
  const used = layout.size - layout.tailPadding;
  const tail = (Math.ceil(used / tailTo) * tailTo) - used;
  if (tail > 0) {
    const close = text.lastIndexOf('}', rec.end);
    if (close < rec.start || fields.length === 0) return undefined;
    const last = fields[fields.length - 1];
    const closeOwnLine = text.slice(lineStart(close), close).trim() === '';
    const decl = padDecl(nextName(), used, tail);
    const pos = model.file.lines.position(closeOwnLine ? lineStart(close) : close);
    edits.push({ range: { start: pos, end: pos }, newText: closeOwnLine ? `${indentAt(last.start)}${decl} ${MBZ}\n` : `${decl} ` });
  }
  if (edits.length === 0) return undefined;
  const title = rec.tag ? `Make the padding of ${rec.kind} ${rec.tag} explicit` : 'Make the padding explicit';
  return { title, edits, preferred: true, fixAll: true };
}
