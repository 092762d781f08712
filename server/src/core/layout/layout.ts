import type { Abi, SizeAlign } from '../abi/abis';
import type { Attributes, FieldDecl, RecordDecl, TypeExpr, TypedefDecl } from '../model/declarations';
import type { DeclarationIndex } from '../model/declaration-index';
import type { EvalResult } from '../preprocess/evaluate';
import type { Token } from '../preprocess/tokens';
import { FALLBACK_TYPEDEFS } from '../../knowledge/fallback-typedefs';
import { collectDeclarations, MAX_DECLARATOR_NESTING, MAX_RECORD_NESTING, readAttributeList } from '../model/declarations';
import { parseC } from '../parse/parser';
import { tokenize, tokensToText } from '../preprocess/tokens';

/**
 * Struct, union and type layout for one ABI, as GCC lays them out for that target: natural
 * alignment from the ABI's table, `packed` and `aligned(n)` on members, records and typedefs,
 * flexible arrays, and bitfields placed by GCC's rule for PCC_BITFIELD_TYPE_MATTERS targets
 * (a bitfield may not span more alignment units of its type than the type itself has).
 * Anything that cannot be computed exactly comes back with the reason.
 */

export type Result<T> = { ok: true; value: T } | { ok: false; reason: string };

export interface TypeLayout {
  size: number;
  align: number;
  /** The type as C spells it, for tables (`__u64`, `struct foo`, `char[16]`). */
  name: string;
  /** A bitfield-capable integer type. */
  integer: boolean;
  record?: RecordLayout;
  /** An array without a length (only valid last in a struct). */
  flexible?: boolean;
  /** Where a typedef came from, when it was resolved from a header. */
  typedefFile?: string;
}

export interface MemberLayout {
  /** The member's name; null for an anonymous struct/union or an unnamed bitfield. */
  name: string | null;
  typeName: string;
  /** Byte offset from the start of the outermost record being shown. */
  offset: number;
  size: number;
  /** For bitfields: first bit (from the start of the byte at `offset`) and width. */
  bitOffset?: number;
  bitWidth?: number;
  field: FieldDecl;
  /** The members of an anonymous struct/union member, laid out in place. */
  nested?: RecordLayout;
}

export interface Hole {
  /** Byte offset where the hole starts, and its size. */
  offset: number;
  size: number;
  /** The member after which the compiler inserted it. */
  after: string | null;
}

export interface RecordLayout {
  record: RecordDecl;
  size: number;
  align: number;
  members: MemberLayout[];
  holes: Hole[];
  tailPadding: number;
}

/** Evaluates integer expressions (array lengths, widths, alignments) with `sizeof` support. */
export type ConstantEvaluator = (tokens: Token[], sizeOf: (typeName: Token[]) => EvalResult) => EvalResult;

const ok = <T>(value: T): Result<T> => ({ ok: true, value });
const fail = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });

function alignUp(n: number, a: number): number {
  return Math.ceil(n / a) * a;
}

function recordName(r: RecordDecl): string {
  return r.tag ? `${r.kind} ${r.tag}` : `(anonymous ${r.kind})`;
}

export class LayoutEngine {
  private readonly records = new Map<RecordDecl, Result<RecordLayout>>();
  private readonly typedefs = new Map<string, Result<TypeLayout>>();
  private readonly inProgress = new Set<RecordDecl | string>();

  constructor(
    readonly abi: Abi,
    private readonly index: DeclarationIndex,
    private readonly evaluate: ConstantEvaluator,
    /** A typedef whose layout cannot be trusted on this ABI (from another arch's headers): the reason. */
    private readonly distrust: (decl: TypedefDecl) => string | undefined = () => undefined,
    /** Macro expansion in this unit, for types and members that macros write. */
    private readonly expand: (tokens: Token[]) => Token[] | undefined = () => undefined,
    private readonly isMacro: (name: string) => boolean = () => false,
  ) {}

  /** Member declarations a macro writes, expanded and parsed as a compiler would see them. */
  private expandMembers(field: FieldDecl): Result<FieldDecl[]> {
    const expanded = this.expand(tokenize(field.macroText!));
    if (!expanded) return fail(`cannot expand '${field.macroText}'`);
    const text = `struct __uapi_lint_members { ${tokensToText(expanded)} };`;
    const tree = parseC(text);
    try {
      const decls = collectDeclarations(tree, text, '', []);
      const holder = decls.records.find((r) => r.tag === '__uapi_lint_members');
      if (!holder?.fields || tree.rootNode.hasError) return fail(`'${field.macroText}' does not expand to member declarations`);
      // the members stand where the macro was written
      return ok(holder.fields.map((f) => ({ ...f, nameStart: field.nameStart, nameEnd: field.nameEnd, start: field.start, end: field.end })));
    } finally {
      tree.delete();
    }
  }

  /** `sizeof` of a type name given as tokens (`struct foo`, `__u32`, `char *`). */
  sizeOfTokens = (typeName: Token[]): EvalResult => {
    const t = parseTypeName(typeName);
    if (!t) return { ok: false, reason: `cannot read the type name '${typeName.map((x) => x.text).join(' ')}'` };
    const l = this.type(t);
    if (!l.ok) return l;
    if (l.value.flexible) return { ok: false, reason: `sizeof of an array without a length` };
    return { ok: true, value: { value: BigInt(l.value.size), type: { bits: this.abi.model.longBits, signed: false } } };
  };

  /**
   * The largest object the ABI has (PTRDIFF_MAX, where GCC stops), and at most 2^50 bytes so
   * that sizes in bits stay exact in a double: arrays of arrays multiply quickly.
   */
  private get maxObjectBytes(): number {
    return Math.min(2 ** (this.abi.types.pointer[0] * 8 - 1) - 1, 2 ** 50);
  }

  private tooLarge(what: string, size: string): string {
    return `${what} is ${size}, more than the largest object on ${this.abi.title} (${this.maxObjectBytes} bytes)`;
  }

  private constant(tokens: Token[], what: string): Result<number> {
    const r = this.evaluate(tokens, this.sizeOfTokens);
    if (!r.ok) return fail(`${what}: ${r.reason}`);
    const v = r.value.value;
    if (v < 0n || v > 0x7fffffffn) return fail(`${what} is ${v}`);
    return ok(Number(v));
  }

  /** The alignment an `aligned` attribute asks for (`aligned` alone: the ABI's largest). */
  private alignment(aligned: Token[] | 'max', what: string): Result<number> {
    return aligned === 'max' ? ok(this.abi.biggestAlignment) : this.constant(aligned, `the alignment of ${what}`);
  }

  private base(words: string[]): Result<TypeLayout> {
    const t = this.abi.types;
    const w = words.filter((x) => !['signed', 'unsigned', 'const', 'volatile', '__signed__', '__const', '__volatile__', 'int'].includes(x));
    const isInt = words.includes('int') && w.length === 0;
    const key = isInt || (w.length === 0 && words.some((x) => x === 'signed' || x === 'unsigned' || x === '__signed__')) ? 'int' : w.join(' ');
    const int = (sa: SizeAlign): Result<TypeLayout> => ok({ size: sa[0], align: sa[1], name: words.join(' '), integer: true });
    const flt = (sa: SizeAlign): Result<TypeLayout> => ok({ size: sa[0], align: sa[1], name: words.join(' '), integer: false });
    switch (key) {
      case 'char':
        return int(t.char);
      case 'short':
        return int(t.short);
      case 'int':
        return int(t.int);
      case 'long':
        return int(t.long);
      case 'long long':
        return int(t.longLong);
      case '_Bool':
      case 'bool':
        return int(t.bool);
      case '__int128':
        return t.int128 ? int(t.int128) : fail(`__int128 does not exist on ${this.abi.title}`);
      case 'float':
        return flt(t.float);
      case 'double':
        return flt(t.double);
      case 'long double':
        return flt(t.longDouble);
      case 'void':
        return fail('void has no size');
    }
    // tree-sitter-c spells size_t, uint32_t, ... as primitive types: they are typedefs
    if (words.length === 1) return this.typedef(words[0]);
    return fail(`unknown basic type '${words.join(' ')}'`);
  }

  private applyTypedefAttrs(l: TypeLayout, attrs: Attributes, name: string): Result<TypeLayout> {
    if (!attrs.aligned) return ok({ ...l, name });
    // on a typedef, aligned() sets the alignment, smaller or larger (GCC's documented rule)
    const a = this.alignment(attrs.aligned, name);
    if (!a.ok) return a;
    return ok({ ...l, align: a.value, name });
  }

  private typedef(name: string): Result<TypeLayout> {
    const cached = this.typedefs.get(name);
    if (cached) return cached;
    let result: Result<TypeLayout>;
    const decl = this.index.typedefs.get(name);
    if (this.inProgress.has(name)) return fail(`typedef ${name} refers to itself`);
    if (this.inProgress.size > MAX_RECORD_NESTING) return fail(`types nest more than ${MAX_RECORD_NESTING} levels deep`);
    this.inProgress.add(name);
    try {
      if (decl) {
        const distrust = this.distrust(decl);
        if (distrust) {
          result = fail(distrust);
        } else {
          const l = this.type(decl.type);
          result = l.ok ? this.applyTypedefAttrs({ ...l.value, typedefFile: decl.file }, decl.attrs, name) : l;
        }
      } else if (this.isMacro(name)) {
        // a type name written with an object-like macro (`#define BYTE __u8`)
        const expanded = this.expand([{ kind: 'identifier', text: name, space: false, offset: -1 }]);
        const attrs: Attributes = {};
        const t = expanded ? parseTypeName(expanded, attrs) : null;
        const l = t ? this.type(t) : fail(`the macro ${name} does not expand to a type name`);
        // `#define __aligned_u64 __u64 __attribute__((aligned(8)))`: the attribute raises alignment
        result = l;
        if (l.ok && attrs.aligned) {
          const a = this.alignment(attrs.aligned, name);
          result = a.ok ? ok({ ...l.value, align: Math.max(l.value.align, a.value), name }) : a;
        }
      } else if (FALLBACK_TYPEDEFS[name]) {
        // no header defines it (a bare header without <linux/types.h>): the kernel's own definition
        const f = FALLBACK_TYPEDEFS[name];
        const l = this.base(f.words);
        result = l.ok ? this.applyTypedefAttrs(l.value, f.aligned ? { aligned: [{ kind: 'number', text: String(f.aligned), space: false, offset: -1 }] } : {}, name) : l;
      } else {
        result = fail(`type '${name}' is not defined`);
      }
    } finally {
      this.inProgress.delete(name);
    }
    this.typedefs.set(name, result);
    return result;
  }

  type(t: TypeExpr): Result<TypeLayout> {
    switch (t.kind) {
      case 'base':
        return this.base(t.words);
      case 'name':
        return this.typedef(t.name);
      case 'record': {
        const r = this.record(t.record);
        return r.ok ? ok({ size: r.value.size, align: r.value.align, name: recordName(t.record), integer: false, record: r.value }) : r;
      }
      case 'tag': {
        if (t.tagKind === 'enum') {
          const e = this.index.enums.get(t.tag);
          if (!e) return fail(`enum ${t.tag} is not defined`);
          return this.enumLayout(e.attrs, `enum ${t.tag}`);
        }
        const rec = this.index.record(t.tagKind, t.tag);
        if (!rec || rec.fields === null) return fail(`${t.tagKind} ${t.tag} is ${rec ? 'declared but never defined' : 'not defined'}`);
        return this.type({ kind: 'record', record: rec });
      }
      case 'enum':
        return this.enumLayout(t.decl.attrs, t.decl.tag ? `enum ${t.decl.tag}` : 'enum');
      case 'pointer':
        return ok({ size: this.abi.types.pointer[0], align: this.abi.types.pointer[1], name: `${typeName(t.to)} *`, integer: false });
      case 'array': {
        const elem = this.type(t.of);
        if (!elem.ok) return elem;
        if (elem.value.flexible) return fail('an array of arrays without a length');
        if (t.length === null) {
          return ok({ size: 0, align: elem.value.align, name: `${elem.value.name}[]`, integer: false, flexible: true });
        }
        const n = this.constant(t.length, 'the array length');
        if (!n.ok) return n;
        const size = n.value * elem.value.size;
        if (size > this.maxObjectBytes) return fail(this.tooLarge(`${elem.value.name}[${n.value}]`, `${BigInt(n.value) * BigInt(elem.value.size)} bytes`));
        return ok({ size, align: elem.value.align, name: `${elem.value.name}[${n.value}]`, integer: false });
      }
      case 'function':
        return fail('a function type has no size');
      case 'unknown':
        return fail(`cannot lay out the type '${t.text}'`);
    }
  }

  private enumLayout(attrs: Attributes, name: string): Result<TypeLayout> {
    if (attrs.packed) return fail(`${name} is packed: its size depends on its values`);
    // C enums are int-sized with GCC unless a value does not fit (not seen in uAPI headers)
    return ok({ size: this.abi.types.int[0], align: this.abi.types.int[1], name, integer: true });
  }

  record(rec: RecordDecl): Result<RecordLayout> {
    const cached = this.records.get(rec);
    if (cached) return cached;
    if (this.inProgress.has(rec)) return fail(`${recordName(rec)} contains itself`);
    // each record in progress is one level of nesting (typedef chains are counted with them)
    if (this.inProgress.size > MAX_RECORD_NESTING) return fail(`types nest more than ${MAX_RECORD_NESTING} levels deep`);
    this.inProgress.add(rec);
    let result: Result<RecordLayout>;
    try {
      result = this.layOut(rec);
    } finally {
      this.inProgress.delete(rec);
    }
    this.records.set(rec, result);
    return result;
  }

  private layOut(rec: RecordDecl): Result<RecordLayout> {
    if (rec.fields === null) return fail(`${recordName(rec)} is declared but never defined`);
    const packed = rec.attrs.packed === true;
    const members: MemberLayout[] = [];
    const holes: Hole[] = [];
    let bitpos = 0; // next free bit (structs)
    let size = 0; // bytes used (unions: the largest member)
    let align = 1;
    let last: string | null = null;
    const isUnion = rec.kind === 'union';

    // members inside `#if` groups this unit skips are not part of the struct; members written
    // by a macro are expanded in place
    const fields: FieldDecl[] = [];
    for (const f of rec.fields) {
      if (!this.index.isActive(rec.file, f.start)) continue;
      if (f.macroText === undefined) {
        fields.push(f);
        continue;
      }
      const members = this.expandMembers(f);
      if (!members.ok) return fail(`${recordName(rec)}: ${members.reason}`);
      for (const m of members.value) fields.push(m);
    }
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i];
      const what = f.name ?? (f.bits ? 'an unnamed bitfield' : 'an anonymous member');
      const tl = this.type(f.type);
      // name the path to the failing member, but not without end for absurd nesting
      if (!tl.ok) return fail(tl.reason.length > 400 ? tl.reason : `${recordName(rec)}.${f.name ?? '(anonymous)'}: ${tl.reason}`);
      const t = tl.value;
      if (t.flexible && (i !== fields.length - 1 || isUnion)) {
        return fail(`${recordName(rec)}.${what}: an array without a length must be the last member of a struct`);
      }
      const fieldPacked = packed || f.attrs.packed === true;
      let fieldAlign = fieldPacked ? 1 : t.align;
      if (f.attrs.aligned) {
        const a = this.alignment(f.attrs.aligned, what);
        if (!a.ok) return fail(`${recordName(rec)}: ${a.reason}`);
        fieldAlign = Math.max(fieldAlign, a.value);
      }

      if (f.bits) {
        if (!t.integer) return fail(`${recordName(rec)}.${what}: a bitfield of type ${t.name}`);
        const w = this.constant(f.bits, `the width of ${what}`);
        if (!w.ok) return fail(`${recordName(rec)}: ${w.reason}`);
        const width = w.value;
        if (width > t.size * 8) return fail(`${recordName(rec)}.${what}: ${width} bits do not fit in ${t.name}`);
        const unitBits = t.align * 8;
        let start = isUnion ? 0 : bitpos;
        if (width === 0) {
          // an unnamed zero-width bitfield moves the next field to its type's alignment
          if (!fieldPacked) start = alignUp(start, unitBits);
          if (!isUnion) bitpos = start;
          continue;
        }
        if (!fieldPacked) {
          const spans = Math.floor(((start % unitBits) + width + unitBits - 1) / unitBits);
          if (spans > (t.size * 8) / unitBits) start = alignUp(start, unitBits);
          // named bitfields give the record their type's alignment; unnamed ones do not
          if (f.name !== null) align = Math.max(align, fieldAlign);
        }
        if (f.attrs.aligned) align = Math.max(align, fieldAlign);
        if (!isUnion && start > bitpos && start % 8 === 0 && bitpos % 8 === 0) {
          holes.push({ offset: bitpos / 8, size: (start - bitpos) / 8, after: last });
        }
        members.push({ name: f.name, typeName: t.name, offset: Math.floor(start / 8), size: t.size, bitOffset: start % 8, bitWidth: width, field: f });
        if (isUnion) size = Math.max(size, Math.ceil(width / 8));
        else bitpos = start + width;
        last = f.name;
        continue;
      }

      align = Math.max(align, fieldAlign);
      const offsetBits = isUnion ? 0 : alignUp(bitpos, fieldAlign * 8);
      if (!isUnion && offsetBits > bitpos) {
        const from = Math.ceil(bitpos / 8);
        if (offsetBits / 8 > from) holes.push({ offset: from, size: offsetBits / 8 - from, after: last });
      }
      members.push({ name: f.name, typeName: t.name, offset: offsetBits / 8, size: t.size, field: f, nested: f.name === null ? t.record : undefined });
      if (isUnion) size = Math.max(size, t.size);
      else bitpos = offsetBits + t.size * 8;
      last = f.name ?? last;
    }

    if (rec.attrs.aligned) {
      const a = this.alignment(rec.attrs.aligned, recordName(rec));
      if (!a.ok) return fail(a.reason);
      align = Math.max(align, a.value);
    }
    const dataEnd = isUnion ? size : Math.ceil(bitpos / 8);
    const total = alignUp(dataEnd, align);
    if (total > this.maxObjectBytes) return fail(this.tooLarge(recordName(rec), `about ${total} bytes`));
    return ok({ record: rec, size: total, align, members, holes, tailPadding: total - dataEnd });
  }
}

/** The C spelling of a type, for tables and messages. */
export function typeName(t: TypeExpr): string {
  switch (t.kind) {
    case 'base':
      return t.words.join(' ');
    case 'name':
      return t.name;
    case 'record':
      return recordName(t.record);
    case 'tag':
      return `${t.tagKind} ${t.tag}`;
    case 'enum':
      return t.decl.tag ? `enum ${t.decl.tag}` : 'enum';
    case 'pointer':
      return `${typeName(t.to)} *`;
    case 'array':
      return `${typeName(t.of)}[${t.length ? t.length.map((x) => x.text).join('') : ''}]`;
    case 'function':
      return 'function';
    case 'unknown':
      return t.text;
  }
}

const QUALIFIERS = new Set(['const', 'volatile', '__const', '__volatile__', 'restrict', '__restrict']);
const BASE_WORDS = new Set(['signed', 'unsigned', '__signed__', 'char', 'short', 'int', 'long', 'float', 'double', 'void', '_Bool', 'bool', '__int128']);

/** Take `__attribute__((...))` groups out of a token list, reading them into `attrs`. */
function takeAttributes(tokens: readonly Token[], attrs?: Attributes): Token[] {
  const rest: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.text !== '__attribute__' && t.text !== '__attribute') {
      rest.push(t);
      continue;
    }
    let depth = 0;
    let j = i + 1;
    for (; j < tokens.length; j++) {
      if (tokens[j].text === '(') depth++;
      else if (tokens[j].text === ')' && --depth === 0) break;
    }
    if (attrs) readAttributeList(tokens.slice(i + 3, j - 1), attrs); // between (( and ))
    i = j;
  }
  return rest;
}

/** A type name as tokens (the argument of sizeof or of `_IOR`) to a type expression. */
export function parseTypeName(tokens: readonly Token[], attrs?: Attributes): TypeExpr | null {
  const toks = takeAttributes(tokens, attrs).filter((t) => !QUALIFIERS.has(t.text));
  if (toks.length === 0) return null;
  let i = 0;
  let type: TypeExpr;
  const first = toks[0].text;
  if (first === 'struct' || first === 'union' || first === 'enum') {
    const tag = toks[1];
    if (!tag || tag.kind !== 'identifier') return null;
    type = { kind: 'tag', tagKind: first, tag: tag.text };
    i = 2;
  } else if (BASE_WORDS.has(first)) {
    const words: string[] = [];
    while (i < toks.length && BASE_WORDS.has(toks[i].text)) words.push(toks[i++].text);
    type = { kind: 'base', words };
  } else if (toks[0].kind === 'identifier') {
    type = { kind: 'name', name: first };
    i = 1;
  } else {
    return null;
  }
  // abstract declarator: pointers, then array suffixes
  let pointers = 0;
  while (i < toks.length && toks[i].text === '*') {
    type = { kind: 'pointer', to: type };
    pointers++;
    i++;
  }
  const dims: Array<Token[] | null> = [];
  while (i < toks.length && toks[i].text === '[') {
    let close = i + 1;
    while (close < toks.length && toks[close].text !== ']') close++;
    if (close === toks.length) return null;
    dims.push(close === i + 1 ? null : toks.slice(i + 1, close));
    i = close + 1;
  }
  for (let d = dims.length - 1; d >= 0; d--) type = { kind: 'array', of: type, length: dims[d] };
  if (i !== toks.length) return null;
  // everything that reads types recurses along them
  if (pointers + dims.length > MAX_DECLARATOR_NESTING) return { kind: 'unknown', text: `a declarator nested more than ${MAX_DECLARATOR_NESTING} levels deep` };
  return type;
}
