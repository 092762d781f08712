import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * libabigail's abidiff as the oracle of ABI breaks, the way the kernel's scripts/check-uapi.sh
 * uses it: each version of a header is compiled alone into a shared object with its debug
 * information (gcc -g -fno-eliminate-unused-debug-types, -std=c90, the script's exact flags),
 * and `abidiff --non-reachable-types` compares the two objects' types.
 *
 * abidiff also reports the types of the headers the compared one includes (drm_mode.h brings
 * drm.h's). A change is kept only when its type is declared in the compared header: abidiff's
 * report names a type but prints no location for a changed one (and only a base name for a
 * removed one), so the locations come from `abidw --load-all-types` of the same objects, whose
 * XML gives every type its declaring file as gcc recorded it (DW_AT_decl_file). Anonymous
 * structs and unions, which abidiff names by their members ('union {__u32 a; __u64 b;}'),
 * have no name to look up: they are kept when a kept type's report mentions them (the type
 * they are a member of).
 *
 * Example, Linux 6.1 as Debian installed it against the 6.12 source tree:
 *
 *   const r = abidiffHeader('drm/drm_mode.h', installedTree('drm/drm_mode.h'),
 *                           kernelSourceTree(linuxSource(), 'drm/drm_mode.h'), 'x86_64');
 *   // r.compiled === true; r.changes: none of drm_mode.h's own (drm.h's drm_syncobj_wait grew,
 *   // which abidiff reports too, is not drm_mode.h's)
 *
 * check-uapi.sh also hands abidiff a suppression file (sentinel enumerators such as *_MAX,
 * insertions into fields named pad/reserved/...). Debian 12's abidiff 2.2 cannot read it: it
 * ignores `changed_enumerators_regexp` and misreads `offset_of_first_data_member_regexp()`,
 * so that it drops real breaks (a removed struct, a member that changed type). So abidiff runs
 * without it, and each change says in `ignoredByCheckUapi` whether those suppressions, as
 * libabigail 2.4+ applies them, would have dropped it.
 *
 * What abidiff 2.2 reports that is no break, seen comparing 6.1 with 6.12 (scripts/abidiff-survey.mjs):
 *  - anonymous enums are paired by their order in the file (__anonymous_enum__9 with
 *    __anonymous_enum__9), so one added before others shows as enumerators removed and added;
 *  - anonymous structs and unions inside a union (bpf_attr) are paired wrongly the same way;
 *  - a struct that grows at its end (a new member after the last) is a size change;
 *  - a typedef replaced by a type of the same layout ('guid_t' -> '__u8[16]') is a member-type;
 *  - enumerators added at the end, member renames and a reserved field turned into a union of
 *    the same size are only reported with `harmless`, and flexible-array conversions
 *    ([0]/[1] -> [] or __DECLARE_FLEX_ARRAY) only there too, as "replaced by anonymous data member".
 */

export type OracleAbi = 'x86_64' | 'i386';

/** One type change abidiff reports, for a type declared in the compared header itself. */
export interface OracleChange {
  /** 'struct drm_foo', 'union bar', 'enum baz' as C spells it (anonymous types: as abidiff names them) */
  type: string;
  /** what changed, classified: */
  kind:
    | 'size'
    | 'member-offset'
    | 'member-type'
    | 'member-removed'
    | 'member-added'
    | 'member-renamed'
    | 'enumerator-value'
    | 'enumerator-removed'
    | 'enumerator-added'
    | 'type-removed'
    | 'other';
  /** the member or enumerator concerned, when there is one */
  member?: string;
  /** abidiff's own line(s) for it, for messages */
  detail: string;
  /**
   * Why check-uapi.sh would not report it (its suppression file, as libabigail 2.4+ applies
   * it to the whole type), when it would not.
   */
  ignoredByCheckUapi?: string;
}

export interface OracleResult {
  compiled: boolean;
  /** why not, when compiled is false (the compile error's first line) */
  reason?: string;
  changes: OracleChange[];
}

export interface HeaderTree {
  /** include folders in search order */
  includes: string[];
  /** the file of the header in this tree (so its own types are told from included ones) */
  file: string;
  /** extra -D options (e.g. to stand in for what headers_install strips: __user, __force, __iomem, __attribute_const__, __packed) */
  defines?: string[];
}

export interface OracleOptions {
  /**
   * Also abidiff's harmless changes (`--harmless`): member renames, an anonymous union that
   * grows within its size, enumerators added at the end. check-uapi.sh does not ask for them.
   */
  harmless?: boolean;
}

/**
 * Measured on 2 busy CPUs: compiling a uAPI header takes about 0.2 s (kvm.h, the largest),
 * abidw and abidiff under 0.1 s; a program that runs this long is stuck, and fails the test
 * that waited on it.
 */
const GCC_TIMEOUT_MS = 60_000;
const ABIGAIL_TIMEOUT_MS = 120_000;
const MAX_OUTPUT = 256 * 1024 * 1024;

/** check-uapi.sh's translation unit: a function, so the object is a real shared library. */
const PROGRAM = 'int f(void) { return 0; }\n';

/**
 * Compile `header` (path relative to an include root, e.g. 'linux/foo.h') from two header
 * trees as check-uapi.sh does (gcc -g, -fno-eliminate-unused-debug-types, the header alone in
 * a translation unit; -m32 for i386) and run abidiff on the two objects.
 */
export function abidiffHeader(header: string, base: HeaderTree, branch: HeaderTree, abi: OracleAbi, options: OracleOptions = {}): OracleResult {
  return runSync(compare(header, base, branch, abi, options));
}

export interface OracleRequest {
  header: string;
  base: HeaderTree;
  branch: HeaderTree;
  abi: OracleAbi;
  options?: OracleOptions;
}

/**
 * abidiffHeader over many headers, `jobs` of them at a time (each runs one program at a time),
 * results in the order asked; `onResult` sees each as it is ready.
 */
export async function abidiffHeaders(requests: OracleRequest[], jobs = 2, onResult?: (index: number, result: OracleResult) => void): Promise<OracleResult[]> {
  const results: OracleResult[] = new Array(requests.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.max(1, jobs) }, async () => {
      while (next < requests.length) {
        const i = next++;
        const r = requests[i];
        results[i] = await runAsync(compare(r.header, r.base, r.branch, r.abi, r.options ?? {}));
        onResult?.(i, results[i]);
      }
    }),
  );
  return results;
}

// ---------------------------------------------------------------------------------------------
// The two trees the tests use

/**
 * Linux 6.1's uAPI headers as Debian installed them: linux-libc-dev in /usr/include (asm/ is
 * /usr/include/x86_64-linux-gnu/asm, which gcc finds for -m32 too through /usr/include/asm),
 * and libdrm-dev's DRM headers in /usr/include/libdrm, seen as drm/*.h through a folder with
 * a `drm` link to them.
 */
export function installedTree(header: string): HeaderTree {
  const [top, ...rest] = header.split('/');
  const file =
    top === 'drm' ? path.join('/usr/include/libdrm', ...rest) : top === 'asm' ? path.join('/usr/include/x86_64-linux-gnu/asm', ...rest) : path.join('/usr/include', header);
  return { includes: ['/usr/include', shimFolder('installed-drm')], file };
}

/**
 * A kernel source tree's uAPI headers as they are before `make headers_install`: include/uapi
 * and arch/x86/include/uapi, with -D options for what scripts/headers_install.sh rewrites
 * (__user, __force and __iomem removed, __attribute_const__ removed, __packed spelt out,
 * inline and asm underscored, unifdef's __EXPORTED_HEADERS__), and empty linux/compiler.h and
 * linux/compiler_types.h for the includes of them it deletes. The generated headers the
 * source tree lacks (asm/unistd_64.h, linux/version.h) come from /usr/include after it, as
 * check-uapi.sh's compiler finds the system's.
 */
export function kernelSourceTree(root: string, header: string): HeaderTree {
  const [top, ...rest] = header.split('/');
  const file = top === 'asm' ? path.join(root, 'arch/x86/include/uapi/asm', ...rest) : path.join(root, 'include/uapi', header);
  return {
    includes: [path.join(root, 'include/uapi'), path.join(root, 'arch/x86/include/uapi'), shimFolder('kernel-source')],
    file,
    defines: HEADERS_INSTALL_DEFINES,
  };
}

/** scripts/headers_install.sh's sed script, so that a header only it changes counts as unchanged. */
export function headersInstall(text: string): string {
  return text
    .split('\n')
    .map((l) =>
      l
        .replace(/([\s(])(__user|__force|__iomem)\s/g, '$1')
        .replace(/__attribute_const__(\s|$)/g, '$1')
        .replace(/^#include <linux\/compiler(|_types)\.h>/, '')
        .replace(/(^|[^a-zA-Z0-9])__packed([^a-zA-Z0-9_]|$)/g, '$1__attribute__((packed))$2')
        .replace(/(^|[\s(])(inline|asm|volatile)([\s(]|$)/g, '$1__$2__$3')
        .replace(/#(ifndef|define|endif\s*\/[*])\s*_UAPI/, '#$1 '),
    )
    .join('\n');
}


export const HEADERS_INSTALL_DEFINES = [
  '__user=',
  '__force=',
  '__iomem=',
  '__attribute_const__=',
  '__packed=__attribute__((packed))',
  'inline=__inline__',
  'asm=__asm__',
  '__EXPORTED_HEADERS__',
];

function shimFolder(kind: 'installed-drm' | 'kernel-source'): string {
  const dir = path.join(workFolder(), `include-${kind}`);
  if (fs.existsSync(dir)) return dir;
  fs.mkdirSync(path.join(dir, 'linux'), { recursive: true });
  if (kind === 'installed-drm') fs.symlinkSync('/usr/include/libdrm', path.join(dir, 'drm'));
  else for (const h of ['compiler.h', 'compiler_types.h']) fs.writeFileSync(path.join(dir, 'linux', h), '/* headers_install deletes the include of this */\n');
  return dir;
}

// ---------------------------------------------------------------------------------------------
// Running programs: the comparison is a generator of commands, run one after the other either
// blocking (abidiffHeader) or not (abidiffHeaders, which overlaps several comparisons)

interface Command {
  program: string;
  args: string[];
  input?: string;
  timeoutMs: number;
}

interface Outcome {
  status: number | null;
  /** the signal that ended it, if one did (abidiff can crash) */
  signal: string | null;
  stdout: string;
  stderr: string;
}

type Steps<T> = Generator<Command, T, Outcome>;

/** gcc's messages in plain ASCII (' rather than a UTF-8 locale's quotes), so that reasons compare equal */
const PROGRAM_ENV = { ...process.env, LC_ALL: 'C' };

function timedOut(c: Command): Error {
  return new Error(`${c.program} ${c.args.join(' ')} did not finish within ${c.timeoutMs} ms and was killed`);
}

function runSync<T>(steps: Steps<T>): T {
  let next = steps.next();
  while (!next.done) {
    const c = next.value;
    const r = spawnSync(c.program, c.args, { cwd: workFolder(), env: PROGRAM_ENV, input: c.input, encoding: 'utf8', maxBuffer: MAX_OUTPUT, timeout: c.timeoutMs, killSignal: 'SIGKILL' });
    if (r.error) throw (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT' ? timedOut(c) : r.error;
    next = steps.next({ status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr });
  }
  return next.value;
}

async function runAsync<T>(steps: Steps<T>): Promise<T> {
  let next = steps.next();
  while (!next.done) {
    const c = next.value;
    const outcome = await new Promise<Outcome>((resolve, reject) => {
      const child = execFile(c.program, c.args, { cwd: workFolder(), env: PROGRAM_ENV, encoding: 'utf8', maxBuffer: MAX_OUTPUT, timeout: c.timeoutMs, killSignal: 'SIGKILL' }, (e, stdout, stderr) => {
        // killed with no error code of its own: the time limit (a full buffer has a code)
        if (e?.killed && typeof e.code !== 'string') reject(timedOut(c));
        else if (e && typeof e.code === 'string') reject(e);
        else resolve({ status: e ? (e.code as number | null | undefined) ?? null : 0, signal: e?.signal ?? null, stdout, stderr });
      });
      // a program that fails before reading its input (gcc on a missing include) closes the pipe
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(c.input);
    });
    next = steps.next(outcome);
  }
  return next.value;
}

// ---------------------------------------------------------------------------------------------
// Compiling, with a cache

let work: string | undefined;

/** One folder per process for the objects and the include shims, removed when it exits. */
function workFolder(): string {
  if (!work) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uapi-lint-abidiff-'));
    work = dir;
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  }
  return work;
}

type Side = { ok: true; object: string; abi: AbiTypes } | { ok: false; reason: string };

interface CompiledSide {
  /** every file the compilation read (gcc -MD), with the hash of its content then */
  inputs: Array<[file: string, hash: string]>;
  side: Side & { ok: true };
}

/**
 * Compiled sides by their flags (which name the tree and the header), each valid while the
 * files it read have the same content: the same header version is compiled once per process,
 * and a header whose includes changed on disk is compiled again.
 */
const compiledSides = new Map<string, CompiledSide[]>();

const hashOf = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

function contentHash(file: string): string {
  try {
    return hashOf(fs.readFileSync(file));
  } catch {
    return 'missing';
  }
}

/** The prerequisites of a make rule written by gcc -MD -MF. */
function readDepfile(text: string): string[] {
  const joined = text.replace(/\\\n/g, ' ');
  const rule = joined.slice(joined.indexOf(': ') + 2);
  return rule
    .split(/(?<!\\)\s+/)
    .map((f) => f.replace(/\\ /g, ' '))
    .filter((f) => f && f !== '-');
}

/** How check-uapi.sh's do_compile compiles (-m32 added for i386). */
function compileFlags(abi: OracleAbi): string[] {
  return [...(abi === 'i386' ? ['-m32'] : []), '-O0', '-std=c90', '-fno-eliminate-unused-debug-types', '-g'];
}

/** Where the header and its includes come from: the header goes in with -include, as in do_compile. */
function preprocessorFlags(tree: HeaderTree): string[] {
  return [...tree.includes.map((i) => `-I${path.resolve(i)}`), ...(tree.defines ?? []).map((d) => `-D${d}`), '-include', path.resolve(tree.file)];
}

/** The first line that says what went wrong (gcc's "In file included from" lines come first). */
function firstError(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => l.trim());
  return (lines.find((l) => /\b(fatal )?error:/.test(l)) ?? lines[0] ?? 'gcc failed without a message').trim();
}

function* compileSide(tree: HeaderTree, abi: OracleAbi): Steps<Side> {
  const flags = [...compileFlags(abi), ...preprocessorFlags(tree)];
  const setup = JSON.stringify(flags);
  const known = compiledSides.get(setup) ?? [];
  const current = known.find((k) => k.inputs.every(([file, hash]) => contentHash(file) === hash));
  if (current) return current.side;

  const name = path.join(workFolder(), hashOf(setup + '\0' + Date.now() + Math.random()).slice(0, 32));
  const object = `${name}.so`;
  const depfile = `${name}.d`;
  // check-uapi.sh's do_compile word for word (the header as -include, the program on stdin),
  // and -MD for the list of what it read
  const built = yield {
    program: 'gcc',
    args: ['-shared', '-nostdlib', '-fPIC', '-o', object, '-x', 'c', ...flags, '-MD', '-MF', depfile, '-'],
    input: PROGRAM,
    timeoutMs: GCC_TIMEOUT_MS,
  };
  if (built.status !== 0) return { ok: false, reason: firstError(built.stderr) };
  const inputs = readDepfile(fs.readFileSync(depfile, 'utf8')).map((f): [string, string] => [f, contentHash(f)]);
  const dw = yield { program: 'abidw', args: ['--load-all-types', object], timeoutMs: ABIGAIL_TIMEOUT_MS };
  if (dw.status !== 0) throw new Error(`abidw --load-all-types failed on ${tree.file} (${abi}): ${dw.stderr.trim()}`);
  const side = { ok: true as const, object, abi: readAbixml(dw.stdout) };
  compiledSides.set(setup, [...known, { inputs, side }]);
  return side;
}

function* compare(header: string, base: HeaderTree, branch: HeaderTree, abi: OracleAbi, options: OracleOptions): Steps<OracleResult> {
  const old = yield* compileSide(base, abi);
  if (!old.ok) return { compiled: false, reason: `base ${header}: ${old.reason}`, changes: [] };
  const now = yield* compileSide(branch, abi);
  if (!now.ok) return { compiled: false, reason: `branch ${header}: ${now.reason}`, changes: [] };
  if (old.object === now.object) return { compiled: true, changes: [] };

  const args = ['--non-reachable-types', ...(options.harmless ? ['--harmless'] : []), old.object, now.object];
  const diff = yield { program: 'abidiff', args, timeoutMs: ABIGAIL_TIMEOUT_MS };
  // abidiff's status is a bit set: 1 an error, 2 a usage error, 4 an ABI change, 8 an incompatible one
  if (diff.status === null || diff.status & 3) {
    const how = diff.signal ? `was killed by ${diff.signal}` : `failed (status ${diff.status})`;
    throw new Error(`abidiff on ${header} (${abi}) ${how}: abidiff ${args.join(' ')}\n${diff.stderr.trim()}`);
  }

  const own = new Set([...old.abi.ownNames(base.file), ...now.abi.ownNames(branch.file)]);
  return { compiled: true, changes: classify(readReport(diff.stdout), own, old.abi, now.abi) };
}

// ---------------------------------------------------------------------------------------------
// abidw's XML: where each type is declared, and the layout of structs

interface AbiType {
  /** as abidiff's report names it: 'struct foo', 'enum __anonymous_enum__1', 'typedef foo_t' */
  name: string;
  /** the declaring file, as gcc recorded it (absolute: the flags use absolute paths) */
  file?: string;
  /** data members in order, with their offsets (none in a union) */
  members: Array<{ name: string; offsetInBits?: number }>;
}

class AbiTypes {
  readonly byName = new Map<string, AbiType>();

  constructor(types: AbiType[]) {
    for (const t of types) if (!this.byName.has(t.name)) this.byName.set(t.name, t);
  }

  /** The names of the types declared in `file` (links resolved: drm/ is a link to libdrm/). */
  ownNames(file: string): string[] {
    const target = realpath(file);
    return [...this.byName.values()].filter((t) => t.file !== undefined && realpath(t.file) === target).map((t) => t.name);
  }
}

const realpaths = new Map<string, string>();
function realpath(p: string): string {
  let r = realpaths.get(p);
  if (r === undefined) {
    try {
      r = fs.realpathSync(p);
    } catch {
      r = path.resolve(p);
    }
    realpaths.set(p, r);
  }
  return r;
}

const XML_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };
const unescapeXml = (s: string) => s.replace(/&(lt|gt|amp|apos|quot);/g, (_, e: string) => XML_ENTITIES[e]);

/** The type declarations of abidw's output (one tag per line, attributes in single quotes). */
function readAbixml(xml: string): AbiTypes {
  const types: AbiType[] = [];
  const stack: Array<{ tag: string; type?: AbiType; offset?: number }> = [];
  let compDir = '/';
  for (const m of xml.matchAll(/<(\/?)([\w-]+)((?:\s+[\w-]+='[^']*')*)\s*(\/?)>/g)) {
    const [, closing, tag, rawAttrs, selfClosing] = m;
    if (closing) {
      stack.pop();
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of rawAttrs.matchAll(/([\w-]+)='([^']*)'/g)) attrs[a[1]] = unescapeXml(a[2]);
    const parent = stack[stack.length - 1];
    let entry: { tag: string; type?: AbiType; offset?: number } = { tag };
    if (tag === 'abi-instr' && attrs['comp-dir-path']) compDir = attrs['comp-dir-path'];
    const keyword = tag === 'class-decl' ? (attrs['is-struct'] === 'yes' ? 'struct' : 'class') : { 'union-decl': 'union', 'enum-decl': 'enum', 'typedef-decl': 'typedef' }[tag];
    // a declaration-only type (a pointer's target) says nothing about the layout
    if (keyword && attrs['is-declaration-only'] !== 'yes') {
      // anonymous structs and unions (but not enums) have no name abidiff uses: see classify
      const nameless = attrs['is-anonymous'] === 'yes' && !attrs['naming-typedef-id'] && keyword !== 'enum';
      const type: AbiType = {
        name: nameless ? '' : `${keyword} ${attrs.name}`,
        file: attrs.filepath === undefined ? undefined : path.resolve(compDir, attrs.filepath),
        members: [],
      };
      if (!nameless) types.push(type);
      entry = { tag, type };
    } else if (tag === 'data-member') {
      entry = { tag, type: parent?.type, offset: attrs['layout-offset-in-bits'] === undefined ? undefined : Number(attrs['layout-offset-in-bits']) };
    } else if (tag === 'var-decl' && parent?.tag === 'data-member' && parent.type) {
      parent.type.members.push({ name: attrs.name ?? '', offsetInBits: parent.offset });
    }
    if (!selfClosing) stack.push(entry);
  }
  return new AbiTypes(types);
}

// ---------------------------------------------------------------------------------------------
// abidiff's report

/** A line of the report and the lines indented under it. */
interface ReportLine {
  text: string;
  indent: number;
  children: ReportLine[];
}

/** One [C] or [D] entry: a changed or a removed type ([A], added types, are no break). */
interface ReportEntry {
  mark: 'C' | 'D';
  type: string;
  head: string;
  body: ReportLine[];
}

function readReport(report: string): ReportEntry[] {
  const entries: ReportEntry[] = [];
  let current: ReportEntry | undefined;
  let open: ReportLine[] = [];
  for (const raw of report.split('\n')) {
    if (!raw.trim()) continue;
    const head = /^ {2}\[([CDA])\] '(.*?)'(?: at \S+)?(?: changed:)?$/.exec(raw);
    if (head) {
      current = head[1] === 'A' ? undefined : { mark: head[1] as 'C' | 'D', type: head[2], head: raw.trim(), body: [] };
      if (current) entries.push(current);
      open = [];
      continue;
    }
    const indent = raw.length - raw.trimStart().length;
    if (indent < 4) {
      // a summary or section line
      current = undefined;
      continue;
    }
    if (!current) continue;
    const line: ReportLine = { text: raw.trim(), indent, children: [] };
    while (open.length && open[open.length - 1].indent >= indent) open.pop();
    (open.length ? open[open.length - 1].children : current.body).push(line);
    open.push(line);
  }
  return entries;
}

/** The line and everything under it, re-indented from 0, for a change's detail. */
function render(line: ReportLine, base = line.indent): string {
  return [' '.repeat(line.indent - base) + line.text, ...line.children.map((c) => render(c, base))].join('\n');
}

const walk = (lines: ReportLine[]): ReportLine[] => lines.flatMap((l) => [l, ...walk(l.children)]);

/** 'long int c' -> c, '__u32 pad[4]' -> pad, 'void (*fn)(int)' -> fn, 'drm_foo::bar' -> bar */
function memberName(decl: string): string | undefined {
  const fn = /\(\*\s*(\w+)\)/.exec(decl);
  if (fn) return fn[1];
  return /(\w+)\s*(?:\[[^\]]*\]\s*)*(?::\s*\d+)?$/.exec(decl.replace(/^[\w:]*::(?=\w+$)/, ''))?.[1];
}

const quoted = (s: string) => /'([^']*)'/.exec(s)?.[1] ?? '';

/** The changes of an entry's top-level lines, in the order abidiff gives them. */
function changesOf(type: string, body: ReportLine[]): OracleChange[] {
  const out: OracleChange[] = [];
  const add = (kind: OracleChange['kind'], line: ReportLine | string, member?: string) =>
    out.push({ type, kind, ...(member ? { member } : {}), detail: typeof line === 'string' ? line : render(line) });
  let skipped = false;
  for (const line of body) {
    const t = line.text;
    // "changed from:" ... "to:": the second half goes with the first
    if (/^to:$/.test(t)) {
      if (!skipped && out.length) out[out.length - 1].detail += '\n' + render(line);
      continue;
    }
    skipped = /^type changed from:/.test(t) && out.length > 0;
    if (skipped) continue; // the whole anonymous type again, after its changes
    if (/^type size hasn't changed/.test(t)) continue;
    // two anonymous types paired up: their internal names (__anonymous_struct__7) say nothing
    if (/^type name changed from '__anonymous_\w+' to '__anonymous_\w+'$/.test(t)) continue;
    if (/^type size changed from/.test(t)) add('size', line);
    else if (/^\d+ data member insertions?\b/.test(t)) for (const c of line.children) add('member-added', c, memberName(quoted(c.text)));
    else if (/^\d+ data member deletions?\b/.test(t)) for (const c of line.children) add('member-removed', c, memberName(quoted(c.text)));
    else if (/^\d+ enumerator insertions?\b/.test(t)) for (const c of line.children) add('enumerator-added', c, quoted(c.text).replace(/^.*::/, ''));
    else if (/^\d+ enumerator deletions?\b/.test(t)) for (const c of line.children) add('enumerator-removed', c, quoted(c.text).replace(/^.*::/, ''));
    else if (/^\d+ enumerator changes?\b/.test(t)) for (const c of line.children) add('enumerator-value', c, quoted(c.text).replace(/^.*::/, ''));
    else if (/^\d+ data member changes?\b/.test(t)) out.push(...memberChanges(type, line.children));
    else if (/^data members? .* replaced by anonymous data member/.test(t)) {
      // reserved fields turned into a union: "data member 'foo::pad' was replaced by anonymous data member:"
      for (const m of t.replace(/ (?:was|were) replaced.*$/, '').matchAll(/'([^']*)'/g)) add('member-type', line, memberName(m[1]));
    } else if (/^no data member changes? \(/.test(t)) continue; // all of them filtered out as harmless
    else if (/^(?:underlying|enum) type '.*' changed.*as reported earlier$/.test(t)) continue; // a typedef of a type reported on its own
    else if (/^underlying type /.test(t)) add(walk(line.children).some((c) => /^type size changed/.test(c.text)) ? 'size' : 'other', line);
    else add('other', line);
  }
  return out;
}

/** The entries under "N data member changes:", one or two changes each. */
function memberChanges(type: string, lines: ReportLine[]): OracleChange[] {
  const out: OracleChange[] = [];
  let last: string | undefined;
  for (const line of lines) {
    const t = line.text;
    const detail = render(line);
    let m: RegExpExecArray | null;
    if (/^to:$/.test(t) && out.length) {
      out[out.length - 1].detail += '\n' + detail;
    } else if ((m = /^type of '(.*)' changed/.exec(t))) {
      last = memberName(m[1]);
      out.push({ type, kind: 'member-type', member: last, detail });
    } else if ((m = /^'(.*)' offset changed from/.exec(t))) {
      last = memberName(m[1]);
      out.push({ type, kind: 'member-offset', member: last, detail });
    } else if ((m = /^(?:and )?name of '(.*?)' changed to '(.*?)'/.exec(t))) {
      const member = /^and /.test(t) && last ? last : memberName(m[1]);
      out.push({ type, kind: 'member-renamed', member, detail });
    } else if (/^and offset changed from/.test(t)) {
      // continues the line before it: the same member also moved
      out.push({ type, kind: 'member-offset', ...(last ? { member: last } : {}), detail });
    } else if (/^and /.test(t) && out.length) {
      // "and size changed ...": more about the line before it
      out[out.length - 1].detail += '\n' + detail;
    } else if ((m = /^data member (.+?) at offset \d+ \(in bits\) became anonymous data member/.exec(t))) {
      last = memberName(m[1]);
      out.push({ type, kind: 'member-type', member: last, detail });
    } else if ((m = /^anonymous data member .* became data member '(.*)'$/.exec(t))) {
      last = memberName(m[1]);
      out.push({ type, kind: 'member-type', member: last, detail });
    } else if (/^anonymous data member .*changed/.test(t)) {
      last = undefined;
      out.push({ type, kind: 'member-type', detail });
    } else if ((m = /^data member '(.*?)'/.exec(t)) || (m = /^'(.*?)'.*replaced by anonymous data member/.exec(t))) {
      last = memberName(m[1]);
      out.push({ type, kind: /replaced by anonymous data member/.test(t) ? 'member-type' : 'other', member: last, detail });
    } else {
      out.push({ type, kind: 'other', ...(last ? { member: last } : {}), detail });
    }
  }
  return out;
}

/** The report of a type abidiff says it "reported earlier": the lines under its mention in another entry. */
function reportedEarlier(type: string, entries: ReportEntry[]): ReportLine[] | undefined {
  const bare = type.replace(/^(struct|union|enum|typedef) /, '');
  const escaped = (type + '|' + bare).replace(/[.*+?^${}()[\]\\]/g, '\\$&').replace('\\|', '|');
  const mention = new RegExp(`^(?:type of|underlying type|array element type) '(?:${escaped})(?: [^']*)?' changed:$`);
  for (const e of entries) for (const l of walk(e.body)) if (mention.test(l.text) && l.children.length) return l.children;
  return undefined;
}

function classify(entries: ReportEntry[], own: Set<string>, old: AbiTypes, now: AbiTypes): OracleChange[] {
  const mine = entries.filter((e) => own.has(e.type));
  // anonymous structs and unions: those a kept type's report mentions
  const mentioned = mine.map((e) => [e.type, ...walk(e.body).map((l) => l.text)].join('\n')).join('\n');
  for (const e of entries) if (/^(struct|union) \{/.test(e.type) && mentioned.includes(e.type)) mine.push(e);

  const out: OracleChange[] = [];
  for (const e of mine) {
    let changes: OracleChange[];
    if (e.mark === 'D') changes = [{ type: e.type, kind: 'type-removed', detail: e.head }];
    else if (e.body.length === 1 && /^details were reported earlier/.test(e.body[0].text)) {
      const earlier = reportedEarlier(e.type, entries);
      changes = earlier ? changesOf(e.type, earlier) : [{ type: e.type, kind: 'other', detail: e.body[0].text }];
    } else changes = changesOf(e.type, e.body);
    const ignored = checkUapiIgnores(e.type, changes, old, now);
    out.push(...changes.map((c) => (ignored ? { ...c, ignoredByCheckUapi: ignored } : c)));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// check-uapi.sh's suppressions (its gen_suppressions), as libabigail 2.4+ evaluates them on a
// type's whole change (src/abg-suppression.cc, type_suppression::suppresses_diff)

const SENTINEL_ENUMERATORS = [
  /.*_AFTER_LAST$/, /.*_CNT$/, /.*_COUNT$/, /.*_END$/, /.*_LAST$/, /.*_MASK$/, /.*_MAX$/, /.*_MAX_BIT$/, /.*_MAX_BPF_ATTACH_TYPE$/,
  /.*_MAX_ID$/, /.*_MAX_SHIFT$/, /.*_NBITS$/, /.*_NETDEV_NUMHOOKS$/, /.*_NFT_META_IIFTYPE$/, /.*_NL80211_ATTR$/, /.*_NLDEV_NUM_OPS$/,
  /.*_NUM$/, /.*_NUM_ELEMS$/, /.*_NUM_IRQS$/, /.*_SIZE$/, /.*_TLSMAX$/, /^MAX_.*/, /^NUM_.*/,
];

const PADDING_MEMBERS = [
  /.*end$/, /.*pad$/, /.*pad[0-9]?$/, /.*pad_[0-9]?$/, /.*padding$/, /.*padding[0-9]?$/, /.*padding_[0-9]?$/, /.*res$/, /.*resv$/,
  /.*resv[0-9]?$/, /.*resv_[0-9]?$/, /.*reserved$/, /.*reserved[0-9]?$/, /.*reserved_[0-9]?$/, /.*rsvd[0-9]?$/, /.*unused$/,
];

function checkUapiIgnores(type: string, changes: OracleChange[], old: AbiTypes, now: AbiTypes): string | undefined {
  if (changes.some((c) => c.kind === 'type-removed')) return undefined;
  const sized = changes.some((c) => c.kind === 'size');

  if (type.startsWith('enum ')) {
    // `type_kind = enum` + `changed_enumerators_regexp`: the enumerator values are checked only
    // when none was removed and the size stayed; any other enum change falls through to
    // "suppressed" (libabigail's code, not its manual, which only speaks of changed values)
    const values = changes.filter((c) => c.kind === 'enumerator-value');
    if (changes.some((c) => c.kind === 'enumerator-removed') || sized || values.length === 0) {
      return 'check-uapi.sh: its enum suppression drops an enum change without a changed value (or with a removed enumerator or a new size)';
    }
    if (values.every((c) => SENTINEL_ENUMERATORS.some((r) => r.test(c.member ?? '')))) {
      return `check-uapi.sh: the enumerators that changed value (${values.map((c) => c.member).join(', ')}) are sentinels (*_MAX, *_COUNT, ...)`;
    }
    return undefined;
  }

  if (!type.startsWith('struct ') || sized) return undefined;
  // `has_data_member_inserted_at = offset_of_first_data_member_regexp(<padding>)`: every member
  // inserted or changed lies at or after the first padding member of the old struct
  const before = old.byName.get(type);
  const after = now.byName.get(type);
  if (!before || !after) return undefined;
  const touched = changes.filter((c) => c.kind === 'member-added' || c.kind === 'member-type' || c.kind === 'member-offset' || c.kind === 'member-renamed');
  if (touched.length === 0) return undefined;
  // a member's new name, when it has one ("name of 'foo::pad' changed to 'foo::flags'")
  const renamed = new Map<string | undefined, string>();
  for (const c of touched) {
    const to = c.kind === 'member-renamed' ? /changed to '(?:.*::)?(\w+)'/.exec(c.detail)?.[1] : undefined;
    if (to) renamed.set(c.member, to);
  }
  const offsetNow = (c: OracleChange): number | undefined => {
    const at = /at offset (\d+) \(in bits\)/.exec(c.detail);
    if (c.kind === 'member-added' && at) return Number(at[1]);
    const name = renamed.get(c.member) ?? c.member;
    return after.members.find((m) => m.name === name)?.offsetInBits;
  };
  for (const pattern of PADDING_MEMBERS) {
    const padding = before.members.find((m) => pattern.test(m.name));
    if (padding?.offsetInBits === undefined) continue;
    const from = padding.offsetInBits;
    if (touched.every((c) => (offsetNow(c) ?? -1) >= from)) return `check-uapi.sh: the change is within or after the padding member '${padding.name}' (offset ${from} bits)`;
  }
  return undefined;
}
