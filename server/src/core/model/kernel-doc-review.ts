import type { Declarations, EnumDecl, FieldDecl, RecordDecl, TypeExpr } from './declarations';
import {
  commentAbove,
  declaredName,
  kernelDocScan,
  type KernelDocBlock,
  type KernelDocKind,
  type KernelDocScan,
} from '../parse/kernel-doc';

/**
 * What scripts/kernel-doc (Linux 6.12) makes of a header's declarations: which kernel-doc
 * comment documents each struct, union, enum and macro, the names it gives their members, and
 * what it would warn about with `-none -Wall` (a member not described, a description of no
 * member, a comment for another name, no short description). Members are named from the
 * declarations as parsed, the way kernel-doc names them from the text: a named nested struct's
 * members as `outer.inner`, an anonymous struct's or union's as if they were the outer's own,
 * `struct_group()` members as the struct's own, `__DECLARE_FLEX_ARRAY(T, name)` as `name`, an
 * array or a function pointer by its name; what a `/* private: *\/` comment starts (up to a
 * `/* public: *\/` one) is left out.
 */

/** What the scan needs of a file: its text (one version of it) and its declarations. */
export interface KernelDocFile {
  text: string;
  declarations: Declarations;
}

/** A member as kernel-doc names it. */
export interface DocMember {
  /** `a`, `outer.inner`, `flex`. */
  name: string;
  /**
   * kernel-doc warns when it has no description: every member but those of a named nested
   * struct or union (`outer.inner`), which it lets go undescribed.
   */
  required: boolean;
  /** Offset of its declaration (for a struct or union member). */
  start?: number;
}

/** Why a declaration has no kernel-doc documentation, for one that has none. */
export type Unread =
  /** No comment above it. */
  | { kind: 'none' }
  /** A plain `/* *\/` comment above it. */
  | { kind: 'plain'; start: number }
  /** A `/**` comment kernel-doc never looks at: `/**` is not alone at the start of its line. */
  | { kind: 'misplaced'; start: number }
  /** A kernel-doc comment whose first line kernel-doc does not understand. */
  | { kind: 'unreadable'; block: KernelDocBlock }
  /** A `/**` comment kernel-doc took for an inline comment of an earlier comment's declaration. */
  | { kind: 'swallowed'; start: number; by: KernelDocBlock }
  /** A kernel-doc comment above it whose declaration, for kernel-doc, ends before this one starts. */
  | { kind: 'cut'; block: KernelDocBlock };

/** A declaration's kernel-doc documentation as kernel-doc checks it. */
export interface DeclDoc {
  /** kernel-doc's name for it: a struct's tag (or typedef name), an enum's tag, a macro's name. */
  name: string | null;
  /** The comment kernel-doc reads as its documentation, if any. */
  block: KernelDocBlock | null;
  /** When there is none: what is above it instead. */
  unread: Unread | null;
  /**
   * The comment is for another name, or another kind of declaration: kernel-doc then checks
   * nothing of its members ("expecting prototype for struct x. Prototype was for struct y instead").
   */
  mismatch: { kind: KernelDocKind; name: string } | null;
  /** The identifier line has no short description ("missing initial short description", -Wall). */
  noSummary: boolean;
  /** Every member as kernel-doc names it, in order. */
  members: DocMember[];
  /** Members kernel-doc warns have no description. */
  undescribed: string[];
  /** Described names that are no member ("Excess struct member"). */
  excess: string[];
  /** Members (required or not) with a description. */
  described: string[];
  /** Rows of `/**` comments inside the declaration that do not start with `@member:`. */
  inlineErrors: number[];
}

interface Associations {
  scan: KernelDocScan;
  /** Records that are the type of a member of another record (defined inline): documented through it. */
  nested: Set<RecordDecl>;
  /** Enums defined as the type of a member. */
  nestedEnums: Set<EnumDecl>;
  /** The block kernel-doc reads each top-level record or enum with. */
  byDecl: Map<RecordDecl | EnumDecl, KernelDocBlock>;
  /** Blocks by the row kernel-doc's declaration for them ends on (a macro's `#define`). */
  byEndRow: Map<number, KernelDocBlock>;
  /** The typedef name of an anonymous record (`typedef struct { ... } foo_t;`). */
  typedefName: Map<RecordDecl, string>;
}

const associations = new WeakMap<KernelDocFile, Associations>();

function unwrap(t: TypeExpr): TypeExpr {
  for (let depth = 0; (t.kind === 'array' || t.kind === 'pointer') && depth < 512; depth++) t = t.kind === 'array' ? t.of : t.to;
  return t;
}

/** The scan of the file's kernel-doc comments and their declarations, made once per file version. */
function associate(file: KernelDocFile): Associations {
  let a = associations.get(file);
  if (a) return a;
  const scan = kernelDocScan(file);
  const decls = file.declarations;
  const nested = new Set<RecordDecl>();
  for (const r of decls.records) {
    for (const f of r.fields ?? []) {
      const t = unwrap(f.type);
      if (t.kind === 'record') nested.add(t.record);
    }
  }
  const nestedEnums = new Set<EnumDecl>();
  for (const r of decls.records) {
    for (const f of r.fields ?? []) {
      const t = unwrap(f.type);
      if (t.kind === 'enum') nestedEnums.add(t.decl);
    }
  }
  const typedefName = new Map<RecordDecl, string>();
  for (const t of decls.typedefs) {
    if (t.type.kind === 'record' && !typedefName.has(t.type.record)) typedefName.set(t.type.record, t.name);
  }
  const top: Array<RecordDecl | EnumDecl> = [
    ...decls.records.filter((r) => !nested.has(r)),
    ...decls.enums.filter((e) => !nestedEnums.has(e)),
  ].sort((x, y) => x.start - y.start);
  const byDecl = new Map<RecordDecl | EnumDecl, KernelDocBlock>();
  const byEndRow = new Map<number, KernelDocBlock>();
  for (const b of scan.blocks) {
    if (!b.proto) continue;
    byEndRow.set(b.proto.line, b);
    if (!b.identifier.ok || b.identifier.id.kind === 'function') continue;
    // the first declaration that starts inside what kernel-doc reads after the comment
    let lo = 0;
    let hi = top.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (top[mid].start < b.proto.start) lo = mid + 1;
      else hi = mid;
    }
    const d = top[lo];
    if (d && d.start <= b.proto.end && !byDecl.has(d)) byDecl.set(d, b);
  }
  a = { scan, nested, nestedEnums, byDecl, byEndRow, typedefName };
  associations.set(file, a);
  return a;
}

/** Whether a record is defined inside another one (documented through it, as `outer.name`). */
export function isNestedRecord(file: KernelDocFile, record: RecordDecl): boolean {
  return associate(file).nested.has(record);
}

/** Whether an enum is defined as the type of a struct member (not documented on its own). */
export function isNestedEnum(file: KernelDocFile, decl: EnumDecl): boolean {
  return associate(file).nestedEnums.has(decl);
}

/** kernel-doc's name for a record: its tag, or the name a typedef gives an anonymous one. */
export function recordDocName(file: KernelDocFile, record: RecordDecl): string | null {
  return record.tag ?? associate(file).typedefName.get(record) ?? null;
}

/** What is right above a declaration (at `start`) that has no kernel-doc comment of its own. */
function unreadAbove(file: KernelDocFile, a: Associations, start: number): Unread {
  const c = commentAbove(file, start);
  if (!c) return { kind: 'none' };
  if (!c.doc) return { kind: 'plain', start: c.start };
  const block = a.scan.byStart.get(c.start);
  if (block) return block.identifier.ok ? { kind: 'cut', block } : { kind: 'unreadable', block };
  const by = a.scan.inlineAt.get(c.start);
  if (by) return { kind: 'swallowed', start: c.start, by };
  return { kind: 'misplaced', start: c.start };
}

/**
 * A kernel-doc comment right above a declaration that is for another kind of declaration (a
 * macro's or a function's above a struct): kernel-doc reads it, and fails to ("cannot understand
 * function prototype").
 */
function otherKindAbove(file: KernelDocFile, a: Associations, start: number, kinds: KernelDocKind[]): KernelDocBlock | undefined {
  const c = commentAbove(file, start);
  const block = c ? a.scan.byStart.get(c.start) : undefined;
  return block && block.identifier.ok && !kinds.includes(block.identifier.id.kind) ? block : undefined;
}

/** The `[start, end)` ranges of a record's text that `/* private: *\/` (up to a `/* public: *\/` comment) hides. */
function privateRanges(text: string, record: RecordDecl): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const body = text.slice(record.start, record.end);
  if (!/private:/i.test(body)) return out;
  const priv = /\/\*\s*private:/gi;
  const pub = /\/\*\s*public:[\s\S]*?\*\//gi;
  for (let m = priv.exec(body); m; m = priv.exec(body)) {
    pub.lastIndex = m.index + m[0].length;
    const p = pub.exec(body);
    if (!p) {
      out.push([record.start + m.index, record.end]);
      break;
    }
    out.push([record.start + m.index, record.start + p.index + p[0].length]);
    priv.lastIndex = p.index + p[0].length;
  }
  return out;
}

const MAX_MEMBERS = 100_000;

/** The members of a record as kernel-doc names them (and the names it takes for members: `struct`, `union` of anonymous ones). */
export function kernelDocMembers(text: string, record: RecordDecl): { members: DocMember[]; actual: Set<string> } {
  const hidden = privateRanges(text, record);
  const isHidden = (at: number) => hidden.some(([s, e]) => at >= s && at < e);
  const members: DocMember[] = [];
  const actual = new Set<string>();
  const add = (name: string, start: number) => {
    if (members.length >= MAX_MEMBERS) return;
    members.push({ name, required: !name.includes('.'), start });
    actual.add(name);
  };
  // iterative: records nest up to the declarations' own bound, each level a prefix longer
  const pending: Array<{ fields: FieldDecl[]; i: number; prefix: string }> = [{ fields: record.fields ?? [], i: 0, prefix: '' }];
  while (pending.length) {
    const top = pending[pending.length - 1];
    const f = top.fields[top.i++];
    if (!f) {
      pending.pop();
      continue;
    }
    if (isHidden(f.start)) continue;
    if (f.macroText !== undefined) {
      for (const n of macroMembers(f.macroText)) add(top.prefix + n, f.start);
      continue;
    }
    const t = unwrap(f.type);
    if (f.name === null) {
      // an anonymous struct or union: its members are the outer one's (an unnamed bitfield is nothing)
      if (t.kind === 'record') {
        actual.add(t.record.kind);
        pending.push({ fields: t.record.fields ?? [], i: 0, prefix: top.prefix });
      }
      continue;
    }
    const name = top.prefix + f.name;
    add(name, f.start);
    if (t.kind === 'record') pending.push({ fields: t.record.fields ?? [], i: 0, prefix: `${name}.` });
  }
  return { members, actual };
}

// --- members written by macros, read as kernel-doc reads them ------------------------------------

/** Perl's split: trailing empty fields dropped. */
function perlSplit(s: string, sep: RegExp | string): string[] {
  if (s === '') return [];
  const parts = s.split(sep);
  while (parts.length && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** The text inside `STRUCT_GROUP(...)` up to its `;`, unwrapped (kernel-doc's recursive pattern). */
function unwrapGroups(s: string): string {
  for (let guard = 0; guard < 1000; guard++) {
    const at = s.search(/\bSTRUCT_GROUP\(/);
    if (at < 0) break;
    const open = s.indexOf('(', at);
    let depth = 0;
    let close = -1;
    for (let i = open; i < s.length; i++) {
      if (s[i] === '(') depth++;
      else if (s[i] === ')' && --depth === 0) {
        close = i;
        break;
      }
    }
    if (close < 0) break;
    const semi = s.indexOf(';', close);
    if (semi < 0) break;
    s = s.slice(0, at) + s.slice(open + 1, close) + s.slice(semi + 1);
  }
  return s;
}

/** kernel-doc's rewriting of the member macros it knows (dump_struct), then its reading of the declarations. */
export function macroMembers(macroText: string): string[] {
  let m = macroText.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\s+/g, ' ');
  if (m.length > 65536) return [];
  m = m.replace(/\bstruct_group\s*\(([^,]*,)/g, 'STRUCT_GROUP(');
  m = m.replace(/\bstruct_group_attr\s*\(([^,]*,){2}/g, 'STRUCT_GROUP(');
  m = m.replace(/\bstruct_group_tagged\s*\(([^,]*),([^,]*),/g, 'struct $1 $2; STRUCT_GROUP(');
  m = m.replace(/\b__struct_group\s*\(([^,]*,){3}/g, 'STRUCT_GROUP(');
  m = unwrapGroups(m);
  const args = '([^,)]+)';
  m = m.replace(/__ETHTOOL_DECLARE_LINK_MODE_MASK\s*\(([^)]+)\)/g, 'DECLARE_BITMAP($1, __ETHTOOL_LINK_MODE_MASK_NBITS)');
  m = m.replace(/DECLARE_PHY_INTERFACE_MASK\s*\(([^)]+)\)/g, 'DECLARE_BITMAP($1, PHY_INTERFACE_MODE_MAX)');
  m = m.replace(new RegExp(`DECLARE_BITMAP\\s*\\(${args},\\s*${args}\\)`, 'g'), 'unsigned long $1[BITS_TO_LONGS($2)]');
  m = m.replace(new RegExp(`DECLARE_HASHTABLE\\s*\\(${args},\\s*${args}\\)`, 'g'), 'unsigned long $1[1 << (($2) - 1)]');
  m = m.replace(new RegExp(`DECLARE_KFIFO\\s*\\(${args},\\s*${args},\\s*${args}\\)`, 'g'), '$2 *$1');
  m = m.replace(new RegExp(`DECLARE_KFIFO_PTR\\s*\\(${args},\\s*${args}\\)`, 'g'), '$2 *$1');
  m = m.replace(new RegExp(`(?:__)?DECLARE_FLEX_ARRAY\\s*\\(${args},\\s*${args}\\)`, 'g'), '$1 $2[]');
  m = m.replace(new RegExp(`DEFINE_DMA_UNMAP_ADDR\\s*\\(${args}\\)`, 'g'), 'dma_addr_t $1');
  m = m.replace(new RegExp(`DEFINE_DMA_UNMAP_LEN\\s*\\(${args}\\)`, 'g'), '__u32 $1');
  return parameterNames(splitNested(m));
}

/** kernel-doc's flattening of nested struct and union definitions (innermost first) into `type outer.name;` declarations. */
function splitNested(members: string): string {
  const re = /(struct|union)([^{};]+)\{([^{}]*)\}([^{};]*);/;
  for (let guard = 0, m = re.exec(members); m && guard < 256; guard++, m = re.exec(members)) {
    const [, maintype, , content, ids] = m;
    let out = '';
    for (let id of perlSplit(ids, ',')) {
      out += `${maintype} ${id}; `;
      id = id.replace(/[:[].*/, '').replace(/^\s*\**(\S+)\s*/, '$1');
      const anonymous = /^\s*$/.test(id);
      for (const arg0 of perlSplit(content, ';')) {
        if (/^\s*$/.test(arg0)) continue;
        const fp = /^([^(]+\(\*?\s*)([\w.]*)(\s*\).*)/.exec(arg0);
        if (fp) {
          if (!fp[2]) continue;
          out += anonymous ? `${fp[1]}${fp[2]}${fp[3]}; ` : `${fp[1]}${id}.${fp[2]}${fp[3]}; `;
          continue;
        }
        const arg = arg0.trim().replace(/:\s*\d+\s*/g, '').replace(/\[.*\]/g, '').replace(/\s*,\s*/g, ',');
        const tn = /(.*)\s+([\S+,]+)/.exec(arg);
        if (!tn) {
          out += `${arg}; `;
          continue;
        }
        for (let name of perlSplit(tn[2], ',')) {
          name = name.replace(/^\s*\**(\S+)\s*/, '$1');
          if (/^\s*$/.test(name)) continue;
          out += anonymous ? `${tn[1]} ${name}; ` : `${tn[1]} ${id}.${name}; `;
        }
      }
    }
    members = members.slice(0, m.index) + out + members.slice(m.index + m[0].length);
  }
  return members.replace(/\{[^{}]*\}/g, '');
}

/** kernel-doc's create_parameterlist over `;`-separated member declarations: the member names. */
function parameterNames(decls: string): string[] {
  const names: string[] = [];
  for (let guard = 0; /\([^),]+,/.test(decls) && guard < 256; guard++) decls = decls.replace(/(\([^),]+),/g, '$1#');
  for (let arg of perlSplit(decls, ';')) {
    arg = arg.replace(/\/\*.*\*\//, '').replace(/\sPOS0?\s/, ' ').trim().replace(/\s+/, ' ');
    if (arg === '' || arg.startsWith('#')) continue;
    let params: string[];
    if (/\(.+\)\s*\(/.test(arg)) {
      params = [/[^(]+\(\*?\s*([\w[\].]*)\s*\)/.exec(arg.replace(/#/g, ','))?.[1] ?? ''];
    } else if (/\(.+\)\s*\[/.test(arg)) {
      params = [/[^(]+\(\s*\*\s*([\w[\].]*?)\s*(\s*\[\s*\w+\s*\]\s*)*\)/.exec(arg.replace(/#/g, ','))?.[1] ?? ''];
    } else {
      arg = arg.replace(/\s*:\s*/g, ':').replace(/\s*\[/g, '[');
      const args = arg.split(/\s*,\s*/);
      if (args[0].includes('*')) args[0] = args[0].replace(/(\*+)\s*/, ' $1');
      let first: string[];
      const arr = /^(.*\s+)(.*?\[.*\].*)$/.exec(args[0]);
      if (arr) {
        args.shift();
        first = [...perlSplit(arr[1], /\s+/), arr[2]];
      } else {
        first = perlSplit(args.shift()!, /\s+/);
      }
      args.unshift(first.pop() ?? '');
      const type = first.join(' ');
      params = [];
      for (const p of args) {
        const ptr = /^(\*+)\s*(.*)/.exec(p);
        const bits = /(.*?):(\w+)/.exec(p);
        if (ptr) params.push(ptr[2]);
        else if (bits) {
          if (type !== '') params.push(bits[1]);
        } else params.push(p);
      }
    }
    for (let p of params) {
      p = p.replace(/[[)].*/, '');
      if (p === '' || p === 'void' || p === 'struct' || p === 'union' || p.includes('__cacheline_group')) continue;
      names.push(p);
    }
  }
  return names;
}

// --- the checks -----------------------------------------------------------------------------------

function emptyDoc(name: string | null): DeclDoc {
  return { name, block: null, unread: null, mismatch: null, noSummary: false, members: [], undescribed: [], excess: [], described: [], inlineErrors: [] };
}

/** The names a block describes, as kernel-doc records them (main comment and inline), in order. */
function describedNames(block: KernelDocBlock): string[] {
  return [...block.sections, ...block.inline].filter((s) => s.described).map((s) => s.name);
}

/** A struct or union's kernel-doc documentation, as kernel-doc checks it. */
export function recordDoc(file: KernelDocFile, record: RecordDecl): DeclDoc {
  const a = associate(file);
  const name = recordDocName(file, record);
  const doc = emptyDoc(name);
  const { members, actual } = kernelDocMembers(file.text, record);
  doc.members = members;
  const block = a.byDecl.get(record) ?? otherKindAbove(file, a, record.start, ['struct', 'union']);
  if (!block || !block.identifier.ok) {
    doc.unread = unreadAbove(file, a, record.start);
    doc.undescribed = members.filter((m) => m.required).map((m) => m.name);
    return doc;
  }
  doc.block = block;
  const id = block.identifier.id;
  doc.noSummary = id.summary === '';
  if ((id.kind !== 'struct' && id.kind !== 'union') || id.name !== name || name === null) {
    doc.mismatch = { kind: id.kind, name: id.name };
    doc.undescribed = members.filter((m) => m.required).map((m) => m.name);
    return doc;
  }
  doc.inlineErrors = block.inlineErrors.map((e) => e.line);
  const described = describedNames(block);
  const have = new Set(described);
  doc.described = members.filter((m) => have.has(m.name)).map((m) => m.name);
  doc.undescribed = members.filter((m) => m.required && !have.has(m.name)).map((m) => m.name);
  doc.excess = [...new Set(described.filter((n) => !actual.has(n)))];
  return doc;
}

/** kernel-doc's reading of an enum's constants from the declaration it collected (dump_enum). */
function enumConstants(protoText: string): { name: string; constants: string[] } | null {
  let x = protoText;
  x = x.replace(/\/\*\s*private:[\s\S]*?\/\*\s*public:[\s\S]*?\*\//gi, '');
  x = x.replace(/\/\*\s*private:[\s\S]*\}/gi, '}');
  x = x.replace(/\/\*[\s\S]*?\*\//g, '');
  x = x.replace(/#\s*((define|ifdef|if)\s+|endif)[^;]*;/g, '');
  let name: string;
  let members: string;
  const td = /typedef\s+enum\s*\{(.*)\}\s*(\w*)\s*;/s.exec(x);
  const plain = td ? null : /enum\s+(\w*)\s*\{(.*)\}/s.exec(x);
  if (td) {
    name = td[2];
    members = td[1];
  } else if (plain) {
    name = plain[1];
    members = plain[2];
  } else return null;
  if (!members) return null;
  members = members.replace(/\s+$/, '').replace(/\([^;]*?[)]/g, '');
  return { name, constants: perlSplit(members, ',').map((arg) => arg.replace(/^\s*(\w+)[\s\S]*/, '$1')) };
}

/** An enum's kernel-doc documentation, as kernel-doc checks it. */
export function enumDoc(file: KernelDocFile, decl: EnumDecl): DeclDoc {
  const a = associate(file);
  const doc = emptyDoc(decl.tag);
  const block = a.byDecl.get(decl) ?? otherKindAbove(file, a, decl.start, ['enum']);
  const parsed = block?.proto ? enumConstants(block.proto.text) : null;
  const constants = parsed?.constants ?? decl.enumerators;
  doc.members = constants.map((c) => ({ name: c, required: true }));
  if (!block || !block.identifier.ok) {
    doc.unread = unreadAbove(file, a, decl.start);
    doc.undescribed = [...constants];
    return doc;
  }
  doc.block = block;
  const id = block.identifier.id;
  doc.noSummary = id.summary === '';
  if (id.kind !== 'enum' || !parsed || id.name !== parsed.name) {
    doc.mismatch = { kind: id.kind, name: id.name };
    doc.undescribed = [...constants];
    return doc;
  }
  doc.name = parsed.name || decl.tag;
  // an enum constant counts as described only with a description that is not empty (or "0")
  const texts = new Map<string, string>();
  for (const s of [...block.sections, ...block.inline]) if (s.described) texts.set(s.name, s.text === '' ? '\n' : s.text);
  const have = new Set([...texts].filter(([, t]) => t !== '' && t !== '0').map(([n]) => n));
  doc.described = constants.filter((c) => have.has(c));
  doc.undescribed = constants.filter((c) => !have.has(c));
  const all = new Set(constants);
  doc.excess = [...texts.keys()].filter((n) => !all.has(n));
  return doc;
}

/** An object-like macro's kernel-doc documentation (`/** FOO - summary`), for the `#define` on `row`. */
export function macroDoc(file: KernelDocFile, name: string, row: number, start: number): DeclDoc {
  const a = associate(file);
  const doc = emptyDoc(name);
  const block = a.byEndRow.get(row);
  if (!block || !block.identifier.ok) {
    doc.unread = unreadAbove(file, a, start);
    return doc;
  }
  doc.block = block;
  const id = block.identifier.id;
  doc.noSummary = id.summary === '';
  const declared = id.kind === 'function' && block.proto ? declaredName(block.proto.text) : null;
  if (id.kind !== 'function' || !declared || declared.name !== name || id.name !== name) {
    doc.mismatch = { kind: id.kind, name: id.name };
    return doc;
  }
  // an object-like macro has no parameters: every @name: is in excess
  doc.excess = [...new Set(describedNames(block))];
  return doc;
}

/** The enum defined in the file with this tag, if any. */
export function enumNamed(file: KernelDocFile, tag: string): EnumDecl | undefined {
  return file.declarations.enums.find((e) => e.tag === tag);
}

/**
 * Every struct and union of the file that kernel-doc reads a `struct`/`union` comment for, with
 * what it would say: the set a differential test compares with scripts/kernel-doc's warnings.
 */
export function documentedRecords(file: KernelDocFile): Array<{ record: RecordDecl; doc: DeclDoc }> {
  const a = associate(file);
  const out: Array<{ record: RecordDecl; doc: DeclDoc }> = [];
  for (const [decl, block] of a.byDecl) {
    if (!('kind' in decl) || decl.fields === null || !block.identifier.ok) continue;
    const kind = block.identifier.id.kind;
    if (kind !== 'struct' && kind !== 'union') continue;
    out.push({ record: decl, doc: recordDoc(file, decl) });
  }
  return out.sort((x, y) => x.record.start - y.record.start);
}

/** Every enum of the file that kernel-doc reads an `enum` comment for, with what it would say. */
export function documentedEnums(file: KernelDocFile): Array<{ decl: EnumDecl; doc: DeclDoc }> {
  const a = associate(file);
  const out: Array<{ decl: EnumDecl; doc: DeclDoc }> = [];
  for (const [decl, block] of a.byDecl) {
    if ('kind' in decl || !block.identifier.ok || block.identifier.id.kind !== 'enum') continue;
    out.push({ decl, doc: enumDoc(file, decl) });
  }
  return out.sort((x, y) => x.decl.start - y.decl.start);
}
