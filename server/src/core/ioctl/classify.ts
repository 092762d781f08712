import { EvidenceCache } from './evidence-cache';
import { splitWords, unglue, words, type GlueVocabulary } from './words';
import { ACTION_WORDS, GETTER_WORDS, HANDLER_CALLS, LIFECYCLE_VERBS, MACHINE_WORDS, NEUTRAL_WORDS, VERB_OBJECTS, SETTER_WORDS, SIGNALS, SOURCE_WEIGHT, type EvidenceSource, type PurposeId } from '../../knowledge/purposes';

/**
 * The purpose classifier: weighted evidence from an ioctl's name, its argument struct's name,
 * the struct's member names and the kernel-doc comment. Transparent by design: the result
 * lists every piece of evidence, so a hover can say why ("name EXPORT, member fd").
 */

export interface Evidence {
  source: EvidenceSource;
  /** The word or words that matched, as written. */
  text: string;
  purpose: PurposeId;
  weight: number;
}

export interface Classification {
  purpose: PurposeId;
  /** The winning purpose's total weight (0 for 'other'). */
  score: number;
  /** Evidence for the winning purpose, strongest first. */
  evidence: Evidence[];
}

export interface ClassifierInput {
  name: string;
  /** `struct foo_alloc`, `__u32`, or null. */
  argType: string | null;
  /** Member names of the argument struct (nested members included). */
  members: string[];
  /** The named values of a scalar argument (TABLET, LAPTOP of SDTX_DEVICE_MODE_*); read by the subsystem classifier. */
  values?: readonly string[];
  /** The kernel-doc comment of the ioctl or its struct. */
  doc: string | null;
  /** The comment after the `#define` on its line: the command's name spelled out (`enable periodic`). */
  remark?: string | null;
  /** In a driver source: the kernel functions the ioctl's handler calls. */
  calls?: readonly string[];
  /** The direction of the `_IO*` form: what is left when no word says what the ioctl is for. */
  dir?: 'none' | 'r' | 'w' | 'rw' | null;
  /** The argument type, members and comment as one string, when the caller has made it already. */
  evidenceKey?: string;
}

/** The argument type, member names and comment as one string: the key of what the classifiers read. */
export function evidenceKeyOf(input: Pick<ClassifierInput, 'argType' | 'members' | 'doc' | 'values'>): string {
  return `${input.argType ?? ''}\0${input.members.join(' ')}\0${input.doc ?? ''}\0${input.values?.join(' ') ?? ''}`;
}

/** Every signal word, indexed by its first word: a place's words are looked up, not searched. */
interface SignalWord {
  signal: number;
  text: string;
  parts: string[];
  last: boolean;
}
const BY_FIRST_WORD = new Map<string, SignalWord[]>();
SIGNALS.forEach((signal, k) => {
  for (const text of signal.words) {
    const parts = text.split('_');
    const list = BY_FIRST_WORD.get(parts[0]) ?? [];
    list.push({ signal: k, text, parts, last: signal.last === true });
    BY_FIRST_WORD.set(parts[0], list);
  }
});

/**
 * The words a name's glued word may be made of: every one-word signal (`IRQFREQ` is IRQ and
 * FREQ, `COMEDI_BUFCONFIG` ends in CONFIG), and what a name says besides.
 */
const SINGLE_WORDS = new Set<string>();
for (const signal of SIGNALS) for (const text of signal.words) if (!text.includes('_')) SINGLE_WORDS.add(text);
const KNOWN_WORDS = new Set<string>([...BY_FIRST_WORD.keys(), ...GETTER_WORDS, ...SETTER_WORDS, ...NEUTRAL_WORDS]);

const ACCESSOR_WORDS = new Set<string>([...GETTER_WORDS, ...SETTER_WORDS]);

/** English endings: after a known word they make it another word (SELECTION, TRANSMITTER, DEALLOCATE), not two. */
const ENDINGS = new Set(['ION', 'IONS', 'ING', 'INGS', 'TER', 'TERS', 'ATE', 'ATED', 'ABLE', 'MENT', 'ERS', 'ED']);

/**
 * How a name's glued word is taken apart when it is no word of the vocabulary itself (old
 * drivers and V4L2 glue theirs): a getter's or setter's form first or after a short prefix
 * (`MMTIMER_GETOFFSET`, `PPGETMODE`), a signal or accessor word of four letters or more and a word
 * of three or more (`VIDIOC_QUERYCTRL`, `USBDEVFS_SUBMITURB`), or what ends in a signal word
 * (`HPET_IRQFREQ`, `MMTIMER_MMAPAVAIL`, `MGSL_IOCWAITEVENT`, `BLKTRACESTART`).
 */
const PURPOSE_GLUE: GlueVocabulary = {
  whole: new Set([...KNOWN_WORDS, ...SINGLE_WORDS]),
  heads: new Set([...SINGLE_WORDS, ...ACCESSOR_WORDS]),
  shortestHead: 4,
  shortestWord: 6,
  follows: (rest) => rest.length >= 3 && !ENDINGS.has(rest),
  accessors: true,
  tails: SINGLE_WORDS,
};

/**
 * How many of a name's first words are its prefix: the driver's or the interface's own name
 * (`PCITEST_SET_IRQTYPE`, `FW_MGMT_IOC_SET_TIMEOUT_MS`, `PERF_EVENT_IOC_RESET`). Kernel names
 * put the family's name first and end it with IOC or IOCTL when they have one; without one, the
 * first of several words is the family's. A name of one word has no prefix (`BLKTRACESTART`), nor
 * one that starts with a getter or a setter.
 */
function prefixLength(split: readonly string[]): number {
  // a name that starts with what it does has no family name before it (md's SET_ARRAY_INFO)
  if (split.length < 2 || ACCESSOR_WORDS.has(split[0])) return 0;
  const ioc = split.findIndex((w) => w === 'IOC' || w === 'IOCTL');
  return ioc >= 0 && ioc < split.length - 1 && ioc <= 3 ? ioc + 1 : 1;
}

/**
 * A name's words, glued words taken apart, and the words of its prefix apart from them: the
 * prefix says the same of every ioctl of the family (`COUNTER_ADD_WATCH_IOCTL`), so it only
 * weighs as much as an argument struct's name, while what follows says what this one does.
 */
function nameWordsOf(name: string): { prefix: string[]; words: string[]; heads: Set<string> } {
  const split = splitWords(name);
  const n = prefixLength(split);
  const prefix: string[] = [];
  const words: string[] = [];
  const heads = new Set<string>();
  split.forEach((w, k) => {
    const parts = unglue(w, PURPOSE_GLUE);
    if (k < n) {
      prefix.push(...parts);
      return;
    }
    words.push(...parts);
    if (parts.length > 1) heads.add(parts[parts.length - 1]);
  });
  return { prefix, words, heads };
}

/**
 * An argument type that is a typedef's name says what the argument is as a struct's tag does
 * (`SMMRegisters`); a C scalar type says nothing.
 */
const SCALAR_TYPE = /^(?:_*[us]\d+|_*[us]?int\d+_t|_*(?:le|be)\d+|int|long|short|char|bool|void|size_t|ssize_t|loff_t|off_t|pid_t|uid_t|gid_t|__kernel_\w+)$/;

function typeName(argType: string | null): string | null {
  if (!argType) return null;
  if (/^(struct|union) /.test(argType)) return argType.split(/\s+/)[1];
  return /^[A-Za-z_]\w*$/.test(argType) && !SCALAR_TYPE.test(argType) ? argType : null;
}

/**
 * The words of several words that count double, being more precise than each (`GET_PARAM`,
 * `WAIT_BO`); not a second spelling of one word (`DMA_BUF` is DMABUF, `EVENT_FD` EVENTFD).
 */
const PHRASES = new Set<string>();
for (const signal of SIGNALS) {
  for (const text of signal.words) if (text.includes('_') && !signal.words.includes(text.replace(/_/g, ''))) PHRASES.add(text);
}

/**
 * A comment without its kernel-doc `Context:` lines: they say in which context the caller may
 * call (`Context: Process context.`, `Context: Any context`), no device context.
 */
function docText(doc: string): string {
  return doc.replace(/^[ \t*]*Context:.*$/gim, '');
}

/** Each purpose's place in the signal list, by its first signal. */
const PURPOSE_ORDER = new Map<PurposeId, number>();
SIGNALS.forEach((signal, k) => {
  if (!PURPOSE_ORDER.has(signal.purpose)) PURPOSE_ORDER.set(signal.purpose, k);
});

/** The longest word of each signal found in one list (consecutive words for `GET_PARAM`). */
function searchList(list: readonly string[]): ReadonlyMap<number, string> {
  const best = new Map<number, string>();
  for (let i = 0; i < list.length; i++) {
    const candidates = BY_FIRST_WORD.get(list[i]);
    if (candidates === undefined) continue;
    for (const w of candidates) {
      if (w.parts.length > 1 && !w.parts.every((p, k) => list[i + k] === p)) continue;
      if (w.last && i + w.parts.length !== list.length) continue;
      const known = best.get(w.signal);
      if (known === undefined || w.text.length > known.length) best.set(w.signal, w.text);
    }
  }
  return best;
}

/**
 * What each word list holds, by the list: `words` hands out one list per text, and a header's
 * structs repeat their member names and comment lines (`@flags: must be zero`), so most lists
 * are searched once however many ioctls they describe.
 */
const listHits = new WeakMap<readonly string[], ReadonlyMap<number, string>>();

/** The longest word of each signal found in the lists. */
function hits(lists: ReadonlyArray<readonly string[]>): Map<number, string> {
  const best = new Map<number, string>();
  for (const list of lists) {
    let found = listHits.get(list);
    if (found === undefined) listHits.set(list, (found = searchList(list)));
    for (const [signal, text] of found) {
      const known = best.get(signal);
      if (known === undefined || text.length > known.length) best.set(signal, text);
    }
  }
  return best;
}

/**
 * Classifications already made, by their whole input: while a header is edited, nearly every
 * ioctl is classified again from the same evidence. Bounded; the oldest go first.
 */
const known = new EvidenceCache<Classification>(4096);

export function classify(input: ClassifierInput): Classification {
  const evidence = input.evidenceKey ?? evidenceKeyOf(input);
  const rest = `${input.name}\0${input.dir ?? ''}\0${input.calls?.join(' ') ?? ''}\0${input.remark ?? ''}`;
  let c = known.get(evidence, rest);
  if (!c) {
    c = classifyAnew(input);
    known.set(evidence, rest, c);
  }
  return c;
}

function classifyAnew(input: ClassifierInput): Classification {
  // the family's prefix (PERF_EVENT_IOC_) is read apart from what follows it, and weighs less
  const { prefix, words: allNameWords, heads } = nameWordsOf(input.name);
  const nameWords = allNameWords.filter((w) => !NEUTRAL_WORDS.has(w));
  const structName = typeName(input.argType);
  // the comment on the define's line spells its name out (HPET_EPI `enable periodic`): read when
  // the name's own words say nothing, as what they abbreviate, and never over them
  const nameForm = accessorForm(allNameWords, null);
  const remarkWords = input.remark && !nameForm && !hits([nameWords, allNameWords]).size ? words(input.remark) : null;
  const places: Array<{ source: EvidenceSource; lists: ReadonlyArray<readonly string[]> }> = [
    // the words as written too: GET and SET say nothing alone, but GET_OFFSET and SET_MODE do
    { source: 'name', lists: [nameWords, allNameWords] },
    { source: 'prefix', lists: [prefix.filter((w) => !NEUTRAL_WORDS.has(w))] },
    { source: 'remark', lists: remarkWords ? [remarkWords] : [] },
    { source: 'struct', lists: [structName ? words(structName) : []] },
    { source: 'member', lists: input.members.map(words) },
    { source: 'doc', lists: input.doc ? docText(input.doc).split(/[.;:\n]/).map(words) : [] },
  ];
  const found: Evidence[] = [];
  const named = [...prefix, ...allNameWords];
  const ofMachine = named.some((w) => MACHINE_WORDS.has(w));
  for (const place of places) {
    // the longest matching word of a signal counts once per place
    for (const [k, hit] of hits(place.lists)) {
      const signal = SIGNALS[k];
      // the family's name is a name: the words a name may say, it may say
      // so is the comment that spells the name out on the define's line (`/* enable periodic */`)
      const source = place.source === 'prefix' || place.source === 'remark' ? 'name' : place.source;
      if (signal.sources && !signal.sources.includes(source)) continue;
      if (place.source !== 'name' && signal.last) continue;
      // START_VM, PARTITION_START: a machine's lifecycle, not the device's power or mode
      if (ofMachine && place.source === 'name' && LIFECYCLE_VERBS.has(hit)) continue;
      const weight = SOURCE_WEIGHT[place.source] * (signal.strength ?? 1) * (PHRASES.has(hit) ? 2 : 1);
      // the verb of an object that says its purpose (RESET of a counter) is said of that object
      const turn = place.source === 'name' ? VERB_OBJECTS.find((t) => t.verbs.has(hit) && ((t.family ? named : allNameWords).some((w) => t.objects.has(w)) || t.members?.every((m) => input.members.includes(m)))) : undefined;
      found.push({ source: place.source, text: hit.toLowerCase(), purpose: turn?.purpose ?? signal.purpose, weight });
    }
  }
  // `X_TO_Y` of two words no signal knows translates one identifier into another (a switch's PFF
  // number to its port): a lookup, as FIND and LOOKUP are
  if (found.length === 0 && nameWords.length === 3 && nameWords[1] === 'TO') {
    found.push({ source: 'name', text: nameWords.join('_').toLowerCase(), purpose: 'query-info', weight: SOURCE_WEIGHT.name });
  }
  // what the handler calls: each purpose once, by its first call
  const byCall = new Set<PurposeId>();
  for (const call of input.calls ?? []) {
    const h = HANDLER_CALLS.find((x) => x.calls.test(call));
    if (!h || byCall.has(h.purpose)) continue;
    byCall.add(h.purpose);
    found.push({ source: 'handler', text: call, purpose: h.purpose, weight: SOURCE_WEIGHT.handler });
  }
  // evidence in signal order, as the explanation lists it
  found.sort((a, b) => PURPOSE_ORDER.get(a.purpose)! - PURPOSE_ORDER.get(b.purpose)!);
  const totals = new Map<PurposeId, number>();
  for (const e of found) totals.set(e.purpose, (totals.get(e.purpose) ?? 0) + e.weight);
  let best: PurposeId = 'other';
  let score = 0;
  for (const [p, t] of totals) {
    if (t > score || (t === score && isHead(heads, found, p) && !isHead(heads, found, best))) {
      best = p;
      score = t;
    }
  }
  const form = nameForm ?? (remarkWords ? accessorForm(remarkWords, null) : undefined) ?? accessorForm(allNameWords, input.dir);
  // the family's name says what the family deals with, not what this ioctl does with it: a
  // setter in a firmware family still configures (FW_MGMT_IOC_SET_TIMEOUT_MS)
  const own = found.reduce((t, e) => t + (e.purpose === best && e.source !== 'prefix' ? e.weight : 0), 0);
  if (form && (own < WEAK || (form.source === 'name' && TURNS[form.purpose].has(best)))) {
    // nothing says more than a getter or a setter (a GET reads the device's state, a SET
    // configures it), or what the name names is state the getter reads (GET_TEMP, FLASH_INFO)
    // or the setter writes (SET_PARAM)
    return { purpose: form.purpose, score: Math.max(score, form.weight), evidence: [form, ...found.filter((e) => e.purpose === best)] };
  }
  // one word of a comment or a member (`Context ID` of a vsock address, an `interrupt` count in a
  // device's description) is no more than a word: it names the purpose only with more beside it
  const onlyWords = found.every((e) => e.purpose !== best || e.source === 'doc' || e.source === 'member');
  if (score < LEAST || (onlyWords && score < WEAK)) return { purpose: 'other', score: 0, evidence: [] };
  return {
    purpose: best,
    score,
    evidence: found.filter((e) => e.purpose === best).sort((a, b) => b.weight - a.weight),
  };
}

/**
 * Whether a purpose's word in the name ends a glued word. When two purposes weigh the same, that
 * one wins: the last part of a glued word is its head, the earlier one says which (`HPET_IRQFREQ`
 * sets a frequency, of the interrupt).
 */
function isHead(heads: ReadonlySet<string>, found: readonly Evidence[], purpose: PurposeId): boolean {
  return found.some((e) => e.source === 'name' && e.purpose === purpose && heads.has(e.text.toUpperCase()));
}

/** Below this, a getter's or setter's form decides (a member `size` alone is no buffer allocation). */
const WEAK = 3;

/**
 * Below this, nothing says what the ioctl is for: one member word (`size`, `offset`, `fd`) is in
 * too many argument structs to name a purpose alone.
 */
const LEAST = 2;

/**
 * The purposes whose words name the state an accessor reads or writes rather than an operation:
 * `I8K_GET_TEMP` queries, `DRM_IOCTL_IVPU_SET_PARAM` configures.
 */
const TURNS: Readonly<Record<'query-info' | 'config-power', ReadonlySet<PurposeId>>> = {
  'query-info': new Set<PurposeId>(['config-power', 'firmware', 'memory-map-device', 'context']),
  // a setter of a context's or a queue's option configures it (GRU_SET_CONTEXT_OPTION)
  'config-power': new Set<PurposeId>(['query-info', 'context']),
};

/** `GET`, `G` (`IOCG`), `GETPROP`: the getter or setter word of a name, if it has one of only one kind. */
function accessorWord(nameWords: readonly string[], words: ReadonlySet<string>, glued: string): string | undefined {
  return nameWords.find((w) => words.has(w) || (w.length > glued.length + 3 && w.startsWith(glued)));
}

function accessorForm(nameWords: readonly string[], dir: ClassifierInput['dir']): (Evidence & { purpose: 'query-info' | 'config-power' }) | undefined {
  const getter = accessorWord(nameWords, GETTER_WORDS, 'GET');
  const setter = accessorWord(nameWords, SETTER_WORDS, 'SET');
  if (getter && !setter) return { source: 'name', text: getter.toLowerCase(), purpose: 'query-info', weight: WEAK };
  if (setter && !getter) return { source: 'name', text: setter.toLowerCase(), purpose: 'config-power', weight: WEAK };
  // a command that only reads is a getter (one that only writes may be anything: a load, a bind, a free)
  if (dir === 'r' && !nameWords.some((w) => ACTION_WORDS.has(w))) return { source: 'direction', text: '_IOR', purpose: 'query-info', weight: 1 };
  return undefined;
}

/** "name EXPORT, member fd, struct name dmabuf" */
export function explain(c: Classification): string {
  if (c.purpose === 'other') return 'no evidence for a known purpose';
  const label: Record<EvidenceSource, string> = { name: 'name', prefix: 'name prefix', remark: 'comment on the define', struct: 'struct name', member: 'member', doc: 'comment', handler: 'handler calls', direction: 'direction' };
  const text = (e: Evidence) => (e.source === 'name' || e.source === 'prefix' ? e.text.toUpperCase() : e.source === 'handler' ? `${e.text}()` : e.source === 'direction' ? `${e.text} only` : `\`${e.text}\``);
  return c.evidence.map((e) => `${label[e.source]} ${text(e)}`).join(', ');
}
