import type { MacroDef, MacroTable } from '../preprocess/macros';
import type { TranslationUnit } from '../preprocess/preprocessor';
import { DEFAULT_EXPAND_LIMITS, Expander, ExpansionError } from '../preprocess/expand';
import { parseExpression, splitTopLevel, ExpressionSyntaxError, type Expr } from '../preprocess/expression';
import { evaluate, fail, type EvalEnv, type EvalResult, type IntModel } from '../preprocess/evaluate';
import { tokensToText, type Token } from '../preprocess/tokens';
import type { EnumValues } from '../model/enum-values';
import type { SourceRange } from '../source';
import type { Abi, AbiName } from '../abi/abis';
import { ENCODINGS, dirValue, encode } from '../abi/encoding';
import type { LayoutEngine } from '../layout/layout';
import {
  DIRECTION_SYMBOLS, IOCTL_FORMS, TYPECHECK, dirFromBits, isIoctlIntrinsic, looksLikeIoctlWrapper,
  type IoctlDir, type IoctlForm, type IoctlMacro,
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

/**
 * What a definition says whatever the ABI, and what each ABI's size and number are computed
 * from. Decoding (expansion, form, direction, type, nr) is most of an extraction's work and
 * comes out the same on every ABI whose macros, enum constants and type names it looked up are
 * the same; the size and the number are this ABI's own.
 */
interface Decoded {
  /** The definition's fields without its place and without any ABI's values; undefined: no ioctl. */
  fields: Fields | undefined;
  /** What the ABI's size and number are computed from; undefined when there are none to compute. */
  sizing?: Sizing;
}

interface Sizing {
  form: IoctlForm;
  /** The argument that gives the size: a type name (`_IOWR`'s third) or an expression (`_IOC`'s fourth). */
  sizeArg: { tokens: Token[]; isType: boolean } | null;
  /** `_IOC`'s direction bits, evaluated with the values of the encoding family it was decoded for. */
  iocDirBits: bigint | null;
  /** Type and nr as evaluated, when both were. */
  typeNr: { type: bigint; nr: bigint } | null;
  /** The macros the expansion used, by name: one from another arch's headers makes an ABI's values untrustworthy. */
  used: string[];
}

export function extractIoctl(def: MacroDef, ctx: IoctlEvalContext): IoctlDefinition | undefined {
  return finish(decode(def, ctx), def, ctx);
}

/** The expression evaluator for one unit, with extra identifiers (the `_IOC` direction names) if given. */
function evaluator(ctx: IoctlEvalContext) {
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
  return (tokens: Token[], what: string, extra?: EvalEnv['identifier']): EvalResult => {
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
}

/** Expand the definition and decode its form, direction, type and nr (the ABI-independent part). */
function decode(def: MacroDef, ctx: IoctlEvalContext, onWork?: (work: number) => void): Decoded {
  // a body without identifiers (a number, a string) cannot expand to anything
  if (def.params !== undefined || !def.body.some((t) => t.kind === 'identifier')) return { fields: undefined };
  const via: string[] = [];
  const used = new Set<MacroDef>();
  let expanded: Token[];
  const budget = ctx.tu.macros.budget;
  const before = budget?.remaining ?? 0;
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
    onWork?.(before - (budget?.remaining ?? 0));
    // Only report it as an ioctl if the text itself names an _IO* form or a wrapper.
    if (!def.body.some((t) => t.kind === 'identifier' && (t.text in IOCTL_FORMS || looksLikeIoctlWrapper(t.text)))) {
      return { fields: undefined };
    }
    return { fields: { macro: null, dir: null, type: null, nr: null, argType: null, expansion: null, via, unresolved: e.message } };
  }
  onWork?.(before - (budget?.remaining ?? 0));

  const call = findCall(expanded, (n) => n in IOCTL_FORMS);
  if (!call) {
    // A wrapper defined nowhere we can see is still an ioctl definition, with unknown fields,
    // when an include is missing: it most likely comes from there. Otherwise the name is simply
    // not a macro (ppdev.h's OBSOLETE__IOW) and the definition is no ioctl.
    const missing = ctx.missing;
    const wrapper = missing.length ? findCall(expanded, (n) => looksLikeIoctlWrapper(n) && !ctx.tu.macros.has(n)) : undefined;
    if (!wrapper) return { fields: undefined };
    return {
      fields: {
        macro: null, dir: null, type: null, nr: null, argType: null,
        expansion: tokensToText(expanded), via,
        unresolved: `'${wrapper.callee}' is not defined; it may come from ${missing.map((m) => `'${m}'`).join(', ')}, which was not found`,
      },
    };
  }

  const form = IOCTL_FORMS[call.callee];
  const expansion = tokensToText(expanded.slice(call.start, call.end));
  const fields: Fields = { macro: form.macro, dir: form.dir ?? null, type: null, nr: null, argType: null, expansion, via, unresolved: null };
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
    fields.unresolved = problems.join('; ');
    return { fields };
  }

  const evalArg = evaluator(ctx);
  // direction: fixed by the form (each ABI's bits), or _IOC's first argument with this architecture's values
  let iocDirBits: bigint | null = null;
  let sizeArg: Sizing['sizeArg'] = null;
  let fieldArgs = call.args;
  if (form.macro === '_IOC') {
    const enc = ENCODINGS[ctx.abi.family];
    const family = { _IOC_NONE: enc.none, _IOC_READ: enc.read, _IOC_WRITE: enc.write } as Record<string, number>;
    const generic = evalArg(call.args[0], 'direction', (n) => (n in DIRECTION_SYMBOLS ? okInt(DIRECTION_SYMBOLS[n]) : undefined));
    const own = evalArg(call.args[0], 'direction', (n) => (n in family ? okInt(BigInt(family[n])) : undefined));
    if (generic.ok && own.ok) {
      const dir = dirFromBits(generic.value.value);
      if (dir) fields.dir = dir;
      else problems.push(`direction ${generic.value.value} is not a combination of _IOC_NONE, _IOC_READ and _IOC_WRITE`);
      iocDirBits = own.value.value;
    } else {
      problems.push(!generic.ok ? generic.reason : !own.ok ? own.reason : '');
    }
    fields.argType = typeFromSizeArg(call.args[3]);
    sizeArg = { tokens: call.args[3], isType: false };
    fieldArgs = call.args.slice(1);
  } else if (form.arity === 3) {
    fields.argType = tokensToText(call.args[2]).trim() || null;
    sizeArg = { tokens: call.args[2], isType: true };
  }

  const type = evalArg(fieldArgs[0], 'type');
  const nr = evalArg(fieldArgs[1], 'nr');
  // The fields are OR-ed into place without masking, exactly as _IOC does, then read back.
  if (type.ok && nr.ok) {
    const packed = BigInt.asUintN(32, (type.value.value << 8n) | BigInt.asUintN(32, nr.value.value));
    fields.type = Number((packed >> 8n) & 0xffn);
    fields.nr = Number(packed & 0xffn);
  } else {
    // one field alone is still worth showing; the ioctl is marked unresolved either way
    if (type.ok) fields.type = Number(BigInt.asUintN(8, type.value.value));
    else problems.push(type.reason);
    if (nr.ok) fields.nr = Number(BigInt.asUintN(8, nr.value.value));
    else problems.push(nr.reason);
  }
  if (problems.length) {
    const missing = ctx.missing;
    const hint = missing.length && problems.some((p) => p.includes('is not defined'))
      ? ` (not found: ${missing.map((m) => `'${m}'`).join(', ')})`
      : '';
    fields.unresolved = problems.join('; ') + hint;
  }
  const typeNr = type.ok && nr.ok ? { type: type.value.value, nr: nr.value.value } : null;
  return { fields, sizing: { form, sizeArg, iocDirBits, typeNr, used: [...used].map((m) => m.name) } };
}

/** The definition at its place, with this ABI's argument size and command number (unless `fieldsOnly`). */
function finish(decoded: Decoded, def: MacroDef, ctx: IoctlEvalContext): IoctlDefinition | undefined {
  const { fields, sizing } = decoded;
  if (!fields) return undefined;
  const result: IoctlDefinition = { ...fields, ...placeOf(def), via: [...fields.via], abi: {} };
  if (!ctx.fieldsOnly && sizing) result.abi[ctx.abi.name] = abiValueOf(fields, sizing, ctx);
  return result;
}

/** This ABI's argument size and command number. */
function abiValueOf(fields: Fields, sizing: Sizing, ctx: IoctlEvalContext): AbiValue {
  const enc = ENCODINGS[ctx.abi.family];
  const dirBits = sizing.form.macro === '_IOC' ? sizing.iocDirBits : sizing.form.dir ? BigInt(dirValue(sizing.form.dir, enc)) : null;
  let size: EvalResult = okInt(0n);
  const { sizeArg } = sizing;
  if (sizeArg) size = sizeArg.isType ? ctx.layout.sizeOfTokens(sizeArg.tokens) : evaluator(ctx)(sizeArg.tokens, 'size');
  let distrust: string | undefined;
  for (const name of sizing.used) {
    const m = ctx.tu.macros.peek(name);
    if (m) distrust ??= ctx.distrustMacro?.(m);
  }
  if (distrust) return { size: null, value: null, unresolved: distrust };
  if (!size.ok) return { size: null, value: null, unresolved: `size: ${size.reason.replace(/^size: /, '')}` };
  if (fields.unresolved || !sizing.typeNr || dirBits === null) return { size: Number(size.value.value), value: null, unresolved: fields.unresolved };
  const value = encode(dirBits, sizing.typeNr.type, BigInt.asUintN(32, sizing.typeNr.nr), size.value.value, enc);
  return { size: Number(size.value.value), value, unresolved: null };
}

function okInt(v: bigint): EvalResult {
  return { ok: true, value: { value: v, type: { bits: 32, signed: false } } };
}

/**
 * Whether expanding a definition may reach an `_IO*` call: its body names one, or a name that
 * looks like a wrapper (`DRM_IOWR`, defined or from a missing include), or a macro whose body
 * may (followed through the unit's table as it stands), or pastes tokens (`##` may build the
 * name). False only when it cannot: most of a header's definitions are flags and constants,
 * and they are not expanded at all.
 */
function mayReachIoctl(def: MacroDef, table: MacroTable, known: Map<MacroDef, boolean | 'busy'>): boolean {
  const k = known.get(def);
  // a definition met again while its own body is followed: assume it may (never wrongly skipped)
  if (k !== undefined) return k !== false;
  // depth first with a stack of its own: a chain of 10,000 macros is no reason to overflow
  const stack: Array<{ def: MacroDef; at: number }> = [{ def, at: 0 }];
  known.set(def, 'busy');
  while (stack.length) {
    const top = stack[stack.length - 1];
    const body = top.def.body;
    let next: MacroDef | undefined;
    let may = false;
    while (top.at < body.length) {
      const t = body[top.at++];
      if (t.kind === 'punct' ? t.text === '##' || t.text === '%:' : t.kind === 'identifier' && (t.text in IOCTL_FORMS || looksLikeIoctlWrapper(t.text))) {
        may = true;
        break;
      }
      if (t.kind !== 'identifier') continue;
      const m = table.peek(t.text);
      if (!m) continue;
      const seen = known.get(m);
      if (seen === undefined) {
        next = m;
        break;
      }
      if (seen !== false) {
        may = true;
        break;
      }
    }
    if (may) {
      // what reaches it, reaches through every definition on the way to it
      for (const f of stack) known.set(f.def, true);
      return true;
    }
    if (next) {
      known.set(next, 'busy');
      stack.push({ def: next, at: 0 });
      continue;
    }
    known.set(top.def, false);
    stack.pop();
  }
  return false;
}

/** Every ioctl command definition in the main file of a translation unit, in source order. */
export function extractIoctls(ctx: IoctlEvalContext, memo?: ExtractionMemo): IoctlDefinition[] {
  const main = ctx.tu.files.get(ctx.tu.main);
  if (!main) return [];
  const out: IoctlDefinition[] = [];
  const reach = new Map<MacroDef, boolean | 'busy'>();
  for (const def of main.defines) {
    if (def.params !== undefined || !mayReachIoctl(def, ctx.tu.macros, reach)) continue;
    const ioctl = memo ? memo.extract(def, ctx) : extractIoctl(def, ctx);
    if (ioctl) out.push(ioctl);
  }
  return out;
}

/** The fields of a definition that do not depend on where it is in the file, nor on the ABI. */
type Fields = Omit<IoctlDefinition, 'name' | 'file' | 'nameRange' | 'range' | 'definition' | 'abi'>;

interface Remembered {
  decoded: Decoded;
  /** What the decoding looked up, with what it found. */
  macros: Map<string, MacroDef | undefined>;
  enums: Map<string, string>;
  typeNames: Map<string, boolean>;
  missing: string;
  /** The integer model, if the evaluation read it (a `long` literal, a character over 0x7f). */
  model?: IntModel;
  /** The encoding family, if `_IOC`'s direction was evaluated with its values. */
  family?: string;
  /** The expansion's work, charged to the unit's budget again when the decoding is reused. */
  work: number;
}

/** A macro definition as text: equal for the same definition in two versions of a file, or on two ABIs. */
function macroText(def: MacroDef | undefined): string {
  return def ? `${def.file ?? ''}\0${def.params?.join(',') ?? '-'}\0${def.bodyText}` : '';
}

function enumText(r: EvalResult | undefined): string {
  return r === undefined ? '' : r.ok ? `=${r.value.value}` : `!${r.reason}`;
}

/**
 * Decodings of ioctl definitions, kept for the next extraction of the same definition: on the
 * other nine ABIs of the same header, in the next version of a header being edited, and in every
 * header that includes the same one (drm.h's ioctls, seen from each DRM driver's header). A
 * decoding is reused only if every macro, enum constant and type name it looked up is as it
 * was, with the integer model and encoding family if it read them; the size and the number are
 * computed for each ABI. One whose evaluation needed a layout (`sizeof` in a field) is never
 * kept, nor one that a work limit stopped.
 */
export class ExtractionMemo {
  private known = new Map<string, Remembered[]>();
  /** What the decoding under way looked up. */
  private current: Recording | undefined;
  /** Each unit's context as the decoding sees it: the same, with every lookup written down. */
  private readonly recorders = new WeakMap<IoctlEvalContext, IoctlEvalContext>();
  private readonly missingKeys = new WeakMap<IoctlEvalContext, string>();
  private readonly onLookup = (name: string, found: MacroDef | undefined) => {
    const macros = this.current!.macros;
    if (!macros.has(name)) macros.set(name, found);
  };

  /**
   * `max`: definitions kept at most, the oldest dropped first. `everyDefinition`: also what is
   * no ioctl (a document's own definitions, decoded again on each edit); else ioctls only.
   */
  constructor(
    private readonly max = Infinity,
    private readonly everyDefinition = true,
  ) {}

  extract(def: MacroDef, ctx: IoctlEvalContext): IoctlDefinition | undefined {
    const decoded = this.decoded(def, ctx);
    return decoded && finish(decoded, def, ctx);
  }

  /**
   * What `extract(def, ctx)` says of this ABI alone: its size and number (undefined where it has
   * none), and why the definition is unresolved; without the definition and its place, which the
   * other ABIs of a header do not need. Undefined when the definition is no ioctl.
   */
  abiValue(def: MacroDef, ctx: IoctlEvalContext): { value: AbiValue | undefined; unresolved: string | null } | undefined {
    const decoded = this.decoded(def, ctx);
    const fields = decoded?.fields;
    if (!fields) return undefined;
    return { value: !ctx.fieldsOnly && decoded.sizing ? abiValueOf(fields, decoded.sizing, ctx) : undefined, unresolved: fields.unresolved };
  }

  private decoded(def: MacroDef, ctx: IoctlEvalContext): Decoded | undefined {
    // a body without identifiers (a number, a string) cannot expand to anything
    if (def.params !== undefined || !def.body.some((t) => t.kind === 'identifier')) return undefined;
    const key = `${def.name}\0${def.bodyText}`;
    let missing = this.missingKeys.get(ctx);
    if (missing === undefined) this.missingKeys.set(ctx, (missing = ctx.missing.join('\n')));
    const known = this.known.get(key);
    const budget = ctx.tu.macros.budget;
    for (const r of known ?? []) {
      if (!this.sameLookups(r, ctx, missing)) continue;
      // reused, the expansion's work is charged as doing it would be, and first, as it would be
      // (where doing it would stop, it is done)
      if (budget && (budget.remaining <= 0 || budget.remaining < r.work)) break;
      if (budget) budget.remaining -= r.work;
      if (this.sameValues(r, ctx)) return r.decoded;
      if (budget) budget.remaining += r.work;
    }
    const outerRecording = this.current;
    const recording: Recording = (this.current = { macros: new Map(), enums: new Map(), typeNames: new Map(), usedLayout: false, usedModel: false });
    let work = 0;
    const table = ctx.tu.macros;
    const outer = table.onLookup;
    table.onLookup = this.onLookup;
    const stopped = budget?.stopped ?? 0;
    let decoded: Decoded;
    try {
      decoded = decode(def, this.recorder(ctx), (w) => (work = w));
    } finally {
      table.onLookup = outer;
      this.current = outerRecording;
    }
    if (!recording.usedLayout && (budget?.stopped ?? 0) === stopped && (decoded.fields || this.everyDefinition)) {
      const { macros, enums, typeNames } = recording;
      const family = decoded.sizing?.form.macro === '_IOC' ? ctx.abi.family : undefined;
      const entry: Remembered = { decoded, macros, enums, typeNames, missing, model: recording.usedModel ? ctx.env.model : undefined, family, work };
      this.known.set(key, known ? [entry, ...known].slice(0, VARIANTS) : [entry]);
      if (this.known.size > this.max) this.known.delete(this.known.keys().next().value!);
    }
    return decoded;
  }

  /** The unit's context, each lookup written into the recording under way. */
  private recorder(ctx: IoctlEvalContext): IoctlEvalContext {
    let r = this.recorders.get(ctx);
    if (r) return r;
    const now = () => this.current!;
    const model = ctx.env.model;
    // (no spread of ctx: that would read its layout, which is built only when asked for)
    r = {
      tu: ctx.tu,
      env: {
        ...ctx.env,
        model: {
          get longBits() {
            now().usedModel = true;
            return model.longBits;
          },
          get charSigned() {
            now().usedModel = true;
            return model.charSigned;
          },
        },
      },
      missing: ctx.missing,
      abi: ctx.abi,
      distrustMacro: ctx.distrustMacro,
      fieldsOnly: ctx.fieldsOnly,
      enums: {
        get(name) {
          const v = ctx.enums.get(name);
          const enums = now().enums;
          if (!enums.has(name)) enums.set(name, enumText(v));
          return v;
        },
      },
      isTypeName(name) {
        const v = ctx.isTypeName(name);
        const typeNames = now().typeNames;
        if (!typeNames.has(name)) typeNames.set(name, v);
        return v;
      },
      get layout() {
        now().usedLayout = true;
        return ctx.layout;
      },
    };
    this.recorders.set(ctx, r);
    return r;
  }

  /** Forget definitions no longer in the document (after an analysis of all of them). */
  keepOnly(defs: readonly MacroDef[]): void {
    const keep = new Set(defs.map((d) => `${d.name}\0${d.bodyText}`));
    for (const k of this.known.keys()) if (!keep.has(k)) this.known.delete(k);
  }

  /** The lookups without side effects: the missing includes, the model and family, the macros. */
  private sameLookups(r: Remembered, ctx: IoctlEvalContext, missing: string): boolean {
    if (r.missing !== missing) return false;
    if (r.family !== undefined && r.family !== ctx.abi.family) return false;
    if (r.model && (r.model.longBits !== ctx.env.model.longBits || r.model.charSigned !== ctx.env.model.charSigned)) return false;
    for (const [name, def] of r.macros) {
      const now = ctx.tu.macros.peek(name);
      if (now === def) continue;
      if (macroText(now) !== macroText(def)) return false;
      // the same definition read from a newer version of its file (an edited document): keep
      // that one, so that the memo holds no old version of the file alive, and the next ABI
      // finds it the same at once
      r.macros.set(name, now);
    }
    return true;
  }

  /** The enum constants and type names, which are evaluated when first asked for. */
  private sameValues(r: Remembered, ctx: IoctlEvalContext): boolean {
    for (const [name, text] of r.enums) if (enumText(ctx.enums.get(name)) !== text) return false;
    for (const [name, v] of r.typeNames) if (ctx.isTypeName(name) !== v) return false;
    return true;
  }
}

interface Recording {
  macros: Map<string, MacroDef | undefined>;
  enums: Map<string, string>;
  typeNames: Map<string, boolean>;
  usedLayout: boolean;
  usedModel: boolean;
}

/** Decodings kept per definition text: the same text decodes differently under other macros (one per ABI at most, in practice). */
const VARIANTS = 4;

function placeOf(def: MacroDef): Pick<IoctlDefinition, 'name' | 'file' | 'nameRange' | 'range' | 'definition'> {
  return { name: def.name, file: def.file ?? '', nameRange: def.nameRange!, range: def.range!, definition: def.bodyText };
}
