import type { Token } from './tokens';
import { tokensToText } from './tokens';
import type { Expr } from './expression';

/**
 * Integer constant evaluation with C semantics: literal types (C11 6.4.4.1), integer promotions
 * and the usual arithmetic conversions, wrap-around of unsigned types, and undefined operations
 * (division by zero, over-wide shifts) reported instead of guessed.
 */

export interface IntType {
  bits: 8 | 16 | 32 | 64;
  signed: boolean;
}

export interface IntValue {
  value: bigint;
  type: IntType;
}

/** What an evaluation gives: a value, or the reason there is none. */
export type EvalResult = { ok: true; value: IntValue } | { ok: false; reason: string };

/** The C data model of one ABI, as far as integer constants need it. */
export interface IntModel {
  longBits: 32 | 64;
  charSigned: boolean;
}

export const LP64: IntModel = { longBits: 64, charSigned: true };

export const INT: IntType = { bits: 32, signed: true };
export const UINT: IntType = { bits: 32, signed: false };
const LLONG: IntType = { bits: 64, signed: true };
const ULLONG: IntType = { bits: 64, signed: false };

export interface EvalEnv {
  model: IntModel;
  /** `#if` rules: identifiers left after expansion are 0, arithmetic is in (u)intmax_t. */
  preprocessor?: boolean;
  /** Enumeration constants and other named integers. */
  identifier?: (name: string) => EvalResult | undefined;
  /** Integer type of a typedef name, for casts (`(__u32)x`). */
  typedefType?: (name: string) => IntType | undefined;
  /** Size of a type, from the layout engine. */
  sizeOf?: (typeName: Token[]) => EvalResult;
  /** Calls to names that are not macros (the `_IO*` family). */
  call?: (callee: string, args: Token[][]) => EvalResult;
}

export function ok(value: bigint, type: IntType): EvalResult {
  return { ok: true, value: { value: wrap(value, type), type } };
}

export function fail(reason: string): EvalResult {
  return { ok: false, reason };
}

export function wrap(v: bigint, t: IntType): bigint {
  return t.signed ? BigInt.asIntN(t.bits, v) : BigInt.asUintN(t.bits, v);
}

function promote(t: IntType): IntType {
  return t.bits < 32 ? INT : t;
}

function convert(a: IntType, b: IntType): IntType {
  a = promote(a);
  b = promote(b);
  if (a.signed === b.signed) return a.bits >= b.bits ? a : b;
  const u = a.signed ? b : a;
  const s = a.signed ? a : b;
  if (u.bits >= s.bits) return u;
  return s; // the signed type is wider and holds every value of the unsigned one
}

function typeFor(model: IntModel, name: 'int' | 'uint' | 'long' | 'ulong' | 'llong' | 'ullong'): IntType {
  switch (name) {
    case 'int':
      return INT;
    case 'uint':
      return UINT;
    case 'long':
      return { bits: model.longBits, signed: true };
    case 'ulong':
      return { bits: model.longBits, signed: false };
    case 'llong':
      return LLONG;
    case 'ullong':
      return ULLONG;
  }
}

function fits(v: bigint, t: IntType): boolean {
  return wrap(v, t) === v;
}

const LITERAL = /^(0[xX][0-9a-fA-F]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)([uUlL]*)$/;
const SUFFIXES = new Set(['', 'u', 'l', 'ul', 'lu', 'll', 'ull', 'llu']);
const LADDER: ReadonlyArray<readonly ['int' | 'long' | 'llong', 'uint' | 'ulong' | 'ullong']> = [
  ['int', 'uint'],
  ['long', 'ulong'],
  ['llong', 'ullong'],
];

/** An integer literal with its C type; null if the token is not one (a float, or malformed). */
export function parseIntegerLiteral(text: string, model: IntModel): IntValue | null {
  const m = LITERAL.exec(text.includes("'") ? text.replace(/'/g, '') : text);
  if (!m) return null;
  const digits = m[1];
  const suffix = m[2].toLowerCase();
  if (!SUFFIXES.has(suffix)) return null;
  let value: bigint;
  if (/^0[bB]/.test(digits)) value = BigInt(digits);
  else if (/^0[xX]/.test(digits)) value = BigInt(digits);
  else if (digits.length > 1 && digits.startsWith('0')) value = BigInt('0o' + digits.slice(1));
  else value = BigInt(digits);
  const decimal = !/^0/.test(digits) || digits === '0';
  const unsigned = suffix.includes('u');
  const longs = suffix.includes('ll') ? 2 : suffix.includes('l') ? 1 : 0;
  // the first type of the ladder from the suffix's rank on that holds the value (C11 6.4.4.1p5)
  for (let rank = longs; rank < 3; rank++) {
    const [s, u] = LADDER[rank];
    if (!unsigned) {
      const t = typeFor(model, s);
      if (fits(value, t)) return { value, type: t };
      if (decimal) continue;
    }
    const t = typeFor(model, u);
    if (fits(value, t)) return { value, type: t };
  }
  // Too large for any type: gcc gives it unsigned long long with a warning.
  return { value: wrap(value, ULLONG), type: ULLONG };
}

const SIMPLE_ESCAPES: Record<string, number> = {
  n: 10, t: 9, r: 13, '0': 0, a: 7, b: 8, f: 12, v: 11, e: 27, '\\': 92, "'": 39, '"': 34, '?': 63,
};

/** Value of a character constant as gcc computes it (multi-character constants included). */
export function parseCharLiteral(text: string, model: IntModel): IntValue | null {
  const m = /^(L|u|U|u8)?'(.*)'$/s.exec(text);
  if (!m) return null;
  const body = m[2];
  const chars: number[] = [];
  for (let i = 0; i < body.length; ) {
    if (body[i] !== '\\') {
      const cp = body.codePointAt(i)!;
      chars.push(cp);
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const e = body[i + 1];
    if (e === 'x') {
      const hex = /^[0-9a-fA-F]+/.exec(body.slice(i + 2));
      if (!hex) return null;
      chars.push(parseInt(hex[0], 16));
      i += 2 + hex[0].length;
    } else if (e !== undefined && /[0-7]/.test(e)) {
      const oct = /^[0-7]{1,3}/.exec(body.slice(i + 1))!;
      chars.push(parseInt(oct[0], 8));
      i += 1 + oct[0].length;
    } else if (e !== undefined && e in SIMPLE_ESCAPES) {
      chars.push(SIMPLE_ESCAPES[e]);
      i += 2;
    } else {
      return null;
    }
  }
  if (chars.length === 0) return null;
  if (m[1]) {
    // wide and Unicode character constants: the value of the (last) character
    const t: IntType = m[1] === 'L' ? INT : UINT;
    return { value: wrap(BigInt(chars[chars.length - 1]), t), type: t };
  }
  if (chars.length === 1) {
    const c = BigInt(chars[0] & 0xff);
    // the model is read only where it matters: the extraction memo keeps what did not read it for every ABI
    return { value: c < 0x80n ? c : model.charSigned ? BigInt.asIntN(8, c) : c, type: INT };
  }
  let v = 0n;
  for (const c of chars) v = (v << 8n) | BigInt(c & 0xff);
  return { value: BigInt.asIntN(32, v), type: INT };
}

/** Integer type named by a cast's type name; undefined for pointers and non-integers. */
export function castType(typeName: readonly Token[], env: EvalEnv): IntType | undefined {
  const words = typeName
    .map((t) => t.text)
    .filter((w) => !['const', 'volatile', '__const', '__volatile__', 'signed', '__signed__'].includes(w));
  const isUnsigned = words.includes('unsigned');
  const rest = words.filter((w) => w !== 'unsigned');
  if (typeName.some((t) => t.text === '*')) return undefined;
  const key = rest.join(' ');
  const signedChar = typeName.some((t) => t.text === 'signed' || t.text === '__signed__');
  switch (key) {
    case '':
    case 'int':
      return { bits: 32, signed: !isUnsigned };
    case 'char':
      return { bits: 8, signed: isUnsigned ? false : signedChar || env.model.charSigned };
    case 'short':
    case 'short int':
      return { bits: 16, signed: !isUnsigned };
    case 'long':
    case 'long int':
      return { bits: env.model.longBits, signed: !isUnsigned };
    case 'long long':
    case 'long long int':
      return { bits: 64, signed: !isUnsigned };
    case '_Bool':
    case 'bool':
      return { bits: 8, signed: false };
  }
  if (rest.length === 1 && !isUnsigned) return env.typedefType?.(rest[0]);
  return undefined;
}

export function evaluate(expr: Expr, env: EvalEnv): EvalResult {
  const pp = env.preprocessor === true;
  const widen = (r: EvalResult): EvalResult =>
    pp && r.ok ? ok(r.value.value, r.value.type.signed ? LLONG : ULLONG) : r;
  switch (expr.kind) {
    case 'number': {
      const v = parseIntegerLiteral(expr.token.text, env.model);
      if (!v) return fail(`'${expr.token.text}' is not an integer constant`);
      return widen({ ok: true, value: v });
    }
    case 'char': {
      const v = parseCharLiteral(expr.token.text, env.model);
      if (!v) return fail(`cannot read the character constant ${expr.token.text}`);
      return widen({ ok: true, value: v });
    }
    case 'ident': {
      const name = expr.token.text;
      const r = env.identifier?.(name);
      if (r) return widen(r);
      if (pp) return ok(0n, LLONG);
      return fail(`'${name}' is not defined`);
    }
    case 'unary':
      return evalUnary(expr.op, expr.operand, env);
    case 'binary': {
      // a left-associative chain (`a + b + c ...`: a macro that sums ten thousand terms) is
      // folded in a loop; recursing down its left side would overflow the stack
      const spine: Array<{ op: string; right: Expr }> = [];
      let leftmost: Expr = expr;
      while (leftmost.kind === 'binary') {
        spine.push({ op: leftmost.op, right: leftmost.right });
        leftmost = leftmost.left;
      }
      let acc = evaluate(leftmost, env);
      for (let k = spine.length - 1; k >= 0; k--) acc = evalBinary(spine[k].op, acc, spine[k].right, env);
      return acc;
    }
    case 'ternary': {
      const c = evaluate(expr.cond, env);
      if (!c.ok) return c;
      const taken = c.value.value !== 0n;
      const chosen = evaluate(taken ? expr.then : expr.otherwise, env);
      if (!chosen.ok) return chosen;
      // the result has the converted type of both arms, even of the one not taken
      const other = evaluate(taken ? expr.otherwise : expr.then, env);
      const t = other.ok ? convert(chosen.value.type, other.value.type) : chosen.value.type;
      return ok(chosen.value.value, t);
    }
    case 'cast': {
      const t = castType(expr.typeName, env);
      if (!t) return fail(`cannot evaluate the cast to '${tokensToText(expr.typeName)}'`);
      const v = evaluate(expr.operand, env);
      if (!v.ok) return v;
      const target = t.bits === 8 && expr.typeName.some((x) => x.text === '_Bool' || x.text === 'bool')
        ? { value: v.value.value !== 0n ? 1n : 0n, type: t }
        : { value: wrap(v.value.value, t), type: t };
      return widen({ ok: true, value: target });
    }
    case 'sizeof': {
      if (pp) return fail("'sizeof' cannot be used in #if");
      if (expr.typeName) {
        if (!env.sizeOf) return fail(`sizeof(${tokensToText(expr.typeName)}) needs the type's layout`);
        return env.sizeOf(expr.typeName);
      }
      return fail('sizeof of an expression is not evaluated');
    }
    case 'call': {
      const name = expr.callee.text;
      if (env.call) return env.call(name, expr.args);
      return fail(`'${name}(...)' is not a macro and cannot be evaluated`);
    }
    case 'opaque':
      return fail(`${expr.what} is not an integer constant`);
  }
}

function evalUnary(op: string, operand: Expr, env: EvalEnv): EvalResult {
  const r = evaluate(operand, env);
  if (!r.ok) return r;
  const t = promote(r.value.type);
  const v = r.value.value;
  switch (op) {
    case '+':
      return ok(v, t);
    case '-':
      return ok(-v, t);
    case '~':
      return ok(~v, t);
    case '!':
      return ok(v === 0n ? 1n : 0n, env.preprocessor ? LLONG : INT);
  }
  return fail(`the unary '${op}' operator does not give a constant here`);
}

/** `l op re`, the left side evaluated already. */
function evalBinary(op: string, l: EvalResult, re: Expr, env: EvalEnv): EvalResult {
  const boolType = env.preprocessor ? LLONG : INT;
  // short-circuit operators evaluate the right side only when needed (C11 6.5.13-14)
  if (op === '&&' || op === '||') {
    if (!l.ok) return l;
    const lTrue = l.value.value !== 0n;
    if (op === '&&' && !lTrue) return ok(0n, boolType);
    if (op === '||' && lTrue) return ok(1n, boolType);
    const r = evaluate(re, env);
    if (!r.ok) return r;
    return ok(r.value.value !== 0n ? 1n : 0n, boolType);
  }
  if (op === ',') {
    if (!l.ok) return l;
    return evaluate(re, env);
  }
  if (!l.ok) return l;
  const r = evaluate(re, env);
  if (!r.ok) return r;
  if (op === '<<' || op === '>>') {
    const t = promote(l.value.type);
    const n = r.value.value;
    if (n < 0n || n >= BigInt(t.bits)) {
      return fail(`shifting a ${t.bits}-bit value by ${n} bits is undefined in C`);
    }
    if (op === '<<') return ok(l.value.value << n, t);
    return ok(l.value.value >> n, t);
  }
  const t = convert(l.value.type, r.value.type);
  const a = wrap(l.value.value, t);
  const b = wrap(r.value.value, t);
  switch (op) {
    case '+':
      return ok(a + b, t);
    case '-':
      return ok(a - b, t);
    case '*':
      return ok(a * b, t);
    case '/':
    case '%':
      if (b === 0n) return fail('division by zero');
      return ok(op === '/' ? a / b : a % b, t); // BigInt division truncates toward zero, as C does
    case '&':
      return ok(a & b, t);
    case '|':
      return ok(a | b, t);
    case '^':
      return ok(a ^ b, t);
    case '==':
      return ok(a === b ? 1n : 0n, boolType);
    case '!=':
      return ok(a !== b ? 1n : 0n, boolType);
    case '<':
      return ok(a < b ? 1n : 0n, boolType);
    case '>':
      return ok(a > b ? 1n : 0n, boolType);
    case '<=':
      return ok(a <= b ? 1n : 0n, boolType);
    case '>=':
      return ok(a >= b ? 1n : 0n, boolType);
  }
  return fail(`the '${op}' operator is not supported in a constant`);
}
