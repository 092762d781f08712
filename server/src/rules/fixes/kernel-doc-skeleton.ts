import type { DocumentModel } from '../../core/document';
import type { DeclDoc } from '../../core/model/kernel-doc-review';
import type { RecordDecl } from '../../core/model/declarations';
import { inlineErrorsIn, type KernelDocSection } from '../../core/parse/kernel-doc';
import type { Fix, TextEdit } from '../rule';

/**
 * Write or complete a declaration's kernel-doc comment, in the form scripts/kernel-doc reads:
 * `/**` alone at the start of its line, the identifier line with a short description, and an
 * `@member:` line for each member with nothing after the colon, where the user writes the
 * description (kernel-doc takes `@member:` at the end of its line as described; a trailing
 * blank would make it not, so none is written). The short description says what uapi-lint knows
 * for certain (which ioctl takes the struct, what the ioctl passes), for the user to rewrite;
 * no placeholder text is written. A description of a member that does not exist is renamed to
 * a member that has none and sits between the same neighbours (a member renamed in the code),
 * and dropped otherwise; a `/**` comment inside the struct that kernel-doc would drop gets the `@member:` of the member
 * below it. The fix is offered only when kernel-doc has nothing left to say afterwards.
 */

export interface SkeletonTarget {
  /** `struct foo`, `union foo`, `enum foo`, or a macro's name: what the identifier line names. */
  identifier: string;
  /** The short description to write when there is none. */
  summary: string;
  /** Offset of the declaration (its line gets the comment above it). */
  start: number;
  doc: DeclDoc;
  /** The struct or union, whose inline comments are mended too. */
  record?: RecordDecl;
  /** An object-like macro: it has no members, and no `@name:` of its own. */
  macro?: boolean;
}

const MAX_LISTED = 10_000;

/** How alike two names are: the length of their common beginning and end. */
function similarity(a: string, b: string): number {
  let p = 0;
  while (p < a.length && p < b.length && a[p] === b[p]) p++;
  let q = 0;
  while (q < a.length - p && q < b.length - p && a[a.length - 1 - q] === b[b.length - 1 - q]) q++;
  return p + q;
}

function insertAt(row: number, text: string): TextEdit {
  const pos = { row, column: 0 };
  return { range: { start: pos, end: pos }, newText: text };
}

function lineText(model: DocumentModel, row: number): { start: number; text: string } {
  const start = model.file.lines.offset({ row, column: 0 });
  const nl = model.file.text.indexOf('\n', start);
  return { start, text: model.file.text.slice(start, nl < 0 ? model.file.text.length : nl).replace(/\r$/, '') };
}

/**
 * The `/**` comments inside a record that kernel-doc would drop: each gets the `@member:` of the
 * member declared below it (or, with none below, becomes a plain comment). Returns the edits and
 * the members they describe.
 */
function mendInline(model: DocumentModel, target: SkeletonTarget): { edits: TextEdit[]; described: Set<string> } {
  const edits: TextEdit[] = [];
  const described = new Set<string>();
  const rec = target.record;
  if (!rec) return { edits, described };
  const row = model.file.lines.position(rec.start).row;
  for (const e of inlineErrorsIn(model.file.text, rec.start, rec.end, row)) {
    const next = target.doc.members.filter((m) => m.start !== undefined && m.start > e.start).sort((a, b) => a.start! - b.start!)[0];
    if (!next) {
      // nothing below it to describe: a plain comment, which kernel-doc leaves alone
      const at = model.file.lines.position(e.start + 2);
      edits.push({ range: { start: at, end: { row: at.row, column: at.column + 1 } }, newText: '' });
      continue;
    }
    const first = lineText(model, e.line + 1);
    const prefix = /^\s*\*\s?/.exec(first.text);
    if (!prefix) return { edits: [], described: new Set(['\0']) };
    const rest = first.text.slice(prefix[0].length);
    const from = model.file.lines.position(first.start + prefix[0].length);
    if (rest.trim() === '') {
      edits.push({ range: { start: from, end: model.file.lines.position(first.start + first.text.length) }, newText: `@${next.name}:` });
    } else {
      edits.push({ range: { start: from, end: from }, newText: `@${next.name}: ` });
    }
    described.add(next.name);
  }
  return { edits, described };
}

/** The fix for a declaration whose kernel-doc is missing or incomplete; undefined when no edit here mends it all. */
export function kernelDocFix(model: DocumentModel, target: SkeletonTarget): Fix | undefined {
  const { doc } = target;
  const block = doc.block;
  const inline = mendInline(model, target);
  if (inline.described.has('\0')) return undefined;
  const listed = (all: boolean) =>
    doc.members
      .filter((m) => (all || m.required) && !inline.described.has(m.name))
      .slice(0, MAX_LISTED)
      .map((m) => m.name);

  if (!block) {
    const unread = doc.unread;
    // an earlier comment swallows whatever is written here, or something between the comment and
    // the declaration cuts it off: an edit here cannot help, moving or ending that comment can
    if (unread?.kind === 'swallowed' || unread?.kind === 'cut') return undefined;
    const head = [`/**`, ` * ${target.identifier} - ${target.summary}`];
    if (unread?.kind === 'unreadable' && unread.block.identifier.ok === false && unread.block.identifier.reason !== 'doc-section') {
      // a /** comment whose first line names nothing: its text becomes the new one's description,
      // and the @name: lines it has already are read as this declaration's
      const text = model.file.text;
      const close = text.indexOf('*/', unread.block.end);
      const old = text.slice(unread.block.start, close < 0 ? text.length : close);
      const has = new Set([...old.matchAll(/^\s*\*\s*@([\w.]+)\s*:/gm)].map((m) => m[1]));
      const members = new Set(doc.members.map((m) => m.name));
      if ([...has].some((n) => !members.has(n))) return undefined;
      const lines = [...head.slice(1), ...listed(true).filter((n) => !has.has(n)).map((n) => ` * @${n}:`)];
      return {
        title: `Make the comment above ${target.identifier} its kernel-doc comment`,
        edits: [insertAt(unread.block.line + 1, `${lines.join('\n')}\n *\n`), ...inline.edits],
        preferred: true,
      };
    }
    const lines = [...head, ...listed(true).map((n) => ` * @${n}:`)];
    const row = model.file.lines.position(target.start).row;
    return {
      title: `Add a kernel-doc comment for ${target.identifier}`,
      edits: [insertAt(row, `${lines.join('\n')}\n */\n`), ...inline.edits],
      preferred: true,
    };
  }

  if (!block.identifier.ok) return undefined;
  const id = block.identifier.id;
  const edits: TextEdit[] = [...inline.edits];
  const changes: string[] = [];
  const idLine = lineText(model, block.identifierLine);
  let summaryDone = false;
  if (doc.mismatch) {
    // the identifier as written (`struct foo`, `define FOO`, `FOO()`) becomes the declaration's
    const written = idLine.text.slice(id.nameStart, id.nameEnd);
    const keepDefine = /^define\s/.test(written) && !target.identifier.includes(' ');
    // one edit when the summary goes right after the name: two edits must not touch
    summaryDone = id.summary === '' && !id.separator;
    edits.push({
      range: model.file.lines.range(idLine.start + id.nameStart, idLine.start + id.nameEnd),
      newText: `${keepDefine ? 'define ' : ''}${target.identifier}${summaryDone ? ` - ${target.summary}` : ''}`,
    });
    changes.push(`name it ${target.identifier}`);
  }
  if (id.summary === '' && !summaryDone) {
    const at = model.file.lines.position(idLine.start + idLine.text.replace(/\s+$/, '').length);
    edits.push({ range: { start: at, end: at }, newText: id.separator ? ` ${target.summary}` : ` - ${target.summary}` });
  }

  // what the comment describes, what it should, and what it describes in excess
  const sections = [...block.sections, ...block.inline].filter((s) => s.described);
  const members = new Set(doc.members.map((m) => m.name));
  const describedNames = new Set([...sections.map((s) => s.name), ...inline.described]);
  let missing = listed(false).filter((n) => !describedNames.has(n));
  let excess = [...new Set(sections.map((s) => s.name).filter((n) => !members.has(n) && !(target.record && (n === 'struct' || n === 'union'))))];
  // a comment for another declaration that describes things: not this one's to rename
  if (doc.mismatch && target.macro && sections.length) return undefined;
  const dropped: KernelDocSection[] = [];
  if (excess.length && !target.macro && missing.length) {
    // a description of nothing where the comment would describe a member that has none, between
    // the same neighbours: the member was renamed in the code (`@io_base` above `io_addr`)
    const order = block.sections.filter((s) => s.described).map((s) => s.name);
    const renamed = new Map<string, string>();
    const isDescribed = (n: string) => describedNames.has(n) || [...renamed.values()].includes(n);
    const declared = doc.members.map((m) => m.name);
    for (const old of excess) {
      const at = order.indexOf(old);
      if (at < 0) continue;
      const before = at > 0 ? (renamed.get(order[at - 1]) ?? order[at - 1]) : null;
      // a member of a nested struct stays in it: `@range.size` is no name for `prefetch`
      const parent = (n: string) => n.slice(0, Math.max(0, n.lastIndexOf('.')));
      const candidates = missing.filter((m) => {
        if ([...renamed.values()].includes(m) || parent(m) !== parent(old)) return false;
        const k = declared.indexOf(m);
        let prev: string | null = null;
        for (let j = k - 1; j >= 0; j--) {
          if (isDescribed(declared[j])) {
            prev = declared[j];
            break;
          }
        }
        return prev === before;
      });
      // of several in that place, the one whose name is most like the old one's (none when that is not clear)
      let fresh: string | undefined;
      let best = -1;
      let tied = false;
      for (const c of candidates) {
        const score = similarity(old, c);
        if (score > best) {
          best = score;
          fresh = c;
          tied = false;
        } else if (score === best) tied = true;
      }
      if (fresh && !tied) renamed.set(old, fresh);
    }
    for (const [old, fresh] of renamed) {
      for (const s of block.sections.filter((x) => x.name === old && x.described)) {
        const line = lineText(model, s.line);
        const at = line.text.search(new RegExp(`@\\s*${old.replace(/[.]/g, '\\.')}(?![\\w.])`));
        if (at < 0) return undefined;
        const len = /^@\s*[\w.]+/.exec(line.text.slice(at))![0].length;
        edits.push({ range: model.file.lines.range(line.start + at, line.start + at + len), newText: `@${fresh}` });
      }
      changes.push(`rename @${old} to @${fresh}`);
    }
    missing = missing.filter((m) => ![...renamed.values()].includes(m));
    excess = excess.filter((e) => !renamed.has(e));
  }
  if (excess.length) {
    for (const s of sections) if (excess.includes(s.name)) dropped.push(s);
    // an inline comment of a member that does not exist is the user's to move
    if (dropped.some((s) => s.inline)) return undefined;
    changes.push(`drop ${excess.map((n) => `@${n}`).join(', ')}${target.macro ? ' (a macro has no parameters; describe members at the struct)' : ''}`);
  }
  // the rows the dropped sections span, and where the missing members go
  const kept = block.sections.filter((s) => !dropped.includes(s));
  const after = kept.length ? Math.max(...kept.map((s) => s.lastLine)) : block.summaryLastLine;
  const prefix = /^\s*\*/.exec(idLine.text)?.[0] ?? ' *';
  const added = missing.map((n) => `${prefix} @${n}:\n`).join('');
  let addedDone = !added;
  for (const s of dropped.sort((a, b) => a.line - b.line)) {
    // a dropped section right where the missing ones go: one edit for both
    const here = !addedDone && s.line === after + 1;
    edits.push({ range: { start: { row: s.line, column: 0 }, end: { row: s.lastLine + 1, column: 0 } }, newText: here ? added : '' });
    if (here) addedDone = true;
  }
  if (!addedDone) edits.push(insertAt(after + 1, added));
  if (missing.length) changes.unshift(`describe ${missing.length > 3 ? `${missing.length} members` : missing.join(', ')}`);
  if (!edits.length) return undefined;
  return { title: `Complete the kernel-doc comment of ${target.identifier}${changes.length ? `: ${changes.join('; ')}` : ''}`, edits, preferred: true };
}
