import {
  CORE_INTERFACES, MACHINE_IDENTITY_WORDS, SHARED_UAPI, SUBSYSTEMS,
  type SharedUapi, type Subsystem, type SubsystemCover, type SubsystemEvidenceSource, type SubsystemId,
} from '../../knowledge/subsystems';
import type { PurposeId } from '../../knowledge/purposes';
import { evidenceKeyOf } from './classify';
import { splitWords, unglue, words, type GlueVocabulary } from './words';
import { EvidenceCache } from './evidence-cache';
import { DRM_MAGIC } from './forms';
import { upstreamOf } from './upstream-of';

/**
 * Which kernel subsystem's interface covers an ioctl, and a header or driver as a whole, from
 * the evidence a reviewer would cite: the words of the ioctl's name, its argument struct's name,
 * member names (units: `lux`, `rpm`, `duty_cycle`) and comment, the file's name, and in a
 * driver source what the driver registers with. A subsystem's own uAPI (header, magic and
 * number) is recognised first. DRM/accel is only an answer where the file has a job or context
 * model, since buffer words alone also belong to V4L2, dma-heap, TEE and uacce.
 */

export type SubsystemSource = SubsystemEvidenceSource | 'purpose' | 'registers' | 'folder' | 'file-whole' | 'shared-uapi' | 'drm';

export interface SubsystemEvidence {
  source: SubsystemSource;
  /** The word as written (`lux`), the call (`devm_iio_device_register`), or what the header is. */
  text: string;
  weight: number;
}

export interface SubsystemAnswer {
  /** A SUBSYSTEMS id; for a subsystem's or the kernel's own uAPI, the owner's id; null when none fits. */
  subsystem: SubsystemId | string | null;
  /** The ioctl is the subsystem's own uAPI, not a private interface. */
  shared?: SharedUapi;
  score: number;
  /** Strongest first. */
  evidence: SubsystemEvidence[];
  /** Taken from the header or driver as a whole: the ioctl's own words said nothing. */
  inherited?: boolean;
  /** The line of the subsystem's catalogue entry for what the ioctl does (its purpose and words). */
  cover?: SubsystemCover;
  /**
   * With `subsystem` null: the device is this subsystem's (by `evidence`), but the subsystem has
   * no interface for what the ioctl does (`cover` says why), so nothing covers it.
   */
  declined?: SubsystemId;
}

/** What the subsystem classifier reads of one ioctl. */
export interface SubsystemInput {
  name: string;
  /** The file that defines it. */
  file: string;
  type: number | null;
  nr: number | null;
  argType: string | null;
  members: string[];
  /** The named values of a scalar argument (see named-values.ts). */
  values?: readonly string[];
  doc: string | null;
  purpose: PurposeId;
  /** The direction of its `_IO*` form: with the name, what tells a copy of an upstream ioctl. */
  dir?: string | null;
  /** argType, members, doc and values as one string (classify's evidenceKeyOf), when made already. */
  evidenceKey?: string;
}

/** What it reads of the file as a whole. */
export interface WholeInput {
  /** The header's or driver's path. */
  path: string;
  ioctls: SubsystemInput[];
  /** In a driver source: the kernel functions and types it names that join a subsystem (REGISTER_NAMES). */
  names?: ReadonlySet<string>;
  /** The comment that opens the file, which says what the device is ("an ambient-light sensor"). */
  description?: string | null;
}

export interface WholeAnswer {
  /** The subsystem the device belongs in as a whole, or null. */
  whole: SubsystemAnswer;
  /** Each private ioctl's answer (shared uAPI and DRM-space ioctls included, marked as such). */
  byName: Map<string, SubsystemAnswer>;
  /** The private ioctls grouped by their answer, the largest group first. */
  groups: Array<{ subsystem: SubsystemId | null; ioctls: string[] }>;
}

const PLACE_WEIGHT: Readonly<Record<SubsystemEvidenceSource, number>> = { name: 3, struct: 2, member: 2, value: 2, doc: 1, file: 2 };
/** An ioctl's own evidence decides at this score (a typical word in its name, or two lesser hits). */
const DECIDES = 4;
/** Calls that join the subsystem outweigh any word. */
const REGISTERS_WEIGHT = 8;

export const SUBSYSTEM_BY_ID: ReadonlyMap<string, Subsystem> = new Map(SUBSYSTEMS.map((s) => [s.id, s]));
/** Every call or type that joins a driver to a subsystem: all a driver's names are read for. */
export const REGISTER_NAMES: ReadonlySet<string> = new Set(SUBSYSTEMS.flatMap((s) => s.registers));
const CORE_IDS = new Set(CORE_INTERFACES.map((c) => c.id));

/** A subsystem's or a core interface's title: `Industrial I/O (IIO)`. */
export function subsystemTitle(id: string): string {
  return SUBSYSTEM_BY_ID.get(id)?.title ?? CORE_INTERFACES.find((c) => c.id === id)?.title ?? id;
}

export function isCoreInterface(id: string): boolean {
  return CORE_IDS.has(id);
}

// ---------------------------------------------------------------------------------------------
// the subsystems' own uAPI

/** Rows by magic: most ioctls' magic has one or two rows to look at. */
const SHARED_BY_MAGIC = new Map<number, SharedUapi[]>();
for (const row of SHARED_UAPI) {
  const list = SHARED_BY_MAGIC.get(row.magic) ?? [];
  list.push(row);
  SHARED_BY_MAGIC.set(row.magic, list);
}

/** libdrm installs its own copies of the DRM uAPI headers: /usr/include/libdrm/i915_drm.h is drm/i915_drm.h. */
function libdrmCopy(file: string, header: string): boolean {
  return header.startsWith('drm/') && file.endsWith(`/libdrm/${header.slice(4)}`);
}

/** The row of a subsystem's own uAPI this ioctl is, keyed on its header, magic and number. */
export function sharedUapiOf(ioctl: SharedUapiKey): SharedUapi | undefined {
  return sharedUapiMatch(ioctl)?.row;
}

/** The row, and for a copy in another library's header the kernel header it copies. */
function sharedUapiMatch(ioctl: SharedUapiKey): { row: SharedUapi; copyOf?: string } | undefined {
  const row = rowFor(forwardSlashes(ioctl.file), ioctl.type, ioctl.nr);
  return row ? { row } : copiedUapiOf(ioctl);
}

/** A path with forward slashes; a file's ioctls are looked up one after another, so the last is kept. */
let lastPath = { file: '', slashed: '' };
function forwardSlashes(file: string): string {
  if (file !== lastPath.file) lastPath = { file, slashed: file.replace(/\\/g, '/') };
  return lastPath.slashed;
}

/** What an ioctl is looked up by: its header, magic and number, and for a copy its name and direction. */
export interface SharedUapiKey {
  file: string;
  type: number | null;
  nr: number | null;
  name?: string;
  dir?: string | null;
}

function rowFor(file: string, type: number | null, nr: number | null): SharedUapi | undefined {
  if (type === null) return undefined;
  for (const row of SHARED_BY_MAGIC.get(type) ?? []) {
    if (row.header !== '*' && !file.endsWith(`/${row.header}`) && file !== row.header && !libdrmCopy(file, row.header)) continue;
    if (row.nr && (nr === null || nr < row.nr[0] || nr > row.nr[1])) continue;
    return row;
  }
  return undefined;
}

/**
 * A subsystem's own ioctl copied into another library's header: glibc's <sys/mount.h> defines
 * the block layer's BLK* ioctls, <sys/mtio.h> the tape ioctls, <net/if_ppp.h> PPP's, libdrm's
 * <libsync.h> SYNC_IOC_MERGE. It is the upstream ioctl of the same name and numbers, in a header
 * a row is keyed on; a header of the kernel's own is what it is and no copy of another.
 */
function copiedUapiOf(ioctl: SharedUapiKey): { row: SharedUapi; copyOf: string } | undefined {
  if (ioctl.name === undefined || ioctl.dir === undefined || ioctl.type === null) return undefined;
  const u = upstreamOf({ name: ioctl.name, dir: ioctl.dir, type: ioctl.type, nr: ioctl.nr });
  if (!u) return undefined;
  const file = forwardSlashes(ioctl.file);
  if (file.endsWith(`/${u.header}`)) return undefined;
  const row = rowFor(u.header, ioctl.type, ioctl.nr);
  return row && row.header !== '*' ? { row, copyOf: u.header } : undefined;
}

// ---------------------------------------------------------------------------------------------
// evidence words

interface WordEntry {
  subsystem: SubsystemId;
  parts: string[];
  text: string;
  weight: number;
  sources?: SubsystemEvidenceSource[];
  suffix?: true;
}

const BY_FIRST = new Map<string, WordEntry[]>();
/** `uacce pasid`: the subsystem and (lower-case) word of every word that defines the whole device. */
const DEFINING = new Set(SUBSYSTEMS.flatMap((s) => s.evidence.filter((w) => w.defines).map((w) => `${s.id} ${w.word.toLowerCase()}`)));
const NOT_DRM = new Map<string, SubsystemId[]>();
for (const s of SUBSYSTEMS) {
  for (const w of s.evidence) {
    const parts = w.word.split('_');
    const list = BY_FIRST.get(parts[0]) ?? [];
    list.push({ subsystem: s.id, parts, text: w.word, weight: w.weight ?? 2, sources: w.sources, suffix: w.suffix });
    BY_FIRST.set(parts[0], list);
  }
  for (const w of s.notDrm) NOT_DRM.set(w, [...(NOT_DRM.get(w) ?? []), s.id]);
}

/**
 * What a glued identifier word may end in after a known word: `FANCTL` is FAN + CTL,
 * `BAT1` is BAT + 1. A closed list, so `BATCH` is not a battery nor `FANCY` a fan.
 */
const GLUED_ENDINGS: ReadonlySet<string> = new Set([
  'CTL', 'CTRL', 'CAP', 'REM', 'STAT', 'STATS', 'STATUS', 'FLAGS', 'INFO', 'MODE', 'LVL', 'LEVEL', 'CNT',
  'NUM', 'VAL', 'MAX', 'MIN', 'SPEED', 'ON', 'OFF', 'EN', 'ENABLE', 'GET', 'SET', 'RD', 'WR', 'CFG', 'CONF',
]);

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** A one-word evidence word glued to a known ending or a digit: SONYPI_IOCGBAT1CAP, APCIOCGFANCTL. */
const SUBSYSTEM_GLUE: GlueVocabulary = {
  whole: new Set(),
  heads: new Set([...BY_FIRST].filter(([, list]) => list.some((w) => w.parts.length === 1)).map(([first]) => first)),
  shortestHead: 3,
  shortestWord: 4,
  follows: (rest) => isDigit(rest.charCodeAt(0)) || GLUED_ENDINGS.has(rest),
};

/** Words also found glued to the end of a longer one (`SISFB` is SIS + FB): the framebuffer layer's <chip>fb. */
const SUFFIXES: ReadonlyArray<{ suffix: string; entries: WordEntry[] }> = [...BY_FIRST]
  .map(([first, list]) => ({ suffix: first, entries: list.filter((w) => w.suffix && w.parts.length === 1) }))
  .filter((x) => x.entries.length > 0);

/** The entries of a word that ends in a suffix word after at least two characters of its own. */
function suffixEntries(word: string): WordEntry[] | undefined {
  for (const x of SUFFIXES) if (word.length >= x.suffix.length + 2 && word.endsWith(x.suffix)) return x.entries;
  return undefined;
}

/** The best word of each subsystem in one list of words (a name, a member, a line of comment). */
function hitsIn(list: readonly string[], source: SubsystemEvidenceSource, into: Map<SubsystemId, Map<string, number>>): void {
  for (let i = 0; i < list.length; i++) {
    let entries = BY_FIRST.get(list[i]);
    if (entries === undefined && (source === 'name' || source === 'struct') && list[i].length >= 4) {
      // ioctl names glue words together (SONYPI_IOCGBAT1CAP, APCIOCGFANCTL); a member's
      // `ras1` is as likely a register as a RAS counter
      const parts = unglue(list[i], SUBSYSTEM_GLUE);
      if (parts.length > 1) entries = (BY_FIRST.get(parts[0]) ?? []).filter((w) => w.parts.length === 1);
    }
    // a chip's name glued before a suffix word (MATROXFB) is cited whole: FB alone says less
    let cited: string | undefined;
    if (!entries?.length && (source === 'name' || source === 'struct' || source === 'file')) {
      const glued = suffixEntries(list[i]);
      if (glued) [entries, cited] = [glued, list[i]];
    }
    for (const w of entries ?? []) {
      if (w.sources && !w.sources.includes(source)) continue;
      if (w.parts.length > 1 && !w.parts.every((p, k) => list[i + k] === p)) continue;
      // a word counts once per subsystem and place, at its best
      const words = into.get(w.subsystem) ?? new Map<string, number>();
      const weight = PLACE_WEIGHT[source] * w.weight * (w.parts.length > 1 ? 1.5 : 1);
      const text = cited ?? w.text;
      if ((words.get(text) ?? 0) < weight) words.set(text, weight);
      into.set(w.subsystem, words);
    }
  }
}

type Scores = Map<SubsystemId, { score: number; evidence: SubsystemEvidence[] }>;

function addPlace(scores: Scores, source: SubsystemEvidenceSource, lists: ReadonlyArray<readonly string[]>): void {
  const found = new Map<SubsystemId, Map<string, number>>();
  for (const l of lists) hitsIn(l, source, found);
  for (const [id, words] of found) {
    const s = scores.get(id) ?? { score: 0, evidence: [] };
    for (const [text, weight] of words) {
      s.score += weight;
      s.evidence.push({ source, text: text.toLowerCase(), weight });
    }
    scores.set(id, s);
  }
}

/** Words that say "not an accelerator" next to buffer words (FRAME, HEAP, PASID...). */
function notDrmWords(lists: ReadonlyArray<readonly string[]>): boolean {
  return lists.some((l) => l.some((w) => NOT_DRM.has(w)));
}

/** Every subsystem folder of the tree, the longest first: drivers/misc/mei/ before any drivers/misc/ one. */
const FOLDERS = SUBSYSTEMS.flatMap((s) => (s.folders ?? []).map((folder) => ({ subsystem: s.id, folder }))).sort((a, b) => b.folder.length - a.folder.length);

/** The subsystem folder a path is inside. */
function folderOf(file: string): { subsystem: SubsystemId; folder: string } | undefined {
  const path = file.replace(/\\/g, '/');
  return FOLDERS.find((f) => path.startsWith(f.folder) || path.includes(`/${f.folder}`));
}

/** The file's name without folders and extension, as words: `drivers/misc/als-bh1750.c` is ALS, BH1750. */
function fileWords(file: string): string[] {
  const base = file.replace(/\\/g, '/').split('/').pop() ?? '';
  return splitWords(base.replace(/\.[ch]$/i, ''));
}

/**
 * Each ioctl's own scores, by its whole input: while a header is edited, nearly every ioctl is
 * scored again from the same words. Read-only: decideFile copies
 * before it adds to them.
 */
const ownKnown = new EvidenceCache<{ scores: Scores; notDrm: boolean }>(4096);

function ownScores(input: SubsystemInput): { scores: Scores; notDrm: boolean } {
  const evidence = input.evidenceKey ?? evidenceKeyOf(input);
  let o = ownKnown.get(evidence, input.name);
  if (!o) {
    o = ownScoresAnew(input);
    ownKnown.set(evidence, input.name, o);
  }
  return o;
}

/** Each subsystem's score from the ioctl's own words. */
function ownScoresAnew(input: SubsystemInput): { scores: Scores; notDrm: boolean } {
  const scores: Scores = new Map();
  const name = [words(input.name)];
  const tag = structTag(input.argType);
  const structName = tag ? [words(tag)] : [];
  const members = input.members.map(words);
  const doc = input.doc ? input.doc.split(/[.;:\n]/).map(words) : [];
  addPlace(scores, 'name', name);
  addPlace(scores, 'struct', structName);
  const values = (input.values ?? []).map(words);
  addPlace(scores, 'member', members);
  addPlace(scores, 'value', values);
  addPlace(scores, 'doc', doc);
  return { scores, notDrm: notDrmWords([...name, ...structName, ...members, ...values]) };
}

function best(scores: Scores, allowDrm: boolean): { id: SubsystemId; score: number; evidence: SubsystemEvidence[] } | undefined {
  let top: { id: SubsystemId; score: number; evidence: SubsystemEvidence[] } | undefined;
  let tied = false;
  for (const [id, s] of scores) {
    if (id === 'drm-accel' && !allowDrm) continue;
    if (top && s.score === top.score) tied = true;
    else if (!top || s.score > top.score) {
      top = { id, score: s.score, evidence: s.evidence };
      tied = false;
    }
  }
  // a word two subsystems share (DSP: an audio DSP or a co-processor) decides nothing
  return tied ? undefined : top;
}

// ---------------------------------------------------------------------------------------------
// DRM/accel: a job or context model

const BUFFER_PURPOSES: ReadonlySet<PurposeId> = new Set([
  'buffer-alloc', 'buffer-free', 'buffer-mmap', 'buffer-export', 'buffer-import', 'buffer-cache-sync', 'memory-map-device',
]);
const JOB_PURPOSES: ReadonlySet<PurposeId> = new Set(['submit', 'context']);
const COMPLETION_PURPOSES: ReadonlySet<PurposeId> = new Set(['wait', 'fence']);
/** What an accelerator's ioctls are for: the purposes that follow the job model. */
const ACCEL_PURPOSES: ReadonlySet<PurposeId> = new Set([...BUFFER_PURPOSES, ...JOB_PURPOSES, ...COMPLETION_PURPOSES, 'event-notify']);

/** Work handed to the device (submission or contexts) with buffers or completion beside it. */
function hasJobModel(purposes: ReadonlySet<PurposeId>): boolean {
  const jobs = [...JOB_PURPOSES].some((p) => purposes.has(p));
  const around = [...BUFFER_PURPOSES, ...COMPLETION_PURPOSES].some((p) => purposes.has(p));
  return jobs && around;
}

/**
 * An accelerator's whole cycle, whatever its words: buffers allocated, mapped for the device
 * and work submitted on them (fastrpc's ALLOC_DMA_BUFF, MEM_MAP and INVOKE). A hypervisor
 * maps memory but submits nothing; a message queue sends but allocates nothing.
 */
function hasAcceleratorCycle(purposes: ReadonlySet<PurposeId>): boolean {
  return purposes.has('submit') && purposes.has('buffer-alloc') && (purposes.has('memory-map-device') || purposes.has('buffer-mmap'));
}

// ---------------------------------------------------------------------------------------------
// per ioctl, and the whole

function sharedAnswer(row: SharedUapi, copyOf?: string): SubsystemAnswer {
  const text = copyOf ? `a copy of ${copyOf}'s ioctl: ${row.note}` : row.note;
  return { subsystem: row.subsystem, shared: row, score: Infinity, evidence: [{ source: 'shared-uapi', text, weight: Infinity }] };
}

const DRM_ANSWER: SubsystemAnswer = {
  subsystem: 'drm-accel',
  score: Infinity,
  evidence: [{ source: 'drm', text: "the DRM number space (magic 'd')", weight: Infinity }],
};

/** An answer for an ioctl taken alone (no file around it): its own words, no job model. */
export function subsystemOfIoctl(input: SubsystemInput): SubsystemAnswer {
  return decideFile({ path: input.file, ioctls: [input] }).byName.get(input.name)!;
}

/**
 * Every ioctl's answer and the file's as a whole. An ioctl's own words decide when they are
 * strong enough; otherwise it takes the file's answer (a light sensor's GET_VERSION is the light
 * sensor's). The whole is the subsystem most of the private ioctls' evidence points to, with
 * the file's name and, in a driver, what it registers with.
 */
export function decideFile(input: WholeInput): WholeAnswer {
  // while a header is edited its ioctls' evidence rarely changes: the last answer of each file
  // is kept with what it was decided from, and compared field by field
  const last = decided.get(input.path);
  if (last && sameWhole(last.input, input)) return last.answer;
  const answer = decideFileAnew(input);
  decided.delete(input.path);
  decided.set(input.path, { input, answer });
  if (decided.size > DECIDED_MAX) decided.delete(decided.keys().next().value!);
  return answer;
}

/** The last answer of the files analysed last (a header's, a header it includes); the oldest go first. */
const decided = new Map<string, { input: WholeInput; answer: WholeAnswer }>();
const DECIDED_MAX = 16;

function sameWhole(a: WholeInput, b: WholeInput): boolean {
  if (a.description !== b.description || a.ioctls.length !== b.ioctls.length) return false;
  if ((a.names?.size ?? 0) !== (b.names?.size ?? 0) || [...(a.names ?? [])].some((n) => !b.names!.has(n))) return false;
  return a.ioctls.every((x, k) => {
    const y = b.ioctls[k];
    return x.name === y.name && x.file === y.file && x.type === y.type && x.nr === y.nr && x.dir === y.dir && x.purpose === y.purpose &&
      (x.evidenceKey ?? evidenceKeyOf(x)) === (y.evidenceKey ?? evidenceKeyOf(y));
  });
}

function decideFileAnew(input: WholeInput): WholeAnswer {
  const byName = new Map<string, SubsystemAnswer>();
  const privates: SubsystemInput[] = [];
  for (const i of input.ioctls) {
    const shared = sharedUapiMatch(i);
    if (shared) byName.set(i.name, sharedAnswer(shared.row, shared.copyOf));
    else if (i.type === DRM_MAGIC) byName.set(i.name, DRM_ANSWER);
    else privates.push(i);
  }
  // each ioctl's own words, once
  const ownWords = new Map<SubsystemInput, { scores: Scores; notDrm: boolean }>();
  for (const i of privates) ownWords.set(i, ownScores(i));
  // DRM/accel: jobs handed to the device beside buffers or completion, named in an
  // accelerator's words (a BO, a SUBMIT, a syncobj) somewhere in the file; a hypervisor's
  // CREATE_VM and a message queue's SEND have the purposes, not the words
  // (in its names, structs and members: a comment's 'context' is any driver's English)
  const accelWords = privates.reduce(
    (sum, i) => sum + (ownWords.get(i)!.scores.get('drm-accel')?.evidence.reduce((n, e) => n + (e.source === 'doc' ? 0 : e.weight), 0) ?? 0),
    0,
  );
  const purposes = new Set(privates.map((i) => i.purpose));
  // a word that says what the whole device is (a PASID member, a TLB of the process's pages), in
  // any ioctl's own name, struct or members
  const defining: Array<{ id: SubsystemId; evidence: SubsystemEvidence }> = [];
  for (const i of privates) {
    for (const [id, sc] of ownWords.get(i)!.scores) {
      for (const e of sc.evidence) {
        if (e.source !== 'doc' && DEFINING.has(`${id} ${e.text}`) && !defining.some((d) => d.id === id && d.evidence.text === e.text)) defining.push({ id, evidence: e });
      }
    }
  }
  // a device that works in the process's own address space is that model's, whatever its
  // contexts and buffers: GRU's contexts run on process virtual addresses, not on GEM objects
  const jobModel = !defining.some((d) => d.id !== 'drm-accel') && hasJobModel(purposes) && (accelWords >= DECIDES || hasAcceleratorCycle(purposes));

  // each private ioctl's own evidence
  const own = new Map<SubsystemInput, { scores: Scores; notDrm: boolean }>();
  for (const i of privates) {
    let o = ownWords.get(i)!;
    if (jobModel && ACCEL_PURPOSES.has(i.purpose) && !o.notDrm) {
      // the purpose is evidence too, inside a job model: a BO_CREATE next to a SUBMIT
      const was = o.scores.get('drm-accel') ?? { score: 0, evidence: [] };
      const scores: Scores = new Map(o.scores);
      scores.set('drm-accel', { score: was.score + 4, evidence: [...was.evidence, { source: 'purpose', text: i.purpose, weight: 4 }] });
      o = { scores, notDrm: o.notDrm };
    }
    own.set(i, o);
  }

  // the whole: the file's name, what the driver registers with, and the ioctls' decided evidence
  const whole: Scores = new Map();
  addPlace(whole, 'file', [fileWords(input.path)]);
  if (input.description) {
    // a description that names several classes in their own words ("battery charging and
    // system power ... as well as the RTC") is a multi-function device's: it says what the
    // parts are, not the whole
    const said: Scores = new Map();
    addPlace(said, 'doc', input.description.split(/[.;:\n]/).map(words));
    const classes = [...said.values()].filter((s) => s.evidence.some((e) => e.weight >= 3)).length;
    if (classes <= 1) {
      for (const [id, s] of said) {
        const w = whole.get(id) ?? { score: 0, evidence: [] };
        whole.set(id, { score: w.score + s.score, evidence: [...w.evidence, ...s.evidence] });
      }
    }
  }
  for (const s of SUBSYSTEMS) {
    const joins = s.registers.filter((r) => input.names?.has(r));
    if (!joins.length) continue;
    const w = whole.get(s.id) ?? { score: 0, evidence: [] };
    for (const r of joins) {
      w.score += REGISTERS_WEIGHT;
      w.evidence.push({ source: 'registers', text: r, weight: REGISTERS_WEIGHT });
    }
    whole.set(s.id, w);
  }
  // the folder of the tree it sits in: a header of drivers/hwmon/ is hwmon's already
  const folder = folderOf(input.path);
  if (folder) {
    const w = whole.get(folder.subsystem) ?? { score: 0, evidence: [] };
    w.score += REGISTERS_WEIGHT;
    w.evidence.push({ source: 'folder', text: folder.folder, weight: REGISTERS_WEIGHT });
    whole.set(folder.subsystem, w);
  }
  // the words that say what the whole device is weigh as a registration does
  for (const { id, evidence: e } of defining) {
    const w = whole.get(id) ?? { score: 0, evidence: [] };
    if (w.evidence.some((x) => x.text === e.text)) continue;
    w.score += REGISTERS_WEIGHT;
    w.evidence.push({ ...e, weight: REGISTERS_WEIGHT });
    whole.set(id, w);
  }
  const fileEvidence = new Map(whole);
  const decided = new Map<SubsystemInput, ReturnType<typeof best>>();
  for (const i of privates) {
    const o = own.get(i)!;
    const top = best(o.scores, jobModel && !o.notDrm);
    if (!top || top.score < DECIDES) continue;
    decided.set(i, top);
    const w = whole.get(top.id) ?? { score: 0, evidence: [] };
    w.score += top.score;
    // the whole's evidence names the words, once each
    for (const e of top.evidence) if (!w.evidence.some((x) => x.source === e.source && x.text === e.text)) w.evidence.push(e);
    whole.set(top.id, w);
  }
  // a file in DRM's own folders is DRM's whatever its ioctls look like
  const wholeTop = best(whole, jobModel || folder?.subsystem === 'drm-accel');
  // the device as a whole is a class's when its file or registration says so, or when more than
  // a third of its ioctls do on their own words: one UPDATE among 23 framebuffer ioctls is not
  // a firmware loader
  const ownVotes = wholeTop ? [...decided.values()].filter((t) => t!.id === wholeTop.id).length : 0;
  const fileSays = wholeTop !== undefined && (fileEvidence.get(wholeTop.id)?.score ?? 0) >= DECIDES;
  let wholeAnswer: SubsystemAnswer =
    wholeTop && wholeTop.score >= DECIDES && (fileSays || ownVotes * 3 > privates.length)
      ? { subsystem: wholeTop.id, score: wholeTop.score, evidence: strongestFirst(wholeTop.evidence) }
      : { subsystem: null, score: 0, evidence: [] };
  if (!privates.length) {
    // a subsystem's own header (or the DRM core's): its owner, by most ioctls
    const owners = new Map<string, SubsystemAnswer>();
    const counts = new Map<string, number>();
    for (const a of byName.values()) {
      if (a.subsystem === null) continue;
      owners.set(a.subsystem, a);
      counts.set(a.subsystem, (counts.get(a.subsystem) ?? 0) + 1);
    }
    const top = [...counts].sort((a, b) => b[1] - a[1])[0];
    if (top) wholeAnswer = owners.get(top[0])!;
  }

  // an ioctl that says nothing itself is the file's only when the file is one device: in a
  // multi-function header (a laptop's fan, battery and keys) it may be any of them
  const kinds = new Set([...decided.values()].map((t) => t!.id));
  const oneDevice = kinds.size <= 1;
  // ...unless its name's group (ALS_IOCTL_*, BMC_IOCTL_*) is one device
  const groupOf = new Map<string, Set<SubsystemId>>();
  for (const [i, top] of decided) {
    const key = nameGroup(i.name);
    groupOf.set(key, (groupOf.get(key) ?? new Set()).add(top!.id));
  }
  const prefixes = new Set(privates.map((i) => nameGroup(i.name)));
  for (const i of privates) {
    const top = decided.get(i);
    const group = groupOf.get(nameGroup(i.name));
    if (top) {
      byName.set(i.name, { subsystem: top.id, score: top.score, evidence: strongestFirst(top.evidence) });
    } else if (words(i.name).some((w) => MACHINE_IDENTITY_WORDS.has(w))) {
      // I8K_BIOS_VERSION is the machine's, not the fan controller's
      byName.set(i.name, { subsystem: null, score: 0, evidence: [] });
    } else if (!oneDevice && group?.size === 1) {
      const id = [...group][0];
      byName.set(i.name, {
        subsystem: id,
        score: 0,
        evidence: [{ source: 'file-whole', text: `its group ${nameGroup(i.name)}_* (the other ${nameGroup(i.name)} ioctls are ${id}'s)`, weight: 0 }],
        inherited: true,
      });
    } else if (
      oneDevice &&
      wholeAnswer.subsystem !== null &&
      (wholeAnswer.subsystem !== 'drm-accel' || ACCEL_PURPOSES.has(i.purpose) || !own.get(i)!.notDrm) &&
      // a second prefix with nothing of its own (PFRT_LOG_* beside PFRU_*) is a second function,
      // the file's only when its name or registration says what the whole device is
      (fileSays || group !== undefined || prefixes.size === 1)
    ) {
      const from = fileEvidence.get(wholeAnswer.subsystem as SubsystemId);
      byName.set(i.name, {
        subsystem: wholeAnswer.subsystem,
        score: 0,
        evidence: [{ source: 'file-whole', text: describeWhole(wholeAnswer, from), weight: 0 }],
        inherited: true,
      });
    } else {
      byName.set(i.name, { subsystem: null, score: 0, evidence: [] });
    }
  }

  // what the subsystem's interface has for the ioctl; a device's ioctl it has nothing for is no
  // longer the subsystem's (a crypto card's status read is not what AF_ALG does)
  for (const i of privates) {
    const a = byName.get(i.name)!;
    const entry = a.subsystem === null ? undefined : SUBSYSTEM_BY_ID.get(a.subsystem);
    if (!entry) continue;
    const cover = coverFor(entry, i.purpose, () => ioctlWords(i));
    byName.set(i.name, cover.none ? { subsystem: null, score: 0, evidence: a.evidence, inherited: a.inherited, cover, declined: entry.id } : { ...a, cover });
  }

  const groups = new Map<SubsystemId | null, string[]>();
  for (const i of privates) {
    const id = byName.get(i.name)!.subsystem as SubsystemId | null;
    groups.set(id, [...(groups.get(id) ?? []), i.name]);
  }
  return {
    whole: wholeAnswer,
    byName,
    groups: [...groups].map(([subsystem, ioctls]) => ({ subsystem, ioctls })).sort((a, b) => b.ioctls.length - a.ioctls.length),
  };
}

/**
 * The subsystem's line for this purpose (and, for a line that asks, the ioctl's words: read only
 * then, as few lines ask), else its line for any purpose.
 */
export function coverFor(subsystem: Subsystem, purpose: PurposeId, said?: () => ReadonlySet<string>): SubsystemCover {
  let words: ReadonlySet<string> | undefined;
  const says = (w: string) => (words ??= said?.() ?? new Set()).has(w);
  return (
    subsystem.covers.find((c) => c.purposes?.includes(purpose) && (!c.words || c.words.some(says))) ??
    subsystem.covers.find((c) => !c.purposes) ??
    subsystem.covers[0]
  );
}

/** The words of an ioctl's name, its struct's name and its members: what a cover's words are looked for in. */
function ioctlWords(i: SubsystemInput): Set<string> {
  return new Set([...words(i.name), ...words(structTag(i.argType) ?? ''), ...i.members.flatMap(words)]);
}

/** The tag of a struct or union argument (`bench_args` of `struct bench_args`). */
function structTag(argType: string | null): string | undefined {
  return argType && /^(struct|union) /.test(argType) ? argType.split(/\s+/)[1] : undefined;
}

/** The words of a name before IOCTL or IOC (`ALS` of `ALS_IOCTL_GET_LUX`), else its first word. */
function nameGroup(name: string): string {
  let g = NAME_GROUPS.get(name);
  if (g === undefined) {
    g = nameGroupOf(name);
    // names recur from edit to edit; a header has hundreds, not thousands
    if (NAME_GROUPS.size >= 8192) NAME_GROUPS.clear();
    NAME_GROUPS.set(name, g);
  }
  return g;
}
const NAME_GROUPS = new Map<string, string>();

function nameGroupOf(name: string): string {
  const w = name.split('_');
  const k = w.findIndex((x) => x === 'IOCTL' || x === 'IOC');
  return k > 0 ? w.slice(0, k).join('_') : w[0];
}

function strongestFirst(evidence: SubsystemEvidence[]): SubsystemEvidence[] {
  return [...evidence].sort((a, b) => b.weight - a.weight).slice(0, 6);
}

function describeWhole(whole: SubsystemAnswer, fileOnly: { evidence: SubsystemEvidence[] } | undefined): string {
  const why = (fileOnly?.evidence.length ? fileOnly.evidence : whole.evidence).slice(0, 3).map(explainOne).join(', ');
  return `the file as a whole (${why})`;
}

const LABEL: Readonly<Record<SubsystemSource, string>> = {
  name: 'name',
  struct: 'struct name',
  member: 'member',
  value: 'value',
  doc: 'comment',
  file: 'file name',
  purpose: 'purpose',
  registers: 'registers with',
  folder: 'in',
  'file-whole': '',
  'shared-uapi': '',
  drm: '',
};

function explainOne(e: SubsystemEvidence): string {
  if (e.source === 'file-whole' || e.source === 'shared-uapi' || e.source === 'drm') return e.text;
  if (e.source === 'folder') return `in ${e.text.replace(/\/$/, '')}`;
  if (e.source === 'name' || e.source === 'file') return `${LABEL[e.source]} ${e.text.toUpperCase()}`;
  if (e.source === 'doc') return `comment '${e.text.replace(/_/g, ' ')}'`;
  if (e.source === 'purpose') return `purpose ${e.text} in a file with work submission`;
  return `${LABEL[e.source]} \`${e.text}\``;
}

/** "member `lux`, name ALS, comment 'ambient light'": what an answer rests on. */
export function explainEvidence(a: SubsystemAnswer): string {
  return a.evidence.map(explainOne).join(', ');
}

/** "iio: member `lux`, name ALS, comment 'ambient light'" */
export function explainSubsystem(a: SubsystemAnswer): string {
  if (a.subsystem === null && a.declined) return `none: a ${a.declined} device (${explainEvidence(a)}), but ${a.declined} has no interface for this`;
  if (a.subsystem === null) return 'no evidence for a subsystem';
  return `${a.subsystem}: ${explainEvidence(a)}`;
}
