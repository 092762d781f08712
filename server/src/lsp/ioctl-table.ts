import * as fs from 'node:fs';
import * as path from 'node:path';
import { ErrorCodes, ResponseError } from './protocol';
import type { CancellationToken, WorkDoneProgressReporter } from 'vscode-languageserver';
import { analyzeDocument, type AnalysisResult } from '../analysis/pipeline';
import type { HeaderCache } from '../core/include/header-cache';
import type { IoctlDefinition } from '../core/ioctl/extract';
import { describeDir } from '../core/ioctl/forms';
import { hex } from '../core/describe';
import { workspaceHeaders } from './workspace-headers';
import type { Settings } from './settings';
import { linkTarget, URI } from './uri';

/**
 * "Show ioctls": a table of the ioctls a header (or every header of the workspace) defines,
 * as Markdown for a preview and as rows for other clients.
 */

export interface IoctlRow {
  name: string;
  /** Where the macro is defined: a file URI, and the 1-based line and column of its name. */
  uri: string;
  line: number;
  column: number;
  /** The `_IO*` form it expands to; null when unknown. */
  macro: string | null;
  /** From the caller's side: `none`, `read`, `write`, `read/write`; null when unknown. */
  direction: string | null;
  size: { x86_64: number | null; i386: number | null };
  number: { x86_64: number | null; i386: number | null };
  /** What it is for (a purpose id of the classifier). */
  purpose: string;
  /** The subsystem whose interface covers it (or whose own uAPI it is), null when none fits. */
  subsystem: string | null;
  /** How many findings concern it (its own and its argument struct's). */
  findings: number;
  unresolved: string | null;
}

export interface IoctlTable {
  markdown: string;
  rows: IoctlRow[];
}

export function ioctlRows(result: AnalysisResult): IoctlRow[] {
  const { model, findings } = result;
  return model.ioctls.map((i: IoctlDefinition) => {
    const abi = model.abiValues(i);
    return {
      name: i.name,
      uri: URI.fromPath(i.file),
      line: i.nameRange.start.row + 1,
      column: i.nameRange.start.column + 1,
      macro: i.macro,
      direction: i.dir ? describeDir(i.dir) : null,
      size: { x86_64: abi.x86_64.size, i386: abi.i386.size },
      number: { x86_64: abi.x86_64.value, i386: abi.i386.value },
      purpose: model.purposeOf(i).purpose,
      subsystem: model.subsystemOf(i).subsystem,
      findings: findings.filter((f) => f.ioctls.includes(i.name)).length,
      unresolved: i.unresolved,
    };
  });
}

const HEADER = ['| ioctl | x86_64 | i386 | direction | size | purpose | subsystem | findings |', '|---|---|---|---|---|---|---|---|'];

function tableLines(rows: readonly IoctlRow[]): string[] {
  const num = (n: number | null) => (n === null ? 'unresolved' : `\`${hex(n)}\``);
  const size = (r: IoctlRow) => {
    const { x86_64, i386 } = r.size;
    if (x86_64 === null) return '?';
    return i386 !== null && i386 !== x86_64 ? `${x86_64} (i386: ${i386})` : String(x86_64);
  };
  return [
    ...HEADER,
    ...rows.map(
      (r) =>
        `| [${r.name}](${linkTarget(r.uri, r.line, r.column)}) | ${num(r.number.x86_64)} | ${num(r.number.i386)} | ${r.direction ?? '?'} | ${size(r)} | ${r.purpose} | ${r.subsystem ?? 'none'} | ${r.findings} |`,
    ),
  ];
}

const plural = (n: number, one: string, many = one + 's') => `${n} ${n === 1 ? one : many}`;

/** The table of one header. */
export function fileTable(displayPath: string, result: AnalysisResult): IoctlTable {
  const rows = ioctlRows(result);
  const findings = rows.reduce((sum, r) => sum + r.findings, 0);
  const markdown = [
    `# ioctls in \`${displayPath}\``,
    '',
    rows.length ? `${plural(rows.length, 'ioctl')}, ${plural(findings, 'finding')} on them.` : '_This header defines no ioctl._',
    ...(rows.length ? ['', ...tableLines(rows)] : []),
  ].join('\n');
  return { markdown, rows };
}

/** Where the workspace table gets its analyses from. */
export interface WorkspaceSources {
  folders: readonly string[];
  /** Paths of the headers open in the editor (analysed as they are there, not as saved). */
  openHeaders(): string[];
  /** The analysis of a header: the open document's, or the file's on disk. */
  analyze(file: string): Promise<AnalysisResult | undefined>;
}

/**
 * Every header under the workspace folders and every open header, analysed one by one with
 * progress reported and a chance for other requests (and cancellation) between two headers.
 */
export async function workspaceTable(sources: WorkspaceSources, progress: WorkDoneProgressReporter, token?: CancellationToken): Promise<IoctlTable> {
  const files = [...new Set([...workspaceHeaders(sources.folders), ...sources.openHeaders()])].sort();
  const rel = (f: string) => {
    const folder = sources.folders.find((d) => f.startsWith(d + path.sep));
    return folder ? path.relative(folder, f) : f;
  };
  progress.begin('uapi-lint: analysing headers', 0, `0/${files.length}`, true);
  const sections: string[] = [];
  const rows: IoctlRow[] = [];
  const failed: string[] = [];
  let done = 0;
  let cancelled = false;
  try {
    for (const file of files) {
      if (token?.isCancellationRequested) {
        cancelled = true;
        break;
      }
      progress.report(Math.floor((done * 100) / Math.max(1, files.length)), `${done}/${files.length} ${rel(file)}`);
      let result: AnalysisResult | undefined;
      try {
        result = await sources.analyze(file);
      } catch (e) {
        failed.push(`\`${rel(file)}\` (${e instanceof Error ? e.message : String(e)})`);
      }
      done++;
      const own = result ? ioctlRows(result) : [];
      if (own.length) {
        rows.push(...own);
        sections.push('', `## [${rel(file)}](${linkTarget(URI.fromPath(file))})`, '', ...tableLines(own));
      }
      // let progress notifications out, and other requests and a cancellation in
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    progress.done();
  }
  const headersWith = new Set(rows.map((r) => r.uri)).size;
  const summary = rows.length
    ? `${plural(rows.length, 'ioctl')} in ${plural(headersWith, 'header')} (${plural(done, 'header')} analysed).`
    : `_None of the ${plural(done, 'header')} analysed defines an ioctl._`;
  const markdown = [
    '# ioctls in the workspace',
    '',
    summary,
    ...(cancelled ? ['', `_Cancelled after ${done} of ${files.length} headers._`] : []),
    ...sections,
    ...(failed.length ? ['', '## Not analysed', '', ...failed.map((f) => `- ${f}`)] : []),
  ].join('\n');
  return { markdown, rows };
}

/** What the commands need from the server. */
export interface TableContext {
  folders: readonly string[];
  cache: HeaderCache;
  /** URIs of the open documents. */
  openUris(): string[];
  /** The complete analysis of an open header; undefined when it is not open, not a header, or checking is off. */
  openAnalysis(uri: string): Promise<AnalysisResult | undefined>;
  /** The settings that apply under `uri` (a file's or a folder's). */
  settings(uri: string): Promise<Settings>;
  /** A progress reporter: the client's (work-done progress) when it supports it, else one that reports nothing. */
  progress(): Promise<WorkDoneProgressReporter & { token?: CancellationToken }>;
}

/** A header's analysis as it is in the editor when open, as saved otherwise (with the folder's settings). */
async function analysisOf(file: string, ctx: TableContext, openByPath: Map<string, string>): Promise<AnalysisResult | undefined> {
  const open = openByPath.get(file);
  if (open) return ctx.openAnalysis(open);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const folder = ctx.folders.find((d) => file.startsWith(d + path.sep));
  const s = await ctx.settings(URI.fromPath(folder ?? file));
  if (!s.enable) return undefined;
  return analyzeDocument(file, text, { cache: ctx.cache, severities: s.rules, rules: { treatAllAsNew: s.treatAllAsNew } });
}

/** `uapiLint.listIoctls` (argument: a header's URI) and `uapiLint.listWorkspaceIoctls`. */
export async function runTableCommand(which: 'file' | 'workspace', args: unknown[], ctx: TableContext, token: CancellationToken): Promise<IoctlTable> {
  const openByPath = new Map<string, string>();
  for (const uri of ctx.openUris()) if (uri.startsWith('file:') && /\.h$/i.test(uri)) openByPath.set(URI.toPath(uri), uri);
  if (which === 'file') {
    const uri = args[0];
    if (typeof uri !== 'string' || !/\.h$/i.test(uri)) throw new ResponseError(ErrorCodes.InvalidParams, 'listIoctls takes the URI of a header (*.h)');
    const result = ctx.openUris().includes(uri) ? await ctx.openAnalysis(uri) : uri.startsWith('file:') ? await analysisOf(URI.toPath(uri), ctx, openByPath) : undefined;
    if (!result) throw new ResponseError(ErrorCodes.InvalidParams, `${uri} is neither open nor a readable header, or checking is turned off for it`);
    const file = URI.toPath(uri);
    const folder = ctx.folders.find((d) => file.startsWith(d + path.sep));
    return fileTable(folder ? path.relative(folder, file) : path.basename(file), result);
  }
  const progress = await ctx.progress();
  // the request's own cancellation, or the cancel button of the client's progress notification
  const cancelled = {
    get isCancellationRequested() {
      return token.isCancellationRequested || progress.token?.isCancellationRequested === true;
    },
  } as CancellationToken;
  return workspaceTable(
    { folders: ctx.folders, openHeaders: () => [...openByPath.keys()], analyze: (file) => analysisOf(file, ctx, openByPath) },
    progress,
    cancelled,
  );
}
