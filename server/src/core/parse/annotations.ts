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

/** True if `offset` lies on a preprocessor directive line (or a backslash continuation of one). */
function onDirectiveLine(text: string, offset: number): boolean {
  let lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  for (;;) {
    if (/^[ \t]*#/.test(text.slice(lineStart, lineStart + 100))) return true;
    if (lineStart === 0) return false;
    // the previous line continues into this one only if it ends with a backslash
    const prevEnd = lineStart - 1;
    const prevLast = text[prevEnd - 1] === '\r' ? prevEnd - 2 : prevEnd - 1;
    if (text[prevLast] !== '\\') return false;
    lineStart = text.lastIndexOf('\n', prevEnd - 1) + 1;
  }
}

export function blankAnnotations(text: string): { text: string; annotations: BlankedAnnotation[] } {
  const annotations: BlankedAnnotation[] = [];
  for (const m of text.matchAll(PATTERN)) {
    const start = m.index!;
    if (onDirectiveLine(text, start)) continue;
    let end = start + m[0].length;
    let argument: string | undefined;
    if (WITH_ARGUMENT.includes(m[1])) {
      let k = end;
      while (text[k] === ' ' || text[k] === '\t') k++;
      if (text[k] !== '(') continue;
      let depth = 0;
      let j = k;
      for (; j < text.length; j++) {
        if (text[j] === '(') depth++;
        else if (text[j] === ')' && --depth === 0) break;
        else if (text[j] === ';' || text[j] === '{' || text[j] === '}') break;
      }
      if (text[j] !== ')') continue;
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
