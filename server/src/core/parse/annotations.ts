/**
 * Kernel annotations that the C grammar does not know (`__user`, `__packed`, `__counted_by(n)`,
 * ...) are replaced by spaces before parsing, so the tree stays clean and every position stays
 * exact. Directive lines are left alone: `#define __packed ...` must keep its name.
 * What was blanked is returned, because some of it (`__packed`, `__aligned(n)`) changes layout.
 */

export interface BlankedAnnotation {
  name: string;
  /** UTF-16 offsets of the whole annotation, arguments included. */
  start: number;
  end: number;
  /** The text between the parentheses, for annotations that take arguments. */
  argument?: string;
}

const BARE = ['__extension__', '__user', '__force', '__iomem', '__rcu', '__percpu', '__bitwise', '__bitwise__', '__packed', '__must_check', '__kernel', '__safe', '__nocast'];
// GNU attributes are blanked too: the grammar misreads them between a type and its
// declarator (`typedef unsigned long __attribute__((aligned(4))) packed_ulong;`)
const WITH_ARGUMENT = ['__counted_by', '__counted_by_le', '__counted_by_be', '__aligned', '__attribute__', '__attribute'];

// GNU spellings of C keywords the grammar does not know, rewritten in place (padded with spaces)
const KEYWORDS: Record<string, string> = { __signed__: 'signed', __signed: 'signed', __const: 'const', __volatile__: 'volatile', __restrict: 'restrict', __inline__: 'inline' };

const PATTERN = new RegExp(`\\b(${[...BARE, ...WITH_ARGUMENT, ...Object.keys(KEYWORDS)].join('|')})\\b`, 'g');

const DIRECTIVE_START = /[ \t]*#/y;

/**
 * Whether offsets lie on a preprocessor directive line (or a backslash continuation of one),
 * asked in increasing order: the scan moves forward line by line, so a whole text costs one
 * pass however long its lines are (a megabyte-long line full of annotations included).
 */
class DirectiveLines {
  private lineStart = 0;
  /** Where the current line ends (its newline), or the text's length. */
  private lineEnd: number;
  private directive: boolean;

  constructor(private readonly text: string) {
    this.directive = this.startsWithHash(0);
    this.lineEnd = this.endOf(0);
  }

  private startsWithHash(lineStart: number): boolean {
    DIRECTIVE_START.lastIndex = lineStart;
    return DIRECTIVE_START.test(this.text);
  }

  private endOf(lineStart: number): number {
    const nl = this.text.indexOf('\n', lineStart);
    return nl === -1 ? this.text.length : nl;
  }

  at(offset: number): boolean {
    while (this.lineEnd < offset) {
      // the next line continues this one only if this one ends with a backslash
      const nl = this.lineEnd;
      const last = this.text[nl - 1] === '\r' ? nl - 2 : nl - 1;
      const continued = this.text[last] === '\\';
      this.lineStart = nl + 1;
      this.lineEnd = this.endOf(this.lineStart);
      this.directive = this.startsWithHash(this.lineStart) || (continued && this.directive);
    }
    return this.directive;
  }
}

/** An annotation's parenthesised argument is short; one that does not close soon is not one. */
const MAX_ARGUMENT_LENGTH = 1000;

export function blankAnnotations(text: string): { text: string; annotations: BlankedAnnotation[] } {
  const annotations: BlankedAnnotation[] = [];
  const directives = new DirectiveLines(text);
  for (const m of text.matchAll(PATTERN)) {
    const start = m.index!;
    if (directives.at(start)) continue;
    let end = start + m[0].length;
    let argument: string | undefined;
    if (WITH_ARGUMENT.includes(m[1])) {
      let k = end;
      while (text[k] === ' ' || text[k] === '\t') k++;
      if (text[k] !== '(') continue;
      let depth = 0;
      let j = k;
      let closed = false;
      for (const stop = Math.min(text.length, k + MAX_ARGUMENT_LENGTH); j < stop; j++) {
        if (text[j] === '(') depth++;
        else if (text[j] === ')' && --depth === 0) {
          closed = true;
          break;
        } else if (text[j] === ';' || text[j] === '{' || text[j] === '}') break;
      }
      if (!closed) continue;
      argument = text.slice(k + 1, j);
      end = j + 1;
    }
    annotations.push({ name: m[1], start, end, argument });
  }
  if (annotations.length === 0) return { text, annotations };
  let out = '';
  let at = 0;
  for (const a of annotations) {
    // same length, newlines kept: every later position stays where it was
    const keyword = KEYWORDS[a.name];
    out += text.slice(at, a.start) + (keyword ? keyword.padEnd(a.end - a.start) : text.slice(a.start, a.end).replace(/[^\n]/g, ' '));
    at = a.end;
  }
  return { text: out + text.slice(at), annotations };
}
