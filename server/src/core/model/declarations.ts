import type { Node, Tree } from 'web-tree-sitter';
import { tokenize, type Token } from '../preprocess/tokens';
import type { BlankedAnnotation } from '../parse/annotations';

/**
 * The type declarations of one header as written: structs and unions (named, anonymous,
 * nested), typedefs and enums, with their declarators and attributes. Sizes are not computed
 * here: they depend on the ABI and on macros, which the layout engine supplies.
 */

export type TypeExpr =
  /** A typedef name. */
  | { kind: 'name'; name: string }
  /** A basic type spelled with keywords: `unsigned long`, `char`, `_Bool`, `void`. */
  | { kind: 'base'; words: string[] }
  /** A struct or union defined right here (possibly anonymous). */
  | { kind: 'record'; record: RecordDecl }
  /** A struct, union or enum named by its tag (defined elsewhere, or not at all). */
  | { kind: 'tag'; tagKind: 'struct' | 'union' | 'enum'; tag: string }
  /** An enum defined right here. */
  | { kind: 'enum'; decl: EnumDecl }
  | { kind: 'pointer'; to: TypeExpr }
  /** `length` null: a flexible array member (`x[]`). */
  | { kind: 'array'; of: TypeExpr; length: Token[] | null }
  | { kind: 'function' }
  | { kind: 'unknown'; text: string };

export interface Attributes {
  packed?: boolean;
  /** `aligned(n)`: the tokens of n; `aligned` alone: the ABI's largest alignment. */
  aligned?: Token[] | 'max';
}

export interface FieldDecl {
  /** null for anonymous struct/union members and unnamed bitfields. */
  name: string | null;
  type: TypeExpr;
  /** Bitfield width tokens, if a bitfield. */
  bits?: Token[];
  /** The declaration's text when a macro writes it (`__DECLARE_FLEX_ARRAY(T, n);`): expanded at layout. */
  macroText?: string;
  attrs: Attributes;
  /** UTF-16 offsets of the type specifier as written (`unsigned long`, `struct foo`), if there is one. */
  typeStart?: number;
  typeEnd?: number;
  /** How many declarators share the specifier (`int a, b;` is two). */
  siblings?: number;
  /** UTF-16 offsets of the name (or of the declaration when unnamed) and of the declaration. */
  nameStart: number;
  nameEnd: number;
  start: number;
  end: number;
}

export interface RecordDecl {
  kind: 'struct' | 'union';
  tag: string | null;
  /** null for a declaration without a body (`struct foo;`). */
  fields: FieldDecl[] | null;
  attrs: Attributes;
  file: string;
  start: number;
  end: number;
  nameStart: number;
  nameEnd: number;
}

export interface TypedefDecl {
  name: string;
  type: TypeExpr;
  attrs: Attributes;
  file: string;
  start: number;
  nameStart: number;
  nameEnd: number;
}

export interface EnumDecl {
  tag: string | null;
  /** Names of its enumerators, in order (their values are in EnumValues). */
  enumerators: string[];
  attrs: Attributes;
  file: string;
  start: number;
}

export interface Declarations {
  records: RecordDecl[];
  typedefs: TypedefDecl[];
  enums: EnumDecl[];
  /**
   * File-scope declarations that start with a plain identifier, up to their ';': when that
   * identifier is a macro (glibc's `__STD_TYPE __TIME_T_TYPE __time_t;`), the unit expands and
   * re-parses them.
   */
  macroDeclarations: Array<{ text: string; start: number }>;
}

/**
 * Read `packed` and `aligned(n)` out of the tokens of an attribute list (`packed, aligned(8)`,
 * `__aligned__(8)`) into `into`.
 */
export function readAttributeList(tokens: readonly Token[], into: Attributes): Attributes {
  for (let k = 0; k < tokens.length; k++) {
    const name = tokens[k].text.replace(/^__(.*)__$/, '$1');
    if (tokens[k].kind !== 'identifier') continue;
    if (name === 'packed') into.packed = true;
    else if (name === 'aligned') {
      if (tokens[k + 1]?.text === '(') {
        let depth = 0;
        let close = k + 1;
        for (; close < tokens.length; close++) {
          if (tokens[close].text === '(') depth++;
          else if (tokens[close].text === ')' && --depth === 0) break;
        }
        into.aligned = tokens.slice(k + 2, close);
        k = close;
      } else {
        into.aligned = 'max';
      }
    }
  }
  return into;
}

/**
 * Attributes were blanked before parsing (`__attribute__((...))`, the kernel's `__packed` and
 * `__aligned(n)`); apply those that lie inside [start, end).
 */
function annotationsIn(annotations: readonly BlankedAnnotation[], start: number, end: number, into: Attributes): Attributes {
  for (const a of annotations) {
    if (a.start < start || a.start >= end) continue;
    if (a.name === '__packed') into.packed = true;
    else if (a.name === '__aligned' && a.argument !== undefined) into.aligned = tokenize(a.argument, a.start);
    else if (a.name.startsWith('__attribute') && a.argument !== undefined) readAttributeList(tokenize(a.argument), into);
  }
  return into;
}

/** End of `NAME(...)` starting at `from`, including a following ';' (comments and strings skipped). */
function macroCallEnd(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 1;
    } else if (c === '"' || c === "'") {
      for (i++; i < text.length && text[i] !== c; i++) if (text[i] === '\\') i++;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) {
      let j = i + 1;
      while (/\s/.test(text[j] ?? '')) j++;
      return text[j] === ';' ? j + 1 : i + 1;
    }
  }
  return text.length;
}

const CONDITIONAL_GROUPS = new Set(['preproc_if', 'preproc_ifdef', 'preproc_elif', 'preproc_elifdef', 'preproc_else']);

/**
 * Member declarations of a struct body in order, including those inside `#if` groups: which
 * group counts is decided per ABI by the preprocessor, so all are kept with their positions.
 */
export function fieldDeclarations(body: Node, type = 'field_declaration'): Node[] {
  const out: Node[] = [];
  // iterative, so that thousands of nested #if groups cannot exhaust the stack
  const pending: Node[][] = [body.namedChildren.filter((c): c is Node => !!c).reverse()];
  while (pending.length) {
    const level = pending[pending.length - 1];
    const c = level.pop();
    if (!c) {
      pending.pop();
      continue;
    }
    if (c.type === type) out.push(c);
    else if (CONDITIONAL_GROUPS.has(c.type)) pending.push(c.namedChildren.filter((x): x is Node => !!x).reverse());
  }
  return out;
}

/** Deeper nesting of struct definitions than this is not a real header. */
export const MAX_RECORD_NESTING = 256;
/** Pointers, arrays and functions applied to one type (`int **x[2][3]` is 4). */
export const MAX_DECLARATOR_NESTING = 256;

class Collector {
  readonly out: Declarations = { records: [], typedefs: [], enums: [], macroDeclarations: [] };
  private readonly seen = new Set<number>();
  private nesting = 0;

  constructor(
    private readonly text: string,
    private readonly file: string,
    private readonly annotations: readonly BlankedAnnotation[],
  ) {}

  /**
   * The type a specifier node names (struct/union/enum definitions are collected on the way).
   * `owner` is the declaration it is the type of, when the caller has it: asking tree-sitter
   * for a node's parent walks down from the root, which records nested deep make quadratic.
   */
  specifier(node: Node | null, owner: Node | null = node?.parent ?? null): TypeExpr {
    if (!node) return { kind: 'unknown', text: '' };
    switch (node.type) {
      case 'primitive_type':
        return { kind: 'base', words: [node.text] };
      case 'sized_type_specifier': {
        const words = node.children.filter((c): c is Node => !!c && !c.isNamed).map((c) => c.text);
        const inner = node.childForFieldName('type');
        if (inner) words.push(inner.text);
        return { kind: 'base', words };
      }
      case 'type_identifier':
        return { kind: 'name', name: node.text };
      case 'struct_specifier':
      case 'union_specifier': {
        const kind = node.type === 'struct_specifier' ? 'struct' : 'union';
        const body = node.childForFieldName('body');
        const tag = node.childForFieldName('name')?.text ?? null;
        if (!body) return tag ? { kind: 'tag', tagKind: kind, tag } : { kind: 'unknown', text: node.text };
        if (this.nesting >= MAX_RECORD_NESTING) {
          return { kind: 'unknown', text: `a ${kind} nested more than ${MAX_RECORD_NESTING} levels deep` };
        }
        this.nesting++;
        try {
          return { kind: 'record', record: this.record(node, owner) };
        } finally {
          this.nesting--;
        }
      }
      case 'enum_specifier': {
        const body = node.childForFieldName('body');
        const tag = node.childForFieldName('name')?.text ?? null;
        if (!body) return tag ? { kind: 'tag', tagKind: 'enum', tag } : { kind: 'unknown', text: node.text };
        return { kind: 'enum', decl: this.enumDecl(node, owner) };
      }
      case 'macro_type_specifier':
        return { kind: 'unknown', text: node.text };
    }
    return { kind: 'unknown', text: node.text };
  }

  /** Apply a declarator to a base type; returns the declared name and full type. */
  declarator(node: Node | null, base: TypeExpr): { name: Node | null; type: TypeExpr } {
    let type = base;
    let derived = 0;
    // past the bound the walk goes on to the name, but the type stops growing: everything
    // that reads types recurses along them
    const derive = (next: () => TypeExpr) => {
      type = ++derived > MAX_DECLARATOR_NESTING ? { kind: 'unknown', text: `a declarator nested more than ${MAX_DECLARATOR_NESTING} levels deep` } : next();
    };
    let d = node;
    while (d) {
      switch (d.type) {
        case 'pointer_declarator':
        case 'abstract_pointer_declarator': {
          const to = type;
          derive(() => ({ kind: 'pointer', to }));
          d = d.childForFieldName('declarator');
          continue;
        }
        case 'array_declarator':
        case 'abstract_array_declarator': {
          const size = d.childForFieldName('size');
          const of = type;
          derive(() => ({ kind: 'array', of, length: size ? tokenize(this.text.slice(size.startIndex, size.endIndex), size.startIndex) : null }));
          d = d.childForFieldName('declarator');
          continue;
        }
        case 'function_declarator':
        case 'abstract_function_declarator':
          derive(() => ({ kind: 'function' }));
          d = d.childForFieldName('declarator');
          continue;
        case 'parenthesized_declarator':
        case 'abstract_parenthesized_declarator':
          d = d.namedChildren.find((c) => !!c && c.type !== 'attribute_specifier') ?? null;
          continue;
        default:
          return { name: d.isMissing ? null : d, type };
      }
    }
    return { name: null, type };
  }

  /**
   * Where attributes written after a body (`} __attribute__((packed));`) can end: at the
   * declarator that follows, or at the ';' or ',' that ends the declaration.
   */
  private afterBody(owner: Node | null, body: Node): number {
    const declarator = owner?.childForFieldName('declarator');
    let end = this.text.length;
    for (let i = body.endIndex; i < this.text.length; i++) {
      const c = this.text[i];
      if (c === ';' || c === ',' || c === '{' || c === '}') {
        end = i;
        break;
      }
    }
    return declarator && declarator.startIndex > body.endIndex ? Math.min(end, declarator.startIndex) : end;
  }

  record(node: Node, owner: Node | null): RecordDecl {
    const kind = node.type === 'struct_specifier' ? 'struct' : 'union';
    const nameNode = node.childForFieldName('name');
    const body = node.childForFieldName('body');
    const rec: RecordDecl = {
      kind,
      tag: nameNode?.text ?? null,
      fields: body ? [] : null,
      attrs: {},
      file: this.file,
      start: node.startIndex,
      end: node.endIndex,
      nameStart: (nameNode ?? node).startIndex,
      nameEnd: (nameNode ?? node).endIndex,
    };
    // blanked `__packed`: between `struct` and `{`, or after `}` up to the declarator or `;`
    annotationsIn(this.annotations, node.startIndex, (body ?? node).startIndex, rec.attrs);
    if (body) annotationsIn(this.annotations, body.endIndex, this.afterBody(owner, body), rec.attrs);
    this.seen.add(node.id);
    if (body) {
      // a macro call that writes members can contain ';' and so span several declarations:
      // it is taken whole, up to its closing parenthesis and the ';' after it
      let skipUntil = -1;
      for (const f of fieldDeclarations(body)) {
        if (f.startIndex < skipUntil) continue;
        const fields = this.fields(f);
        const macro = fields[0]?.macroText !== undefined ? fields[0] : undefined;
        if (macro) {
          const end = macroCallEnd(this.text, f.startIndex);
          macro.macroText = this.text.slice(f.startIndex, end);
          macro.end = end;
          skipUntil = end;
        }
        for (const x of fields) rec.fields!.push(x);
      }
    }
    this.out.records.push(rec);
    return rec;
  }

  private fields(decl: Node): FieldDecl[] {
    const typeNode = decl.childForFieldName('type');
    const base = this.specifier(typeNode, decl);
    if (typeNode?.type === 'macro_type_specifier') {
      return [{
        name: null, type: base, attrs: {}, macroText: this.text.slice(decl.startIndex, decl.endIndex),
        nameStart: decl.startIndex, nameEnd: decl.endIndex, start: decl.startIndex, end: decl.endIndex,
      }];
    }
    const attrs = annotationsIn(this.annotations, decl.startIndex, decl.endIndex, {});
    const out: FieldDecl[] = [];
    const children = decl.children;
    let sawDeclarator = false;
    for (let i = 0; i < children.length; i++) {
      const c = children[i];
      if (!c || decl.fieldNameForChild(i) !== 'declarator') continue;
      sawDeclarator = true;
      const { name, type } = this.declarator(c, base);
      const next = children[i + 1];
      const bits = next?.type === 'bitfield_clause' && next.namedChildren[0]
        ? tokenize(this.text.slice(next.namedChildren[0].startIndex, next.endIndex), next.namedChildren[0].startIndex)
        : undefined;
      const anchor = name ?? c;
      out.push({
        name: name ? name.text : null,
        type,
        bits,
        attrs: { ...attrs },
        typeStart: typeNode?.startIndex,
        typeEnd: typeNode?.endIndex,
        nameStart: anchor.startIndex,
        nameEnd: anchor.endIndex,
        start: decl.startIndex,
        end: decl.endIndex,
      });
    }
    // an anonymous struct or union member, or an unnamed bitfield with no declarator node
    if (!sawDeclarator) {
      const clause = children.find((c) => c?.type === 'bitfield_clause');
      const bits = clause?.namedChildren[0]
        ? tokenize(this.text.slice(clause.namedChildren[0].startIndex, clause.endIndex), clause.namedChildren[0].startIndex)
        : undefined;
      out.push({ name: null, type: base, bits, attrs, nameStart: decl.startIndex, nameEnd: decl.startIndex, start: decl.startIndex, end: decl.endIndex });
    }
    for (const f of out) f.siblings = out.length;
    return out;
  }

  enumDecl(node: Node, owner: Node | null): EnumDecl {
    this.seen.add(node.id);
    const body = node.childForFieldName('body');
    const decl: EnumDecl = {
      tag: node.childForFieldName('name')?.text ?? null,
      enumerators: (body?.namedChildren ?? [])
        .filter((e): e is Node => !!e && e.type === 'enumerator')
        .map((e) => e.childForFieldName('name')?.text ?? ''),
      attrs: annotationsIn(this.annotations, node.startIndex, (body ?? node).startIndex, {}),
      file: this.file,
      start: node.startIndex,
    };
    if (body) annotationsIn(this.annotations, body.endIndex, this.afterBody(owner, body), decl.attrs);
    this.out.enums.push(decl);
    return decl;
  }

  typedef(node: Node): void {
    const base = this.specifier(node.childForFieldName('type'), node);
    const attrs = annotationsIn(this.annotations, node.startIndex, node.endIndex, {});
    const children = node.children;
    for (let i = 0; i < children.length; i++) {
      const c = children[i];
      if (!c || node.fieldNameForChild(i) !== 'declarator') continue;
      const { name, type } = this.declarator(c, base);
      if (!name) continue;
      this.out.typedefs.push({ name: name.text, type, attrs, file: this.file, start: node.startIndex, nameStart: name.startIndex, nameEnd: name.endIndex });
    }
  }

  collect(tree: Tree, fileScopeOnly = false): Declarations {
    const types = ['type_definition', 'struct_specifier', 'union_specifier', 'enum_specifier', 'declaration'];
    // a driver source's function bodies declare locals by the thousand and types almost never:
    // only what is declared at file scope (in conditionals too) is read there
    const roots = fileScopeOnly ? fileScopeItems(tree.rootNode, 0) : [tree.rootNode];
    const nodes = roots.flatMap((r) => r.descendantsOfType(types));
    for (const n of nodes) {
      if (!n || this.seen.has(n.id)) continue;
      if (n.type === 'type_definition') this.typedef(n);
      else if (n.type === 'declaration') this.maybeMacroDeclaration(n);
      else if (n.childForFieldName('body')) this.specifier(n);
    }
    return this.out;
  }

  private maybeMacroDeclaration(n: Node): void {
    if (n.childForFieldName('type')?.type !== 'type_identifier') return;
    const p = n.parent?.type;
    if (p !== 'translation_unit' && p !== 'declaration_list' && !CONDITIONAL_GROUPS.has(p ?? '')) return;
    let end = this.text.indexOf(';', n.startIndex);
    if (end < 0) end = this.text.length;
    this.out.macroDeclarations.push({ text: this.text.slice(n.startIndex, end + 1), start: n.startIndex });
  }
}

/** The items at file scope that are not function definitions, through conditionals and `extern "C"`. */
function fileScopeItems(node: Node, depth: number): Node[] {
  const out: Node[] = [];
  for (const c of node.namedChildren) {
    if (!c || c.type === 'function_definition' || c.type === 'comment') continue;
    if (depth < 32 && (CONDITIONAL_GROUPS.has(c.type) || c.type === 'linkage_specification' || c.type === 'declaration_list' || c.type === 'ERROR')) out.push(...fileScopeItems(c, depth + 1));
    else out.push(c);
  }
  return out;
}

export function collectDeclarations(tree: Tree, text: string, file: string, annotations: readonly BlankedAnnotation[], fileScopeOnly = false): Declarations {
  return new Collector(text, file, annotations).collect(tree, fileScopeOnly);
}
