import type { DocumentModel } from '../core/document';
import { argumentRecords } from '../core/ioctl/argument-records';
import type { FieldDecl, RecordDecl, TypeExpr } from '../core/model/declarations';
import type { SourceRange } from '../core/source';
import { baseVerdict, isTimeStruct, nameVerdict, type TypeVerdict } from '../knowledge/uapi-types';
import { isExisting } from './ioctl-facts';
import { kernelDocAbove } from '../core/parse/kernel-doc';
import type { Fix, RuleOptions, Severity } from './rule';

/** What the struct rules share: the argument structs of the header's ioctls, member by member. */

const cache = new WeakMap<DocumentModel, Map<RecordDecl, string[]>>();

/** Records defined in this header that some ioctl of it carries, with those ioctls' names. */
export function carriedRecords(model: DocumentModel): Map<RecordDecl, string[]> {
  let m = cache.get(model);
  if (!m) {
    m = argumentRecords(model);
    cache.set(model, m);
  }
  return m;
}

export interface MemberSite {
  record: RecordDecl;
  field: FieldDecl;
  ioctls: string[];
}

export function* carriedMembers(model: DocumentModel): Generator<MemberSite> {
  for (const [record, ioctls] of carriedRecords(model)) {
    for (const field of record.fields ?? []) yield { record, field, ioctls };
  }
}

/** The type of a member with arrays taken off (`char name[16]` is a char member for these rules). */
export function elementType(t: TypeExpr): { type: TypeExpr; array: boolean } {
  let array = false;
  while (t.kind === 'array') {
    t = t.of;
    array = true;
  }
  return { type: t, array };
}

/** What the ioctl rules say about a member's type, if anything. */
export function typeVerdict(t: TypeExpr): TypeVerdict | undefined {
  switch (t.kind) {
    case 'pointer':
      return { category: 'pointer', replacement: '__u64' };
    case 'base':
      return baseVerdict(t.words);
    case 'name':
      return nameVerdict(t.name);
    case 'tag':
      if (t.tagKind === 'enum') return { category: 'enum', replacement: '__u32' };
      return isTimeStruct(t.tag) ? { category: 'time' } : undefined;
    case 'enum':
      return { category: 'enum', replacement: '__u32' };
    default:
      return undefined;
  }
}

export function rangeOf(model: DocumentModel, start: number, end: number): SourceRange {
  return model.file.lines.range(start, end);
}

/** Where a member finding sits: its name, or its declaration when it has none. */
export function memberRange(model: DocumentModel, f: FieldDecl): SourceRange {
  return f.nameEnd > f.nameStart ? rangeOf(model, f.nameStart, f.nameEnd) : rangeOf(model, f.start, f.end);
}

/** `info` when every ioctl carrying it exists already (and the review is not "as new"). */
export function severityFor(ioctls: string[], model: DocumentModel, options: RuleOptions): Severity | undefined {
  if (ioctls.length === 0) return undefined;
  const existing = ioctls.every((n) => {
    const i = model.ioctls.find((x) => x.name === n);
    return i !== undefined && isExisting(i, options);
  });
  return existing ? 'info' : undefined;
}

/**
 * Replace a member's type specifier (`unsigned long` -> `__u64`). A pointer member becomes a
 * plain `__u64` only when it is the declaration's one declarator (`int *a, b;` keeps b an int).
 */
export function replaceTypeFix(model: DocumentModel, f: FieldDecl, replacement: string, title: string): Fix | undefined {
  if (f.typeStart === undefined || f.typeEnd === undefined || f.macroText !== undefined) return undefined;
  if (f.type.kind === 'pointer') {
    if (f.siblings !== 1 || !f.name) return undefined;
    // `const char *name` -> `__u64 name`: everything from the specifier to the name goes
    const start = Math.min(f.start, f.typeStart);
    return { title, edits: [{ range: rangeOf(model, start, f.nameStart), newText: `${replacement} ` }], fixAll: true };
  }
  // the same size on x86_64, so a padding fix computed before it stays right
  return { title, edits: [{ range: rangeOf(model, f.typeStart, f.typeEnd), newText: replacement }], fixAll: true };
}

export interface MemberRuleSpec {
  id: string;
  defaultSeverity: Severity;
  description: string;
  /** Which verdicts the rule reports. */
  applies: (v: TypeVerdict, site: MemberSite) => boolean;
  message: (site: MemberSite, spelled: string, v: TypeVerdict, where: string) => string;
  /** The fix's title, when the verdict has a replacement; none for a change of meaning. */
  fixTitle?: (spelled: string, v: TypeVerdict) => string;
  /** A fix of its own, for a change the replacement table cannot express. */
  fix?: (model: DocumentModel, site: MemberSite) => Fix | undefined;
}

/** One rule over the members of the header's argument structs (each rule file states its own spec). */
export function memberRule(spec: MemberRuleSpec): import('./rule').Rule {
  return {
    id: spec.id,
    defaultSeverity: spec.defaultSeverity,
    description: spec.description,
    criteria: 'ioctl-design-rules',
    usesLayouts: true,
    check(model, report, options) {
      for (const site of carriedMembers(model)) {
        const { field, record } = site;
        if (field.macroText !== undefined) continue;
        const { type, array } = elementType(field.type);
        const v = typeVerdict(type);
        if (!v || !spec.applies(v, site)) continue;
        const spelled =
          field.typeStart !== undefined && field.typeEnd !== undefined
            ? model.file.text.slice(field.typeStart, field.typeEnd) + (type.kind === 'pointer' ? ' *' : '')
            : v.category;
        const where = `${record.tag ? `${record.kind} ${record.tag}` : `an anonymous ${record.kind}`}${field.name ? `, member ${field.name}` : ''}`;
        const fixTitle = spec.fixTitle && v.replacement && !(array && type.kind === 'pointer') ? spec.fixTitle(spelled, v) : undefined;
        report({
          range: memberRange(model, field),
          message: spec.message(site, spelled, v, where),
          ioctls: site.ioctls,
          severity: severityFor(site.ioctls, model, options),
          pages: ['ioctl-design-rules'],
          fixes: spec.fix
            ? () => [spec.fix!(model, site)].filter((f) => f !== undefined)
            : fixTitle
              ? () => [replaceTypeFix(model, field, v.replacement!, fixTitle)].filter((f) => f !== undefined)
              : undefined,
        });
      }
    },
  };
}

const MEMBER_LINE_REACH = 400;

const docsByModel = new WeakMap<DocumentModel, Map<RecordDecl, Map<string, string>>>();

/** The `@name:` paragraphs of a record's kernel-doc comment, read once per record and model. */
function memberDocs(model: DocumentModel, record: RecordDecl): Map<string, string> {
  let docsByRecord = docsByModel.get(model);
  if (!docsByRecord) docsByModel.set(model, (docsByRecord = new Map()));
  let docs = docsByRecord.get(record);
  if (!docs) {
    docs = new Map();
    const doc = kernelDocAbove(model.file.text, record.start);
    if (doc) {
      const heads = [...doc.matchAll(/^@(\w+):/gm)];
      heads.forEach((m, i) => {
        const name = m[1];
        if (!docs!.has(name)) docs!.set(name, doc.slice(m.index! + m[0].length, heads[i + 1]?.index ?? doc.length));
      });
    }
    docsByRecord.set(record, docs);
  }
  return docs;
}

/**
 * What the header says about a member: its `@name:` line in the struct's kernel-doc comment,
 * and a comment on the member's own line (`__u32 pad; /* must be zero *\/`).
 */
export function memberDoc(model: DocumentModel, record: RecordDecl, field: FieldDecl): string {
  const text = model.file.text;
  const parts: string[] = [];
  const described = field.name ? memberDocs(model, record).get(field.name) : undefined;
  if (described !== undefined) parts.push(described);
  // the member's own line, as far as a comment about it reaches: a struct written on one
  // megabyte-long line must not cost a megabyte per member
  const after = text.slice(field.end, field.end + MEMBER_LINE_REACH);
  const lineEnd = after.indexOf('\n');
  const rest = lineEnd < 0 ? after : after.slice(0, lineEnd);
  const reachStart = Math.max(0, field.start - MEMBER_LINE_REACH);
  const lineStart = reachStart + text.slice(reachStart, field.start).lastIndexOf('\n') + 1;
  parts.push(rest, text.slice(lineStart, field.start));
  // a comment on the line(s) just above the member
  const above = commentEndingAt(text, lineStart, 400);
  if (above !== undefined) parts.push(above);
  return parts.join('\n');
}


/**
 * The text inside the C comment that ends right before `end` (only white space between), if it
 * starts within `window` characters before `end`; undefined when there is none. The comment is
 * the one that ends there: it opens at the first `/*` after the previous `*\/`.
 */
export function commentEndingAt(text: string, end: number, window: number): string | undefined {
  // everything is looked for within the window: a megabyte-long line costs no more than a short one
  const from = Math.max(0, end - window);
  let close = end;
  while (close > from && /\s/.test(text[close - 1])) close--;
  if (close - from < 4 || text[close - 1] !== '/' || text[close - 2] !== '*') return undefined;
  // no other '*\/' may start inside the comment, so it opens after the last one before
  const previous = text.slice(from, close - 1).lastIndexOf('*/', close - 3 - from);
  const open = text.indexOf('/*', previous === -1 ? from : Math.max(from, from + previous - 1));
  // the opening '/*' cannot share the closing '*\/'s star
  if (open === -1 || open > close - 4) return undefined;
  return text.slice(open + 2, close - 2);
}
