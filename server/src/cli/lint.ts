import * as path from 'node:path';
import { analyzeDocument, type AnalysisOptions } from '../analysis/pipeline';
import { Baseline, type BaselineData } from '../core/baseline/baseline';
import { DEFAULT_CACHE_LIMITS, HeaderCache, readHeaderText } from '../core/include/header-cache';
import type { Severity } from '../rules/rule';
import { formatGcc, jsonFile, type JsonFile } from './format';
import type { CliOptions } from './options';

/** Linting one file as the command line's options say; the same on the main thread and on workers. */

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };

/**
 * What linting one file gives the output, and whether it fails the run: its text, its JSON
 * entry already written out (as the whole document indents it: the thread that analysed the file
 * writes it, and a string is what crosses threads cheaply and stays small until the end), or for
 * SARIF the entry itself.
 */
export type LintResult = { text?: string; jsonText?: string; json?: JsonFile; failing: boolean } | { error: string };

/** A file's entry as `JSON.stringify({ version, files }, null, 2)` writes it in the array: four spaces in. */
export function jsonEntryText(entry: JsonFile): string {
  return '    ' + JSON.stringify(entry, null, 2).replace(/\n/g, '\n    ');
}

/** The JSON document of the entries (`jsonEntryText`), byte for byte as `JSON.stringify({ version: 1, files }, null, 2)`. */
export function jsonDocument(entries: readonly string[]): string {
  return entries.length ? `{\n  "version": 1,\n  "files": [\n${entries.join(',\n')}\n  ]\n}` : '{\n  "version": 1,\n  "files": []\n}';
}

/** Lint one header or driver source as the options say (in this thread, with this thread's cache). */
export function lintFile(header: string, options: CliOptions, cache: HeaderCache): LintResult {
  let read: { text: string; skipped?: string };
  try {
    read = readHeaderText(header, cache.limits);
  } catch (e) {
    return { error: `cannot read '${header}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
  const analysis: AnalysisOptions = {
    cache,
    severities: options.severities,
    rules: { treatAllAsNew: options.treatAllAsNew },
    skipped: read.skipped,
    baseline: baselineOf(options.baseline),
  };
  const result = analyzeDocument(path.resolve(header), read.text, analysis);
  if (options.newOnly) result.findings = result.findings.filter((f) => f.baselineState !== 'unchanged');
  const failing = options.failOn !== 'none' && result.findings.some((f) => RANK[f.severity] <= RANK[options.failOn as Severity]);
  if (options.format === 'json') return { jsonText: jsonEntryText(jsonFile(header, result)), failing };
  if (options.format === 'sarif') return { json: jsonFile(header, result), failing };
  return { text: formatGcc(header, result.findings) || undefined, failing };
}

/** One Baseline per thread for the data the main thread read from git (its caches are the thread's). */
let baseline: { data: BaselineData; baseline: Baseline } | undefined;

function baselineOf(data: BaselineData | undefined): Baseline | undefined {
  if (!data) return undefined;
  if (baseline?.data !== data) baseline = { data, baseline: new Baseline(data) };
  return baseline.baseline;
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

