import type { TranslationUnit } from '../preprocess/preprocessor';
import { isInactive } from '../preprocess/preprocessor';
import type { EnumeratorDecl } from './enums';
import { evaluate, fail, ok, INT, type EvalEnv, type EvalResult } from '../preprocess/evaluate';
import { Expander, ExpansionError } from '../preprocess/expand';
import { parseExpression, ExpressionSyntaxError } from '../preprocess/expression';
import type { Token } from '../preprocess/tokens';

/** Enumerators defined by enumerators of other enums, by others again...: beyond this, a reason. */
const MAX_REFERENCE_DEPTH = 256;

/**
 * Values of the enumeration constants reachable from a translation unit, computed on demand:
 * most are never needed. Values use the macro table at the end of the unit.
 */
export class EnumValues {
  private readonly decls = new Map<string, EnumeratorDecl>();
  private readonly active = new Set<EnumeratorDecl>();
  private readonly values = new Map<EnumeratorDecl, EvalResult>();
  private readonly inProgress = new Set<EnumeratorDecl>();
  private readonly memberLists = new Map<EnumeratorDecl[], EnumeratorDecl[]>();

  constructor(
    private readonly tu: TranslationUnit,
    private readonly env: Omit<EvalEnv, 'identifier'>,
  ) {
    for (const activity of tu.files.values()) {
      for (const e of activity.file.enumerators) {
        if (isInactive(activity, e.start)) continue;
        this.decls.set(e.name, e);
        this.active.add(e);
      }
    }
  }

  has(name: string): boolean {
    return this.decls.has(name);
  }

  get(name: string): EvalResult | undefined {
    const decl = this.decls.get(name);
    return decl ? this.valueOf(decl) : undefined;
  }

  /** The active enumerators of an enum, in order (inactive `#if` groups skipped). */
  private members(list: EnumeratorDecl[]): EnumeratorDecl[] {
    let m = this.memberLists.get(list);
    if (!m) {
      m = list.filter((e) => this.active.has(e));
      this.memberLists.set(list, m);
    }
    return m;
  }

  /**
   * C lets an enumerator use only the ones before it, so an enum is evaluated in order, each
   * value from the cache or from its predecessor: no recursion along the enum, however long.
   * Only references to other enums recurse, and that depth is bounded.
   */
  private valueOf(decl: EnumeratorDecl): EvalResult {
    const known = this.values.get(decl);
    if (known) return known;
    if (this.inProgress.has(decl)) return fail(`the value of '${decl.name}' depends on itself`);
    if (this.inProgress.size >= MAX_REFERENCE_DEPTH) {
      return fail(`enumerator '${decl.name}': values refer to other enums more than ${MAX_REFERENCE_DEPTH} levels deep`);
    }
    let previous: EvalResult | undefined;
    for (const e of this.members(decl.list)) {
      let result = this.values.get(e);
      if (!result) {
        // an earlier enumerator still being computed: this one depends on it (a cycle)
        if (this.inProgress.has(e)) return fail(`enumerator '${decl.name}': the value of '${e.name}' depends on itself`);
        this.inProgress.add(e);
        try {
          if (e.value) result = this.evaluateTokens(e.value);
          else if (!previous) result = ok(0n, INT);
          else if (previous.ok) result = ok(previous.value.value + 1n, previous.value.type.bits > 32 ? previous.value.type : INT);
          else result = previous;
        } finally {
          this.inProgress.delete(e);
        }
        if (!result.ok && !result.reason.startsWith(`enumerator '${e.name}'`)) result = fail(`enumerator '${e.name}': ${result.reason}`);
        this.values.set(e, result);
      }
      if (e === decl) return result;
      previous = result;
    }
    return fail(`enumerator '${decl.name}' is not in its enum`);
  }

  /** Evaluate a constant expression of this unit: macros expanded, enumerators known. */
  evaluateTokens(tokens: Token[], sizeOf?: EvalEnv['sizeOf'], isTypeName?: (n: string) => boolean): EvalResult {
    try {
      const expanded = new Expander(this.tu.macros).expand(tokens);
      return evaluate(parseExpression(expanded, { isTypeName }), { ...this.env, sizeOf: sizeOf ?? this.env.sizeOf, identifier: (n) => this.get(n) });
    } catch (e) {
      if (e instanceof ExpansionError || e instanceof ExpressionSyntaxError) return fail(e.message);
      throw e;
    }
  }
}
