import { tokenize, type Token } from './tokens';
import type { MacroDef, MacroTable } from './macros';

/**
 * Macro expansion as C11 6.10.3 describes it, in the hide-set formulation by Dave Prosser:
 * a token never re-expands a macro it came from, so self- and mutually-recursive macros stop.
 * The work is bounded so that hostile input ends with a clear reason instead of a hang.
 */

export interface ExpandLimits {
  /** Macro replacements performed in one expansion. */
  maxSteps: number;
  /** Tokens in the result or the pending input. */
  maxTokens: number;
}

/** Macro calls nested in arguments of macro calls, deeper than any real header. */
export const MAX_ARGUMENT_NESTING = 256;

// The kernel's uAPI headers need at most ~1,700 replacements for one expansion.
export const DEFAULT_EXPAND_LIMITS: ExpandLimits = { maxSteps: 10_000, maxTokens: 100_000 };

export class ExpansionError extends Error {}

export interface ExpandOptions {
  /** Names left as they are, with their arguments still expanded (the `_IO*` family). */
  opaque?: (name: string) => boolean;
  limits?: ExpandLimits;
  /** Called for every macro that is expanded (to explain a result, e.g. a wrapper chain). */
  onExpand?: (def: MacroDef) => void;
}

/** Union of two hide sets, shared rather than copied whenever one contains the other. */
function union(a: ReadonlySet<string> | undefined, b: ReadonlySet<string>): ReadonlySet<string> {
  if (!a || a === b || a.size === 0) return b;
  let bHasAll = true;
  for (const x of a) {
    if (!b.has(x)) {
      bHasAll = false;
      break;
    }
  }
  if (bHasAll) return b;
  const merged = new Set(a);
  for (const x of b) merged.add(x);
  return merged;
}

function withHide(tok: Token, hide: ReadonlySet<string>): Token {
  if (hide.size === 0) return tok;
  const merged = union(tok.hide, hide);
  return merged === tok.hide ? tok : { ...tok, hide: merged };
}

function intersect(a: ReadonlySet<string> | undefined, b: ReadonlySet<string> | undefined): Set<string> {
  const out = new Set<string>();
  if (!a || !b) return out;
  for (const x of a) if (b.has(x)) out.add(x);
  return out;
}

/** Split the tokens after a function-like macro name into arguments; null if no call follows. */
function collectArgs(
  stack: Token[],
): { args: Token[][]; close: Token } | null {
  // stack holds pending input reversed: the next token is at the end
  const open = stack[stack.length - 1];
  if (!open || open.text !== '(') return null;
  let depth = 0;
  const args: Token[][] = [[]];
  for (let k = stack.length - 1; k >= 0; k--) {
    const t = stack[k];
    if (t.text === '(') {
      depth++;
      if (depth === 1) continue;
    } else if (t.text === ')') {
      depth--;
      if (depth === 0) {
        stack.length = k;
        return { args, close: t };
      }
    } else if (t.text === ',' && depth === 1) {
      args.push([]);
      continue;
    }
    args[args.length - 1].push(t);
  }
  return null; // unbalanced: not an invocation
}

function stringize(arg: Token[]): Token {
  let s = '';
  for (const t of arg) {
    if (s && t.space) s += ' ';
    s += t.kind === 'string' || t.kind === 'char' ? t.text.replace(/["\\]/g, (m) => '\\' + m) : t.text;
  }
  return { kind: 'string', text: `"${s}"`, space: false, offset: -1 };
}

function paste(left: Token, right: Token): Token[] {
  const joined = tokenize(left.text + right.text);
  if (joined.length === 1) return [{ ...joined[0], space: left.space, offset: -1 }];
  // Not a valid token (gcc rejects it); keep both so the caller sees what went wrong.
  return [left, { ...right, space: false }];
}

export class Expander {
  private steps = 0;
  private depth = 0;
  private readonly limits: ExpandLimits;
  private readonly singletons = new Map<string, ReadonlySet<string>>();

  constructor(
    private readonly macros: MacroTable,
    private readonly options: ExpandOptions = {},
  ) {
    this.limits = options.limits ?? DEFAULT_EXPAND_LIMITS;
  }

  /** The hide set holding just `name`, one per name. */
  private singleton(name: string): ReadonlySet<string> {
    let s = this.singletons.get(name);
    if (!s) {
      s = new Set([name]);
      this.singletons.set(name, s);
    }
    return s;
  }

  /** Fully expand `input`. Throws ExpansionError when a limit is reached. */
  expand(input: readonly Token[]): Token[] {
    this.steps = 0; // the limits hold per expansion, so one Expander can serve many
    this.depth = 0;
    if (input.length > this.limits.maxTokens) {
      throw new ExpansionError(`the text to expand has ${input.length} tokens, over the limit of ${this.limits.maxTokens}`);
    }
    return this.expandInner(input);
  }

  private expandInner(input: readonly Token[]): Token[] {
    // macro arguments are expanded before substitution: each nested call is one level
    if (this.depth >= MAX_ARGUMENT_NESTING) {
      throw new ExpansionError(`macro arguments nest more than ${MAX_ARGUMENT_NESTING} levels deep`);
    }
    this.depth++;
    try {
      return this.scan(input);
    } finally {
      this.depth--;
    }
  }

  private scan(input: readonly Token[]): Token[] {
    const out: Token[] = [];
    const stack: Token[] = [];
    for (let k = input.length - 1; k >= 0; k--) stack.push(input[k]);
    const opaque = this.options.opaque;
    while (stack.length) {
      const tok = stack.pop()!;
      if (tok.kind !== 'identifier' || tok.hide?.has(tok.text) || opaque?.(tok.text)) {
        out.push(tok);
        if (out.length > this.limits.maxTokens) {
          throw new ExpansionError(`the expansion grew past ${this.limits.maxTokens} tokens`);
        }
        continue;
      }
      const def = this.macros.get(tok.text);
      if (!def) {
        out.push(tok);
        continue;
      }
      let replacement: Token[];
      if (def.params === undefined) {
        replacement = this.substitute(def, [], union(tok.hide, this.singleton(def.name)));
      } else {
        const call = collectArgs(stack);
        if (!call) {
          out.push(tok);
          continue;
        }
        const hide = intersect(tok.hide, call.close.hide);
        replacement = this.substitute(def, this.bindArgs(def, call.args), hide.size ? hide.add(def.name) : this.singleton(def.name));
      }
      if (++this.steps > this.limits.maxSteps) {
        throw new ExpansionError(`macro expansion took more than ${this.limits.maxSteps} steps`);
      }
      this.options.onExpand?.(def);
      if (replacement.length) replacement[0] = { ...replacement[0], space: tok.space };
      for (let k = replacement.length - 1; k >= 0; k--) stack.push(replacement[k]);
      if (stack.length > this.limits.maxTokens) {
        throw new ExpansionError(`the expansion grew past ${this.limits.maxTokens} tokens`);
      }
    }
    return out;
  }

  private bindArgs(def: MacroDef, args: Token[][]): Token[][] {
    const params = def.params!;
    // `F()` passes one empty argument, which is no argument for a macro without parameters.
    if (params.length === 0 && args.length === 1 && args[0].length === 0) return [];
    if (def.variadic && args.length > params.length) {
      const fixed = args.slice(0, params.length - 1);
      const rest: Token[] = [];
      args.slice(params.length - 1).forEach((a, idx) => {
        if (idx > 0) rest.push({ kind: 'punct', text: ',', space: false, offset: -1 });
        rest.push(...a);
      });
      return [...fixed, rest];
    }
    while (args.length < params.length) args.push([]);
    return args;
  }

  /** Replace parameters in the body (C11 6.10.3.1-3), then apply the hide set. */
  private substitute(def: MacroDef, args: Token[][], hide: ReadonlySet<string>): Token[] {
    const params = def.params ?? [];
    const body = def.body;
    const index = (t: Token | undefined) => (t && t.kind === 'identifier' ? params.indexOf(t.text) : -1);
    const expandedArgs = new Map<number, Token[]>();
    const expandedArg = (i: number) => {
      let e = expandedArgs.get(i);
      if (!e) {
        e = this.expandInner(args[i] ?? []);
        expandedArgs.set(i, e);
      }
      return e;
    };
    const out: Token[] = [];
    for (let k = 0; k < body.length; k++) {
      const t = body[k];
      // # param
      if (t.text === '#' && def.params !== undefined && index(body[k + 1]) >= 0) {
        const s = stringize(args[index(body[k + 1])] ?? []);
        out.push({ ...s, space: t.space });
        k++;
        continue;
      }
      // x ## y
      if (body[k + 1]?.text === '##') {
        let left: Token[] = index(t) >= 0 ? [...(args[index(t)] ?? [])] : [t];
        while (body[k + 1]?.text === '##' && k + 2 < body.length) {
          const r = body[k + 2];
          const right: Token[] = index(r) >= 0 ? [...(args[index(r)] ?? [])] : [r];
          // GNU: `, ## __VA_ARGS__` drops the comma when the variable arguments are empty
          if (left.length === 1 && left[0].text === ',' && right.length === 0 && def.variadic) {
            left = [];
          } else if (left.length && right.length) {
            left = [...left.slice(0, -1), ...paste(left[left.length - 1], right[0]), ...right.slice(1)];
          } else {
            left = [...left, ...right];
          }
          k += 2;
        }
        if (left.length) left[0] = { ...left[0], space: t.space };
        out.push(...left);
        continue;
      }
      const p = index(t);
      if (p >= 0) {
        const e = expandedArg(p);
        if (e.length) {
          out.push({ ...e[0], space: t.space }, ...e.slice(1));
        }
        continue;
      }
      out.push(t);
    }
    return out.map((t) => withHide(t, hide));
  }
}

/** Expand `tokens` with `macros`; undefined when a limit stops the expansion. */
export function tryExpand(macros: MacroTable, tokens: readonly Token[]): Token[] | undefined {
  try {
    return new Expander(macros).expand(tokens);
  } catch (e) {
    if (e instanceof ExpansionError) return undefined;
    throw e;
  }
}
