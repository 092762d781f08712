/**
 * Identifiers as words, for the classifiers that read names (purpose, subsystem, passthrough):
 * `drm_ivpu_bo_create` is DRM, IVPU, BO, CREATE, and old drivers' glued `SONYPI_IOCGBAT1CAP`
 * is taken apart with the vocabulary of whoever reads it.
 */

/** Split an identifier into upper-case words: `drm_ivpu_bo_create` -> DRM, IVPU, BO, CREATE. */
export function splitWords(identifier: string): string[] {
  return identifier
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    // an acronym before a capitalised word: `SMMRegisters` is SMM, Registers (looked for around
    // each letter: `([A-Z]+)([A-Z][a-z])` backtracks over a whole run of capitals at every
    // start, and a megabyte of them took minutes)
    .replace(/(?<=[A-Z])(?=[A-Z][a-z])/g, '_')
    // V4L2's and old drivers' get/set forms glued to the operation: SONYPI_IOCGFAN, MGSL_IOCSGPIO
    // ...and the whole verb glued the same way: MTIOCGETCONFIG
    .replace(/IOC(GET|SET)(?=[A-Z0-9]{2})/g, 'IOC_$1_')
    .replace(/IOC([GS])(?=[A-Z0-9]{2})/g, 'IOC_$1_')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter((w) => w.length > 0);
}

/** Member names, struct names and comment lines recur across a header's ioctls: split once. */
const splitCache = new Map<string, readonly string[]>();
const SPLIT_CACHE_MAX = 8192;

export function words(text: string): readonly string[] {
  let w = splitCache.get(text);
  if (!w) {
    w = splitWords(text);
    if (splitCache.size >= SPLIT_CACHE_MAX) splitCache.clear();
    splitCache.set(text, w);
  }
  return w;
}

/** What a reader knows of the words a glued word may be made of. */
export interface GlueVocabulary {
  /** Words never taken apart: they are words already. */
  whole: ReadonlySet<string>;
  /** Words a glued word may start with. */
  heads: ReadonlySet<string>;
  /** The shortest head, and the shortest word worth taking apart. */
  shortestHead: number;
  shortestWord: number;
  /** Whether what is left after a head may follow it (`CAP` after BAT may; `ION` after SELECT may not). */
  follows: (rest: string) => boolean;
  /** Getter and setter forms glued first or after a short prefix: `GETOFFSET`, `PPGETMODE`. */
  accessors?: boolean;
  /** Words a glued word may end with, after any known part (`IRQFREQ`); none when undefined. */
  tails?: ReadonlySet<string>;
}

const accessorAt = (word: string, at: number): boolean => word.startsWith('GET', at) || word.startsWith('SET', at);

/**
 * A word as the words it was glued from, when it is no word of the vocabulary itself: the
 * longest head before what may follow it, a getter's or setter's form, or what ends in a tail
 * word; the word itself when none applies. A tail of three letters ends a glued word only after
 * another known word (`PERFCTR`), so a short word is not cut from a long one by chance.
 */
export function unglue(word: string, v: GlueVocabulary): string[] {
  if (word.length < v.shortestWord || v.whole.has(word)) return [word];
  const n = word.length;
  if (v.accessors && accessorAt(word, 0)) return [word.slice(0, 3), ...unglue(word.slice(3), v)];
  for (let k = n - 1; k >= v.shortestHead; k--) {
    const head = word.slice(0, k);
    const rest = word.slice(k);
    if (v.heads.has(head) && v.follows(rest)) return [head, ...unglue(rest, v)];
  }
  if (v.accessors) {
    // a getter or setter after a prefix of up to four letters: FD, GET, DRVSTAT
    for (let at = 1; at <= 4 && at + 6 <= n; at++) {
      if (accessorAt(word, at)) return [word.slice(0, at), word.slice(at, at + 3), ...unglue(word.slice(at + 3), v)];
    }
  }
  if (v.tails) {
    for (let k = 3; k <= n - 3; k++) {
      const tail = word.slice(k);
      if (v.tails.has(tail) && (tail.length >= 4 || v.tails.has(word.slice(0, k)))) return [...unglue(word.slice(0, k), v), tail];
    }
  }
  return [word];
}
