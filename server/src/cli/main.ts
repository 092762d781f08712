import * as v8 from 'node:v8';
import * as path from 'node:path';
import { initAnalysis, modelDocument } from '../analysis/pipeline';
import { readHeaderText } from '../core/include/header-cache';
import { packageVersion } from '../core/package-files';
import { RULES } from '../rules/index';
import { collectHeaders, UsageError } from './files';
import type { JsonFile } from './format';
import { decodeNumber, formatDecoded, sameFields } from '../core/ioctl/decode-number';
import { summarize } from '../core/index/header-index';
import { HELP, parseArgs, type CliOptions } from './options';
import { lintHeader, newCache, type LintResult } from './lint';
import { lintOnWorkers } from './workers';

/** Fewer headers than this are parsed with the wasm baseline compiler only. */
const FEW_HEADERS = 64;

/** Below this many headers per thread, starting a worker costs more than it saves. */
const MIN_HEADERS_PER_WORKER = 8;

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
