import type { Node, Tree } from 'web-tree-sitter';
import { DRIVER_API_WORDS } from '../../knowledge/driver-apis';

/**
 * What a driver source says, read from its syntax tree into plain data while the tree is alive:
 * its functions (and, for those that can matter to its uAPI, what their bodies do), its
 * file-scope initializers (`file_operations`, `miscdevice`, `drm_driver`, ioctl tables) and
 * macro calls (`DEFINE_DRM_GEM_FOPS(x);`), and where it names the kernel APIs a reviewer asks
 * about. Nothing here resolves a macro or an ioctl: the driver model does that with the
 * preprocessed translation unit.
 *
 * Bodies are read only for the functions that can matter: those the file's initializers name,
 * those with an ioctl handler's parameters, those that register a device or use a shared API,
 * and what they call in the same file. A 60,000-function DRM tree has few of them.
 */

export interface Span {
  /** UTF-16 offsets in the document. */
  start: number;
  end: number;
}

/** The variable an expression designates and the members reached from it: `args->in.flags`. */
export interface Access {
  name: string;
  path: string[];
  /** `&x`, `&x->y`: its address rather than its value. */
  addressOf: boolean;
}

export interface Expr extends Span {
  text: string;
  /** Through parentheses, casts, `*`, `&` and indexes: the variable and members it designates. */
  access: Access | null;
  /** When it is a call (`f(a, b)`, or a macro written as one): the callee and arguments. */
  call?: { callee: string; args: Expr[] };
  /** When it is a braced initializer list. */
  list?: InitEntry[];
}

export interface CallSyntax extends Span {
  callee: string;
  calleeSpan: Span;
  args: Expr[];
  /** Through a pointer (`ops->ioctl(...)`): the callee is not known. */
  indirect: boolean;
}

/** How a member is used at one place. */
export interface MemberUse extends Span {
  access: Access;
  /** Assigned to (the left of `=`, `+=`, `++`). */
  write: boolean;
  /** Tested itself: a condition, an operand of a comparison, of `!`, `&&`, `||`. */
  tested: boolean;
  /** An operand of `&` with a complement (`flags & ~KNOWN`): unknown bits checked. */
  unknownBits: boolean;
  /** An operand of `&` with something else (`flags & KNOWN`): known bits kept, unknown ones ignored. */
  masked: boolean;
}

export interface LocalSyntax extends Span {
  name: string;
  nameSpan: Span;
  /** The type as written, without qualifiers: `struct foo`, `unsigned long`, `char`. */
  type: string;
  /** `*` in its declarator (`struct foo *p` is 1). */
  pointers: number;
  isArray: boolean;
  init: Expr | null;
}

export interface CaseSyntax extends Span {
  /** null for `default:`. */
  label: Expr | null;
}

export interface SwitchSyntax extends Span {
  condition: Expr;
  cases: CaseSyntax[];
}

export interface ReturnSyntax extends Span {
  value: Expr | null;
}

export interface AssignSyntax extends Span {
  left: Expr;
  right: Expr;
  operator: string;
}

export interface FunctionBody {
  locals: LocalSyntax[];
  calls: CallSyntax[];
  members: MemberUse[];
  /** Identifiers tested directly (a helper's parameter: `if (flags & ~X)` reaches it this way). */
  testedNames: Array<{ name: string; start: number; unknownBits: boolean }>;
  switches: SwitchSyntax[];
  returns: ReturnSyntax[];
  assignments: AssignSyntax[];
  labels: Array<{ name: string; start: number }>;
  gotos: Array<{ label: string; start: number }>;
}

export interface FunctionSyntax extends Span {
  name: string;
  nameSpan: Span;
  returnType: string;
  params: LocalSyntax[];
  /** The body, read when the function can matter (see above). */
  body: FunctionBody | null;
  bodySpan: Span | null;
}

export interface InitEntry extends Span {
  /** `.field = ...` */
  field: string | null;
  /** `[index] = ...` */
  index: Expr | null;
  value: Expr;
}

/** A file-scope variable (a `file_operations`, a `miscdevice`, an ioctl table), read as a local is. */
export type GlobalSyntax = LocalSyntax;

/** A place where the file names a kernel API of `DRIVER_API_WORDS`. */
export interface ApiMention extends Span {
  name: string;
  /** Called, named as a type (`struct dma_buf *`), or named otherwise (a function pointer). */
  kind: 'call' | 'type' | 'name';
  /** The function it is in, if any. */
  inFunction: string | null;
}

export interface DriverSyntax {
  functions: Map<string, FunctionSyntax>;
  globals: GlobalSyntax[];
  /** Macro calls at file scope: `DEFINE_DRM_ACCEL_FOPS(x);`, `module_misc_device(m);`. */
  topLevelCalls: CallSyntax[];
  mentions: ApiMention[];
}

// How far calls are followed from the functions that matter: a handler's helpers' helpers.
const CALL_DEPTH = 4;
// A generated or hostile file may hold thousands of such functions: the rest stay unread.
const MAX_BODIES = 2000;
// Deeper expressions than any real driver has are not followed (a hostile file's are).
const MAX_DEPTH = 200;

const PREPROC_GROUPS = new Set(['preproc_if', 'preproc_ifdef', 'preproc_else', 'preproc_elif', 'preproc_elifdef']);
const TEST_OPERATORS = new Set(['==', '!=', '<', '>', '<=', '>=', '&&', '||']);
const TRANSPARENT = new Set(['parenthesized_expression', 'cast_expression', 'subscript_expression']);

class Reader {
  constructor(private readonly text: string) {}

  slice(n: Node): string {
    return this.text.slice(n.startIndex, n.endIndex);
  }

  /** The type specifier as written, without qualifiers or storage class. */
  typeText(typeNode: Node | null): string {
    if (!typeNode) return '';
    return this.slice(typeNode).replace(/\s+/g, ' ').trim();
  }

  /** The name, `*` count and arrayness of a declarator. */
  declarator(d: Node | null): { name: Node | null; pointers: number; isArray: boolean; init: Node | null } {
    let pointers = 0;
    let isArray = false;
    let init: Node | null = null;
    for (let depth = 0; d && depth < MAX_DEPTH; depth++) {
      switch (d.type) {
        case 'init_declarator':
          init = d.childForFieldName('value');
          d = d.childForFieldName('declarator');
          continue;
        case 'pointer_declarator':
          pointers++;
          d = d.childForFieldName('declarator');
          continue;
        case 'array_declarator':
          isArray = true;
          d = d.childForFieldName('declarator');
          continue;
        case 'parenthesized_declarator':
        case 'attributed_declarator':
          d = d.namedChild(0);
          continue;
        case 'function_declarator':
          d = d.childForFieldName('declarator');
          continue;
        case 'identifier':
        case 'field_identifier':
          return { name: d, pointers, isArray, init };
        default:
          return { name: null, pointers, isArray, init };
      }
    }
    return { name: null, pointers, isArray, init };
  }

  /** The variable and members an expression designates, if it designates one. */
  access(n: Node | null): Access | null {
    let addressOf = false;
    const path: string[] = [];
    for (let depth = 0; n && depth < MAX_DEPTH; depth++) {
      switch (n.type) {
        case 'identifier':
          return { name: this.slice(n), path: path.reverse(), addressOf };
        case 'field_expression': {
          const field = n.childForFieldName('field');
          if (field) path.push(this.slice(field));
          n = n.childForFieldName('argument');
          continue;
        }
        case 'pointer_expression':
          if (n.child(0)?.type === '&' && path.length === 0) addressOf = true;
          n = n.childForFieldName('argument');
          continue;
        case 'parenthesized_expression':
          n = n.namedChild(0);
          continue;
        case 'cast_expression':
          n = n.childForFieldName('value');
          continue;
        case 'subscript_expression':
          n = n.childForFieldName('argument');
          continue;
        default:
          return null;
      }
    }
    return null;
  }

  expr(n: Node, depth = 0): Expr {
    let inner = n;
    while (inner.type === 'parenthesized_expression' && inner.namedChild(0)) inner = inner.namedChild(0)!;
    const e: Expr = { start: n.startIndex, end: n.endIndex, text: this.slice(n), access: this.access(n) };
    if (depth > 8) return e;
    if (inner.type === 'call_expression') {
      const fn = inner.childForFieldName('function');
      const args = inner.childForFieldName('arguments');
      if (fn && args) e.call = { callee: this.slice(fn), args: args.namedChildren.filter((a): a is Node => !!a && a.type !== 'comment').map((a) => this.expr(a, depth + 1)) };
    } else if (inner.type === 'initializer_list') {
      e.list = this.initializer(inner, depth + 1);
    }
    return e;
  }

  initializer(list: Node, depth: number): InitEntry[] {
    const out: InitEntry[] = [];
    for (let i = 0; i < list.childCount; i++) {
      const c = list.child(i);
      if (!c?.isNamed || c.type === 'comment' || c.type === 'ERROR' || c.type === 'preproc_directive') continue;
      // a conditional's own condition is not an entry; its branches hold entries
      const role = list.fieldNameForChild(i);
      if (PREPROC_GROUPS.has(list.type) && (role === 'name' || role === 'condition')) continue;
      if (PREPROC_GROUPS.has(c.type)) {
        if (depth < 16) out.push(...this.initializer(c, depth + 1));
        continue;
      }
      if (c.type === 'initializer_pair') {
        const designator = c.childForFieldName('designator');
        const value = c.childForFieldName('value');
        if (!value) continue;
        let field: string | null = null;
        let index: Expr | null = null;
        if (designator?.type === 'field_designator') field = this.slice(designator).replace(/^\s*\.\s*/, '');
        else if (designator?.type === 'subscript_designator' && designator.namedChild(0)) index = this.expr(designator.namedChild(0)!, depth);
        out.push({ start: c.startIndex, end: c.endIndex, field, index, value: this.expr(value, depth) });
      } else {
        out.push({ start: c.startIndex, end: c.endIndex, field: null, index: null, value: this.expr(c, depth) });
      }
    }
    return out;
  }

  locals(decl: Node): LocalSyntax[] {
    const type = this.typeText(decl.childForFieldName('type'));
    const out: LocalSyntax[] = [];
    for (const d of decl.childrenForFieldName('declarator')) {
      if (!d) continue;
      const { name, pointers, isArray, init } = this.declarator(d);
      if (!name) continue;
      out.push({
        start: decl.startIndex,
        end: decl.endIndex,
        name: this.slice(name),
        nameSpan: { start: name.startIndex, end: name.endIndex },
        type,
        pointers,
        isArray,
        init: init ? this.expr(init) : null,
      });
    }
    return out;
  }

  params(fnDeclarator: Node): LocalSyntax[] {
    const list = fnDeclarator.childForFieldName('parameters');
    const out: LocalSyntax[] = [];
    for (const p of list?.namedChildren ?? []) {
      if (!p || p.type !== 'parameter_declaration') continue;
      const { name, pointers, isArray } = this.declarator(p.childForFieldName('declarator'));
      out.push({
        start: p.startIndex,
        end: p.endIndex,
        name: name ? this.slice(name) : '',
        nameSpan: name ? { start: name.startIndex, end: name.endIndex } : { start: p.startIndex, end: p.endIndex },
        type: this.typeText(p.childForFieldName('type')),
        pointers,
        isArray,
        init: null,
      });
    }
    return out;
  }

  /** Everything a body does that the driver model reads, in one walk. */
  body(body: Node): FunctionBody {
    const out: FunctionBody = { locals: [], calls: [], members: [], testedNames: [], switches: [], returns: [], assignments: [], labels: [], gotos: [] };
    // tested: the node is tested itself; unknownBits: an operand of `& ~X`; write: assigned to
    const visit = (n: Node, tested: boolean, unknownBits: boolean, write: boolean, depth: number, masked = false): void => {
      if (depth > MAX_DEPTH) return;
      switch (n.type) {
        case 'comment':
        case 'string_literal':
        case 'char_literal':
        case 'number_literal':
          return;
        case 'declaration':
          out.locals.push(...this.locals(n));
          break;
        case 'field_expression': {
          const access = this.access(n);
          if (access) out.members.push({ start: n.startIndex, end: n.endIndex, access, write, tested, unknownBits, masked });
          // the base is read (an index inside it is an expression of its own)
          const arg = n.childForFieldName('argument');
          if (arg) visit(arg, false, false, false, depth + 1);
          return;
        }
        case 'identifier':
          if (tested || unknownBits) out.testedNames.push({ name: this.slice(n), start: n.startIndex, unknownBits });
          return;
        case 'call_expression': {
          const fn = n.childForFieldName('function');
          const args = n.childForFieldName('arguments');
          const argList = (args?.namedChildren ?? []).filter((a): a is Node => !!a && a.type !== 'comment');
          if (fn) {
            const direct = fn.type === 'identifier';
            out.calls.push({
              start: n.startIndex,
              end: n.endIndex,
              callee: this.slice(fn),
              calleeSpan: { start: fn.startIndex, end: fn.endIndex },
              args: argList.map((a) => this.expr(a)),
              indirect: !direct,
            });
            if (!direct) visit(fn, false, false, false, depth + 1);
          }
          for (const a of argList) visit(a, false, false, false, depth + 1);
          return;
        }
        case 'if_statement':
        case 'while_statement':
        case 'do_statement':
        case 'for_statement':
        case 'conditional_expression':
        case 'switch_statement': {
          const cond = n.childForFieldName('condition');
          if (n.type === 'switch_statement' && cond) {
            const inner = cond.type === 'parenthesized_expression' && cond.namedChild(0) ? cond.namedChild(0)! : cond;
            const cases: CaseSyntax[] = [];
            // cases inside `#ifdef CONFIG_X ... #endif` count: a reviewer reads every branch
            const collect = (parent: Node | null, d: number) => {
              for (const c of parent?.namedChildren ?? []) {
                if (!c) continue;
                if (c.type === 'case_statement') {
                  const value = c.childForFieldName('value');
                  cases.push({ start: c.startIndex, end: c.endIndex, label: value ? this.expr(value) : null });
                } else if (PREPROC_GROUPS.has(c.type) && d < 8) collect(c, d + 1);
              }
            };
            collect(n.childForFieldName('body'), 0);
            out.switches.push({ start: n.startIndex, end: n.endIndex, condition: this.expr(inner), cases });
          }
          for (let i = 0; i < n.childCount; i++) {
            const c = n.child(i);
            if (!c?.isNamed) continue;
            visit(c, cond ? c.equals(cond) : false, false, false, depth + 1);
          }
          return;
        }
        case 'parenthesized_expression':
        case 'cast_expression':
        case 'subscript_expression': {
          // transparent for what the inner expression is used as; an index is read
          for (let i = 0; i < n.childCount; i++) {
            const c = n.child(i);
            if (!c?.isNamed) continue;
            const isIndex = n.type === 'subscript_expression' && n.fieldNameForChild(i) === 'index';
            const isType = n.type === 'cast_expression' && n.fieldNameForChild(i) === 'type';
            if (isType) continue;
            visit(c, isIndex ? false : tested, isIndex ? false : unknownBits, isIndex ? false : write, depth + 1, isIndex ? false : masked);
          }
          return;
        }
        case 'binary_expression': {
          const op = n.childForFieldName('operator')?.type ?? '';
          const left = n.childForFieldName('left');
          const right = n.childForFieldName('right');
          const complement = (x: Node | null) => {
            let k = x;
            while (k && k.type === 'parenthesized_expression') k = k.namedChild(0);
            return k?.type === 'unary_expression' && k.child(0)?.type === '~';
          };
          const isTest = TEST_OPERATORS.has(op);
          const bits = op === '&';
          if (left) visit(left, isTest, bits && complement(right), false, depth + 1, bits && !complement(right));
          if (right) visit(right, isTest, bits && complement(left), false, depth + 1, bits && !complement(left));
          return;
        }
        case 'unary_expression': {
          const op = n.child(0)?.type;
          const arg = n.childForFieldName('argument');
          if (arg) visit(arg, op === '!' ? true : tested, false, false, depth + 1);
          return;
        }
        case 'assignment_expression': {
          const left = n.childForFieldName('left');
          const right = n.childForFieldName('right');
          const op = n.childForFieldName('operator')?.type ?? '=';
          if (left && right) out.assignments.push({ start: n.startIndex, end: n.endIndex, left: this.expr(left), right: this.expr(right), operator: op });
          if (left) visit(left, false, false, true, depth + 1);
          if (right) visit(right, false, false, false, depth + 1);
          return;
        }
        case 'update_expression': {
          const arg = n.childForFieldName('argument');
          if (arg) visit(arg, false, false, true, depth + 1);
          return;
        }
        case 'return_statement': {
          const v = n.namedChildren.find((c) => !!c && c.type !== 'comment') ?? null;
          out.returns.push({ start: n.startIndex, end: n.endIndex, value: v ? this.expr(v) : null });
          break;
        }
        case 'labeled_statement': {
          const label = n.childForFieldName('label');
          if (label) out.labels.push({ name: this.slice(label), start: n.startIndex });
          break;
        }
        case 'goto_statement': {
          const label = n.childForFieldName('label');
          if (label) out.gotos.push({ label: this.slice(label), start: n.startIndex });
          return;
        }
        default:
          break;
      }
      for (let i = 0; i < n.childCount; i++) {
        const c = n.child(i);
        if (c?.isNamed) visit(c, false, false, false, depth + 1);
      }
    };
    visit(body, false, false, false, 0);
    return out;
  }
}

/** ioctl handlers' parameters: `(struct file *, unsigned int, unsigned long)` or DRM's `(struct drm_device *, void *, struct drm_file *)`. */
function looksLikeHandler(params: LocalSyntax[]): boolean {
  if (params.length !== 3) return false;
  const [a, b, c] = params;
  if (a.type === 'struct file' && a.pointers === 1 && /\bint\b|^u32$|^__u32$/.test(b.type) && b.pointers === 0 && /long/.test(c.type) && c.pointers === 0) return true;
  return a.type === 'struct drm_device' && b.type === 'void' && b.pointers === 1 && c.type === 'struct drm_file';
}

const API_PATTERN = new RegExp(`\\b(?:${DRIVER_API_WORDS.source})\\b`, 'g');

/** What changed since the previous version of the same document: its syntax is reused outside the edit. */
export interface PreviousSyntax {
  syntax: DriverSyntax;
  /** The edit in UTF-16 offsets (as `editBetween` gives it). */
  startIndex: number;
  oldEndIndex: number;
  newEndIndex: number;
}

/**
 * A copy of a function's syntax moved by `delta` (a function after the edit), written out per
 * shape: a generic deep copy cost more than reading the function again. Accesses hold no
 * offsets and are shared.
 */
function shiftExpr(e: Expr, d: number): Expr {
  const out: Expr = { start: e.start + d, end: e.end + d, text: e.text, access: e.access };
  if (e.call) out.call = { callee: e.call.callee, args: e.call.args.map((a) => shiftExpr(a, d)) };
  if (e.list) out.list = e.list.map((x) => shiftEntry(x, d));
  return out;
}

function shiftEntry(x: InitEntry, d: number): InitEntry {
  return { start: x.start + d, end: x.end + d, field: x.field, index: x.index && shiftExpr(x.index, d), value: shiftExpr(x.value, d) };
}

const shiftSpan = (x: Span, d: number): Span => ({ start: x.start + d, end: x.end + d });

function shiftLocal(l: LocalSyntax, d: number): LocalSyntax {
  return { ...l, start: l.start + d, end: l.end + d, nameSpan: shiftSpan(l.nameSpan, d), init: l.init && shiftExpr(l.init, d) };
}

function shiftBody(b: FunctionBody, d: number): FunctionBody {
  return {
    locals: b.locals.map((l) => shiftLocal(l, d)),
    calls: b.calls.map((c) => ({ ...c, start: c.start + d, end: c.end + d, calleeSpan: shiftSpan(c.calleeSpan, d), args: c.args.map((a) => shiftExpr(a, d)) })),
    members: b.members.map((m) => ({ ...m, start: m.start + d, end: m.end + d })),
    testedNames: b.testedNames.map((t) => ({ ...t, start: t.start + d })),
    switches: b.switches.map((w) => ({
      start: w.start + d,
      end: w.end + d,
      condition: shiftExpr(w.condition, d),
      cases: w.cases.map((c) => ({ start: c.start + d, end: c.end + d, label: c.label && shiftExpr(c.label, d) })),
    })),
    returns: b.returns.map((r) => ({ start: r.start + d, end: r.end + d, value: r.value && shiftExpr(r.value, d) })),
    assignments: b.assignments.map((a) => ({ start: a.start + d, end: a.end + d, operator: a.operator, left: shiftExpr(a.left, d), right: shiftExpr(a.right, d) })),
    labels: b.labels.map((l) => ({ name: l.name, start: l.start + d })),
    gotos: b.gotos.map((g) => ({ label: g.label, start: g.start + d })),
  };
}

function shifted(f: FunctionSyntax, d: number): FunctionSyntax {
  return {
    ...f,
    start: f.start + d,
    end: f.end + d,
    nameSpan: shiftSpan(f.nameSpan, d),
    params: f.params.map((p) => shiftLocal(p, d)),
    body: f.body && shiftBody(f.body, d),
    bodySpan: f.bodySpan && shiftSpan(f.bodySpan, d),
  };
}

export function collectDriverSyntax(tree: Tree, text: string, parsedText: string, previous?: PreviousSyntax): DriverSyntax {
  const r = new Reader(text);
  // a function the edit left alone keeps what was read of it (moved with the text after the edit)
  const reuse = (name: string, start: number, end: number): FunctionSyntax | undefined => {
    if (!previous) return undefined;
    const delta = previous.newEndIndex - previous.oldEndIndex;
    let oldStart: number;
    if (end <= previous.startIndex) oldStart = start;
    else if (start >= previous.newEndIndex) oldStart = start - delta;
    else return undefined;
    const old = previous.syntax.functions.get(name);
    if (!old || old.start !== oldStart || old.end !== oldStart + (end - start)) return undefined;
    return start === oldStart ? old : shifted(old, start - oldStart);
  };
  const functions = new Map<string, FunctionSyntax>();
  const bodies = new Map<string, Node>();
  const globals: GlobalSyntax[] = [];
  const topLevelCalls: CallSyntax[] = [];
  // names the file-scope initializers and macro calls mention: the functions they install
  const named = new Set<string>();
  const noteNames = (e: Expr) => {
    if (e.access && e.access.path.length === 0) named.add(e.access.name);
    for (const a of e.call?.args ?? []) noteNames(a);
    for (const x of e.list ?? []) noteNames(x.value);
  };

  const topLevel = (n: Node, depth: number): void => {
    if (depth > 8) return;
    for (const c of n.namedChildren) {
      if (!c) continue;
      switch (c.type) {
        case 'function_definition': {
          const decl = c.childForFieldName('declarator');
          let fd: Node | null = decl;
          for (let k = 0; fd && fd.type !== 'function_declarator' && k < 8; k++) fd = fd.type === 'pointer_declarator' || fd.type === 'parenthesized_declarator' || fd.type === 'attributed_declarator' ? (fd.childForFieldName('declarator') ?? fd.namedChild(0)) : null;
          const nameNode = fd?.childForFieldName('declarator');
          const body = c.childForFieldName('body');
          if (!fd || nameNode?.type !== 'identifier') break;
          const name = r.slice(nameNode);
          if (functions.has(name)) break; // the first definition (an #ifdef's other branch repeats it)
          const kept = reuse(name, c.startIndex, c.endIndex);
          if (kept) {
            functions.set(name, kept);
            if (body && !kept.body) bodies.set(name, body);
            break;
          }
          functions.set(name, {
            start: c.startIndex,
            end: c.endIndex,
            name,
            nameSpan: { start: nameNode.startIndex, end: nameNode.endIndex },
            returnType: r.typeText(c.childForFieldName('type')),
            params: r.params(fd),
            body: null,
            bodySpan: body ? { start: body.startIndex, end: body.endIndex } : null,
          });
          if (body) bodies.set(name, body);
          break;
        }
        case 'declaration':
          for (const g of r.locals(c)) {
            if (g.init) noteNames(g.init);
            globals.push(g);
          }
          break;
        case 'expression_statement': {
          const call = c.namedChild(0);
          if (call?.type === 'call_expression') {
            const e = r.expr(call);
            if (e.call) {
              const fn = call.childForFieldName('function')!;
              topLevelCalls.push({ start: c.startIndex, end: c.endIndex, callee: e.call.callee, calleeSpan: { start: fn.startIndex, end: fn.endIndex }, args: e.call.args, indirect: false });
              noteNames(e);
            }
          }
          break;
        }
        // a conditional's branches and a recovery node hold file-scope items too
        case 'preproc_if':
        case 'preproc_ifdef':
        case 'preproc_else':
        case 'preproc_elif':
        case 'preproc_elifdef':
        case 'linkage_specification':
        case 'declaration_list':
        case 'ERROR':
          topLevel(c, depth + 1);
          break;
        default:
          break;
      }
    }
  };
  topLevel(tree.rootNode, 0);

  // the kernel APIs the file names, outside comments and strings
  const mentions: ApiMention[] = [];
  const enclosing = (n: Node): string | null => {
    for (let p = n.parent, k = 0; p && k < MAX_DEPTH; p = p.parent, k++) {
      if (p.type === 'function_definition') {
        for (const [name, f] of functions) if (f.start === p.startIndex) return name;
        return null;
      }
    }
    return null;
  };
  for (const m of parsedText.matchAll(API_PATTERN)) {
    const node = tree.rootNode.descendantForIndex(m.index!, m.index! + m[0].length);
    if (!node || node.startIndex !== m.index || node.endIndex !== m.index! + m[0].length) continue;
    if (node.type !== 'identifier' && node.type !== 'type_identifier') continue;
    const parent = node.parent;
    const kind = node.type === 'type_identifier' ? 'type' : parent?.type === 'call_expression' && parent.childForFieldName('function')?.equals(node) ? 'call' : 'name';
    mentions.push({ start: node.startIndex, end: node.endIndex, name: m[0], kind, inFunction: enclosing(node) });
  }

  // the bodies that can matter, and what they call here, a few calls deep
  let wanted: string[] = [];
  for (const [name, f] of functions) {
    if (named.has(name) || looksLikeHandler(f.params)) wanted.push(name);
  }
  for (const m of mentions) if (m.inFunction) wanted.push(m.inFunction);
  let read = 0;
  const visited = new Set<string>();
  for (let depth = 0; depth <= CALL_DEPTH && wanted.length; depth++) {
    const next: string[] = [];
    for (const name of wanted) {
      if (visited.has(name)) continue;
      visited.add(name);
      const f = functions.get(name);
      if (!f) continue;
      if (!f.body) {
        // read now, unless kept from the previous version
        const body = bodies.get(name);
        if (!body || read >= MAX_BODIES) continue;
        read++;
        f.body = r.body(body);
      }
      for (const c of f.body.calls) {
        if (!c.indirect && functions.has(c.callee)) next.push(c.callee);
        // a function handed over as an argument (a callback) is followed too
        for (const a of c.args) if (a.access && a.access.path.length === 0 && functions.has(a.access.name)) next.push(a.access.name);
      }
    }
    wanted = next;
  }
  return { functions, globals, topLevelCalls, mentions };
}
