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
  private readonly values = new Map<EnumeratorDecl, EvalResult>();
  private readonly inProgress = new Set<EnumeratorDecl>();

  constructor(
    private readonly tu: TranslationUnit,
    private readonly env: Omit<EvalEnv, 'identifier'>,
  ) {
    for (const activity of tu.files.values()) {
      for (const e of activity.file.enumerators) {
        if (!isInactive(activity, e.start)) this.decls.set(e.name, e);
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

  private valueOf(decl: EnumeratorDecl): EvalResult {
    const known = this.values.get(decl);
    if (known) return known;
    if (this.inProgress.has(decl)) return fail(`the value of '${decl.name}' depends on itself`);
    this.inProgress.add(decl);
    let result: EvalResult;
    try {
      if (decl.value) {
        result = this.evaluateTokens(decl.value);
      } else if (decl.previous) {
        const prev = this.valueOf(decl.previous);
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

  evaluateTokens(tokens: Token[]): EvalResult {
    try {
      const expanded = new Expander(this.tu.macros).expand(tokens);
      return evaluate(parseExpression(expanded), { ...this.env, identifier: (n) => this.get(n) });
    } catch (e) {
      if (e instanceof ExpansionError || e instanceof ExpressionSyntaxError) return fail(e.message);
      throw e;
    }
  }
}
