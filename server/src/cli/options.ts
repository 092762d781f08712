import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_CACHE_LIMITS } from '../core/include/header-cache';
import { SEVERITIES, type Severity } from '../rules/rule';
import { isSeverityOverride } from '../rules/engine';
import { RULES } from '../rules/index';
import { UsageError } from './files';
import { parseCommandNumber } from '../core/ioctl/decode-number';

/** The command line: its help text and its options, parsed. */

export const HELP = `usage: uapi-lint [options] PATH...
       uapi-lint decode NUMBER [--format json] [PATH...]
       uapi-lint lsp [--stdio | --node-ipc | --socket=PORT]

Reviews Linux uAPI headers and the driver sources that implement them: finds every ioctl
definition, decodes it, reports custom ioctls and design problems, and reads how a driver
registers, dispatches and checks its ioctls. PATH is a header (.h), a driver source (.c), or a
folder searched recursively for both.

options:
  --format gcc|json     output: gcc-style lines (default) or JSON (version 1)
  --fail-on SEVERITY    exit 1 when a finding at or above SEVERITY exists:
                        error (default), warning, info, hint, or none
  --rule ID=SEVERITY    change a rule's severity (error, warning, info, hint, off); repeatable
  --as-new              review every ioctl as new, also those that already exist upstream
                        (by default those are reported as info)
  -I DIR                add an include root (repeatable)
  --no-system-include   do not search /usr/include
  --no-sources          review headers only: folders are searched for *.h, and driver
                        sources (.c) are not reviewed
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
  /** Review driver sources (`.c`) as well as headers; `--no-sources` turns it off. */
  sources: boolean;
}

export function parseArgs(argv: string[]): CliOptions | 'help' | 'version' | 'list-rules' {
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
    sources: true,
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
      case '--no-sources':
        o.sources = false;
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

