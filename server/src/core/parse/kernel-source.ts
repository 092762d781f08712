/**
 * Kernel C that the C grammar cannot read, rewritten in place before a driver source is parsed.
 * Every rewrite keeps the text's length and its newlines, so every position stays exact, and
 * none touches a directive line (`#define list_for_each(...)` must keep its name).
 *
 * Measured on Linux 6.12's drivers/misc and drivers/accel (257 files, 5,856 functions): 469
 * functions had syntax errors as written, 10 after these rewrites. The causes, most common first:
 * - iterator macros used as loop heads: `list_for_each_entry(pos, head, member) { ... }`. The
 *   name becomes `while` and spaces: `while (pos, head, member) { ... }` is C, and the
 *   arguments stay expressions whose calls and members are still seen;
 * - a type as a macro argument: `container_of(p, struct foo, member)`, `list_entry(...)`: the
 *   `struct` keyword is blanked, leaving the tag as an identifier;
 * - lock annotations after a declarator: `__acquires(&x->lock)`, `__releases(...)`;
 * - section and attribute macros: `__init`, `__exit`, `__maybe_unused`, `__free(kfree)`, ...;
 * - GNU case ranges: `case A ... B:` becomes `case A  +  B:`;
 * - a keyword type as the first argument of `min_t(int, a, b)` and its kin: becomes `0`;
 * - a conditional directive inside an initializer list (`#ifdef CONFIG_COMPAT` around
 *   `.compat_ioctl = ...,` in a `file_operations`, around entries of an ioctl table): the
 *   grammar reads `CONFIG_COMPAT .compat_ioctl = x` as an expression. Such directive lines are
 *   blanked, so the entries of every branch are read, as a reviewer reads them.
 */

const LOOP_MACRO = /\b(\w*for_each\w*|scoped_guard|scoped_cond_guard)(?=\s*\()/g;
const STRUCT_ARGUMENT = /([,(]\s*)struct(?=\s+\w+\s*[,)])/g;
const LOCK_ANNOTATION = /\b(?:__acquires|__releases|__must_hold|__cond_acquires|__cond_releases)\s*\((?:[^()\n]|\([^()\n]*\))*\)/g;
const SECTION_MACRO =
  /\b(?:__init|__exit|__initdata|__initconst|__exitdata|__refdata|__ref|__maybe_unused|__always_unused|__used|__cold|__hot|__read_mostly|__ro_after_init|noinline|__noreturn|__always_inline|__weak|notrace|__visible|__malloc|__pure|__nocfi|__noclone|__latent_entropy|__randomize_layout|__no_randomize_layout|__cacheline_aligned|__cacheline_aligned_in_smp|____cacheline_aligned|____cacheline_aligned_in_smp|__free\s*\(\s*\w+\s*\)|__printf\s*\(\s*\d+\s*,\s*\d+\s*\)|__guarded_by\s*\([^()\n]*\))(?!\w)/g;
const CASE_RANGE = /(\bcase\b[^:;\n]*?)\.\.\./g;
const TYPED_MINMAX = /\b(min_t|max_t|clamp_t|min3_t|max3_t|clamp_val)(\s*\(\s*)((?:const\s+|volatile\s+)?(?:unsigned\b|signed\b|int\b|long\b|char\b|short\b|\s)+)(?=,)/g;

/** The [start, end) spans of directive lines (with their backslash continuations), in order. */
function directiveSpans(text: string): number[] {
  const spans: number[] = [];
  const hash = /^[ \t]*#/gm;
  for (let m = hash.exec(text); m; m = hash.exec(text)) {
    let end = text.indexOf('\n', m.index);
    while (end !== -1 && text[end - (text[end - 1] === '\r' ? 2 : 1)] === '\\') end = text.indexOf('\n', end + 1);
    if (end === -1) end = text.length;
    spans.push(m.index, end);
    hash.lastIndex = end;
  }
  return spans;
}

function inSpans(spans: number[], offset: number): boolean {
  let lo = 0;
  let hi = spans.length / 2;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[2 * mid + 1] <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo < spans.length / 2 && spans[2 * lo] <= offset;
}

const CONDITIONAL = /^[ \t]*#[ \t]*(if|ifdef|ifndef|elif|else|endif)\b/;

/**
 * Conditional directive lines that sit among the entries of a list: the last code line before
 * them ends with `,` (or `{` with a designated entry after).
 */
function conditionalsInLists(text: string, directives: number[]): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  // per directive, the last character of code before it (blank lines and directives skipped):
  // a directive right after another takes the other's, so 10,000 in a row are not walked back
  // over 10,000 times
  const codeBefore: number[] = [];
  for (let k = 0; k < directives.length; k += 2) {
    const start = directives[k];
    const end = directives[k + 1];
    let p = start - 1;
    while (p >= 0 && /\s/.test(text[p])) p--;
    if (k > 0 && p >= directives[k - 2] && p < directives[k - 1]) p = codeBefore[k / 2 - 1];
    codeBefore.push(p);
    if (!CONDITIONAL.test(text.slice(start, end))) continue;
    // a line comment or a block comment at the end of the line: look before it
    const lineStart = text.lastIndexOf('\n', p) + 1;
    const code = text.slice(lineStart, p + 1).replace(/\/\*.*?\*\/\s*$|\/\/.*$/, '').trimEnd();
    const last = code[code.length - 1];
    let q = end;
    while (q < text.length && /\s/.test(text[q])) q++;
    if (last === ',' || (last === '{' && (text[q] === '.' || text[q] === '['))) out.push({ start, end });
  }
  return out;
}

export function prepareKernelSource(text: string): string {
  const directives = directiveSpans(text);
  const edits: Array<{ start: number; end: number; replacement: string }> = [];
  const add = (start: number, end: number, replacement: string) => {
    if (!inSpans(directives, start)) edits.push({ start, end, replacement });
  };
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  for (const m of text.matchAll(LOOP_MACRO)) {
    if (m[1].length >= 5) add(m.index!, m.index! + m[1].length, 'while'.padEnd(m[1].length));
  }
  for (const m of text.matchAll(STRUCT_ARGUMENT)) {
    const at = m.index! + m[1].length;
    add(at, at + 6, '      ');
  }
  for (const m of text.matchAll(LOCK_ANNOTATION)) add(m.index!, m.index! + m[0].length, blank(m[0]));
  for (const m of text.matchAll(SECTION_MACRO)) add(m.index!, m.index! + m[0].length, blank(m[0]));
  for (const m of text.matchAll(CASE_RANGE)) {
    const at = m.index! + m[1].length;
    add(at, at + 3, ' + ');
  }
  for (const m of text.matchAll(TYPED_MINMAX)) {
    const at = m.index! + m[1].length + m[2].length;
    const type = m[3].replace(/\s+$/, '');
    add(at, at + type.length, '0'.padEnd(type.length));
  }
  for (const span of conditionalsInLists(text, directives)) edits.push({ start: span.start, end: span.end, replacement: blank(text.slice(span.start, span.end)) });
  if (edits.length === 0) return text;
  edits.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const e of edits) {
    if (e.start < at) continue; // two rewrites of one place: the first stands
    out += text.slice(at, e.start) + e.replacement;
    at = e.end;
  }
  return out + text.slice(at);
}
