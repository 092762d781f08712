import type { Rng } from './rng';

/**
 * Ways to break a header, each driven by the case's generator so that a seed replays it. Some
 * damage text the way an editor sees it mid-typing (truncation, unbalanced groups), some are
 * hostile on purpose (megabyte lines, 10,000-deep nesting, macro and include cycles).
 */

export interface Mutated {
  bytes: Buffer;
  /** What was done, short enough for a report line. */
  label: string;
  /** Headers to write next to the mutated one, by file name (include cycles). */
  extras?: Record<string, Buffer>;
}

export type Mutation = (rng: Rng, input: Buffer) => Mutated;

const NL = 0x0a;
const MB = 1024 * 1024;
const DEEP = 10_000;

function splitLines(b: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < b.length; i++) {
    if (b[i] === NL) {
      out.push(b.subarray(start, i));
      start = i + 1;
    }
  }
  out.push(b.subarray(start));
  return out;
}

function joinLines(lines: Buffer[]): Buffer {
  const parts: Buffer[] = [];
  lines.forEach((l, i) => {
    if (i) parts.push(Buffer.from('\n'));
    parts.push(l);
  });
  return Buffer.concat(parts);
}

/** Insert `text` as whole lines before line `at` (a random line when not given). */
function insertLines(rng: Rng, input: Buffer, text: string | Buffer, at?: number): { bytes: Buffer; line: number } {
  const lines = splitLines(input);
  const line = at ?? rng.below(lines.length + 1);
  const added = splitLines(Buffer.isBuffer(text) ? text : Buffer.from(text));
  // concat, not splice(...added): an argument list of 100,000 lines overflows the stack
  return { bytes: joinLines(lines.slice(0, line).concat(added, lines.slice(line))), line: line + 1 };
}

function insertAt(input: Buffer, offset: number, bytes: Buffer): Buffer {
  return Buffer.concat([input.subarray(0, offset), bytes, input.subarray(offset)]);
}

/** Names the header defines with `#define NAME` (object- or function-like). */
function definedNames(input: Buffer): string[] {
  const names = new Set<string>();
  for (const m of input.toString('latin1').matchAll(/^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)/gm)) names.add(m[1]);
  return [...names].sort();
}

/** The macros that the ioctl definitions of the header use as arguments, else any defined names. */
function namesUsedByIoctls(input: Buffer): string[] {
  const text = input.toString('latin1');
  const defined = new Set(definedNames(input));
  const used = new Set<string>();
  for (const m of text.matchAll(/_IO[RW]*\s*\(([^\n]*)\)/g)) {
    for (const w of m[1].matchAll(/[A-Za-z_]\w*/g)) if (defined.has(w[0])) used.add(w[0]);
  }
  return used.size ? [...used].sort() : [...defined];
}

const flipBytes: Mutation = (rng, input) => {
  const out = Buffer.from(input);
  const n = rng.between(1, 32);
  for (let i = 0; i < n && out.length; i++) out[rng.below(out.length)] ^= rng.between(1, 255);
  return { bytes: out, label: `flip ${n} bytes` };
};

const truncate: Mutation = (rng, input) => {
  const at = rng.below(input.length + 1);
  return { bytes: input.subarray(0, at), label: `truncate at byte ${at}` };
};

const duplicateLines: Mutation = (rng, input) => {
  const lines = splitLines(input);
  const start = rng.below(lines.length);
  const count = rng.between(1, 40);
  const copy = lines.slice(start, start + count);
  const at = rng.below(lines.length + 1);
  lines.splice(at, 0, ...copy);
  return { bytes: joinLines(lines), label: `duplicate lines ${start + 1}-${start + copy.length} at line ${at + 1}` };
};

const deleteLines: Mutation = (rng, input) => {
  const lines = splitLines(input);
  const start = rng.below(lines.length);
  const count = rng.between(1, 60);
  lines.splice(start, count);
  return { bytes: joinLines(lines), label: `delete lines ${start + 1}-${start + count}` };
};

const unbalancedIf: Mutation = (rng, input) => {
  const directive = rng.pick(['#if FUZZ_X', '#ifdef FUZZ_X', '#ifndef __KERNEL__', '#endif', '#else', '#elif 1', '#elif', '#if (1', '#if 1 +', '#if', '#if 1 / 0', '#if 0\n#else\n#else', '#endif\n#endif']);
  const { bytes, line } = insertLines(rng, input, directive);
  return { bytes, label: `insert '${directive.replace(/\n/g, '\\n')}' at line ${line}` };
};

const unbalancedComment: Mutation = (rng, input) => {
  const text = rng.pick(['/*', '*/', '/**', '//', '/* uapi-lint: allow', '"', "'"]);
  const at = rng.below(input.length + 1);
  return { bytes: insertAt(input, at, Buffer.from(text)), label: `insert '${text}' at byte ${at}` };
};

const unbalancedBracket: Mutation = (rng, input) => {
  const ch = rng.pick(['{', '}', '(', ')', '[', ']', ';']);
  const n = rng.between(1, 5);
  let out = input;
  for (let i = 0; i < n; i++) out = insertAt(out, rng.below(out.length + 1), Buffer.from(ch));
  return { bytes: out, label: `insert ${n} '${ch}'` };
};

const hugeLine: Mutation = (rng, input) => {
  const kind = rng.pick(['comment', 'define-sum', 'identifier', 'string', 'struct', 'enum', 'continuations', 'repeat-line']);
  let text: string;
  switch (kind) {
    case 'comment':
      text = '/* ' + 'x'.repeat(MB) + ' */';
      break;
    case 'define-sum':
      text = `#define FUZZ_HUGE ${'1+'.repeat(MB / 2)}1\n#define FUZZ_HUGE_IOCTL _IO('h', FUZZ_HUGE)`;
      break;
    case 'identifier': {
      const name = 'A'.repeat(MB);
      text = `#define ${name} 1\n#define FUZZ_LONG_NAME_IOCTL _IO('h', ${name})`;
      break;
    }
    case 'string':
      text = `#define FUZZ_STRING "${'s'.repeat(MB)}"`;
      break;
    case 'struct': {
      const members: string[] = [];
      for (let i = 0, len = 0; len < MB; i++) {
        const m = `__u${rng.pick(['8', '16', '32', '64'])} m${i}; `;
        members.push(m);
        len += m.length;
      }
      text = `struct fuzz_huge { ${members.join('')}};\n#define FUZZ_HUGE_STRUCT_IOCTL _IOWR('h', 2, struct fuzz_huge)`;
      break;
    }
    case 'enum': {
      const names: string[] = [];
      for (let i = 0, len = 0; len < MB; i++) {
        names.push(`FUZZ_E${i}`);
        len += 10;
      }
      text = `enum fuzz_huge { ${names.join(', ')} };\n#define FUZZ_ENUM_IOCTL _IO('h', FUZZ_E${names.length - 1} & 0xff)`;
      break;
    }
    case 'continuations':
      text = '#define FUZZ_CONTINUED 1 \\\n' + '+ 1 \\\n'.repeat(MB / 6) + '+ 1\n#define FUZZ_CONTINUED_IOCTL _IO(\'h\', FUZZ_CONTINUED)';
      break;
    default: {
      const lines = splitLines(input).filter((l) => l.length > 0);
      const line = lines.length ? lines[rng.below(lines.length)] : Buffer.from('x');
      const copies = Math.ceil(MB / (line.length + 1));
      return insertLinesLabel(rng, input, Buffer.concat(Array.from({ length: copies }, () => Buffer.concat([line, Buffer.from(' ')]))), `1 MB line of one line repeated`);
    }
  }
  return insertLinesLabel(rng, input, text, `1 MB line (${kind})`);
};

function insertLinesLabel(rng: Rng, input: Buffer, text: string | Buffer, what: string): Mutated {
  const { bytes, line } = insertLines(rng, input, text);
  return { bytes, label: `${what} at line ${line}` };
}

const deepNesting: Mutation = (rng, input) => {
  const kind = rng.pick(['if-groups', 'parentheses', 'if-parentheses', 'braces', 'named-structs', 'macro-calls', 'unary', 'ternary', 'arrays', 'pointers', 'declarator-parens', 'casts', 'macro-chain']);
  let text: string;
  switch (kind) {
    case 'if-groups':
      text = '#if 1\n'.repeat(DEEP) + "#define FUZZ_DEEP_IOCTL _IO('n', 1)\n" + '#endif\n'.repeat(DEEP);
      break;
    case 'parentheses':
      text = `#define FUZZ_DEEP_IOCTL _IO('n', ${'('.repeat(DEEP)}1${')'.repeat(DEEP)})`;
      break;
    case 'if-parentheses':
      text = `#if ${'('.repeat(DEEP)}1${')'.repeat(DEEP)}\n#define FUZZ_DEEP_IF 1\n#endif`;
      break;
    case 'braces':
      text = 'struct fuzz_deep { ' + 'struct { '.repeat(DEEP) + '__u32 x; ' + '}; '.repeat(DEEP) + "};\n#define FUZZ_DEEP_IOCTL _IOR('n', 2, struct fuzz_deep)";
      break;
    case 'named-structs': {
      let s = '';
      for (let i = 0; i < DEEP; i++) s += `struct fuzz_s${i} { `;
      text = s + '__u32 x; ' + '} m; '.repeat(DEEP - 1) + "};\n#define FUZZ_DEEP_IOCTL _IOR('n', 3, struct fuzz_s0)";
      break;
    }
    case 'macro-calls':
      text = `#define FUZZ_F(x) x\n#define FUZZ_DEEP_IOCTL _IO('n', ${'FUZZ_F('.repeat(DEEP)}1${')'.repeat(DEEP)})`;
      break;
    case 'unary':
      text = `#if ${`${rng.pick(['-', '!', '~', '+'])} `.repeat(DEEP)}1\n#define FUZZ_UNARY 1\n#endif`;
      break;
    case 'ternary':
      text = `#if ${'1 ? '.repeat(DEEP)}1${' : 0'.repeat(DEEP)}\n#define FUZZ_TERNARY 1\n#endif`;
      break;
    case 'arrays':
      text = `struct fuzz_arrays { __u8 x${'[2]'.repeat(DEEP)}; };\n#define FUZZ_ARRAYS_IOCTL _IOR('n', 4, struct fuzz_arrays)`;
      break;
    case 'pointers':
      text = `struct fuzz_pointers { int ${'*'.repeat(DEEP)}p; };\n#define FUZZ_POINTERS_IOCTL _IOR('n', 5, struct fuzz_pointers)`;
      break;
    case 'declarator-parens':
      text = `struct fuzz_parens { int ${'('.repeat(DEEP)}x${')'.repeat(DEEP)}; };\n#define FUZZ_PARENS_IOCTL _IOR('n', 6, struct fuzz_parens)`;
      break;
    case 'casts':
      text = `#define FUZZ_CASTS ${'(int)'.repeat(DEEP)}1\n#define FUZZ_CASTS_IOCTL _IO('n', FUZZ_CASTS)`;
      break;
    default: {
      const defs = ['#define FUZZ_M0(x) x'];
      for (let i = 1; i < DEEP; i++) defs.push(`#define FUZZ_M${i}(x) FUZZ_M${i - 1}(x)`);
      text = defs.join('\n') + `\n#define FUZZ_CHAIN_IOCTL _IO('n', FUZZ_M${DEEP - 1}(7))`;
    }
  }
  return insertLinesLabel(rng, input, text, `10,000-deep ${kind}`);
};

const recursiveMacros: Mutation = (rng, input) => {
  const names = namesUsedByIoctls(input);
  const a = names.length ? rng.pick(names) : 'FUZZ_A';
  const b = names.length > 1 ? rng.pick(names.filter((n) => n !== a)) : 'FUZZ_B';
  const kind = rng.pick(['self', 'self-call', 'mutual', 'mutual-call', 'bomb', 'in-condition']);
  let text: string;
  switch (kind) {
    case 'self':
      text = `#undef ${a}\n#define ${a} (${a} + 1)`;
      break;
    case 'self-call':
      text = `#undef ${a}\n#define ${a}(x) ${a}(x) + ${a}(${a}(x))`;
      break;
    case 'mutual':
      text = `#undef ${a}\n#undef ${b}\n#define ${a} ${b}\n#define ${b} ${a}`;
      break;
    case 'mutual-call':
      text = `#define FUZZ_P(x) FUZZ_Q(x x)\n#define FUZZ_Q(x) FUZZ_P(x x)\n#undef ${a}\n#define ${a} FUZZ_P(1)`;
      break;
    case 'bomb': {
      const lines = ['#define FUZZ_B0 1'];
      for (let i = 1; i < 40; i++) lines.push(`#define FUZZ_B${i} FUZZ_B${i - 1}+FUZZ_B${i - 1}`);
      text = lines.join('\n') + `\n#undef ${a}\n#define ${a} FUZZ_B39`;
      break;
    }
    default:
      text = `#define FUZZ_SELF FUZZ_SELF\n#if FUZZ_SELF\n#define ${a} 1\n#endif`;
  }
  return insertLinesLabel(rng, input, text, `${kind} recursive macro on ${a}`);
};

/** Headers that include each other; the mutated header includes the first of them. */
const includeCycle: Mutation = (rng, input) => {
  const kind = rng.pick(['pair', 'with-main', 'self', 'guarded', 'diamond', 'include-next']);
  const extras: Record<string, Buffer> = {};
  let include: string;
  switch (kind) {
    case 'pair':
      extras['fuzz_cycle_a.h'] = Buffer.from('#include "fuzz_cycle_b.h"\n#define FUZZ_CYCLE_A 1\n');
      extras['fuzz_cycle_b.h'] = Buffer.from("#include \"fuzz_cycle_a.h\"\n#define FUZZ_CYCLE_IOCTL _IO('c', FUZZ_CYCLE_A)\n");
      include = '#include "fuzz_cycle_a.h"';
      break;
    case 'with-main':
      // the main file is written as MAIN_FILE by the runner, which replaces this marker
      extras['fuzz_cycle_main.h'] = Buffer.from('#include "@MAIN@"\n');
      include = '#include "fuzz_cycle_main.h"';
      break;
    case 'self':
      include = '#include "@MAIN@"';
      break;
    case 'guarded':
      extras['fuzz_guard_a.h'] = Buffer.from('#ifndef FUZZ_GUARD_A\n#define FUZZ_GUARD_A\n#include "fuzz_guard_b.h"\n#endif\n');
      extras['fuzz_guard_b.h'] = Buffer.from('#ifndef FUZZ_GUARD_B\n#define FUZZ_GUARD_B\n#include "fuzz_guard_a.h"\n#include "@MAIN@"\n#endif\n');
      include = '#include "fuzz_guard_a.h"';
      break;
    case 'diamond':
      // each level includes the next twice without a guard: 2^30 walks unless bounded
      for (let i = 0; i < 30; i++) {
        extras[`fuzz_diamond_${i}.h`] = Buffer.from(i < 29 ? `#include "fuzz_diamond_${i + 1}.h"\n#include "fuzz_diamond_${i + 1}.h"\n` : '#define FUZZ_DIAMOND 1\n');
      }
      include = '#include "fuzz_diamond_0.h"';
      break;
    default:
      extras['fuzz_next.h'] = Buffer.from('#include_next "fuzz_next.h"\n#include_next <fuzz_next.h>\n');
      include = '#include "fuzz_next.h"';
  }
  const { bytes, line } = insertLines(rng, input, include);
  return { bytes, extras, label: `include cycle (${kind}) at line ${line}` };
};

const nulBytes: Mutation = (rng, input) => {
  const n = rng.between(1, 8);
  let out = input;
  // past the first 8 KB too, where the binary check does not look
  for (let i = 0; i < n; i++) out = insertAt(out, rng.below(out.length + 1), Buffer.alloc(rng.between(1, 3)));
  return { bytes: out, label: `insert ${n} runs of NUL bytes` };
};

const INVALID_UTF8 = [[0xff], [0xfe, 0xff], [0xc0, 0xaf], [0x80], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xf0, 0x9f], [0xc3]];

const invalidUtf8: Mutation = (rng, input) => {
  const n = rng.between(1, 8);
  let out = input;
  for (let i = 0; i < n; i++) out = insertAt(out, rng.below(out.length + 1), Buffer.from(rng.pick(INVALID_UTF8)));
  return { bytes: out, label: `insert ${n} invalid UTF-8 sequences` };
};

const EXTREME_NUMBERS = ['0', '-1', '0x7fffffff', '0xffffffff', '0xffffffffffffffff', '18446744073709551616', '0x1ffffffffffffffffffff', '1e309', '0x', '08', "'\\xff'", '(1ULL << 63)', '(1 << 64)', '(-9223372036854775807 - 1) / -1', '1 % 0', "'ab'", '0b101', '1.5'];

const extremeNumber: Mutation = (rng, input) => {
  const text = input.toString('latin1');
  const numbers = [...text.matchAll(/\b(0[xX][0-9a-fA-F]+|\d+)[uUlL]*\b/g)];
  const replacement = rng.pick(EXTREME_NUMBERS);
  if (!numbers.length) return insertLinesLabel(rng, input, `#define FUZZ_NUMBER_IOCTL _IO('x', ${replacement})`, `ioctl with number ${replacement}`);
  const m = rng.pick(numbers);
  const at = Buffer.byteLength(text.slice(0, m.index!), 'latin1');
  const bytes = Buffer.concat([input.subarray(0, at), Buffer.from(replacement), input.subarray(at + m[0].length)]);
  return { bytes, label: `replace ${m[0]} by ${replacement} at byte ${at}` };
};

const HUNK_COUNTS = ['0', '1', '4294967295', '4294967296', '99999999999999999999', '-1', ''];

/** A patch's hunk header with counts it cannot have (a series is read from them); inserted into what has none. */
const hunkHeader: Mutation = (rng, input) => {
  const text = input.toString('latin1');
  const headers = [...text.matchAll(/^@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@/gm)];
  const n = () => rng.pick(HUNK_COUNTS);
  const made = `@@ -${n()},${n()} +${n()},${n()} @@`;
  if (!headers.length) return insertLinesLabel(rng, input, made, `hunk header ${made}`);
  const m = rng.pick(headers);
  const at = Buffer.byteLength(text.slice(0, m.index!), 'latin1');
  return { bytes: Buffer.concat([input.subarray(0, at), Buffer.from(made), input.subarray(at + m[0].length)]), label: `replace ${m[0]} by ${made} at byte ${at}` };
};

/** An mbox separator mid-text: a patch mail cut in two, the second half a mail without headers. */
const mboxSeparator: Mutation = (rng, input) =>
  insertLinesLabel(rng, input, 'From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001', 'mbox separator');

export const MUTATIONS: ReadonlyArray<readonly [string, Mutation, number]> = [
  ['hunk-header', hunkHeader, 4],
  ['mbox-separator', mboxSeparator, 3],
  ['flip-bytes', flipBytes, 10],
  ['truncate', truncate, 8],
  ['duplicate-lines', duplicateLines, 8],
  ['delete-lines', deleteLines, 8],
  ['unbalanced-if', unbalancedIf, 8],
  ['unbalanced-comment', unbalancedComment, 8],
  ['unbalanced-bracket', unbalancedBracket, 8],
  ['huge-line', hugeLine, 4],
  ['deep-nesting', deepNesting, 5],
  ['recursive-macro', recursiveMacros, 6],
  ['include-cycle', includeCycle, 6],
  ['nul-bytes', nulBytes, 5],
  ['invalid-utf8', invalidUtf8, 6],
  ['extreme-number', extremeNumber, 8],
];

/** Apply one to three mutations, chosen by weight. */
export function mutate(rng: Rng, input: Buffer): { bytes: Buffer; labels: string[]; extras: Record<string, Buffer> } {
  const count = rng.weighted([[1, 6], [2, 3], [3, 1]] as const);
  let bytes = input;
  const labels: string[] = [];
  const extras: Record<string, Buffer> = {};
  for (let i = 0; i < count; i++) {
    const [name, fn] = rng.weighted(MUTATIONS.map((m) => [m, m[2]] as const));
    const r = fn(rng, bytes);
    bytes = r.bytes;
    labels.push(`${name}: ${r.label}`);
    Object.assign(extras, r.extras);
  }
  return { bytes, labels, extras };
}
