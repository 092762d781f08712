import type { Node, Tree } from 'web-tree-sitter';
import { tokenize, type Token } from '../preprocess/tokens';

/**
 * The preprocessor directives of a file, flat and in document order.
 *
 * tree-sitter-c parses conditionals as nested blocks, and the nesting is wrong whenever a
 * conditional splits a brace pair (the `#ifdef __cplusplus / extern "C" {` idiom): directives
 * then sit inside ERROR nodes or under the wrong parent. Every directive keyword is still a
 * node of its own, so we take the keywords from the tree (which already knows what is a comment
 * or a string) and read each directive's logical line with the preprocessor's tokenizer.
 */

export type DirectiveKind =
  | 'if' | 'ifdef' | 'ifndef' | 'elif' | 'elifdef' | 'elifndef' | 'else' | 'endif'
  | 'define' | 'undef' | 'include' | 'include_next' | 'other';

export interface Directive {
  kind: DirectiveKind;
  /** UTF-16 offsets of the directive, from `#` to the end of its logical line. */
  start: number;
  end: number;
  /** Tokens after the directive name (comments removed, continuations joined). */
  tokens: Token[];
  /** Text after the directive name, as written. */
  rest: string;
  restOffset: number;
}

const KEYWORD_KINDS: Record<string, DirectiveKind> = {
  if: 'if', ifdef: 'ifdef', ifndef: 'ifndef', elif: 'elif', elifdef: 'elifdef', elifndef: 'elifndef',
  else: 'else', endif: 'endif', define: 'define', undef: 'undef', include: 'include',
  include_next: 'include_next',
};

/**
 * A run of characters that cannot end or continue a line, nor start a comment or a literal:
 * skipped in one call of the regex engine rather than looked at one by one (the first analysis
 * reads every directive's line before V8 has compiled this loop).
 */
const ORDINARY = /[^\n/"']*/y;

/** End of the logical line that starts at `from`: backslash-newlines and block comments continue it. */
export function logicalLineEnd(text: string, from: number): number {
  let i = from;
  const n = text.length;
  while (i < n) {
    ORDINARY.lastIndex = i;
    ORDINARY.test(text);
    i = ORDINARY.lastIndex;
    if (i >= n) break;
    const c = text.charCodeAt(i);
    if (c === 10) {
      // a backslash (maybe followed by \r) before the newline continues the line
      let k = i - 1;
      if (k >= from && text.charCodeAt(k) === 13) k--;
      if (k >= from && text.charCodeAt(k) === 92) {
        i++;
        continue;
      }
      return i;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 47) {
      // a line comment runs to the end of the (continued) line
      while (i < n && text.charCodeAt(i) !== 10) i++;
      continue;
    }
    if (c === 34 || c === 39) {
      // skip a string or character literal so a quoted "/*" does not start a comment
      const q = c;
      i++;
      while (i < n && text.charCodeAt(i) !== q && text.charCodeAt(i) !== 10) i += text.charCodeAt(i) === 92 ? 2 : 1;
      i++;
      continue;
    }
    i++;
  }
  return n;
}

/**
 * Every directive keyword token type. `descendantsOfType` walks the tree inside tree-sitter and
 * hands back only these nodes, in document order; it costs a tenth of a query on a cold start.
 */
const DIRECTIVE_TYPES = ['#if', '#ifdef', '#ifndef', '#elif', '#elifdef', '#elifndef', '#else', '#endif', '#define', '#include', 'preproc_directive'];

/**
 * The directive keywords under `node` (itself included), each read with its logical line, in
 * document order. A keyword inside an already-read directive (or inside the line of one that
 * ends after `after`, read before this node) cannot happen in valid C, but error recovery can
 * produce one: it is skipped, and its line is not read (a 1 MB line holding a thousand such
 * keywords would otherwise be tokenized a thousand times). Where each skipped keyword starts
 * goes to `skipped`, if given.
 */
export function directivesIn(node: Node, text: string, after = -1, skipped?: number[]): Directive[] {
  const out: Directive[] = [];
  let lastEnd = after;
  for (const keyword of node.descendantsOfType(DIRECTIVE_TYPES)) {
    if (!keyword) continue;
    const start = keyword.startIndex;
    if (start < lastEnd) {
      skipped?.push(start);
      continue;
    }
    const word = text.slice(start, keyword.endIndex).replace(/^#\s*/, '');
    const end = logicalLineEnd(text, keyword.endIndex);
    const rest = text.slice(keyword.endIndex, end);
    out.push({
      kind: KEYWORD_KINDS[word] ?? 'other',
      start,
      end,
      tokens: tokenize(rest, keyword.endIndex),
      rest,
      restOffset: keyword.endIndex,
    });
    lastEnd = end;
  }
  return out;
}

export function collectDirectives(tree: Tree, text: string): Directive[] {
  return directivesIn(tree.rootNode, text);
}
