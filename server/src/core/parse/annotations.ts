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

const BARE = ['__user', '__force', '__iomem', '__rcu', '__percpu', '__bitwise', '__bitwise__', '__packed', '__must_check', '__kernel', '__safe', '__nocast'];
const WITH_ARGUMENT = ['__counted_by', '__counted_by_le', '__counted_by_be', '__aligned'];

const PATTERN = new RegExp(`\\b(${[...BARE, ...WITH_ARGUMENT].join('|')})\\b`, 'g');

/** Offsets where each line starts that is part of a preprocessor directive (with continuations). */
function directiveSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let lineStart = 0;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    if (/^[ \t]*#/.test(text.slice(lineStart, Math.min(lineEnd, lineStart + 200)))) {
      let end = lineEnd;
      // a directive continues while a line ends with a backslash
      while (end < text.length && /\\\r?$/.test(text.slice(Math.max(lineStart, end - 2), end))) {
        const next = text.indexOf('\n', end + 1);
        end = next < 0 ? text.length : next;
      }
      spans.push([lineStart, end]);
      lineEnd = end;
    }
    lineStart = lineEnd + 1;
  }
  return spans;
}

export function blankAnnotations(text: string): { text: string; annotations: BlankedAnnotation[] } {
  if (!/__[a-z]/.test(text)) return { text, annotations: [] };
  const spans = directiveSpans(text);
  const inDirective = (offset: number) => {
    let lo = 0;
    let hi = spans.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (spans[mid][1] < offset) lo = mid + 1;
      else if (spans[mid][0] > offset) hi = mid - 1;
      else return true;
    }
    return false;
  };
  const annotations: BlankedAnnotation[] = [];
  const chars = text.split('');
  for (const m of text.matchAll(PATTERN)) {
    const start = m.index!;
    if (inDirective(start)) continue;
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
    for (let k = start; k < end; k++) if (chars[k] !== '\n') chars[k] = ' ';
    annotations.push({ name: m[1], start, end, argument });
  }
  return { text: annotations.length ? chars.join('') : text, annotations };
}
