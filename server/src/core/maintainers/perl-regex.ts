/**
 * Perl regexes as get_maintainer.pl runs them, for JavaScript. Its inputs are character strings
 * (it reads everything with `:encoding(UTF-8)`), so Perl's Unicode rules apply: `\w` is any
 * letter, mark, digit or connector, `\s` has NEL but not BOM, `.` excludes only `\n`, `$`
 * also matches before a final newline (the patch lines it tests keep theirs), and `(?i)` or
 * `(?i:...)` switch case folding for the rest of a group. Each construct is rewritten into a
 * `u`-flag JavaScript regex with the same meaning; what has no equivalent (possessive
 * quantifiers, atomic groups, recursion, code) makes the whole pattern unusable (undefined),
 * which never matches, where Perl would have died.
 */

/** Perl's `\s` under Unicode rules, as the inside of a character class. */
export const PERL_SPACE = '\\t\\n\\x0B\\f\\r \\x85\\xA0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000';
/** Perl's `\w`: alphabetic, marks, decimal digits, connector punctuation, join controls. */
const WORD = '\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}\\p{Join_Control}';
const H_SPACE = '\\t \\xA0\\u1680\\u2000-\\u200A\\u202F\\u205F\\u3000';
const V_SPACE = '\\n\\x0B\\f\\r\\x85\\u2028\\u2029';
/** What `/x` skips outside a class (Perl's Pattern_White_Space). */
const X_SPACE = /[\t\n\x0B\f\r \x85\u200E\u200F\u2028\u2029]/u;

const BOUNDARY = `(?:(?<=[${WORD}])(?![${WORD}])|(?<![${WORD}])(?=[${WORD}]))`;
const NOT_BOUNDARY = `(?:(?<=[${WORD}])(?=[${WORD}])|(?<![${WORD}])(?![${WORD}]))`;
const ANY = '[\\s\\S]';
const END = '(?![\\s\\S])';

interface Flags {
  i: boolean;
  m: boolean;
  s: boolean;
  x: boolean;
  /** `n`: plain parentheses do not capture. */
  n: boolean;
}

class Unsupported extends Error {}

/** A class member: one code point, a range, or a set written as the inside of a class (`simple`) or only as an atom of its own (`atom`). */
type ClassItem = { cp: number } | { from: number; to: number } | { simple: string } | { atom: string };

const SYNTAX = new Set('^$\\.*+?()[]{}|/-'.split(''));

function escapeOutside(cp: number): string {
  const c = String.fromCodePoint(cp);
  if (SYNTAX.has(c) && c !== '-') return '\\' + c;
  if (cp < 0x20 || cp === 0x7f) return `\\x${cp.toString(16).padStart(2, '0')}`;
  return c;
}

function escapeInClass(cp: number): string {
  const c = String.fromCodePoint(cp);
  if (c === '\\' || c === ']' || c === '[' || c === '^' || c === '-') return '\\' + c;
  if (cp < 0x20 || cp === 0x7f) return `\\x${cp.toString(16).padStart(2, '0')}`;
  return c;
}

/** The code points a letter matches under `(?i)`: its simple case variants, and the Kelvin and long-s signs Unicode folds with k and s. */
function caseVariants(cp: number): number[] {
  const c = String.fromCodePoint(cp);
  const out = new Set<number>([cp]);
  for (const v of [c.toLowerCase(), c.toUpperCase()]) if ([...v].length === 1) out.add(v.codePointAt(0)!);
  const lower = [...out].map((x) => String.fromCodePoint(x).toLowerCase());
  if (lower.includes('k')) out.add(0x212a).add(0x6b).add(0x4b);
  if (lower.includes('s')) out.add(0x17f).add(0x73).add(0x53);
  return [...out].sort((a, b) => a - b);
}

function literal(cp: number, ci: boolean): string {
  if (ci) {
    const v = caseVariants(cp);
    if (v.length > 1) return `[${v.map(escapeInClass).join('')}]`;
  }
  return escapeOutside(cp);
}

const POSIX: Record<string, string> = {
  alpha: '\\p{Alphabetic}',
  digit: '\\p{Nd}',
  alnum: '\\p{Alphabetic}\\p{Nd}',
  upper: '\\p{Uppercase}',
  lower: '\\p{Lowercase}',
  space: PERL_SPACE,
  blank: H_SPACE,
  word: WORD,
  xdigit: '0-9A-Fa-f',
  cntrl: '\\p{Cc}',
};

class Translator {
  private i = 0;
  private flags: Flags;
  private readonly stack: Flags[] = [];

  constructor(
    private readonly p: string,
    extended: boolean,
  ) {
    this.flags = { i: false, m: false, s: false, x: extended, n: false };
  }

  private peek(k = 0): string {
    return this.p[this.i + k] ?? '';
  }

  /** The next code point, consumed. */
  private next(): number {
    const cp = this.p.codePointAt(this.i)!;
    this.i += cp > 0xffff ? 2 : 1;
    return cp;
  }

  run(): string {
    let out = '';
    while (this.i < this.p.length) {
      const c = this.peek();
      if (this.flags.x && X_SPACE.test(c)) {
        this.i++;
        continue;
      }
      if (this.flags.x && c === '#') {
        while (this.i < this.p.length && this.p[this.i] !== '\n') this.i++;
        continue;
      }
      if (c === '\\') {
        this.i++;
        out += this.escape();
        continue;
      }
      if (c === '[') {
        this.i++;
        out += this.charClass();
        continue;
      }
      if (c === '(') {
        this.i++;
        out += this.open();
        continue;
      }
      if (c === ')') {
        this.i++;
        const outer = this.stack.pop();
        if (!outer) throw new Unsupported('unmatched )');
        this.flags = outer;
        out += ')';
        continue;
      }
      if (c === '{') {
        const q = /^\{(?:(\d+)(,(\d*))?|,(\d+))\}/.exec(this.p.slice(this.i));
        if (q) {
          this.i += q[0].length;
          out += q[4] !== undefined ? `{0,${q[4]}}` : q[2] === undefined ? `{${q[1]}}` : `{${q[1]},${q[3]}}`;
        } else {
          this.i++;
          out += '\\{';
        }
        continue;
      }
      this.i++;
      switch (c) {
        case '|':
        case '*':
        case '+':
        case '?':
          out += c;
          break;
        case '.':
          out += this.flags.s ? ANY : '[^\\n]';
          break;
        case '^':
          out += this.flags.m ? `(?:(?<![\\s\\S])|(?<=\\n)(?=[\\s\\S]))` : '^';
          break;
        case '$':
          out += this.flags.m ? `(?=\\n|${END})` : `(?=\\n?${END})`;
          break;
        default:
          this.i--;
          out += literal(this.next(), this.flags.i);
      }
    }
    if (this.stack.length) throw new Unsupported('unmatched (');
    return out;
  }

  /** After `(`: the group's opening, with the flags it sets. */
  private open(): string {
    const outer = { ...this.flags };
    if (this.peek() === '*') throw new Unsupported('verbs');
    if (this.peek() !== '?') {
      this.stack.push(outer);
      return this.flags.n ? '(?:' : '(';
    }
    this.i++;
    const rest = this.p.slice(this.i);
    if (rest.startsWith('#')) {
      const end = this.p.indexOf(')', this.i);
      if (end < 0) throw new Unsupported('unterminated comment');
      this.i = end + 1;
      return '';
    }
    for (const same of [':', '=', '!', '<=', '<!']) {
      if (rest.startsWith(same)) {
        this.i += same.length;
        this.stack.push(outer);
        return `(?${same}`;
      }
    }
    const named = /^(?:P?<([A-Za-z_]\w*)>|'([A-Za-z_]\w*)')/.exec(rest);
    if (named) {
      this.i += named[0].length;
      this.stack.push(outer);
      return `(?<${named[1] ?? named[2]}>`;
    }
    const backref = /^P=([A-Za-z_]\w*)\)/.exec(rest);
    if (backref) {
      this.i += backref[0].length;
      return `\\k<${backref[1]}>`;
    }
    const mods = /^(\^)?([imsxn]*)(?:-([imsxn]*))?([:)])/.exec(rest);
    if (!mods) throw new Unsupported(`(?${rest.slice(0, 2)}`);
    this.i += mods[0].length;
    const set: Flags = mods[1] ? { i: false, m: false, s: false, x: false, n: false } : { ...this.flags };
    for (const f of mods[2]) set[f as keyof Flags] = true;
    for (const f of mods[3] ?? '') set[f as keyof Flags] = false;
    if (mods[4] === ')') {
      // `(?i)`: from here to the end of the enclosing group
      this.flags = set;
      return '';
    }
    this.stack.push(outer);
    this.flags = set;
    return '(?:';
  }

  /** After `\` outside a class. */
  private escape(): string {
    if (this.i >= this.p.length) throw new Unsupported('trailing backslash');
    const c = this.peek();
    const special: Record<string, string> = {
      w: `[${WORD}]`,
      W: `[^${WORD}]`,
      d: '\\p{Nd}',
      D: '\\P{Nd}',
      s: `[${PERL_SPACE}]`,
      S: `[^${PERL_SPACE}]`,
      h: `[${H_SPACE}]`,
      H: `[^${H_SPACE}]`,
      v: `[${V_SPACE}]`,
      V: `[^${V_SPACE}]`,
      R: `(?:\\r\\n|[${V_SPACE}])`,
      A: '(?<![\\s\\S])',
      z: END,
      Z: `(?=\\n?${END})`,
    };
    if (c === 'b' || c === 'B') {
      this.i++;
      if (this.peek() === '{') throw new Unsupported('\\b{...}');
      return c === 'b' ? BOUNDARY : NOT_BOUNDARY;
    }
    if (c === 'N' && this.peek(1) !== '{') {
      this.i++;
      return '[^\\n]';
    }
    if (special[c]) {
      this.i++;
      return special[c];
    }
    if (/[1-9]/.test(c)) {
      const m = /^\d+/.exec(this.p.slice(this.i))!;
      this.i += m[0].length;
      return `\\${m[0]}`;
    }
    if (c === 'g') {
      const m = /^g(?:\{(\d+)\}|(\d+))/.exec(this.p.slice(this.i));
      if (!m) throw new Unsupported('\\g');
      this.i += m[0].length;
      return `\\${m[1] ?? m[2]}`;
    }
    if (c === 'k') {
      const m = /^k(?:<(\w+)>|\{(\w+)\}|'(\w+)')/.exec(this.p.slice(this.i));
      if (!m) throw new Unsupported('\\k');
      this.i += m[0].length;
      return `\\k<${m[1] ?? m[2] ?? m[3]}>`;
    }
    if (c === 'p' || c === 'P') return this.property();
    if ('GKXCQEluLU'.includes(c)) throw new Unsupported(`\\${c}`);
    return literal(this.escapedChar(), this.flags.i);
  }

  /** `\p{...}`, `\pL`: Unicode properties, written as JavaScript writes them. */
  private property(): string {
    const m = /^([pP])(?:\{\^?([^}]*)\}|([A-Za-z]))/.exec(this.p.slice(this.i));
    if (!m) throw new Unsupported('\\p');
    this.i += m[0].length;
    const negate = (m[1] === 'P') !== m[0].startsWith(`${m[1]}{^`);
    return `\\${negate ? 'P' : 'p'}{${(m[2] ?? m[3]).replace(/\s+/g, '')}}`;
  }

  /** The code point an escape that stands for one character means (`\n`, `\x{263A}`, `\.`), consumed. */
  private escapedChar(): number {
    const c = this.peek();
    const simple: Record<string, number> = { n: 10, t: 9, r: 13, f: 12, e: 27, a: 7 };
    if (c in simple) {
      this.i++;
      return simple[c];
    }
    const rest = this.p.slice(this.i);
    let m = /^x\{\s*([0-9A-Fa-f]*)\s*\}|^x([0-9A-Fa-f]{0,2})/.exec(rest);
    if (m) {
      this.i += m[0].length;
      return parseInt((m[1] ?? m[2]) || '0', 16);
    }
    m = /^o\{([0-7]+)\}|^(0[0-7]{0,2})/.exec(rest);
    if (m) {
      this.i += m[0].length;
      return parseInt(m[1] ?? m[2], 8);
    }
    if (c === 'c') {
      this.i++;
      return this.next() ^ 64;
    }
    return this.next();
  }

  /** After `[`: a bracketed class. */
  private charClass(): string {
    const negate = this.peek() === '^';
    if (negate) this.i++;
    const items: ClassItem[] = [];
    let first = true;
    for (;;) {
      if (this.i >= this.p.length) throw new Unsupported('unterminated class');
      if (this.peek() === ']' && !first) {
        this.i++;
        break;
      }
      first = false;
      const item = this.classAtom();
      if ('cp' in item && this.peek() === '-' && this.peek(1) !== ']' && this.i + 1 < this.p.length) {
        this.i++;
        const to = this.classAtom();
        if ('cp' in to) {
          if (to.cp < item.cp) throw new Unsupported('invalid range');
          items.push({ from: item.cp, to: to.cp });
        } else items.push(item, { cp: 0x2d }, to);
        continue;
      }
      items.push(item);
    }
    return this.emitClass(items, negate);
  }

  private classAtom(): ClassItem {
    const rest = this.p.slice(this.i);
    const posix = /^\[:(\^?)([a-z]+):\]/.exec(rest);
    if (posix) {
      this.i += posix[0].length;
      const set = POSIX[posix[2]];
      if (!set) throw new Unsupported(`[:${posix[2]}:]`);
      return posix[1] ? { atom: `[^${set}]` } : { simple: set };
    }
    if (this.peek() !== '\\') return { cp: this.next() };
    this.i++;
    const c = this.peek();
    const sets: Record<string, ClassItem> = {
      w: { simple: WORD },
      W: { atom: `[^${WORD}]` },
      d: { simple: '\\p{Nd}' },
      D: { simple: '\\P{Nd}' },
      s: { simple: PERL_SPACE },
      S: { atom: `[^${PERL_SPACE}]` },
      h: { simple: H_SPACE },
      H: { atom: `[^${H_SPACE}]` },
      v: { simple: V_SPACE },
      V: { atom: `[^${V_SPACE}]` },
    };
    if (sets[c]) {
      this.i++;
      return sets[c];
    }
    if (c === 'p' || c === 'P') return { simple: this.property() };
    if (c === 'b') {
      this.i++;
      return { cp: 8 };
    }
    if (/[1-7]/.test(c)) {
      // octal in a class (`[\1]` is not a backreference there)
      const m = /^[0-7]{1,3}/.exec(rest.slice(1))!;
      this.i += m[0].length;
      return { cp: parseInt(m[0], 8) };
    }
    if ('NGKXCQEluLUR'.includes(c) || c === '') throw new Unsupported(`\\${c} in a class`);
    return { cp: this.escapedChar() };
  }

  private emitClass(items: ClassItem[], negate: boolean): string {
    const ci = this.flags.i;
    let simple = '';
    const atoms: string[] = [];
    for (const item of items) {
      if ('cp' in item) simple += (ci ? caseVariants(item.cp) : [item.cp]).map(escapeInClass).join('');
      else if ('from' in item) {
        simple += `${escapeInClass(item.from)}-${escapeInClass(item.to)}`;
        if (ci) simple += caseRanges(item.from, item.to);
      } else if ('simple' in item) simple += item.simple;
      else atoms.push(item.atom);
    }
    if (!atoms.length) return `[${negate ? '^' : ''}${simple}]`;
    if (!negate) return `(?:${[...(simple ? [`[${simple}]`] : []), ...atoms].join('|')})`;
    return `(?:${simple ? `(?![${simple}])` : ''}${atoms.map((a) => `(?!${a})`).join('')}${ANY})`;
  }
}

/** The other-case ranges of a range under `(?i)`: exact for ASCII letters, per code point for small ranges elsewhere. */
function caseRanges(from: number, to: number): string {
  let out = '';
  const part = (lo: number, hi: number, shift: number) => {
    const a = Math.max(from, lo);
    const b = Math.min(to, hi);
    if (a <= b) out += `${escapeInClass(a + shift)}-${escapeInClass(b + shift)}`;
  };
  part(0x61, 0x7a, -0x20);
  part(0x41, 0x5a, 0x20);
  if (from <= 0x6b && to >= 0x6b) out += '\\u212A';
  if (from <= 0x73 && to >= 0x73) out += '\\u017F';
  if (to > 0x7f && to - from < 2048) {
    for (let cp = Math.max(from, 0x80); cp <= to; cp++) {
      for (const v of caseVariants(cp)) if (v < from || v > to) out += escapeInClass(v);
    }
  }
  return out;
}

/** The JavaScript source (for the `u` flag) of a Perl regex; undefined when it uses what JavaScript cannot do. */
export function translatePerlRegex(pattern: string, extended: boolean): string | undefined {
  try {
    return new Translator(pattern, extended).run();
  } catch {
    // Unsupported, or a code point past U+10FFFF: a MAINTAINERS line must not stop the caller
    return undefined;
  }
}

/**
 * A Perl regex as a JavaScript one with the same meaning; undefined when it cannot be.
 * `extended`: compiled with `/x` (MAINTAINERS' N: and K:, which get_maintainer.pl matches with
 * `m/$value/x`); F: and X: are matched without it.
 */
export function perlRegex(pattern: string, options: { extended?: boolean; global?: boolean } = {}): RegExp | undefined {
  const source = translatePerlRegex(pattern, options.extended ?? true);
  if (source === undefined) return undefined;
  try {
    return new RegExp(source, options.global ? 'gu' : 'u');
  } catch {
    return undefined;
  }
}

/** A fixed Perl regex of get_maintainer.pl's own; it must translate. */
export function perlRegexOf(pattern: string, options: { extended?: boolean; global?: boolean } = {}): RegExp {
  const re = perlRegex(pattern, { extended: false, ...options });
  if (!re) throw new Error(`not a translatable Perl regex: ${pattern}`);
  return re;
}
