/**
 * C preprocessing tokens (C11 6.4), as the preprocessor sees a macro body or an #if condition.
 * Comments become whitespace and backslash-newlines disappear (translation phases 2 and 3).
 */

export type TokenKind = 'identifier' | 'number' | 'char' | 'string' | 'punct' | 'other';

export interface Token {
  kind: TokenKind;
  text: string;
  /** Whitespace came before this token (matters for `#` stringising and for readable output). */
  space: boolean;
  /** Offset of the token in the text it was read from; -1 for tokens made by expansion. */
  offset: number;
  /** Macros that must not expand this token again (Prosser's hide set). */
  hide?: ReadonlySet<string>;
}

// Punctuators by length, for maximal munch (C11 6.4.6).
const PUNCT3 = new Set(['...', '<<=', '>>=']);
const PUNCT2 = new Set([
  '->', '++', '--', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '*=', '/=', '%=', '+=', '-=',
  '&=', '^=', '|=', '##', '<:', ':>', '<%', '%>', '%:',
]);
const PUNCT1 = new Set('[](){}.&*+-~!/%<>^|?:;=,#');

function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c > 127;
}
function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}
/**
 * The rest of an identifier from where the sticky regex is set: the same characters as
 * isIdentPart, read by the regex engine in one call instead of a JavaScript loop per character
 * (the server's first analysis tokenizes every directive before V8 compiles the loop).
 */
const IDENT_REST = /[A-Za-z0-9_$\u0080-\uffff]*/y;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Remove backslash-newline pairs. The spliced text is the original in pieces: piece k starts at
 * `spliced[k]` in the new text and at `original[k]` in the old one (a macro body has a few).
 */
function splice(text: string): { text: string; spliced: number[]; original: number[] } {
  const spliced = [0];
  const original = [0];
  let out = '';
  let from = 0;
  for (let k = text.indexOf('\\'); k >= 0; k = text.indexOf('\\', k + 1)) {
    let j = k + 1;
    if (text.charCodeAt(j) === 13) j++;
    if (text.charCodeAt(j) !== 10) continue;
    out += text.slice(from, k);
    from = j + 1;
    spliced.push(out.length);
    original.push(from);
    k = j;
  }
  return from === 0 ? { text, spliced, original } : { text: out + text.slice(from), spliced, original };
}

/**
 * Tokenize `source`. `base` is added to every offset so tokens can point into a whole file.
 * Unterminated literals and comments end at the end of the text; nothing here throws.
 */
export function tokenize(source: string, base = 0): Token[] {
  const { text, spliced, original } = splice(source);
  // where a token of the spliced text starts in `source`: tokens are read in order, so the
  // piece they fall in only moves forward
  let piece = 0;
  const at = (i: number) => {
    while (piece + 1 < spliced.length && spliced[piece + 1] <= i) piece++;
    return base + original[piece] + (i - spliced[piece]);
  };
  const tokens: Token[] = [];
  let space = false;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    // whitespace
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12) {
      space = true;
      i++;
      continue;
    }
    // comments
    if (c === 47 /* / */ && text.charCodeAt(i + 1) === 42 /* * */) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
      space = true;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 47) {
      const end = text.indexOf('\n', i + 2);
      i = end < 0 ? n : end;
      space = true;
      continue;
    }
    const start = i;
    let kind: TokenKind;
    // character and string literals, with an optional encoding prefix (L, u, U, u8)
    let quote = c === 39 || c === 34 ? c : 0;
    let prefix = 0;
    if (!quote && (c === 76 || c === 85 || c === 117)) {
      const p = c === 117 && text.charCodeAt(i + 1) === 56 ? 2 : 1;
      const q = text.charCodeAt(i + p);
      if (q === 39 || q === 34) {
        quote = q;
        prefix = p;
      }
    }
    if (quote) {
      i += prefix + 1;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === quote || d === 10) break;
        i += d === 92 ? 2 : 1;
      }
      if (text.charCodeAt(i) === quote) i++;
      kind = quote === 39 ? 'char' : 'string';
    } else if (isIdentStart(c)) {
      IDENT_REST.lastIndex = i + 1;
      IDENT_REST.test(text);
      i = IDENT_REST.lastIndex;
      kind = 'identifier';
    } else if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(i + 1)))) {
      // pp-number: digit or .digit, then digits, letters, _, ., and e+ e- p+ p- pairs
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        const prev = text.charCodeAt(i - 1) | 0x20;
        if ((d === 43 || d === 45) && (prev === 101 || prev === 112)) i++;
        else if (isIdentPart(d) || d === 46) i++;
        else break;
      }
      kind = 'number';
    } else if (text.startsWith('%:%:', i)) {
      i += 4;
      kind = 'punct';
    } else if (PUNCT3.has(text.substr(i, 3))) {
      i += 3;
      kind = 'punct';
    } else if (PUNCT2.has(text.substr(i, 2))) {
      i += 2;
      kind = 'punct';
    } else {
      kind = PUNCT1.has(text[i]) ? 'punct' : 'other';
      i++;
    }
    tokens.push({ kind, text: text.slice(start, i), space, offset: at(start) });
    space = false;
  }
  return tokens;
}

/** Render tokens back to text, with single spaces where the source had whitespace. */
export function tokensToText(tokens: readonly Token[]): string {
  let out = '';
  for (const t of tokens) {
    if (out && t.space) out += ' ';
    out += t.text;
  }
  return out;
}
