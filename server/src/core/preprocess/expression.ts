import type { Token } from './tokens';
import { tokensToText } from './tokens';

/** A C constant expression, as found in macro bodies, `#if` lines and enumerators. */
export type Expr =
  | { kind: 'number'; token: Token }
  | { kind: 'char'; token: Token }
  | { kind: 'ident'; token: Token }
  | { kind: 'unary'; op: string; operand: Expr }
  | { kind: 'binary'; op: string; left: Expr; right: Expr }
  | { kind: 'ternary'; cond: Expr; then: Expr; otherwise: Expr }
  | { kind: 'cast'; typeName: Token[]; operand: Expr }
  | { kind: 'sizeof'; typeName?: Token[]; operand?: Expr }
  /** `name(args)`: an `_IO*` call, or a function-like name that is not a macro. */
  | { kind: 'call'; callee: Token; args: Token[][] }
  /** Something that is valid C but not a constant we can compute (member access, strings...). */
  | { kind: 'opaque'; what: string; tokens: Token[] };

export class ExpressionSyntaxError extends Error {}

const BINARY_PRECEDENCE: Record<string, number> = {
  ',': 1,
  '||': 3, '&&': 4, '|': 5, '^': 6, '&': 7,
  '==': 8, '!=': 8, '<': 9, '>': 9, '<=': 9, '>=': 9,
  '<<': 10, '>>': 10, '+': 11, '-': 11, '*': 12, '/': 12, '%': 12,
};

const TYPE_KEYWORDS = new Set([
  'unsigned', 'signed', 'int', 'char', 'short', 'long', '_Bool', 'bool', 'void', 'float', 'double',
  'struct', 'union', 'enum', 'const', 'volatile', '__signed__', '__const', '__volatile__',
]);

export interface ParseOptions {
  /** True for typedef names, so `(__u32)x` parses as a cast. */
  isTypeName?: (name: string) => boolean;
  /** Allow the comma operator at the top level (the `#if` grammar does not, C expressions may). */
  topLevelComma?: boolean;
}

/** Split tokens at commas that are not nested in parentheses, brackets or braces. */
export function splitTopLevel(tokens: readonly Token[], separator = ','): Token[][] {
  const parts: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (t.text === '(' || t.text === '[' || t.text === '{') depth++;
    else if (t.text === ')' || t.text === ']' || t.text === '}') depth--;
    if (t.text === separator && depth === 0) {
      parts.push([]);
      continue;
    }
    parts[parts.length - 1].push(t);
  }
  return parts;
}

export function parseExpression(tokens: readonly Token[], options: ParseOptions = {}): Expr {
  const p = new Parser(tokens, options);
  const expr = p.parse(options.topLevelComma === false ? 2 : 1);
  if (!p.atEnd()) {
    throw new ExpressionSyntaxError(`unexpected '${p.peek()!.text}' in '${tokensToText(tokens)}'`);
  }
  return expr;
}

/** Deeper nesting than this is not a real header: say so instead of exhausting the stack. */
export const MAX_EXPRESSION_DEPTH = 256;

class Parser {
  private pos = 0;
  private depth = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly options: ParseOptions,
  ) {}

  atEnd(): boolean {
    return this.pos >= this.tokens.length;
  }

  peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }

  private next(): Token {
    const t = this.tokens[this.pos++];
    if (!t) throw new ExpressionSyntaxError('the expression ends too early');
    return t;
  }

  private expect(text: string): Token {
    const t = this.next();
    if (t.text !== text) throw new ExpressionSyntaxError(`expected '${text}', found '${t.text}'`);
    return t;
  }

  /** Tokens up to the `)` matching an already consumed `(`. */
  private balanced(): Token[] {
    const start = this.pos;
    let depth = 1;
    while (this.pos < this.tokens.length) {
      const t = this.tokens[this.pos++];
      if (t.text === '(') depth++;
      else if (t.text === ')' && --depth === 0) return this.tokens.slice(start, this.pos - 1);
    }
    throw new ExpressionSyntaxError("missing ')'");
  }

  private startsTypeName(t: Token | undefined): boolean {
    if (!t || t.kind !== 'identifier') return false;
    return TYPE_KEYWORDS.has(t.text) || (this.options.isTypeName?.(t.text) ?? false);
  }

  parse(minPrec: number): Expr {
    if (++this.depth > MAX_EXPRESSION_DEPTH) {
      throw new ExpressionSyntaxError(`the expression nests more than ${MAX_EXPRESSION_DEPTH} levels deep`);
    }
    try {
      return this.binary(minPrec);
    } finally {
      this.depth--;
    }
  }

  private binary(minPrec: number): Expr {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      if (!t) return left;
      if (t.text === '?' && minPrec <= 2) {
        this.next();
        const then = this.parse(1);
        this.expect(':');
        const otherwise = this.parse(2);
        left = { kind: 'ternary', cond: left, then, otherwise };
        continue;
      }
      const prec = t.kind === 'punct' ? BINARY_PRECEDENCE[t.text] : undefined;
      if (prec === undefined || prec < minPrec) return left;
      this.next();
      const right = this.parse(prec + 1);
      left = { kind: 'binary', op: t.text, left, right };
    }
  }

  /** The operand of a unary operator, a cast or `sizeof`: one level deeper. */
  private operand(): Expr {
    this.depth++;
    try {
      return this.unary();
    } finally {
      this.depth--;
    }
  }

  private unary(): Expr {
    if (this.depth > MAX_EXPRESSION_DEPTH) {
      throw new ExpressionSyntaxError(`the expression nests more than ${MAX_EXPRESSION_DEPTH} levels deep`);
    }
    const t = this.peek();
    if (!t) throw new ExpressionSyntaxError('the expression ends too early');
    if (t.kind === 'punct' && ['+', '-', '!', '~', '*', '&'].includes(t.text)) {
      this.next();
      return { kind: 'unary', op: t.text, operand: this.operand() };
    }
    if (t.kind === 'identifier' && t.text === 'sizeof') {
      this.next();
      if (this.peek()?.text === '(' && this.startsTypeName(this.peek(1))) {
        this.next();
        return { kind: 'sizeof', typeName: this.balanced() };
      }
      return { kind: 'sizeof', operand: this.operand() };
    }
    if (t.text === '(' && this.startsTypeName(this.peek(1))) {
      this.next();
      const typeName = this.balanced();
      // `(type){...}` compound literals are not constants we evaluate
      if (this.peek()?.text === '{') {
        return { kind: 'opaque', what: 'a compound literal', tokens: [...this.tokens.slice(this.pos)] };
      }
      return { kind: 'cast', typeName, operand: this.operand() };
    }
    return this.postfix(this.primary());
  }

  private primary(): Expr {
    const t = this.next();
    switch (t.kind) {
      case 'number':
        return { kind: 'number', token: t };
      case 'char':
        return { kind: 'char', token: t };
      case 'string': {
        // adjacent string literals concatenate
        const parts = [t];
        while (this.peek()?.kind === 'string') parts.push(this.next());
        return { kind: 'opaque', what: 'a string literal', tokens: parts };
      }
      case 'identifier':
        if (this.peek()?.text === '(') {
          this.next();
          const inner = this.balanced();
          const args = inner.length ? splitTopLevel(inner) : [];
          return { kind: 'call', callee: t, args };
        }
        return { kind: 'ident', token: t };
      case 'punct':
        if (t.text === '(') {
          const e = this.parse(1);
          this.expect(')');
          return e;
        }
        if (t.text === '{') {
          this.pos--;
          return { kind: 'opaque', what: 'an initializer list', tokens: this.rest() };
        }
        break;
    }
    throw new ExpressionSyntaxError(`unexpected '${t.text}'`);
  }

  private rest(): Token[] {
    const r = this.tokens.slice(this.pos);
    this.pos = this.tokens.length;
    return [...r];
  }

  private postfix(e: Expr): Expr {
    const t = this.peek();
    if (t && (t.text === '.' || t.text === '->' || t.text === '[' || t.text === '++' || t.text === '--')) {
      return { kind: 'opaque', what: `the '${t.text}' operator`, tokens: this.rest() };
    }
    return e;
  }
}
