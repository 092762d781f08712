/**
 * Loaded with `node --require` into the process under test (the language server): records
 * every child process it starts, every network connection or listening socket it opens, every
 * worker thread and native module it loads, every file it writes, and every file or folder it
 * reads outside the allowed folders. Node's own module loader is not watched (it reads the
 * bundle), only what the program asks for.
 *
 * UAPI_LINT_MONITOR_LOG: the file records are appended to, one JSON object a line.
 * UAPI_LINT_MONITOR_ALLOW: the folders reads may come from, separated by ':'.
 * UAPI_LINT_MONITOR_OWN_WORKER: a script the program may run on a worker thread (its own bundle:
 * the server indexes headers on a thread of its own). Node loads this preload in every worker
 * too, so what the worker does is watched as well.
 */
// the modules themselves, not copies of their exports: what the watched program calls
import childProcess = require('node:child_process');
import dgram = require('node:dgram');
import dns = require('node:dns');
import fs = require('node:fs');
import http = require('node:http');
import https = require('node:https');
import net = require('node:net');
import path = require('node:path');
import tls = require('node:tls');
import workerThreads = require('node:worker_threads');

export interface MonitorRecord {
  /** `start`: the monitor is loaded (once, first); the others are what it watches for. */
  kind: 'start' | 'process' | 'network' | 'worker' | 'native' | 'write' | 'read';
  call: string;
  detail: string;
  stack: string;
}

const log = process.env.UAPI_LINT_MONITOR_LOG;
const ownWorker = process.env.UAPI_LINT_MONITOR_OWN_WORKER ? path.resolve(process.env.UAPI_LINT_MONITOR_OWN_WORKER) : undefined;
const allowed = (process.env.UAPI_LINT_MONITOR_ALLOW ?? '').split(':').filter(Boolean).map((d) => path.resolve(d));
// the monitor's own log is opened before anything is wrapped, and written with writeSync,
// which is not watched (node's fs functions call each other: appendFileSync calls writeFileSync)
const logFd = log ? fs.openSync(log, 'a') : undefined;
const writeSync = fs.writeSync;
const realpathSync = fs.realpathSync.native;
let recording = false;

function record(kind: MonitorRecord['kind'], call: string, detail: unknown): void {
  if (logFd === undefined || recording) return;
  recording = true;
  try {
    const stack = (new Error().stack ?? '').split('\n').slice(3, 12).join('\n');
    writeSync(logFd, JSON.stringify({ kind, call, detail: String(detail), stack } satisfies MonitorRecord) + '\n');
  } finally {
    recording = false;
  }
}

type Fn = (...args: unknown[]) => unknown;

/** Replace `owner[name]` by a function that first calls `check` with the arguments. */
function watch(owner: object, name: string, check: (args: unknown[]) => void): void {
  const target = owner as Record<string, unknown>;
  const original = target[name];
  if (typeof original !== 'function') return;
  const wrapped = function (this: unknown, ...args: unknown[]) {
    check(args);
    return (original as Fn).apply(this, args);
  };
  Object.defineProperty(target, name, { value: wrapped, writable: true, configurable: true, enumerable: true });
}

function pathOf(p: unknown): string | undefined {
  if (typeof p === 'string') return path.resolve(p);
  if (p instanceof URL) return p.protocol === 'file:' ? path.resolve(decodeURIComponent(p.pathname)) : undefined;
  if (Buffer.isBuffer(p)) return path.resolve(p.toString());
  return undefined; // a file descriptor: opened through a watched call
}

function inside(file: string): boolean {
  let real: string | undefined;
  try {
    real = realpathSync(file);
  } catch {
    /* does not exist: judged by its name */
  }
  // a link is judged by where it leads: a workspace's `MAINTAINERS -> /etc/shadow` is a read of /etc
  if (real !== undefined) return allowed.some((d) => real === d || real.startsWith(d + path.sep) || real.startsWith(realOf(d) + path.sep));
  return allowed.some((d) => file === d || file.startsWith(d + path.sep));
}

function realOf(d: string): string {
  try {
    return realpathSync(d);
  } catch {
    return d;
  }
}

for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) {
  // the program and its arguments, so a test can tell which git command ran
  watch(childProcess, name, (args) => record('process', `child_process.${name}`, [args[0], ...(Array.isArray(args[1]) ? args[1] : [])].join(' ')));
}
for (const name of ['connect', 'createConnection', 'createServer']) watch(net, name, (args) => record('network', `net.${name}`, JSON.stringify(args[0] ?? null)));
watch(net.Socket.prototype, 'connect', (args) => record('network', 'net.Socket.connect', JSON.stringify(args[0] ?? null)));
watch(net.Server.prototype, 'listen', (args) => record('network', 'net.Server.listen', JSON.stringify(args[0] ?? null)));
watch(dgram, 'createSocket', (args) => record('network', 'dgram.createSocket', JSON.stringify(args[0] ?? null)));
for (const [mod, label] of [[http, 'http'], [https, 'https']] as const) {
  for (const name of ['request', 'get']) watch(mod, name, (args) => record('network', `${label}.${name}`, String(args[0])));
}
watch(tls, 'connect', (args) => record('network', 'tls.connect', JSON.stringify(args[0] ?? null)));
for (const name of ['lookup', 'resolve', 'resolve4', 'resolve6']) watch(dns, name, (args) => record('network', `dns.${name}`, args[0]));
watch(globalThis, 'fetch', (args) => record('network', 'fetch', String(args[0])));
watch(process, 'dlopen', (args) => record('native', 'process.dlopen', (args[1] as string) ?? ''));

const OriginalWorker = workerThreads.Worker;
class WatchedWorker extends OriginalWorker {
  constructor(...args: ConstructorParameters<typeof OriginalWorker>) {
    const script = args[0];
    if (!(typeof script === 'string' && ownWorker !== undefined && path.resolve(script) === ownWorker)) record('worker', 'worker_threads.Worker', String(script));
    super(...args);
  }
}
Object.defineProperty(workerThreads, 'Worker', { value: WatchedWorker, writable: true, configurable: true, enumerable: true });

/** Whether open flags ('w', 'a+', O_WRONLY | O_CREAT, ...) can change the file. */
function writing(flags: unknown): boolean {
  if (typeof flags === 'string') return /[wa+]/.test(flags);
  const c = fs.constants;
  return typeof flags === 'number' && (flags & (c.O_WRONLY | c.O_RDWR | c.O_CREAT | c.O_TRUNC | c.O_APPEND)) !== 0;
}

const reads: Array<[object, string]> = [
  [fs, 'openSync'], [fs, 'open'], [fs, 'readFileSync'], [fs, 'readFile'], [fs, 'createReadStream'],
  [fs, 'readdirSync'], [fs, 'readdir'], [fs, 'opendirSync'], [fs, 'opendir'], [fs, 'readlinkSync'],
  [fs.promises, 'open'], [fs.promises, 'readFile'], [fs.promises, 'readdir'], [fs.promises, 'opendir'],
];
for (const [owner, name] of reads) {
  watch(owner, name, (args) => {
    const file = pathOf(args[0]);
    if (file && name.startsWith('open') && writing(args[1])) record('write', `fs.${name}`, `${file} (${String(args[1])})`);
    else if (file && !inside(file)) record('read', `fs.${name}`, file);
  });
}
const writes = [
  'writeFileSync', 'writeFile', 'appendFile', 'createWriteStream', 'mkdirSync', 'mkdir', 'mkdtempSync', 'mkdtemp',
  'rmSync', 'rm', 'rmdirSync', 'rmdir', 'unlinkSync', 'unlink', 'renameSync', 'rename', 'copyFileSync', 'copyFile',
  'symlinkSync', 'symlink', 'linkSync', 'link', 'truncateSync', 'truncate', 'chmodSync', 'chmod',
];
for (const name of writes) watch(fs, name, (args) => record('write', `fs.${name}`, pathOf(args[0]) ?? args[0]));
watch(fs, 'appendFileSync', (args) => record('write', 'fs.appendFileSync', pathOf(args[0]) ?? args[0]));
for (const name of ['writeFile', 'appendFile', 'mkdir', 'rm', 'unlink', 'rename', 'copyFile', 'symlink', 'truncate']) {
  watch(fs.promises, name, (args) => record('write', `fs.promises.${name}`, pathOf(args[0]) ?? args[0]));
}

record('start', workerThreads.isMainThread ? 'monitor' : 'monitor in a worker', `pid ${process.pid}, thread ${workerThreads.threadId}`);
