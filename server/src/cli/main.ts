import * as os from 'node:os';
import * as v8 from 'node:v8';
import * as path from 'node:path';
import { analyzeHeader, initAnalysis, modelHeader } from '../core/analysis';
import { DEFAULT_CACHE_LIMITS, HeaderCache, readHeaderText } from '../core/include/header-cache';
import { packageVersion } from '../core/package-files';
import { SEVERITIES, type Severity } from '../rules/rule';
import { isSeverityOverride, type SeverityOverrides } from '../rules/engine';
import { RULES } from '../rules/index';
import { collectHeaders, UsageError } from './files';
import { formatGcc, jsonFile, type JsonFile } from './format';
import { decodeNumber, formatDecoded, parseCommandNumber, sameFields } from '../core/ioctl/decode-number';
import { summarize } from '../core/index/header-index';
import { lintOnWorkers } from './workers';

const HELP = `usage: uapi-lint [options] PATH...
       uapi-lint decode NUMBER [--format json] [PATH...]
       uapi-lint lsp [--stdio | --node-ipc | --socket=PORT]

Checks Linux uAPI headers: finds every ioctl definition, decodes it, and reports custom ioctls
and design problems. PATH is a header or a folder searched recursively for *.h.

options:
  --format gcc|json     output: gcc-style lines (default) or JSON (version 1)
  --fail-on SEVERITY    exit 1 when a finding at or above SEVERITY exists:
                        error (default), warning, info, hint, or none
  --rule ID=SEVERITY    change a rule's severity (error, warning, info, hint, off); repeatable
  --as-new              review every ioctl as new, also those that already exist upstream
                        (by default those are reported as info)
  -I DIR                add an include root (repeatable)
  --no-system-include   do not search /usr/include
  -j, --jobs N          analyse on N threads (default: the number of CPUs); output order
                        is the same as with one
  --max-file-size SIZE  do not analyse headers larger than SIZE bytes (suffixes K, M;
                        default 4M); such a header gets one file-skipped finding
  --list-rules          print the rules and their default severities
  -h, --help            this text
  --version             the version

decode: the fields of a command number on every ABI, and the ioctls in PATH (default: the
current folder) that have that number.

exit status: 0 no finding at the --fail-on level, 1 such findings, 2 bad usage or unreadable input`;

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };

/** Fewer headers than this are parsed with the wasm baseline compiler only. */
const FEW_HEADERS = 64;

/** Below this many headers per thread, starting a worker costs more than it saves. */
const MIN_HEADERS_PER_WORKER = 8;

export interface CliOptions {
  format: 'gcc' | 'json';
  failOn: Severity | 'none';
  severities: Record<string, Severity | 'off'>;
  includePaths: string[];
  systemInclude: boolean;
  treatAllAsNew: boolean;
  maxFileBytes: number;
  paths: string[];
  /** `decode NUMBER`: the number. */
  decode?: number;
  /** Threads to analyse on (`--jobs`). */
  jobs: number;
}

function parseArgs(argv: string[]): CliOptions | 'help' | 'version' | 'list-rules' {
  const o: CliOptions = {
    format: 'gcc',
    failOn: 'error',
    severities: {},
    includePaths: [],
    systemInclude: true,
    treatAllAsNew: false,
    maxFileBytes: DEFAULT_CACHE_LIMITS.maxFileBytes,
    paths: [],
    jobs: Math.max(1, os.availableParallelism()),
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const eq = a.indexOf('=');
      if (a.startsWith('--') && eq > 0) return a.slice(eq + 1);
      if (a.startsWith('-I') && a.length > 2) return a.slice(2);
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    const flag = a.startsWith('--') ? a.replace(/=.*/, '') : a.startsWith('-I') ? '-I' : a;
    switch (flag) {
      case '-h':
      case '--help':
        return 'help';
      case '--version':
        return 'version';
      case '--list-rules':
        return 'list-rules';
      case '--format': {
        const v = value();
        if (v !== 'gcc' && v !== 'json') throw new UsageError(`--format must be gcc or json, not '${v}'`);
        o.format = v;
        break;
      }
      case '--fail-on': {
        const v = value();
        if (v !== 'none' && !(SEVERITIES as readonly string[]).includes(v)) {
          throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')}, none; not '${v}'`);
        }
        o.failOn = v as Severity | 'none';
        break;
      }
      case '--rule': {
        const v = value();
        const m = /^([\w-]+)=(\w+)$/.exec(v);
        if (!m || !isSeverityOverride(m[2])) throw new UsageError(`--rule takes ID=SEVERITY (error, warning, info, hint, off), not '${v}'`);
        if (!RULES.some((r) => r.id === m[1])) throw new UsageError(`unknown rule '${m[1]}' (see --list-rules)`);
        o.severities[m[1]] = m[2];
        break;
      }
      case '-I':
        o.includePaths.push(path.resolve(value()));
        break;
      case '--no-system-include':
        o.systemInclude = false;
        break;
      case '--as-new':
        o.treatAllAsNew = true;
        break;
      case '-j':
      case '--jobs': {
        const v = value();
        if (!/^[1-9]\d{0,2}$/.test(v)) throw new UsageError(`--jobs takes a number of threads (1 or more), not '${v}'`);
        o.jobs = Number(v);
        break;
      }
      case '--max-file-size': {
        const v = value();
        const m = /^(\d+)([KM]?)$/i.exec(v);
        if (!m) throw new UsageError(`--max-file-size takes a number of bytes, optionally with K or M (4M, 512K), not '${v}'`);
        o.maxFileBytes = Number(m[1]) * (m[2].toUpperCase() === 'M' ? 1048576 : m[2].toUpperCase() === 'K' ? 1024 : 1);
        break;
      }
      default:
        if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option '${a}' (see --help)`);
        o.paths.push(a);
    }
  }
  if (o.paths[0] === 'decode') {
    const text = o.paths[1];
    if (text === undefined) throw new UsageError('decode needs a NUMBER (e.g. 0xC0186444)');
    const n = parseCommandNumber(text);
    if (n === undefined) throw new UsageError(`'${text}' is not a 32-bit number`);
    o.decode = n;
    o.paths = o.paths.slice(2);
    if (o.paths.length === 0) o.paths = ['.'];
    return o;
  }
  if (o.paths.length === 0) throw new UsageError('no PATH given (see --help)');
  return o;
}

/** What linting one header gives the output: its text or JSON, and whether it fails the run. */
export type LintResult = { text?: string; json?: JsonFile; failing: boolean } | { error: string };

/** Lint one header as the options say (in this thread, with this thread's cache). */
export function lintHeader(header: string, options: CliOptions, cache: HeaderCache): LintResult {
  let read: { text: string; skipped?: string };
  try {
    read = readHeaderText(header, cache.limits);
  } catch (e) {
    return { error: `cannot read '${header}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
  const result = analyzeHeader(path.resolve(header), read.text, {
    cache,
    severities: options.severities,
    rules: { treatAllAsNew: options.treatAllAsNew },
    skipped: read.skipped,
  });
  const failing = options.failOn !== 'none' && result.findings.some((f) => RANK[f.severity] <= RANK[options.failOn as Severity]);
  if (options.format === 'json') return { json: jsonFile(header, result), failing };
  return { text: formatGcc(header, result.findings) || undefined, failing };
}

/** Every header's result, in order: in this thread for a few headers, else on worker threads. */
async function* lintInOrder(headers: string[], options: CliOptions): AsyncGenerator<LintResult> {
  const jobs = Math.min(options.jobs, Math.ceil(headers.length / MIN_HEADERS_PER_WORKER));
  if (jobs <= 1) {
    const cache = newCache(options);
    for (const h of headers) yield lintHeader(h, options, cache);
    return;
  }
  yield* lintOnWorkers(headers, options, jobs);
}

export function newCache(options: CliOptions): HeaderCache {
  return new HeaderCache(
    {
      workspaceFolders: [process.cwd()],
      includePaths: options.includePaths,
      systemInclude: options.systemInclude ? '/usr/include' : '',
    },
    { ...DEFAULT_CACHE_LIMITS, maxFileBytes: options.maxFileBytes },
  );
}

/** `uapi-lint decode NUMBER [PATH...]` */
function decodeCommand(options: CliOptions, headers: string[], out: (s: string) => void): number {
  const cache = newCache(options);
  const value = options.decode!;
  const candidates = headers.flatMap((h) => {
    let text = '';
    try {
      // one over the size limit is not read (and has no ioctls to match)
      text = readHeaderText(h, cache.limits).text;
    } catch {
      /* an unreadable file has no ioctls to match */
    }
    // numbers on every ABI only for the ioctls whose type and nr fields match
    return summarize(modelHeader(path.resolve(h), text, cache), (i) => sameFields(value, i)).ioctls;
  });
  const decoded = decodeNumber(value, candidates);
  const rel = (f: string) => path.relative(process.cwd(), f) || f;
  if (options.format === 'json') out(JSON.stringify({ version: 1, decode: { ...decoded, matches: decoded.matches.map((m) => ({ ...m, file: rel(m.file) })) } }, null, 2) + '\n');
  else out(formatDecoded(decoded, rel) + '\n');
  return 0;
}


/** Run the CLI; resolves to the exit status. Output goes through the given writers. */
export async function runCli(
  argv: string[],
  out: (s: string) => void = (s) => process.stdout.write(s),
  err: (s: string) => void = (s) => process.stderr.write(s),
): Promise<number> {
  let options: ReturnType<typeof parseArgs>;
  let headers: string[];
  try {
    options = parseArgs(argv);
    if (options === 'help') {
      out(HELP + '\n');
      return 0;
    }
    if (options === 'version') {
      out(packageVersion() + '\n');
      return 0;
    }
    if (options === 'list-rules') {
      for (const r of RULES) out(`${r.id.padEnd(24)} ${r.defaultSeverity.padEnd(8)} ${r.description}\n`);
      return 0;
    }
    headers = collectHeaders(options.paths);
  } catch (e) {
    if (e instanceof UsageError) {
      err(`uapi-lint: ${e.message}\n`);
      return 2;
    }
    throw e;
  }

  // A few headers are done before the optimising compiler would have compiled tree-sitter's
  // parser (the better part of a second of processor time); a tree pays it back many times.
  if (headers.length < FEW_HEADERS) v8.setFlagsFromString('--liftoff-only');
  await initAnalysis();
  if (options.decode !== undefined) return decodeCommand(options, headers, out);
  const files: JsonFile[] = [];
  let failing = false;
  // results come back in the order of the headers, whatever thread analysed them
  for await (const r of lintInOrder(headers, options)) {
    if ('error' in r) {
      err(`uapi-lint: ${r.error}\n`);
      return 2;
    }
    failing ||= r.failing;
    if (r.json) files.push(r.json);
    if (r.text) out(r.text + '\n');
  }
  if (options.format === 'json') out(JSON.stringify({ version: 1, files }, null, 2) + '\n');
  return failing ? 1 : 0;
}
