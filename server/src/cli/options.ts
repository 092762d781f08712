import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_CACHE_LIMITS } from '../core/include/header-cache';
import { SEVERITIES, type Severity } from '../rules/rule';
import { isSeverityOverride } from '../rules/engine';
import { ALL_RULES } from '../rules/index';
import { UsageError } from './files';
import { parseCommandNumber } from '../core/ioctl/decode-number';
import type { BaselineData } from '../core/baseline/baseline';

/** The command line: its help text and its options, parsed. */

export const HELP = `usage: uapi-lint [options] PATH...
       uapi-lint diff [--base REF] [--format gcc|json|markdown] PATH...
       uapi-lint decode NUMBER [--format json] [PATH...]
       uapi-lint review [-C TREE] [--base REF] [--format gcc|json|sarif|markdown|b4] [PATCH...|-]
       uapi-lint reviewers [-C TREE] [--format text|json] [--roles] [--keywords-in-file] PATH|PATCH...
       uapi-lint lsp [--stdio | --node-ipc | --socket=PORT]

Reviews Linux uAPI headers and the driver sources that implement them: finds every ioctl
definition, decodes it, reports custom ioctls and design problems, and reads how a driver
registers, dispatches and checks its ioctls. PATH is a header (.h), a driver source (.c), or a
folder searched recursively for both.

In a git work tree, what the branch adds or changes is reviewed against its base: the
merge-base of HEAD with the branch it tracks (else origin/HEAD, origin/master, origin/main).
Ioctls and structs that exist there unchanged are reported as info only, and a change that
breaks binaries built against the base is an error (uapi-abi-break). Outside git, or with
--base none, a table of the upstream kernel's ioctls (Linux 6.12) decides what exists.

options:
  --format gcc|json|sarif
                        output: gcc-style lines (default), JSON (version 1), or SARIF 2.1.0
  --base REF|none       compare with REF (a branch, tag or commit; the merge-base of HEAD
                        and REF is used), or with no git base at all (none)
  --new-only            print only findings on what the branch adds or changes
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

diff: the uAPI changes of the branch in PATH (headers changed since the base): ioctls added,
removed and renumbered, structs extended and broken, constants changed; as gcc-style lines,
JSON or Markdown. Exits 1 when a change breaks existing userspace.

review: a patch series as the maintainers will read it: PATCH is a git format-patch file, a
folder of them, an mbox of a series (as b4 am writes it), or a plain git diff; - (or nothing)
reads standard input. Each uAPI header and driver source the series touches is rebuilt as the
series leaves it (from the tree in -C TREE, else the kernel tree or git work tree of the current
folder; from REF with --base, else the series' base-commit when the tree's git has it) and
reviewed against its base version: only what the series adds or changes is reported, with the
patch that wrote it. Then the submission: open userspace linked, documentation, reviewers on
Cc (MAINTAINERS), the right subsystem. --format markdown writes a reply with the checklist of
criteria; --format b4 answers b4's check protocol (a JSON array of {tool, status, summary,
details}), for b4's review-perpatch-check-cmd.

reviewers: who gets a patch, or maintains a file, exactly as the tree's scripts/get_maintainer.pl
--no-git --no-git-fallback says (nothing of the tree is run): the people, then the lists, one
per line, as it prints them (--roles: with its role, "maintainer:SECTION", ":Keyword:REGEX" for a
K: match). PATH is a file or folder of the tree (like get_maintainer.pl -f); PATCH a patch or
mail, a folder of them (*.patch, *.diff, *.eml, *.mbox) or - (standard input); several are
merged as in one get_maintainer.pl run. The tree: -C TREE, else the kernel tree PATH is in, else
the current folder's. --keywords-in-file also searches a file's text with the K: patterns;
--format json adds the sections, why each matched, and where a K: matched.

decode: the fields of a command number on every ABI, and the ioctls in PATH (default: the
current folder) that have that number.

exit status: 0 no finding at the --fail-on level, 1 such findings, 2 bad usage or unreadable input`;

export interface CliOptions {
  format: 'gcc' | 'json' | 'sarif' | 'markdown' | 'b4';
  /** `-C TREE`: the kernel tree (review, reviewers). */
  tree?: string;
  /** `review`: review a patch series. */
  review?: boolean;
  /** `reviewers`: get_maintainer.pl's recipients; `--roles`, `--keywords-in-file`. */
  reviewers?: { roles: boolean; keywordsInFile: boolean };
  /** `--base`: a ref, 'none', or undefined for the branch's own base. */
  base?: string;
  /** `--new-only`: only findings on what the branch adds or changes. */
  newOnly: boolean;
  /** `diff`: print the uAPI changes rather than findings. */
  diff?: boolean;
  /** The baseline read from git (by the main thread, for every thread). */
  baseline?: BaselineData;
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
    newOnly: false,
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
  const reviewerFlags = new Set<string>();
  let formatName: string | undefined;
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
        if (v !== 'gcc' && v !== 'json' && v !== 'sarif' && v !== 'markdown' && v !== 'b4' && v !== 'text') throw new UsageError(`--format must be gcc, json or sarif (markdown for diff and review, b4 for review, text for reviewers), not '${v}'`);
        // reviewers' text is its plain format, as gcc is the others'
        formatName = v;
        o.format = v === 'text' ? 'gcc' : v;
        break;
      }
      case '--base': {
        const v = value();
        if (!v || v.startsWith('-') || /[\0\n]/.test(v)) throw new UsageError(`--base takes a branch, tag or commit, or none; not '${v}'`);
        o.base = v;
        break;
      }
      case '--new-only':
        o.newOnly = true;
        break;
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
        if (!ALL_RULES.some((r) => r.id === m[1])) throw new UsageError(`unknown rule '${m[1]}' (see --list-rules)`);
        o.severities[m[1]] = m[2];
        break;
      }
      case '-I':
        o.includePaths.push(path.resolve(value()));
        break;
      case '-C':
        o.tree = path.resolve(value());
        break;
      case '--roles':
      case '--keywords-in-file':
        reviewerFlags.add(flag);
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
  if (o.paths[0] === 'reviewers') {
    o.paths = o.paths.slice(1);
    if (formatName !== undefined && formatName !== 'text' && formatName !== 'json') throw new UsageError(`reviewers prints text or json, not ${formatName}`);
    if (o.base !== undefined) throw new UsageError('reviewers reads MAINTAINERS as it is: --base does not apply');
    if (!o.paths.length) throw new UsageError('reviewers needs a PATH of the tree or a PATCH (- reads one from standard input)');
    o.reviewers = { roles: reviewerFlags.has('--roles'), keywordsInFile: reviewerFlags.has('--keywords-in-file') };
    return o;
  }
  if (reviewerFlags.size) throw new UsageError(`${[...reviewerFlags].join(' and ')} ${reviewerFlags.size > 1 ? 'are' : 'is'} for reviewers`);
  if (formatName === 'text') throw new UsageError('--format text is for reviewers');
  if (o.paths[0] === 'diff') {
    o.diff = true;
    o.paths = o.paths.slice(1);
    if (o.paths.length === 0) o.paths = ['.'];
    if (o.format === 'sarif' || o.format === 'b4') throw new UsageError(`diff prints gcc-style lines, json or markdown, not ${o.format}`);
    return o;
  }
  if (o.paths[0] === 'review') {
    o.review = true;
    o.paths = o.paths.slice(1);
    return o;
  }
  if (o.tree !== undefined) throw new UsageError('-C TREE is for review and reviewers');
  if (o.format === 'b4') throw new UsageError('--format b4 is for review (uapi-lint review --format b4 < patch)');
  if (o.format === 'markdown') throw new UsageError('--format markdown is for diff and review (uapi-lint diff --format markdown PATH...)');
  if (o.paths[0] === 'decode') {
    if (o.format === 'sarif') throw new UsageError('decode prints text or json, not sarif');
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

