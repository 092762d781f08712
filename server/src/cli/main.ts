import * as v8 from 'node:v8';
import * as path from 'node:path';
import { initAnalysis, modelDocument } from '../analysis/pipeline';
import { readHeaderText } from '../core/include/header-cache';
import { packageVersion } from '../core/package-files';
import { ALL_RULES } from '../rules/index';
import { collectFiles, UsageError } from './files';
import type { JsonFile } from './format';
import { decodeNumber, formatDecoded, sameFields } from '../core/ioctl/decode-number';
import { summarize } from '../core/index/header-index';
import { HELP, parseArgs, type CliOptions } from './options';
import { jsonDocument, lintFile, newCache, type LintResult } from './lint';
import { lintOnWorkers } from './workers';
import { BaseRefError, readBaseline } from '../analysis/git-baseline';
import { GitError } from '../git/git-repository';
import { diffCommand } from './diff';
import { sarifLog } from './sarif';
import { reviewCommand, type ReviewFormat } from './review';
import { reviewersCommand } from './reviewers';
import * as fs from 'node:fs';

/** Fewer files than this are parsed with the wasm baseline compiler only. */
const FEW_FILES = 64;

/** Below this many files per thread, starting a worker costs more than it saves. */
const MIN_FILES_PER_WORKER = 8;

/** Every file's result, in order: in this thread for a few, else on worker threads. */
async function* lintInOrder(files: string[], options: CliOptions): AsyncGenerator<LintResult> {
  const jobs = Math.min(options.jobs, Math.ceil(files.length / MIN_FILES_PER_WORKER));
  if (jobs <= 1) {
    const cache = newCache(options);
    for (const h of files) yield lintFile(h, options, cache);
    return;
  }
  yield* lintOnWorkers(files, options, jobs);
}

/** `uapi-lint decode NUMBER [PATH...]` */
function decodeCommand(options: CliOptions, files: string[], out: (s: string) => void): number {
  const cache = newCache(options);
  const value = options.decode!;
  const candidates = files.flatMap((h) => {
    let text = '';
    try {
      // one over the size limit is not read (and has no ioctls to match)
      text = readHeaderText(h, cache.limits).text;
    } catch {
      /* an unreadable file has no ioctls to match */
    }
    // numbers on every ABI only for the ioctls whose type and nr fields match
    return summarize(modelDocument(path.resolve(h), text, cache), (i) => sameFields(value, i)).ioctls;
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
  let files: string[] = [];
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
      const width = Math.max(...ALL_RULES.map((r) => r.id.length));
      for (const r of ALL_RULES) out(`${r.id.padEnd(width)}  ${r.defaultSeverity.padEnd(8)} ${r.description}\n`);
      return 0;
    }
    if (options.reviewers) {
      // MAINTAINERS only: no analysis, no git
      return await reviewersCommand({ paths: options.paths, tree: options.tree, format: options.format === 'json' ? 'json' : 'text', ...options.reviewers }, out, err);
    }
    if (options.review) {
      if ((options.format as string) === 'text') throw new UsageError('review prints gcc-style lines, json, sarif, markdown or b4, not text');
      await initAnalysis();
      return await reviewCommand(
        {
          inputs: options.paths,
          tree: options.tree,
          base: options.base === 'none' ? undefined : options.base,
          format: options.format as ReviewFormat,
          failOn: options.failOn,
          severities: options.severities,
          includePaths: options.includePaths,
          systemInclude: options.systemInclude,
          maxFileBytes: options.maxFileBytes,
        },
        out,
        err,
      );
    }
    if (!options.diff) {
      const collected = collectFiles(options.paths, options.sources && options.decode === undefined);
      files = collected.files;
      for (const s of collected.skipped) err(`uapi-lint: ${s.file}: not reviewed: ${s.reason}\n`);
    }
    if (options.decode === undefined && options.base !== 'none') options.baseline = await baselineFor(options, err);
    if (options.newOnly && !options.baseline) err('uapi-lint: --new-only: no git base (not a git work tree, no upstream or origin, or --base none), so every finding is printed\n');
  } catch (e) {
    if (e instanceof UsageError || e instanceof BaseRefError) {
      err(`uapi-lint: ${e.message}\n`);
      return 2;
    }
    throw e;
  }

  // A few files are done before the optimising compiler would have compiled tree-sitter's
  // parser (the better part of a second of processor time); a tree pays it back many times.
  if (files.length < FEW_FILES) v8.setFlagsFromString('--liftoff-only');
  await initAnalysis();
  if (options.decode !== undefined) return decodeCommand(options, files, out);
  if (options.diff) {
    try {
      return diffCommand(options, out, err);
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      err(`uapi-lint: ${e.message}\n`);
      return 2;
    }
  }
  const entries: JsonFile[] = [];
  const jsonTexts: string[] = [];
  let failing = false;
  // results come back in the order of the files, whatever thread analysed them
  for await (const r of lintInOrder(files, options)) {
    if ('error' in r) {
      err(`uapi-lint: ${r.error}\n`);
      return 2;
    }
    failing ||= r.failing;
    if (r.json) entries.push(r.json);
    if (r.jsonText) jsonTexts.push(r.jsonText);
    if (r.text) out(r.text + '\n');
  }
  if (options.format === 'json') out(jsonDocument(jsonTexts) + '\n');
  if (options.format === 'sarif') {
    const textOf = (p: string) => {
      try {
        return fs.readFileSync(p, 'utf8');
      } catch {
        return undefined;
      }
    };
    const b = options.baseline;
    out(JSON.stringify(sarifLog(entries, { root: b?.root ?? process.cwd(), base: b ? { ref: b.ref, commit: b.commit } : undefined, textOf, toolVersion: packageVersion() }), null, 2) + '\n');
  }
  return failing ? 1 : 0;
}

/**
 * The git base of the paths' work tree (the first path's): what --base names, else the branch's
 * own. A git that fails (not a ref: a time limit, a broken repository) leaves the review without
 * a base, and says so.
 */
async function baselineFor(options: CliOptions, err: (s: string) => void): Promise<CliOptions['baseline']> {
  const first = path.resolve(options.paths[0] ?? '.');
  let dir = first;
  try {
    if (!fs.statSync(first).isDirectory()) dir = path.dirname(first);
  } catch {
    dir = path.dirname(first); // a header the branch deleted (diff)
  }
  while (!fs.existsSync(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  try {
    const found = await readBaseline(dir, options.base);
    found?.repo.dispose();
    return found?.data;
  } catch (e) {
    if (!(e instanceof GitError)) throw e;
    err(`uapi-lint: ${e.message}; reviewing without a git base (the table of upstream ioctls decides what exists)\n`);
    return undefined;
  }
}
