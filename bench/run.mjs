// The benchmark: `npm run bench [-- PATH] [--runs N]` (PATH: default /usr/include; a kernel tree
// works too). Prints one table and writes it into docs/performance.md, with the machine it ran
// on. Every figure is a median (or percentile) over repeated runs in this same run, next to the
// floor it is compared with, because this machine's speed varies between runs.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import rpc from 'vscode-jsonrpc/node';
import { generateHeader } from './generate-header.mjs';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const RUNS = runsAt >= 0 ? Number(args.splice(runsAt, 2)[1]) : 5;
// `--only trees,cli,startup,editor,base`: some parts only, printed and not written to docs/performance.md
const onlyAt = args.indexOf('--only');
const ONLY = onlyAt >= 0 ? new Set(args.splice(onlyAt, 2)[1].split(',')) : undefined;
const part = (name) => !ONLY || ONLY.has(name);
// the unpacked linux-source-6.12 (bash scripts/unpack-linux-source.sh): the driver rows' source, the base row's headers
const LINUX = path.join(os.homedir(), '.cache', 'uapi-lint', 'linux-source-6.12');
// `--driver FILE`: the driver source of the driver rows (default: linux-source-6.12's fastrpc.c, if unpacked)
const driverAt = args.indexOf('--driver');
const DRIVER = driverAt >= 0 ? path.resolve(args.splice(driverAt, 2)[1]) : path.join(LINUX, 'drivers', 'misc', 'fastrpc.c');
// `--profile DIR`: every server started writes its CPU profile into DIR (node --cpu-prof) when it exits
const profileAt = args.indexOf('--profile');
const PROFILE = profileAt >= 0 ? path.resolve(args.splice(profileAt, 2)[1]) : undefined;
const target = path.resolve(args[0] ?? '/usr/include');
const SERVER = path.join(root, 'dist', 'server.js');
const CLI = path.join(root, 'bin', 'uapi-lint.js');

const median = (xs) => quantile(xs, 0.5);
function quantile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
}
const ms = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(1)) + ' ms';
const secs = (x) => (x / 1000).toFixed(2) + ' s';
const log = (s) => process.stderr.write(s + '\n');

/** The files under `dirs` whose path `keep` accepts, sorted (the CLI's order). */
function filesUnder(dirs, keep) {
  const out = [];
  const visit = (d) => {
    let entries;
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) visit(p);
      else if (e.isFile() && keep(p)) out.push(p);
    }
  };
  for (const d of dirs) visit(d);
  return out.sort();
}

/** The headers the CLI would lint under `dir`, in its order. */
function headersUnder(dir) {
  return filesUnder([dir], (p) => p.endsWith('.h'));
}

function machine() {
  const cpu = /model name\s*:\s*(.*)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.availableParallelism()} CPUs (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}, Node.js ${process.version}; load average at the start ${os.loadavg()[0].toFixed(2)}`;
}

// ---- the floor: tree-sitter's own parse of the same files, natively and in wasm ----
function parseFloor(files, runs = RUNS) {
  const texts = files.map((f) => fs.readFileSync(f, 'utf8'));
  const Native = require('tree-sitter');
  const native = new Native();
  native.setLanguage(require('tree-sitter-c'));
  const nativeTimes = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    for (const t of texts) native.parse((index) => t.slice(index, index + 10240)).delete?.();
    nativeTimes.push(performance.now() - t0);
  }
  return { bytes: texts.reduce((n, t) => n + Buffer.byteLength(t), 0), native: median(nativeTimes) };
}

async function wasmFloor(files) {
  const { Parser, Language } = require('web-tree-sitter');
  await Parser.init();
  const parser = new Parser();
  parser.setLanguage(await Language.load(fs.readFileSync(require.resolve('tree-sitter-c/tree-sitter-c.wasm'))));
  const texts = files.map((f) => fs.readFileSync(f, 'utf8'));
  const times = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    for (const t of texts) parser.parse((index) => t.slice(index, index + 10240))?.delete();
    times.push(performance.now() - t0);
  }
  return median(times);
}

// ---- the CLI on whole trees ----
/** What the CLI would review under `dirs` (headers, and driver sources unless `headersOnly`), below its size limit. */
function reviewedUnder(dirs, headersOnly = false) {
  return filesUnder(dirs, (p) => (/\.h$/i.test(p) || (!headersOnly && /\.c$/i.test(p))) && fs.statSync(p).size <= MAX_FILE_BYTES);
}
// the CLI's --max-file-size default: a file over it is skipped, so the native parse leaves it out too
const MAX_FILE_BYTES = 4 * 1024 * 1024;

/** One whole-process run of the CLI on `dirs`, in `cwd` (in a kernel tree, as a developer runs it there). */
function cliIn(cwd, dirs, extra) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [CLI, '--format', 'json', '--fail-on', 'none', ...extra, ...dirs], { cwd, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 30, timeout: 60 * 60_000 });
  if (r.error || r.status !== 0) throw new Error(`uapi-lint ${extra.join(' ')} ${dirs.join(' ')} exited with ${r.status}: ${r.error?.message ?? r.stderr}`);
  return performance.now() - t0;
}

/**
 * A whole tree: uapi-lint with its defaults against the native parse of the same files, in one
 * process on one thread (the floor of any analysis that parses them); with `scaling`, also
 * `-j 1` and `-j 2`, alternated.
 */
function wholeTree(label, cwd, dirs, runs, { scaling = false, headersOnly = false } = {}) {
  const files = reviewedUnder(dirs.map((d) => path.resolve(cwd, d)), headersOnly);
  log(`${label}: ${files.length} files; native tree-sitter parse ...`);
  const floor = parseFloor(files, runs);
  const times = { all: [], j1: [], j2: [] };
  for (let r = 0; r < runs; r++) {
    times.all.push(cliIn(cwd, dirs, []));
    if (scaling) {
      times.j1.push(cliIn(cwd, dirs, ['--jobs', '1']));
      times.j2.push(cliIn(cwd, dirs, ['--jobs', '2']));
    }
    log(`  run ${r + 1}: ${secs(times.all.at(-1))}${scaling ? `, -j 1 ${secs(times.j1.at(-1))}, -j 2 ${secs(times.j2.at(-1))}` : ''} (load average ${os.loadavg()[0].toFixed(2)})`);
  }
  return {
    label, files: files.length, bytes: floor.bytes, native: floor.native, lint: median(times.all),
    j1: scaling ? median(times.j1) : undefined, j2: scaling ? median(times.j2) : undefined,
  };
}

function cliRun(extra) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [CLI, '--fail-on', 'none', ...extra, target], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`uapi-lint exited with ${r.status}: ${r.stderr}`);
  return performance.now() - t0;
}

// ---- the language server over JSON-RPC ----
async function startServer(rootUri, capabilities = {}, env = process.env) {
  const t0 = performance.now();
  const profile = PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE}`] : [];
  const child = spawn(process.execPath, [...profile, SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], env });
  const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  const published = [];
  const progress = [];
  let waiters = [];
  const arrived = (p) => {
    p.at = performance.now();
    const still = [];
    for (const w of waiters) {
      if (w.match(p)) w.resolve(p);
      else still.push(w);
    }
    waiters = still;
  };
  conn.onNotification('textDocument/publishDiagnostics', (p) => {
    published.push(p);
    arrived(p);
  });
  conn.onNotification('$/progress', (p) => {
    progress.push(p);
    arrived(p);
  });
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onRequest('client/registerCapability', () => null);
  conn.listen();
  await conn.sendRequest('initialize', { processId: process.pid, rootUri, workspaceFolders: rootUri ? [{ uri: rootUri, name: 'ws' }] : null, capabilities });
  const initialized = performance.now() - t0;
  await conn.sendNotification('initialized', {});
  const until = (match) => {
    const seen = [...published, ...progress].find(match);
    return seen ? Promise.resolve(seen) : new Promise((resolve) => waiters.push({ match, resolve }));
  };
  const close = async () => {
    await conn.sendRequest('shutdown');
    await conn.sendNotification('exit');
    await new Promise((r) => child.exitCode !== null ? r() : child.on('exit', r));
    conn.dispose();
  };
  const memory = () => {
    const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const kb = (k) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  };
  return { conn, child, published, progress, until, close, memory, initialized, t0 };
}

function benchHeaderFile() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uapi-lint-bench-'));
  const file = path.join(dir, 'bench_drv.h');
  const text = generateHeader(95);
  fs.writeFileSync(file, text);
  return { dir, file, uri: pathToFileURL(file).href, text };
}

/**
 * Process start -> initialized, and -> the first diagnostics of the 2,020-line header, next to
 * a bare node's start, in alternation. With NODE_EXTRA_CA_CERTS in the environment (node reads
 * that bundle at every start), also with it cleared, as the VS Code client starts the server.
 */
async function startup(h, runs = Math.max(RUNS, 15)) {
  const cleared = process.env.NODE_EXTRA_CA_CERTS ? { ...process.env, NODE_EXTRA_CA_CERTS: '' } : undefined;
  const measure = () => ({ init: [], first: [], bare: [] });
  const inherited = measure();
  const without = cleared ? measure() : undefined;
  for (let r = 0; r < runs; r++) {
    for (const [m, env] of [[inherited, process.env], [without, cleared]]) {
      if (!m) continue;
      const s = await startServer(null, {}, env);
      m.init.push(s.initialized);
      await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: h.uri, languageId: 'c', version: 1, text: h.text } });
      const p = await s.until((p) => p.uri === h.uri);
      m.first.push(p.at - s.t0);
      await s.close();
      // the floor: a node process that does nothing
      const t0 = performance.now();
      await new Promise((resolve) => spawn(process.execPath, ['-e', '0'], { env }).on('exit', resolve));
      m.bare.push(performance.now() - t0);
    }
  }
  const medians = (m) => m && { init: median(m.init), first: median(m.first), bare: median(m.bare) };
  return { ...medians(inherited), cleared: medians(without) };
}

/**
 * Typing: 200 edits on the header, 60 ms apart (a fast typist), in a struct, a comment and an
 * ioctl's number; for each, from didChange to the first diagnostics for that version or a later
 * one. Then hovers and code actions on the settled document.
 */
function headerScript(h) {
  const lines = h.text.split('\n');
  const memberLine = lines.findIndex((l) => l.startsWith('struct bench_args_40 {')) + 1;
  const commentLine = lines.findIndex((l) => l.includes('struct bench_args_60 - arguments'));
  const defineLine = lines.findIndex((l) => l.startsWith('#define BENCH_IOCTL_OP_80 '));
  const script = [];
  const typed = '\t__u32 extra_flags;\n';
  for (let k = 0; k < typed.length; k++) script.push({ line: memberLine, character: k, text: typed[k] });
  for (let k = typed.length - 1; k >= 0; k--) script.push({ line: memberLine, character: k, remove: true, newline: typed[k] === '\n' });
  const word = ' documented';
  const col = lines[commentLine].length;
  while (script.length < 140) {
    for (let k = 0; k < word.length && script.length < 140; k++) script.push({ line: commentLine, character: col + k, text: word[k] });
  }
  // retype the define's name, character by character, at the end of the line
  const defCol = lines[defineLine].length - 2;
  for (let k = 0; script.length < 200; k++) script.push({ line: defineLine, character: defCol, text: k % 2 ? '' : '_', remove: k % 2 === 1 });
  const hovers = lines.map((l, i) => (/^#define BENCH_IOCTL_OP_\d+ /.test(l) ? { line: i, character: 12 } : undefined)).filter(Boolean);
  return { script, hovers };
}

/**
 * The same on a driver source: a statement typed into and out of an ioctl handler, words added
 * to a comment, and a case label's name retyped; hovers on its case labels.
 */
function driverScript(d) {
  const lines = d.text.split('\n');
  const caseLines = lines.map((l, i) => (/^\s*case [A-Z][A-Z0-9_]*IOCTL[A-Z0-9_]*:/.test(l) ? i : -1)).filter((i) => i >= 0);
  if (caseLines.length < 3) throw new Error(`${d.file}: fewer than 3 ioctl case labels`);
  // inside the function of the middle case label's handler: the line after its switch's opening
  const body = caseLines[Math.floor(caseLines.length / 2)];
  const commentLine = lines.findIndex((l, i) => i > 20 && /^\s*\/?\*/.test(l) && l.trim().length > 3);
  const script = [];
  const typed = '\t\terr = 0;\n';
  for (let k = 0; k < typed.length; k++) script.push({ line: body + 1, character: k, text: typed[k] });
  for (let k = typed.length - 1; k >= 0; k--) script.push({ line: body + 1, character: k, remove: true, newline: typed[k] === '\n' });
  const word = ' checked';
  const col = lines[commentLine].length;
  while (script.length < 140) {
    for (let k = 0; k < word.length && script.length < 140; k++) script.push({ line: commentLine, character: col + k, text: word[k] });
  }
  const label = caseLines[0];
  const labelCol = lines[label].indexOf(':');
  for (let k = 0; script.length < 200; k++) script.push({ line: label, character: labelCol, text: k % 2 ? '' : 'X', remove: k % 2 === 1 });
  const hovers = caseLines.map((line) => ({ line, character: lines[line].indexOf('case ') + 7 }));
  return { script, hovers };
}

async function editing(h, s, { script, hovers: hoverAt }) {
  // each version is published twice: at once without the struct rules, then complete
  const complete = (v) => s.until((p) => p.uri === h.uri && p.version === v && s.published.filter((q) => q.uri === h.uri && q.version === v).length >= 2);
  await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: h.uri, languageId: 'c', version: 1, text: h.text } });
  await complete(1);
  const latency = [];
  let version = 1;
  // one keystroke: the next version, and its first diagnostics (for it or a later one)
  const type = async (step) => {
    const v = ++version;
    const range = step.remove
      ? { start: { line: step.line, character: step.character }, end: step.newline ? { line: step.line + 1, character: 0 } : { line: step.line, character: step.character + 1 } }
      : { start: { line: step.line, character: step.character }, end: { line: step.line, character: step.character } };
    const published = s.until((p) => p.uri === h.uri && p.version >= v);
    await s.conn.sendNotification('textDocument/didChange', { textDocument: { uri: h.uri, version: v }, contentChanges: [{ range, text: step.remove ? '' : step.text }] });
    // wrapped: an async function's promise would wait for the publication itself
    return { published };
  };
  for (const step of script) {
    const sent = performance.now();
    const { published } = await type(step);
    const racer = await Promise.race([published.then((p) => p.at), new Promise((r) => setTimeout(() => r(undefined), 60))]);
    if (racer !== undefined) latency.push(racer - sent);
    else {
      // not there within 60 ms: wait for it before the next keystroke, so every edit is measured
      latency.push((await published).at - sent);
    }
    const wait = 60 - (performance.now() - sent);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  // settled: the complete diagnostics of the last version
  const settledAt = performance.now();
  await complete(version);
  const settle = performance.now() - settledAt;
  // typing resumed after a pause (40 to 400 ms): the keystroke often comes while the complete
  // analysis of the version before runs, and must not wait for it (the script's last two edits,
  // a character typed and removed, give each pair)
  const resumed = [];
  for (let k = 0; k < 30; k++) {
    await (await type(script[script.length - 2])).published;
    await new Promise((r) => setTimeout(r, 40 + ((k * 53) % 360)));
    const sent = performance.now();
    const { published } = await type(script[script.length - 1]);
    resumed.push((await published).at - sent);
  }
  await complete(version);
  const hovers = [];
  const actions = [];
  for (let k = 0; k < 100; k++) {
    const position = hoverAt[(k * 7) % hoverAt.length];
    const t0 = performance.now();
    const hv = await s.conn.sendRequest('textDocument/hover', { textDocument: { uri: h.uri }, position });
    hovers.push(performance.now() - t0);
    if (!hv) throw new Error(`no hover at ${JSON.stringify(position)}`);
  }
  const diags = s.published.filter((p) => p.uri === h.uri).at(-1).diagnostics;
  for (let k = 0; k < 100 && diags.length; k++) {
    const d = diags[(k * 13) % diags.length];
    const t0 = performance.now();
    await s.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: h.uri }, range: d.range, context: { diagnostics: [d] } });
    actions.push(performance.now() - t0);
  }
  await s.conn.sendNotification('textDocument/didClose', { textDocument: { uri: h.uri } });
  return { latency, resumed, hovers, actions, settle };
}

/**
 * The server after indexing a workspace (the unpacked kernel tree: its uAPI headers, every
 * arch's; else the target) and the system's uAPI headers; with the native parse of the same
 * headers, the floor of indexing them.
 */
async function indexing(root) {
  const { indexTargets } = require('./server/out/lsp/workspace-index.js');
  const indexed = indexTargets([root], '/usr/include').filter((f) => fs.statSync(f).size <= MAX_FILE_BYTES);
  log(`indexing ${root}: ${indexed.length} headers; native tree-sitter parse ...`);
  const floor = parseFloor(indexed);
  const s = await startServer(pathToFileURL(root).href, { window: { workDoneProgress: true } });
  const t0 = performance.now();
  await s.until((p) => p.value?.kind === 'begin');
  await s.until((p) => p.value?.kind === 'end');
  const took = performance.now() - t0;
  const status = s.progress.filter((p) => p.value?.kind === 'report').at(-1)?.value?.message ?? '';
  // a moment for the garbage collector, as an idle editor gives it
  await new Promise((r) => setTimeout(r, 2000));
  const mem = s.memory();
  return { s, took, status, native: floor.native, headers: indexed.length, ...mem };
}

function checkpatch(files) {
  const script = path.join(target, 'scripts', 'checkpatch.pl');
  if (!fs.existsSync(script)) return undefined;
  const times = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    for (let i = 0; i < files.length; i += 200) {
      spawnSync('perl', [script, '--no-tree', '--terse', '-q', '--ignore', 'SPDX_LICENSE_TAG', '-f', ...files.slice(i, i + 200)], { cwd: target, stdio: 'ignore' });
    }
    times.push(performance.now() - t0);
  }
  return median(times);
}

// ---- `--base` on a kernel-sized header tree (issue 17) ----
const GIT_TIMEOUT = 120_000;
// without GIT_DIR, GIT_INDEX_FILE and the like from outside (a hook that runs the benchmark): the temporary repository only
const GIT_ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GIT_')));
function git(cwd, gitArgs) {
  const r = spawnSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.org', '-c', 'commit.gpgsign=false', '-c', 'core.hooksPath=/dev/null', ...gitArgs], {
    cwd, env: GIT_ENV, encoding: 'utf8', timeout: GIT_TIMEOUT, maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.error || r.status !== 0) throw new Error(`git ${gitArgs.join(' ')}: ${r.error?.message ?? r.stderr}`);
  return r.stdout;
}

/** What the benchmark's branch does: an ioctl (with a new argument struct) added to three headers, a member appended to two DRM structs. */
const BRANCH_EDITS = [
  { file: 'include/uapi/misc/fastrpc.h', ioctl: 'FASTRPC_IOCTL_BENCH_QUERY', magic: "'R'", nr: '0x20', struct: 'fastrpc_bench_query' },
  { file: 'include/uapi/linux/hidraw.h', ioctl: 'HIDIOCBENCHQUERY', magic: "'H'", nr: '0x20', struct: 'hidraw_bench_query' },
  { file: 'include/uapi/linux/nvme_ioctl.h', ioctl: 'NVME_IOCTL_BENCH_QUERY', magic: "'N'", nr: '0x50', struct: 'nvme_bench_query' },
  { file: 'include/uapi/drm/msm_drm.h', append: 'drm_msm_gem_new' },
  { file: 'include/uapi/drm/panfrost_drm.h', append: 'drm_panfrost_create_bo' },
];

function editHeader(text, e) {
  if (e.ioctl) {
    // before the include guard's #endif, as a driver's patch adds one
    const at = text.lastIndexOf('\n#endif');
    if (at < 0) throw new Error(`${e.file}: no #endif`);
    const added = [
      '',
      '/**',
      ` * struct ${e.struct} - argument of ${e.ioctl}`,
      ' * @flags: what to query',
      ' * @size: size of the buffer at @addr',
      ' * @addr: userspace address of the buffer',
      ' */',
      `struct ${e.struct} {`,
      '\t__u32 flags;',
      '\t__u32 size;',
      '\t__u64 addr;',
      '};',
      '',
      `#define ${e.ioctl}\t_IOWR(${e.magic}, ${e.nr}, struct ${e.struct})`,
      '',
    ].join('\n');
    return text.slice(0, at) + added + text.slice(at);
  }
  const open = text.indexOf(`\nstruct ${e.append} {\n`);
  const close = open < 0 ? -1 : text.indexOf('\n};', open);
  if (close < 0) throw new Error(`${e.file}: no struct ${e.append}`);
  return text.slice(0, close) + '\n\t__u32 bench_flags;\n\t__u32 bench_pad;' + text.slice(close);
}

/**
 * A temporary git repository holding the uAPI headers of linux-source-6.12 where they are in the
 * kernel (include/uapi, arch/x86/include/uapi: with both, the tool sees a kernel tree), committed
 * on main, which origin/main also names; then a branch that changes a handful of headers.
 */
function baseRepo() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uapi-lint-bench-base-'));
  try {
    for (const sub of ['include/uapi', 'arch/x86/include/uapi']) fs.cpSync(path.join(LINUX, sub), path.join(dir, sub), { recursive: true });
    git(dir, ['init', '-q', '-b', 'main']);
    git(dir, ['add', '-A']);
    git(dir, ['commit', '-q', '-m', 'uAPI headers of Linux 6.12']);
    git(dir, ['update-ref', 'refs/remotes/origin/main', 'HEAD']);
    git(dir, ['checkout', '-q', '-b', 'feature']);
    for (const e of BRANCH_EDITS) {
      const f = path.join(dir, e.file);
      fs.writeFileSync(f, editHeader(fs.readFileSync(f, 'utf8'), e));
    }
    git(dir, ['commit', '-q', '-a', '-m', 'bench: new ioctls, DRM structs extended']);
    return { dir, headers: headersUnder(dir).length };
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/** Processor time (user and system) of this process's finished children so far, in ms (Linux). */
const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8', timeout: 10_000 }).stdout) || 100;
function childrenCpu() {
  const stat = fs.readFileSync('/proc/self/stat', 'utf8');
  // after the command's name in parentheses: state is field 3, cutime 16, cstime 17
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(f[13]) + Number(f[14])) * 1000) / CLK_TCK;
}

function lintIn(dir, extra) {
  const cpu0 = childrenCpu();
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [CLI, '--format', 'json', '--fail-on', 'none', ...extra, dir], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 30, timeout: 30 * 60_000 });
  const took = performance.now() - t0;
  if (r.error || r.status !== 0) throw new Error(`uapi-lint ${extra.join(' ')} exited with ${r.status}: ${r.error?.message ?? r.stderr}`);
  return { took, cpu: childrenCpu() - cpu0, out: r.stdout };
}

/**
 * Where the two outputs differ. Both runs lint the same work tree, so a finding of one is at the
 * same place in the other; with the base, a finding about what exists already says where (`in
 * origin/main @ ...` for `upstream in ...`) and may be info rather than a warning, and the
 * changed headers get the comparison's findings (uapi-abi-break, uapi-abi-extension).
 */
function compareOutputs(without, withBase, dir) {
  const a = JSON.parse(without).files;
  const b = new Map(JSON.parse(withBase).files.map((f) => [f.path, f]));
  const changed = new Set(BRANCH_EDITS.map((e) => e.file));
  const where = (m) => m.replace(/ \((in|upstream in) [^)]*\)/g, '');
  const key = (d) => `${d.rule}\0${d.line}:${d.column}\0${where(d.message)}`;
  const t = { files: a.length, findings: 0, same: 0, reworded: 0, toInfo: 0, unexpected: [], added: [] };
  for (const f of a) {
    const rel = path.relative(dir, f.path);
    const g = b.get(f.path);
    if (!g) {
      t.unexpected.push(`${rel}: not in the output with --base`);
      continue;
    }
    if (JSON.stringify(f.ioctls) !== JSON.stringify(g.ioctls)) t.unexpected.push(`${rel}: other ioctls`);
    const rest = new Map();
    for (const d of g.diagnostics) rest.set(key(d), [...(rest.get(key(d)) ?? []), d]);
    for (const d of f.diagnostics) {
      t.findings++;
      const e = rest.get(key(d))?.shift();
      if (!e) t.unexpected.push(`${rel}:${d.line}: ${d.rule} not found with --base`);
      else if (e.severity === d.severity) e.message === d.message ? t.same++ : t.reworded++;
      else if (e.severity === 'info' && e.baselineState === 'unchanged' && !changed.has(rel)) t.toInfo++;
      else t.unexpected.push(`${rel}:${d.line}: ${d.rule} ${d.severity} -> ${e.severity}`);
    }
    for (const e of [...rest.values()].flat()) {
      const note = `${rel}:${e.line} ${e.rule} (${e.severity}, ${e.baselineState})`;
      (changed.has(rel) && e.rule.startsWith('uapi-abi-') ? t.added : t.unexpected).push(note);
    }
  }
  return t;
}

async function baseRow() {
  if (!fs.existsSync(path.join(LINUX, 'include', 'uapi'))) {
    log(`no linux-source-6.12 at ${LINUX}: the --base row is left out (bash scripts/unpack-linux-source.sh)`);
    return undefined;
  }
  log('--base: a git repository of the uAPI headers of linux-source-6.12 ...');
  const repo = baseRepo();
  // another build while this part runs would time two programs against each other
  const built = () => fs.statSync(path.join(root, 'dist', 'server-main.js')).mtimeMs;
  const builtAt = built();
  try {
    const runs = { none: { wall: [], cpu: [] }, 'origin/main': { wall: [], cpu: [] } };
    const outs = {};
    for (let r = 0; r < RUNS; r++) {
      // interleaved, each first in turn
      const order = r % 2 ? ['origin/main', 'none'] : ['none', 'origin/main'];
      for (const ref of order) {
        const { took, cpu, out } = lintIn(repo.dir, ['--base', ref]);
        runs[ref].wall.push(took);
        runs[ref].cpu.push(cpu);
        outs[ref] = out;
        log(`  --base ${ref}: ${secs(took)} (processor ${secs(cpu)}; load average ${os.loadavg()[0].toFixed(2)})`);
      }
    }
    if (built() !== builtAt) log('  WARNING: dist/ was rebuilt while this part ran: its figures compare two builds');
    const pairs = runs.none.wall.map((w, k) => runs['origin/main'].wall[k] / w);
    log(`  per run, with/without: ${pairs.map((x) => x.toFixed(2)).join(' ')} (median ${median(pairs).toFixed(2)})`);
    const diff = compareOutputs(outs.none, outs['origin/main'], repo.dir);
    log(`  outputs: ${diff.files} files, ${diff.findings} findings without the base; with it ${diff.same} the same, ${diff.reworded} saying where they exist in other words, ${diff.toInfo} info instead of a warning (unchanged headers)`);
    log(`  with the base only: ${diff.added.join('; ') || 'nothing'}`);
    if (diff.unexpected.length) log(`  UNEXPECTED differences (${diff.unexpected.length}): ${diff.unexpected.slice(0, 20).join('; ')}`);
    return {
      without: median(runs.none.wall), with: median(runs['origin/main'].wall),
      cpuWithout: median(runs.none.cpu), cpuWith: median(runs['origin/main'].cpu),
      headers: repo.headers, diff,
    };
  } finally {
    fs.rmSync(repo.dir, { recursive: true, force: true });
  }
}

// ---- run it all ----
const files = headersUnder(target);
log(`${files.length} headers under ${target}; ${RUNS} runs each`);
let floor, wasm, cli, cli1, start, idx, ed, afterEditing, cp;
// issue 20's trees: the 6.12 kernel's uAPI headers and its accelerator and graphics drivers, in the unpacked tree
const trees = [];
if (part('trees') && fs.existsSync(path.join(LINUX, 'include', 'uapi'))) {
  trees.push(wholeTree('Linux 6.12 uAPI headers (include/uapi, arch/x86/include/uapi)', LINUX, ['include/uapi', 'arch/x86/include/uapi'], RUNS, { scaling: true }));
  trees.push(wholeTree('Linux 6.12 drivers/misc, drivers/accel, drivers/gpu/drm (.c and .h)', LINUX, ['drivers/misc', 'drivers/accel', 'drivers/gpu/drm'], Math.min(RUNS, 2)));
} else if (part('trees')) log(`no linux-source-6.12 at ${LINUX}: the kernel tree rows are left out (bash scripts/unpack-linux-source.sh)`);
if (part('cli')) {
  log('native tree-sitter parse ...');
  floor = parseFloor(files);
  log('web-tree-sitter parse ...');
  wasm = await wasmFloor(files);
  log('CLI ...');
  const cliTimes = [];
  const cli1Times = [];
  for (let r = 0; r < RUNS; r++) {
    cliTimes.push(cliRun([]));
    cli1Times.push(cliRun(['--jobs', '1']));
  }
  cli = median(cliTimes);
  cli1 = median(cli1Times);
  log('checkpatch ...');
  cp = checkpatch(files);
}
const h = benchHeaderFile();
const driver = fs.existsSync(DRIVER) ? { file: DRIVER, uri: pathToFileURL(DRIVER).href, text: fs.readFileSync(DRIVER, 'utf8') } : undefined;
if (!driver) log(`no driver source at ${DRIVER}: the driver rows are left out (bash scripts/unpack-linux-source.sh, or --driver FILE)`);
let driverStart, driverEd;
if (part('startup')) {
  log('language server start-up ...');
  start = await startup(h);
  if (driver) {
    log('language server start-up, driver source ...');
    driverStart = await startup(driver);
  }
}
if (part('editor')) {
  log('indexing ...');
  idx = await indexing(fs.existsSync(path.join(LINUX, 'include', 'uapi')) ? LINUX : target);
  log('typing, hover, code actions ...');
  ed = await editing(h, idx.s, headerScript(h));
  if (driver) {
    log('typing, hover, code actions in a driver source ...');
    driverEd = await editing(driver, idx.s, driverScript(driver));
  }
  afterEditing = idx.s.memory();
  await idx.s.close();
}
const base = part('base') ? await baseRow() : undefined;

const rows = [];
const mib = (b) => `${(b / 2 ** 20).toFixed(1)} MiB`;
for (const t of trees) {
  rows.push([`Whole-tree lint: ${t.label}, ${t.files.toLocaleString('en')} files, ${mib(t.bytes)}`, secs(t.lint), `native tree-sitter parse of the same files, one thread: ${secs(t.native)} (ratio ${(t.lint / t.native).toFixed(1)}x)`, 'at most 1.5x the native parse', t.lint / t.native <= 1.5 ? 'met' : 'not met']);
  if (t.j1 !== undefined) rows.push([`\`-j 2\` against \`-j 1\`: ${t.label}`, `${(t.j1 / t.j2).toFixed(2)}x faster`, `-j 1: ${secs(t.j1)}; -j 2: ${secs(t.j2)}`, 'at least 1.8x', t.j1 / t.j2 >= 1.8 ? 'met' : 'not met']);
}
if (cli !== undefined) rows.push(
  ['Whole-tree CLI lint (all CPUs)', secs(cli), `native tree-sitter parse of the same files: ${secs(floor.native)} (ratio ${(cli / floor.native).toFixed(1)}x); one thread: ${secs(cli1)}; web-tree-sitter parse: ${secs(wasm)}`, 'at most 1.5x the native parse', cli / floor.native <= 1.5 ? 'met' : 'not met'],
);
if (cp !== undefined) rows.push(['checkpatch.pl on the same headers', secs(cp), 'for comparison', '', '']);
if (start) rows.push(
  ['Server start -> initialized', ms(start.init), `bare \`node -e 0\`: ${ms(start.bare)}`, '', ''],
  ['Server start -> first diagnostics (2,020-line header)', ms(start.first), `bare \`node -e 0\`: ${ms(start.bare)}`, 'under 300 ms (issue 2)', start.first < 300 ? 'met' : 'not met'],
);
if (start?.cleared) rows.push(
  ['Server start -> first diagnostics, NODE_EXTRA_CA_CERTS cleared (as the VS Code client starts it)', ms(start.cleared.first), `bare \`node -e 0\` so: ${ms(start.cleared.bare)}`, 'under 300 ms (issue 2)', start.cleared.first < 300 ? 'met' : 'not met'],
);
if (ed) rows.push(
  ['didChange -> publishDiagnostics, 200 edits', `p50 ${ms(median(ed.latency))}, p95 ${ms(quantile(ed.latency, 0.95))}`, `edits 60 ms apart; the first diagnostics for that version or a later one; the complete ones (struct rules) ${ms(ed.settle)} after the last edit`, 'p95 at most 16 ms', quantile(ed.latency, 0.95) <= 16 ? 'met' : 'not met'],
  ['didChange after a pause in typing, 30 times', `p50 ${ms(median(ed.resumed))}, p95 ${ms(quantile(ed.resumed, 0.95))}`, 'pauses of 40-400 ms: the complete analysis of the version before is often under way (it runs in slices, a change goes first)', 'p95 at most 16 ms', quantile(ed.resumed, 0.95) <= 16 ? 'met' : 'not met'],
  ['Hover, 100 requests', `p50 ${ms(median(ed.hovers))}, p95 ${ms(quantile(ed.hovers, 0.95))}`, 'on ioctl names of the settled document', 'p95 at most 5 ms', quantile(ed.hovers, 0.95) <= 5 ? 'met' : 'not met'],
  ['Code actions, 100 requests', `p50 ${ms(median(ed.actions))}, p95 ${ms(quantile(ed.actions, 0.95))}`, 'on published diagnostics of the settled document', 'p95 at most 10 ms', quantile(ed.actions, 0.95) <= 10 ? 'met' : 'not met'],
  ['Server RSS after indexing', `${idx.rss.toFixed(0)} MB (peak ${idx.peak.toFixed(0)} MB)`, `${idx.status}; after the editing above: ${afterEditing.rss.toFixed(0)} MB`, 'at most 150 MB', idx.rss <= 150 ? 'met' : 'not met'],
  ['Indexing', secs(idx.took), `${idx.headers.toLocaleString('en')} headers; native tree-sitter parse of them, one thread: ${secs(idx.native)} (ratio ${(idx.took / idx.native).toFixed(1)}x)`, 'at most 1.5x the native parse', idx.took / idx.native <= 1.5 ? 'met' : 'not met'],
);

const lines = (t) => t.split('\n').length.toLocaleString('en');
if (driverStart) rows.push(
  [`Server start -> first diagnostics (driver source ${path.basename(driver.file)}, ${lines(driver.text)} lines)`, ms(driverStart.cleared?.first ?? driverStart.first), `the header's: ${ms(start.cleared?.first ?? start.first)}; bare \`node -e 0\`: ${ms(driverStart.cleared?.bare ?? driverStart.bare)}${driverStart.cleared ? ' (NODE_EXTRA_CA_CERTS cleared)' : ''}`, 'measured (issue 16)', ''],
);
if (driverEd) rows.push(
  [`didChange -> publishDiagnostics, 200 edits in ${path.basename(driver.file)}`, `p50 ${ms(median(driverEd.latency))}, p95 ${ms(quantile(driverEd.latency, 0.95))}`, `the header's p95: ${ms(quantile(ed.latency, 0.95))}; the complete diagnostics ${ms(driverEd.settle)} after the last edit`, 'p95 at most 16 ms', quantile(driverEd.latency, 0.95) <= 16 ? 'met' : 'not met'],
  [`didChange after a pause in typing, 30 times (${path.basename(driver.file)})`, `p50 ${ms(median(driverEd.resumed))}, p95 ${ms(quantile(driverEd.resumed, 0.95))}`, `the header's p95: ${ms(quantile(ed.resumed, 0.95))}`, 'p95 at most 16 ms', quantile(driverEd.resumed, 0.95) <= 16 ? 'met' : 'not met'],
  [`Hover on case labels, 100 requests (${path.basename(driver.file)})`, `p50 ${ms(median(driverEd.hovers))}, p95 ${ms(quantile(driverEd.hovers, 0.95))}`, `the header's p95: ${ms(quantile(ed.hovers, 0.95))}`, 'p95 at most 5 ms', quantile(driverEd.hovers, 0.95) <= 5 ? 'met' : 'not met'],
  [`Code actions, 100 requests (${path.basename(driver.file)})`, `p50 ${ms(median(driverEd.actions))}, p95 ${ms(quantile(driverEd.actions, 0.95))}`, `the header's p95: ${ms(quantile(ed.actions, 0.95))}`, 'p95 at most 10 ms', quantile(driverEd.actions, 0.95) <= 10 ? 'met' : 'not met'],
);
if (base) rows.push(
  ['Whole-tree CLI lint with `--base` (issue 17)', secs(base.with), `the same lint with \`--base none\`: ${secs(base.without)} (ratio ${(base.with / base.without).toFixed(2)}x); processor time ${secs(base.cpuWith)} against ${secs(base.cpuWithout)} (${(base.cpuWith / base.cpuWithout).toFixed(2)}x); the ${base.headers} uAPI headers of Linux 6.12 in a git repository, a branch that changed ${BRANCH_EDITS.length} of them, \`--base origin/main\``, 'at most 1.3x the lint without it', base.with / base.without <= 1.3 ? 'met' : 'not met'],
);

const table = [
  '| measure | result | compared with | target | |',
  '|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.join(' | ')} |`),
].join('\n');
const when = new Date().toISOString().slice(0, 10);
const section = [
  `Measured ${when} by \`npm run bench -- ${target}\` (${RUNS} runs; medians): ${files.length} headers${floor ? `, ${(floor.bytes / 2 ** 20).toFixed(1)} MiB` : ''}.`,
  '',
  `Machine: ${machine()}.`,
  '',
  table,
].join('\n');
console.log(section);

fs.rmSync(h.dir, { recursive: true, force: true });
if (ONLY) process.exit(0);
const doc = path.join(root, 'docs', 'performance.md');
const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';
let text = fs.existsSync(doc) ? fs.readFileSync(doc, 'utf8') : '# Performance\n';
const block = `${START}\n${section}\n${END}`;
text = text.includes(START) ? text.replace(new RegExp(`${START}[\\s\\S]*?${END}`), block) : text.replace(/^(# Performance\n)/, `$1\n## Latest benchmark (\`npm run bench\`)\n\n${block}\n`);
fs.writeFileSync(doc, text);
