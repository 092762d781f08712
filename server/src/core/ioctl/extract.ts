import type { MacroDef } from '../preprocess/macros';
import type { TranslationUnit } from '../preprocess/preprocessor';
import { DEFAULT_EXPAND_LIMITS, Expander, ExpansionError } from '../preprocess/expand';
import { parseExpression, splitTopLevel, ExpressionSyntaxError, type Expr } from '../preprocess/expression';
import { evaluate, fail, type EvalEnv, type EvalResult } from '../preprocess/evaluate';
import { tokensToText, type Token } from '../preprocess/tokens';
import type { EnumValues } from '../model/enum-values';
import type { SourceRange } from '../source';
import type { Abi, AbiName } from '../abi/abis';
import { ENCODINGS, dirValue, encode } from '../abi/encoding';
import type { LayoutEngine } from '../layout/layout';
import {
  DIRECTION_SYMBOLS, IOCTL_FORMS, TYPECHECK, dirFromBits, isIoctlIntrinsic, looksLikeIoctlWrapper,
  type IoctlDir, type IoctlMacro,
} from './forms';

/** One ioctl command definition: an object-like macro whose expansion is an `_IO*` call. */
export interface IoctlDefinition {
  name: string;
  file: string;
  nameRange: SourceRange;
  /** The whole `#define`. */
  range: SourceRange;
  /** The replacement list as written. */
  definition: string;
  /** The `_IO*` form it finally expands to; null when a wrapper macro is not defined anywhere. */
  macro: IoctlMacro | null;
  dir: IoctlDir | null;
  /** The 8-bit type ("magic") and number fields, as the kernel decodes them. */
  type: number | null;
  nr: number | null;
  /** The argument's type name as the expansion gives it (`struct foo`, `__u32`). */
  argType: string | null;
  /** The `_IO*` call after expansion, e.g. `_IOWR('d', 0x40 + 0x01, struct foo)`. */
  expansion: string | null;
  /** Function-like macros expanded to reach the `_IO*` call, outermost first (`DRM_IOWR`). */
  via: string[];
  /** Why a field could not be computed; null when everything was. */
  unresolved: string | null;
  /** Argument size and command number per ABI. */
  abi: Partial<Record<AbiName, AbiValue>>;
}

/** One ABI's view of an ioctl: the argument's size and the command number. */
export interface AbiValue {
  size: number | null;
  value: number | null;
  /** Why they could not be computed on this ABI. */
  unresolved: string | null;
}

export interface IoctlEvalContext {
  tu: TranslationUnit;
  enums: Pick<EnumValues, 'get'>;
  env: Omit<EvalEnv, 'identifier' | 'call'>;
  /** Known typedef names, so casts parse. */
  isTypeName: (name: string) => boolean;
  /** Includes that were not found: what is undefined most likely comes from them. */
  missing: string[];
  /** The ABI whose preprocessing produced `tu`, and its layout engine. */
  abi: Abi;
  layout: LayoutEngine;
  /** Why a macro's definition cannot be trusted on this ABI (it came from another arch's headers). */
  distrustMacro?: (def: MacroDef) => string | undefined;
  /** Decode direction, type and nr only; leave the size and number for later. */
  fieldsOnly?: boolean;
}

interface FoundCall {
  callee: string;
  args: Token[][];
  /** Index range [start, end) of the call in the expanded tokens. */
  start: number;
  end: number;
}

/** The first `name(...)` call in `tokens` for which `match(name)` holds. */
function findCall(tokens: readonly Token[], match: (name: string) => boolean): FoundCall | undefined {
  for (let i = 0; i + 1 < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind !== 'identifier' || tokens[i + 1].text !== '(' || !match(t.text)) continue;
    let depth = 0;
    for (let j = i + 1; j < tokens.length; j++) {
      if (tokens[j].text === '(') depth++;
      else if (tokens[j].text === ')' && --depth === 0) {
        const inner = tokens.slice(i + 2, j);
        return { callee: t.text, args: inner.length ? splitTopLevel(inner) : [], start: i, end: j + 1 };
      }
    }
    return undefined;
  }
  return undefined;
}

/** The expression with parentheses (already gone) and integer casts peeled off. */
function peel(e: Expr): Expr {
  while (e.kind === 'cast') e = e.operand;
  return e;
}

/** `struct foo` from `sizeof(struct foo)` or `_IOC_TYPECHECK(struct foo)`; null for a plain number. */
function typeFromSizeArg(t: Token[]): string | null {
  if (t.length >= 3 && (t[0].text === 'sizeof' || t[0].text === TYPECHECK) && t[1].text === '(' && t[t.length - 1].text === ')') {
    return tokensToText(t.slice(2, -1)).trim();
  }
  return null;
}

export function extractIoctl(def: MacroDef, ctx: IoctlEvalContext): IoctlDefinition | undefined {
  // a body without identifiers (a number, a string) cannot expand to anything
  if (def.params !== undefined || !def.body.some((t) => t.kind === 'identifier')) return undefined;
  const base = placeOf(def);
  const via: string[] = [];
  const used = new Set<MacroDef>();
  let expanded: Token[];
  try {
    const expander = new Expander(ctx.tu.macros, {
      opaque: isIoctlIntrinsic,
      onExpand: (m) => {
        used.add(m);
        if (m.params !== undefined && !via.includes(m.name)) via.push(m.name);
      },
    });
    // the macro's own name is hidden, as it would be when the macro itself is expanded
    const self = new Set([def.name]);
    expanded = expander.expand(def.body.length > DEFAULT_EXPAND_LIMITS.maxTokens ? def.body : def.body.map((t) => ({ ...t, hide: self })));
  } catch (e) {
    if (!(e instanceof ExpansionError)) throw e;
    // Only report it as an ioctl if the text itself names an _IO* form or a wrapper.
    if (!def.body.some((t) => t.kind === 'identifier' && (t.text in IOCTL_FORMS || looksLikeIoctlWrapper(t.text)))) {
      return undefined;
    }
    return { ...base, macro: null, dir: null, type: null, nr: null, argType: null, expansion: null, via, unresolved: e.message, abi: {} };
  }

  const call = findCall(expanded, (n) => n in IOCTL_FORMS);
  if (!call) {
    // A wrapper defined nowhere we can see is still an ioctl definition, with unknown fields,
    // when an include is missing: it most likely comes from there. Otherwise the name is simply
    // not a macro (ppdev.h's OBSOLETE__IOW) and the definition is no ioctl.
    const missing = ctx.missing;
    const wrapper = missing.length ? findCall(expanded, (n) => looksLikeIoctlWrapper(n) && !ctx.tu.macros.has(n)) : undefined;
    if (!wrapper) return undefined;
    return {
      ...base, macro: null, dir: null, type: null, nr: null, argType: null,
      expansion: tokensToText(expanded), via,
      unresolved: `'${wrapper.callee}' is not defined; it may come from ${missing.map((m) => `'${m}'`).join(', ')}, which was not found`,
      abi: {},
    };
  }

  const form = IOCTL_FORMS[call.callee];
  const expansion = tokensToText(expanded.slice(call.start, call.end));
  const result: IoctlDefinition = {
    ...base, macro: form.macro, dir: form.dir ?? null, type: null, nr: null, argType: null,
    expansion, via, unresolved: null, abi: {},
  };
  const problems: string[] = [];

  // The command must be the call itself (in parentheses or a cast at most), not a computation on it.
  if (call.start !== 0 || call.end !== expanded.length) {
    try {
      const whole = peel(parseExpression(expanded, { isTypeName: ctx.isTypeName }));
      if (!(whole.kind === 'call' && whole.callee.text === call.callee && expanded.indexOf(whole.callee) === call.start)) {
        problems.push(`the command is computed from ${call.callee}(...) by '${tokensToText(expanded)}'`);
      }
    } catch (e) {
      if (!(e instanceof ExpressionSyntaxError)) throw e;
      problems.push(`the definition is not a valid C expression: ${e.message}`);
    }
  }

  if (call.args.length !== form.arity) {
    problems.push(`${call.callee} takes ${form.arity} arguments, ${call.args.length} given`);
    result.unresolved = problems.join('; ');
    return result;
  }

  const enc = ENCODINGS[ctx.abi.family];
  const env: EvalEnv = {
    ...ctx.env,
    identifier: (n) =>
      ctx.enums.get(n) ??
      // a macro name that survives expansion was blocked by its hide set: it expands to itself
      (ctx.tu.macros.has(n) ? fail(`'${n}' is a macro that expands back to itself`) : undefined),
    sizeOf: (typeName) => ctx.layout.sizeOfTokens(typeName),
    call: (callee, args) =>
      callee === TYPECHECK && args.length === 1 ? ctx.layout.sizeOfTokens(args[0]) : fail(`'${callee}(...)' cannot be evaluated here`),
  };
  const evalArg = (tokens: Token[], what: string, extra?: EvalEnv['identifier']): EvalResult => {
    if (tokens.length === 0) return fail(`the ${what} argument is empty`);
    try {
      const e = { ...env, identifier: extra ? (n: string) => extra(n) ?? env.identifier!(n) : env.identifier };
      const r = evaluate(parseExpression(tokens, { isTypeName: ctx.isTypeName }), e);
      return r.ok ? r : fail(`${what}: ${r.reason}`);
    } catch (e) {
      if (e instanceof ExpressionSyntaxError) return fail(`${what}: ${e.message}`);
      throw e;
    }
  };

  // direction: fixed by the form, or _IOC's first argument with this architecture's values
  let dirBits: bigint | null = form.dir ? BigInt(dirValue(form.dir, enc)) : null;
  let sizeArg: { tokens: Token[]; isType: boolean } | null = null;
  let fieldArgs = call.args;
  if (form.macro === '_IOC') {
    const family = { _IOC_NONE: enc.none, _IOC_READ: enc.read, _IOC_WRITE: enc.write } as Record<string, number>;
    const generic = evalArg(call.args[0], 'direction', (n) => (n in DIRECTION_SYMBOLS ? okInt(DIRECTION_SYMBOLS[n]) : undefined));
    const own = evalArg(call.args[0], 'direction', (n) => (n in family ? okInt(BigInt(family[n])) : undefined));
    if (generic.ok && own.ok) {
      const dir = dirFromBits(generic.value.value);
      if (dir) result.dir = dir;
      else problems.push(`direction ${generic.value.value} is not a combination of _IOC_NONE, _IOC_READ and _IOC_WRITE`);
      dirBits = own.value.value;
    } else {
      problems.push(!generic.ok ? generic.reason : !own.ok ? own.reason : '');
    }
    result.argType = typeFromSizeArg(call.args[3]);
    sizeArg = { tokens: call.args[3], isType: false };
    fieldArgs = call.args.slice(1);
  } else if (form.arity === 3) {
    result.argType = tokensToText(call.args[2]).trim() || null;
    sizeArg = { tokens: call.args[2], isType: true };
  }

  const type = evalArg(fieldArgs[0], 'type');
  const nr = evalArg(fieldArgs[1], 'nr');
  // The fields are OR-ed into place without masking, exactly as _IOC does, then read back.
  if (type.ok && nr.ok) {
    const packed = BigInt.asUintN(32, (type.value.value << 8n) | BigInt.asUintN(32, nr.value.value));
    result.type = Number((packed >> 8n) & 0xffn);
    result.nr = Number(packed & 0xffn);
  } else {
    // one field alone is still worth showing; the ioctl is marked unresolved either way
    if (type.ok) result.type = Number(BigInt.asUintN(8, type.value.value));
    else problems.push(type.reason);
    if (nr.ok) result.nr = Number(BigInt.asUintN(8, nr.value.value));
    else problems.push(nr.reason);
  }
  if (problems.length) {
    const missing = ctx.missing;
    const hint = missing.length && problems.some((p) => p.includes('is not defined'))
      ? ` (not found: ${missing.map((m) => `'${m}'`).join(', ')})`
      : '';
    result.unresolved = problems.join('; ') + hint;
  }

  if (ctx.fieldsOnly) return result;
  // this ABI's argument size and command number
  let size: EvalResult = okInt(0n);
  if (sizeArg) size = sizeArg.isType ? ctx.layout.sizeOfTokens(sizeArg.tokens) : evalArg(sizeArg.tokens, 'size');
  let distrust: string | undefined;
  for (const m of used) distrust ??= ctx.distrustMacro?.(m);
  if (distrust) {
    result.abi[ctx.abi.name] = { size: null, value: null, unresolved: distrust };
  } else if (!size.ok) {
    result.abi[ctx.abi.name] = { size: null, value: null, unresolved: `size: ${size.reason.replace(/^size: /, '')}` };
  } else if (result.unresolved || !type.ok || !nr.ok || dirBits === null) {
    result.abi[ctx.abi.name] = { size: Number(size.value.value), value: null, unresolved: result.unresolved };
  } else {
    const value = encode(dirBits, type.value.value, BigInt.asUintN(32, nr.value.value), size.value.value, enc);
    result.abi[ctx.abi.name] = { size: Number(size.value.value), value, unresolved: null };
  }
  return result;
}

function okInt(v: bigint): EvalResult {
  return { ok: true, value: { value: v, type: { bits: 32, signed: false } } };
}

/** Every ioctl command definition in the main file of a translation unit, in source order. */
export function extractIoctls(ctx: IoctlEvalContext, memo?: ExtractionMemo): IoctlDefinition[] {
  const main = ctx.tu.files.get(ctx.tu.main);
  if (!main) return [];
  const out: IoctlDefinition[] = [];
  for (const def of main.defines) {
    const ioctl = memo ? memo.extract(def, ctx) : extractIoctl(def, ctx);
    if (ioctl) out.push(ioctl);
  }
  return out;
}

/** The fields of a definition that do not depend on where it is in the file. */
type Fields = Omit<IoctlDefinition, 'name' | 'file' | 'nameRange' | 'range' | 'definition' | 'abi'>;

interface Remembered {
  fields: Fields | undefined;
  /** What the extraction looked up, with what it found (as text, comparable across versions). */
  macros: Map<string, string>;
  enums: Map<string, string>;
  typeNames: Map<string, boolean>;
  missing: string;
}

/** A macro definition as text: equal for the same definition in two versions of a file. */
function macroText(def: MacroDef | undefined): string {
  return def ? `${def.file ?? ''}\0${def.params?.join(',') ?? '-'}\0${def.bodyText}` : '';
}

function enumText(r: EvalResult | undefined): string {
  return r === undefined ? '' : r.ok ? `=${r.value.value}` : `!${r.reason}`;
}

/**
 * The decoded fields (direction, type, nr) of one document's ioctl definitions, kept for its
 * next version: while a header is edited, nearly all of its definitions are the same text and
 * everything they expand to is unchanged, so they are not expanded and evaluated again. A
 * definition is reused only if every macro, enum constant and type name its extraction looked
 * up is as it was; one whose evaluation needed a layout (`sizeof` in a field) is never kept.
 */
export class ExtractionMemo {
  private known = new Map<string, Remembered>();

  extract(def: MacroDef, ctx: IoctlEvalContext): IoctlDefinition | undefined {
    if (def.params !== undefined || !ctx.fieldsOnly) return extractIoctl(def, ctx);
    const key = `${def.name}\0${def.bodyText}`;
    const missing = ctx.missing.join('\n');
    const r = this.known.get(key);
    if (r && this.stillHolds(r, ctx, missing)) return r.fields && { ...r.fields, ...placeOf(def), abi: {}, via: [...r.fields.via] };
    const macros = new Map<string, string>();
    const enums = new Map<string, string>();
    const typeNames = new Map<string, boolean>();
    let usedLayout = false;
    // (no spread of ctx: that would read its layout, which is built only when asked for)
    const recording: IoctlEvalContext = {
      tu: ctx.tu,
      env: ctx.env,
      missing: ctx.missing,
      abi: ctx.abi,
      distrustMacro: ctx.distrustMacro,
      fieldsOnly: ctx.fieldsOnly,
      enums: {
        get(name) {
          const v = ctx.enums.get(name);
          if (!enums.has(name)) enums.set(name, enumText(v));
          return v;
        },
      },
      isTypeName(name) {
        const v = ctx.isTypeName(name);
        if (!typeNames.has(name)) typeNames.set(name, v);
        return v;
      },
      get layout() {
        usedLayout = true;
        return ctx.layout;
      },
    };
    const table = ctx.tu.macros;
    const outer = table.onLookup;
    table.onLookup = (name, found) => {
      if (!macros.has(name)) macros.set(name, macroText(found));
    };
    let result: IoctlDefinition | undefined;
    try {
      result = extractIoctl(def, recording);
    } finally {
      table.onLookup = outer;
    }
    if (!usedLayout) {
      let fields: Fields | undefined;
      if (result) {
        const { name: _n, file: _f, nameRange: _nr, range: _r, definition: _d, abi: _a, ...rest } = result;
        fields = { ...rest, via: [...rest.via] };
      }
      this.known.set(key, { fields, macros, enums, typeNames, missing });
    }
    return result;
  }

  /** Forget definitions no longer in the document (after an analysis of all of them). */
  keepOnly(defs: readonly MacroDef[]): void {
    const keep = new Set(defs.map((d) => `${d.name}\0${d.bodyText}`));
    for (const k of this.known.keys()) if (!keep.has(k)) this.known.delete(k);
  }

  private stillHolds(r: Remembered, ctx: IoctlEvalContext, missing: string): boolean {
    if (r.missing !== missing) return false;
    for (const [name, text] of r.macros) if (macroText(ctx.tu.macros.peek(name)) !== text) return false;
    for (const [name, text] of r.enums) if (enumText(ctx.enums.get(name)) !== text) return false;
    for (const [name, v] of r.typeNames) if (ctx.isTypeName(name) !== v) return false;
    return true;
  }
}

function placeOf(def: MacroDef): Pick<IoctlDefinition, 'name' | 'file' | 'nameRange' | 'range' | 'definition'> {
  return { name: def.name, file: def.file ?? '', nameRange: def.nameRange!, range: def.range!, definition: def.bodyText };
}
