import { tokenize, type Token } from './tokens';
import type { ExpansionBudget, MacroDef, MacroTable } from './macros';

export type { ExpansionBudget };

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
  /**
   * Work in one expansion: tokens visited (each rescan and argument collection counts, and
   * arguments are expanded before substitution, so nested calls visit their tokens once per
   * level) and hide-set entries copied (a chain of macros hides all of them from each token).
   */
  maxWork: number;
}

// The kernel's uAPI headers need at most ~230,000 for all expansions of a header (every ABI).
export const TRANSLATION_UNIT_WORK = 2_000_000;

export function expansionBudget(total = TRANSLATION_UNIT_WORK): ExpansionBudget {
  return { remaining: total, total, stopped: 0 };
}

/** Macro calls nested in arguments of macro calls, deeper than any real header. */
export const MAX_ARGUMENT_NESTING = 256;

// The kernel's uAPI headers need at most ~1,700 replacements and ~120,000 of work for one
// expansion.
export const DEFAULT_EXPAND_LIMITS: ExpandLimits = { maxSteps: 10_000, maxTokens: 100_000, maxWork: 1_000_000 };

export class ExpansionError extends Error {}

export interface ExpandOptions {
  /** Names left as they are, with their arguments still expanded (the `_IO*` family). */
  opaque?: (name: string) => boolean;
  limits?: ExpandLimits;
  /** Called for every macro that is expanded (to explain a result, e.g. a wrapper chain). */
  onExpand?: (def: MacroDef) => void;
}

interface Work {
  visited: number;
}

/** Union of two hide sets, shared rather than copied whenever one contains the other. */
function union(a: ReadonlySet<string> | undefined, b: ReadonlySet<string>, work: Work): ReadonlySet<string> {
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
  work.visited += merged.size;
  return merged;
}

function withHide(tok: Token, hide: ReadonlySet<string>, work: Work): Token {
  if (hide.size === 0) return tok;
  const merged = union(tok.hide, hide, work);
  return merged === tok.hide ? tok : { ...tok, hide: merged };
}

function intersect(a: ReadonlySet<string> | undefined, b: ReadonlySet<string> | undefined, work: Work): Set<string> {
  const out = new Set<string>();
  if (!a || !b) return out;
  work.visited += a.size;
  for (const x of a) if (b.has(x)) out.add(x);
  return out;
}

/** Split the tokens after a function-like macro name into arguments; null if no call follows. */
function collectArgs(
  stack: Token[],
  work: Work,
): { args: Token[][]; close: Token } | null {
  // stack holds pending input reversed: the next token is at the end
  const open = stack[stack.length - 1];
  if (!open || open.text !== '(') return null;
  let depth = 0;
  const args: Token[][] = [[]];
  for (let k = stack.length - 1; k >= 0; k--) {
    work.visited++;
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

/**
 * How deep calls of function-like macros nest in the arguments of one another, as written:
 * found in one pass, so that input nested far beyond the bound fails at once instead of after
 * the bound's worth of levels, each of which collects and rescans the rest of the input.
 */
function callNesting(tokens: readonly Token[], macros: MacroTable, opaque?: (name: string) => boolean): number {
  const calls: boolean[] = [];
  let open = 0;
  let deepest = 0;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.text === '(') {
      const prev = tokens[k - 1];
      const call = prev?.kind === 'identifier' && macros.get(prev.text)?.params !== undefined && !opaque?.(prev.text);
      calls.push(call);
      if (call) deepest = Math.max(deepest, ++open);
    } else if (t.text === ')' && calls.length) {
      if (calls.pop()) open--;
    }
  }
  return deepest;
}

export class Expander {
  private steps = 0;
  private depth = 0;
  private readonly work: Work = { visited: 0 };
  private readonly budget: ExpansionBudget | undefined;
  private readonly limits: ExpandLimits;
  private readonly singletons = new Map<string, ReadonlySet<string>>();

  constructor(
    private readonly macros: MacroTable,
    private readonly options: ExpandOptions = {},
  ) {
    this.limits = options.limits ?? DEFAULT_EXPAND_LIMITS;
    this.budget = macros.budget;
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
    this.work.visited = 0;
    if (this.budget && this.budget.remaining <= 0) throw this.budgetSpent();
    if (input.length > this.limits.maxTokens) {
      throw new ExpansionError(`the text to expand has ${input.length} tokens, over the limit of ${this.limits.maxTokens}`);
    }
    if (callNesting(input, this.macros, this.options.opaque) > MAX_ARGUMENT_NESTING) {
      throw new ExpansionError(`macro arguments nest more than ${MAX_ARGUMENT_NESTING} levels deep`);
    }
    try {
      return this.expandInner(input);
    } finally {
      if (this.budget) this.budget.remaining -= this.work.visited;
    }
  }

  private budgetSpent(): ExpansionError {
    this.budget!.stopped++;
    return new ExpansionError(`the macro expansions of this header went over their work limit in all (${this.budget!.total} token operations); the rest are not expanded`);
  }

  /** Stop when this expansion, or all of the unit's together, went over the work limit. */
  private checkWork(): void {
    if (this.work.visited > this.limits.maxWork) {
      if (this.budget) this.budget.stopped++;
      throw new ExpansionError(`macro expansion went over its work limit (${this.limits.maxWork} token operations)`);
    }
    if (this.budget && this.work.visited > this.budget.remaining) throw this.budgetSpent();
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
      this.work.visited++;
      this.checkWork();
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
        // a body that cannot fit is refused before it is copied
        if (stack.length + def.body.length > this.limits.maxTokens) {
          throw new ExpansionError(`the expansion grew past ${this.limits.maxTokens} tokens`);
        }
        replacement = this.substitute(def, [], union(tok.hide, this.singleton(def.name), this.work));
      } else {
        const call = collectArgs(stack, this.work);
        if (!call) {
          out.push(tok);
          continue;
        }
        const hide = intersect(tok.hide, call.close.hide, this.work);
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
        for (const t of a) rest.push(t);
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
        for (const x of left) out.push(x);
        continue;
      }
      const p = index(t);
      if (p >= 0) {
        const e = expandedArg(p);
        if (out.length + e.length > this.limits.maxTokens) {
          throw new ExpansionError(`the expansion grew past ${this.limits.maxTokens} tokens`);
        }
        // a loop, not push(...e): an argument list of 100,000 tokens overflows the stack
        for (let i = 0; i < e.length; i++) out.push(i === 0 ? { ...e[0], space: t.space } : e[i]);
        continue;
      }
      out.push(t);
    }
    const hidden = out.map((t) => withHide(t, hide, this.work));
    this.checkWork();
    return hidden;
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
