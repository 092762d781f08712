import type { TranslationUnit } from '../preprocess/preprocessor';
import { isInactive } from '../preprocess/preprocessor';
import type { EnumeratorDecl } from './enums';
import { evaluate, fail, ok, INT, type EvalEnv, type EvalResult } from '../preprocess/evaluate';
import { Expander, ExpansionError } from '../preprocess/expand';
import { parseExpression, ExpressionSyntaxError } from '../preprocess/expression';
import type { Token } from '../preprocess/tokens';

/**
 * Values of the enumeration constants reachable from a translation unit, computed on demand:
 * most are never needed. Values use the macro table at the end of the unit.
 */
export class EnumValues {
  private readonly decls = new Map<string, EnumeratorDecl>();
  private readonly active = new Set<EnumeratorDecl>();
  private readonly values = new Map<EnumeratorDecl, EvalResult>();
  private readonly inProgress = new Set<EnumeratorDecl>();

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

  /** The enumerator before this one in its enum, skipping those in inactive `#if` groups. */
  private previous(decl: EnumeratorDecl): EnumeratorDecl | undefined {
    for (let i = decl.list.indexOf(decl) - 1; i >= 0; i--) if (this.active.has(decl.list[i])) return decl.list[i];
    return undefined;
  }

  private valueOf(decl: EnumeratorDecl): EvalResult {
    const known = this.values.get(decl);
    if (known) return known;
    if (this.inProgress.has(decl)) return fail(`the value of '${decl.name}' depends on itself`);
    this.inProgress.add(decl);
    let result: EvalResult;
    try {
      if (decl.value) {
        result = this.evaluateTokens(decl.value);
      } else if (this.previous(decl)) {
        const prev = this.valueOf(this.previous(decl)!);
        result = prev.ok ? ok(prev.value.value + 1n, prev.value.type.bits > 32 ? prev.value.type : INT) : prev;
      } else {
        result = ok(0n, INT);
      }
    } finally {
      this.inProgress.delete(decl);
    }
    if (!result.ok) result = fail(`enumerator '${decl.name}': ${result.reason}`);
    this.values.set(decl, result);
    return result;
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
