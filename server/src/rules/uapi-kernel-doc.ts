import type { DocumentModel } from '../core/document';
import type { EnumDecl, RecordDecl, TypeExpr } from '../core/model/declarations';
import type { IoctlDefinition } from '../core/ioctl/extract';
import { argumentTypeExpr } from '../core/ioctl/argument-records';
import { enumDoc, isNestedEnum, isNestedRecord, macroDoc, recordDoc, recordDocName, type DeclDoc, type Unread } from '../core/model/kernel-doc-review';
import type { Rule } from './rule';
import { carriedRecords, rangeOf, severityFor } from './struct-members';
import { existingSeverity } from './ioctl-facts';
import { kernelDocFix } from './fixes/kernel-doc-skeleton';

/**
 * The kernel-doc of a uAPI header's ioctls, as scripts/kernel-doc -Wall (Linux 6.12) would
 * check it: each ioctl macro, each struct or union an ioctl carries (its argument, and the named
 * records it embeds by value: userspace fills those too, and the documentation renders each on
 * its own), and each enum their members use (as their type, or as the `enum x` their
 * description names) has a kernel-doc comment for its own name, with a short description and an
 * `@member:` description of every member and of nothing else. Records defined inside another
 * are documented through it (`@outer.inner`). One finding per declaration, on its name.
 */

const LISTED = 12;

function list(names: string[]): string {
  const shown = names.slice(0, LISTED).join(', ');
  return names.length > LISTED ? `${shown} and ${names.length - LISTED} more` : shown;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return n === 1 ? one : many;
}

/** What the comment above a declaration is, when kernel-doc reads none for it. */
function unreadClause(u: Unread, title: string): string {
  switch (u.kind) {
    case 'none':
      return 'has no kernel-doc comment';
    case 'plain':
      return 'has a plain /* */ comment above it, and scripts/kernel-doc reads only /** comments';
    case 'misplaced':
      return 'has a /** comment above it that scripts/kernel-doc never reads: the /** must stand alone at the start of its line, the text on the lines after it';
    case 'unreadable': {
      const b = u.block.identifier.ok ? null : u.block.identifier.reason;
      if (b === 'doc-section') return 'has only a DOC: comment above it, which documents no declaration';
      if (b === 'wrong-identifier') return `has a /** comment above it whose first line names no declaration (scripts/kernel-doc: "wrong kernel-doc identifier"); it must read "${title} - summary"`;
      if (b === 'not-understood') return `has a /** comment above it whose first line scripts/kernel-doc cannot read ("Cannot understand ... I thought it was a doc line"); it must read "${title} - summary"`;
      return `has a /** comment above it that does not start with "${title} - summary" (scripts/kernel-doc: "This comment starts with '/**', but isn't a kernel-doc comment")`;
    }
    case 'swallowed':
      return `has a /** comment above it that scripts/kernel-doc never gets to: the kernel-doc comment on line ${u.by.line + 1} is followed by no declaration, so kernel-doc reads everything after it up to the next ';' as that declaration, and this comment as a member comment inside it ("Incorrect use of kernel-doc format"); give that comment its declaration, or make it a DOC: comment`;
    case 'cut':
      return `has its kernel-doc comment on line ${u.block.line + 1} cut off from it: scripts/kernel-doc takes what follows a comment up to the first ';' (a #define line counts as one) for the declaration it documents, and something between them ends that first; put the comment right above ${title}`;
  }
}

function quoteMismatch(kind: string, wrote: string, is: string, macro: boolean): string {
  return macro
    ? `scripts/kernel-doc: "expecting prototype for ${wrote}(). Prototype was for ${is}() instead"`
    : `scripts/kernel-doc: "expecting prototype for ${kind} ${wrote}. Prototype was for ${kind} ${is} instead"`;
}

interface Described {
  /** `struct foo`, `enum foo`, `FOO_IOCTL`. */
  title: string;
  /** kernel-doc's name of it (in its warnings). */
  name: string;
  what: 'record' | 'enum' | 'macro';
  kind: string;
}

/** The finding's clauses for a declaration's kernel-doc, or none when kernel-doc would be content. */
function clauses(d: Described, doc: DeclDoc): string[] {
  const out: string[] = [];
  const memberWord = d.what === 'enum' ? 'constant' : 'member';
  if (!doc.block) {
    const u = doc.unread ?? { kind: 'none' };
    const base = unreadClause(u, d.title);
    if (d.what === 'macro') {
      out.push(u.kind === 'none'
        ? `has no kernel-doc comment: say what the ioctl does, what it reads and returns and which errors it fails with, in a "/** ${d.title} - summary" comment right above its #define (kernel-doc's form for an object-like macro)`
        : base);
    } else {
      const members = doc.members.filter((m) => m.required).map((m) => m.name);
      if (!members.length || u.kind === 'swallowed' || u.kind === 'cut') out.push(base);
      else if (members.length === 1) out.push(`${base}, so its ${memberWord} ${members[0]} is documented nowhere`);
      else out.push(`${base}, so none of its ${members.length} ${memberWord}s (${list(members)}) is documented`);
    }
    return out;
  }
  const id = doc.block.identifier.ok ? doc.block.identifier.id : null;
  if (!id) return out;
  if (doc.mismatch) {
    const m = doc.mismatch;
    if (d.what === 'macro') {
      out.push(m.kind === 'function'
        ? `has a kernel-doc comment above it for ${m.name} (${quoteMismatch('', m.name, d.name, true)})`
        : `has a kernel-doc comment above it for ${m.kind} ${m.name}, not for the macro (a #define is documented as "/** ${d.name} - summary")`);
    } else if (m.kind === d.kind || (d.what === 'record' && (m.kind === 'struct' || m.kind === 'union'))) {
      out.push(`has a kernel-doc comment for ${m.kind}${m.name ? ` ${m.name}` : ' (no name)'} (${quoteMismatch(d.kind, m.name, d.name, false)}), so none of its ${memberWord}s is checked`);
    } else if (m.kind === 'function') {
      out.push(`has a kernel-doc comment above it for ${m.name}, as if it were a function or macro (scripts/kernel-doc: "cannot understand function prototype"); it must read "${d.title} - summary"`);
    } else if (m.kind === 'typedef') {
      out.push(`is documented as typedef ${m.name}, and scripts/kernel-doc checks no ${memberWord} of a typedef; write "${d.title} - summary"`);
    } else {
      out.push(`has a kernel-doc comment above it for ${m.kind} ${m.name}; it must read "${d.title} - summary"`);
    }
  }
  if (doc.noSummary) {
    out.push(`has no short description in its kernel-doc comment after "${id.kind === 'function' ? id.name : `${id.kind} ${id.name}`}${id.separator ? ' -' : ''}" (scripts/kernel-doc -Wall: "missing initial short description")`);
  }
  if (!doc.mismatch && doc.undescribed.length) {
    const first = doc.undescribed[0];
    const quote = d.what === 'enum'
      ? `"Enum value '${first}' not described in enum '${d.name}'"`
      : `"Function parameter or struct member '${first}' not described in '${d.name}'"`;
    out.push(`has no kernel-doc description of ${plural(doc.undescribed.length, memberWord)} ${list(doc.undescribed)} (scripts/kernel-doc -Wall warns ${quote}${doc.undescribed.length > 1 ? ' for each' : ''})`);
  }
  if (doc.excess.length) {
    const first = doc.excess[0];
    const quote = d.what === 'enum'
      ? `"Excess enum value '${first}' description in '${d.name}'"`
      : d.what === 'macro'
        ? `"Excess function parameter '${first}' description in '${d.name}'"`
        : `"Excess ${d.kind} member '${first}' description in '${d.name}'"`;
    out.push(d.what === 'macro'
      ? `describes in its kernel-doc comment ${plural(doc.excess.length, 'a parameter', 'parameters')} an object-like macro does not have: @${doc.excess.join(', @')} (${quote}); members are described at the struct`
      : `describes in its kernel-doc comment ${plural(doc.excess.length, `a ${memberWord}`, `${memberWord}s`)} it does not have: ${list(doc.excess)} (${quote})`);
  }
  for (const row of doc.inlineErrors) {
    out.push(`has a /** comment on line ${row + 1} inside it that does not start with "@member:", which scripts/kernel-doc drops ("Incorrect use of kernel-doc format")`);
  }
  return out;
}

function sentence(title: string, context: string, parts: string[]): string {
  return `${title}${context} ${parts[0]}${parts.slice(1).map((p) => `; it also ${p}`).join('')}.`;
}

/** `argument of A and B`, `part of the argument of A`: how a record travels. */
function carriedPhrase(record: RecordDecl, name: string, ioctls: string[], model: DocumentModel): { context: string; summary: string } {
  const direct = ioctls.filter((n) => {
    const i = model.ioctls.find((x) => x.name === n);
    const t = i ? argumentTypeExpr(i) : null;
    return !!t && ((t.kind === 'tag' && t.tag === record.tag && t.tagKind === record.kind) || (t.kind === 'name' && t.name === name));
  });
  const names = (xs: string[]) => (xs.length <= 3 ? xs.join(xs.length === 2 ? ' and ' : ', ') : `${xs.slice(0, 3).join(', ')} and ${xs.length - 3} more`);
  if (direct.length) return { context: ` (the argument of ${names(direct)})`, summary: `argument of ${names(direct)}` };
  return { context: ` (in the argument of ${names(ioctls)})`, summary: `part of the argument of ${names(ioctls)}` };
}

/** What an ioctl's #define says it passes, for its skeleton's short description. */
function macroSummary(ioctl: IoctlDefinition): string {
  const arg = ioctl.argType?.replace(/^sizeof\s*\(([\s\S]*)\)$/, '$1').trim();
  if (!arg || ioctl.dir === 'none') return 'takes no argument';
  const ref = /^(struct|union) \w+$/.test(arg) ? `&${arg}` : arg;
  switch (ioctl.dir) {
    case 'w':
      return `passes ${ref} to the driver`;
    case 'r':
      return `fills ${ref} for the caller`;
    case 'rw':
      return `passes ${ref} to the driver, which updates it`;
    default:
      return `takes ${ref}`;
  }
}

/**
 * The enums a record's members have as their type (directly, through a typedef, or in a record
 * defined inside it), by tag.
 */
function enumTypes(typedefs: ReadonlyMap<string, TypeExpr>, record: RecordDecl): Set<string> {
  const into = new Set<string>();
  const pending: Array<{ t: TypeExpr; depth: number }> = (record.fields ?? []).map((f) => ({ t: f.type, depth: 0 }));
  for (let item = pending.pop(); item; item = pending.pop()) {
    let { t, depth } = item;
    if (depth > 64) continue;
    while (t.kind === 'array' || t.kind === 'pointer') t = t.kind === 'array' ? t.of : t.to;
    if (t.kind === 'tag' && t.tagKind === 'enum') into.add(t.tag);
    else if (t.kind === 'record') for (const f of t.record.fields ?? []) pending.push({ t: f.type, depth: depth + 1 });
    else if (t.kind === 'name') {
      const td = typedefs.get(t.name);
      if (td && td.kind !== 'record') pending.push({ t: td, depth: depth + 1 });
    }
  }
  return into;
}

/** A declaration the rule looks at, with what kernel-doc would make of its comment. */
export interface KernelDocSubject {
  what: 'record' | 'enum' | 'macro';
  /** `struct foo`, `enum foo`, `FOO_IOCTL`. */
  title: string;
  /** kernel-doc's name of it; null for an anonymous record nothing names (it cannot be documented). */
  name: string | null;
  doc: DeclDoc;
  /** The ioctls it concerns. */
  ioctls: string[];
  record?: RecordDecl;
  decl?: EnumDecl;
  ioctl?: IoctlDefinition;
  /** Which record named an enum. */
  usedBy?: string;
}

const subjects = new WeakMap<DocumentModel, KernelDocSubject[]>();

/**
 * What the rule looks at in a header with ioctls of its own, in order: each struct and union
 * defined here that one of them carries (not those defined inside another: they are documented
 * through it), the enums those members use (as their type, or as an `enum x` their kernel-doc
 * names), and the ioctl macros. Computed once per model.
 */
export function kernelDocSubjects(model: DocumentModel): KernelDocSubject[] {
  let out = subjects.get(model);
  if (out) return out;
  out = [];
  subjects.set(model, out);
  if (model.skipped || model.kind !== 'header') return out;
  const own = model.ioctls.filter((i) => i.file === model.path);
  if (!own.length) return out;
  const file = model.file;
  const fileRecords = new Set(file.declarations.records);
  const typedefs = new Map<string, TypeExpr>();
  for (const t of file.declarations.typedefs) if (!typedefs.has(t.name)) typedefs.set(t.name, t.type);
  const enumsByTag = new Map<string, EnumDecl>();
  // an enum defined inside a struct is not documented on its own
  for (const e of file.declarations.enums) if (e.tag && !enumsByTag.has(e.tag) && !isNestedEnum(file, e)) enumsByTag.set(e.tag, e);
  /** Per enum of this file its members use: the ioctls, and the first record that names it. */
  const enumUse = new Map<EnumDecl, { ioctls: Set<string>; by: string }>();
  const useEnum = (tag: string, ioctls: string[], by: string) => {
    const e = enumsByTag.get(tag);
    if (!e) return;
    const u = enumUse.get(e) ?? { ioctls: new Set<string>(), by };
    for (const n of ioctls) u.ioctls.add(n);
    enumUse.set(e, u);
  };
  for (const [record, ioctls] of carriedRecords(model)) {
    // a record written by a macro has no place for a comment; one defined inside another is
    // documented through it (`@outer.inner`)
    if (!fileRecords.has(record) || isNestedRecord(file, record)) continue;
    const name = recordDocName(file, record);
    const doc = recordDoc(file, record);
    const title = name ? `${record.kind} ${name}` : `an anonymous ${record.kind}`;
    for (const t of enumTypes(typedefs, record)) useEnum(t, ioctls, title);
    for (const s of doc.block ? [...doc.block.sections, ...doc.block.inline] : []) {
      for (const m of s.text.matchAll(/\benum\s+(\w+)/g)) useEnum(m[1], ioctls, title);
    }
    out.push({ what: 'record', title, name, doc, ioctls, record });
  }
  for (const [decl, use] of enumUse) {
    out.push({ what: 'enum', title: `enum ${decl.tag}`, name: decl.tag, doc: enumDoc(file, decl), ioctls: [...use.ioctls], decl, usedBy: use.by });
  }
  for (const ioctl of own) {
    const start = file.lines.offset(ioctl.range.start);
    out.push({ what: 'macro', title: ioctl.name, name: ioctl.name, doc: macroDoc(file, ioctl.name, ioctl.range.start.row, start), ioctls: [ioctl.name], ioctl });
  }
  return out;
}

export const uapiKernelDoc: Rule = {
  id: 'uapi-kernel-doc',
  defaultSeverity: 'warning',
  description:
    'An ioctl, a struct or union it carries, or an enum their members use, without kernel-doc that scripts/kernel-doc -Wall accepts: ' +
    'a comment for its own name with a short description, every member described, none described that does not exist.',
  criteria: 'kernel-doc',
  usesLayouts: true,
  check(model, report, options) {
    const file = model.file;
    for (const s of kernelDocSubjects(model)) {
      const { doc, ioctls, title } = s;
      if (s.name === null) continue;
      const parts = clauses({ title, name: s.name, what: s.what, kind: s.record?.kind ?? s.what }, doc);
      if (!parts.length) continue;
      const pages = ['kernel-doc', 'open-documentation'];
      if (s.record) {
        const record = s.record;
        const { context, summary } = carriedPhrase(record, s.name, ioctls, model);
        report({
          range: rangeOf(model, record.nameStart, record.nameEnd),
          message: sentence(title, context, parts),
          ioctls,
          severity: severityFor(ioctls, model, options),
          pages,
          fixes: () => [kernelDocFix(model, { identifier: title, summary, start: record.start, doc, record })].filter((f) => f !== undefined),
        });
      } else if (s.decl) {
        const decl = s.decl;
        const at = /enum\s+(\w+)/y;
        at.lastIndex = decl.start;
        const m = at.exec(file.text);
        const nameStart = m ? decl.start + m[0].length - m[1].length : decl.start;
        report({
          range: rangeOf(model, nameStart, nameStart + (m ? m[1].length : 4)),
          message: sentence(title, ` (used by ${s.usedBy})`, parts),
          ioctls,
          severity: severityFor(ioctls, model, options),
          pages,
          fixes: () => [kernelDocFix(model, { identifier: title, summary: `values of ${s.usedBy}`, start: decl.start, doc })].filter((f) => f !== undefined),
        });
      } else if (s.ioctl) {
        const ioctl = s.ioctl;
        const start = file.lines.offset(ioctl.range.start);
        report({
          range: ioctl.nameRange,
          message: sentence(title, '', parts),
          ioctls,
          severity: existingSeverity(ioctl, options),
          pages,
          fixes: () => [kernelDocFix(model, { identifier: title, summary: macroSummary(ioctl), start, doc, macro: true })].filter((f) => f !== undefined),
        });
      }
    }
  },
};
