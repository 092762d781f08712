import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CACHE_LIMITS, HeaderCache } from '../core/include/header-cache';
import { PatchFormatError } from '../core/patch/mail';
import { patchLabel, type PatchInput } from '../core/patch/series';
import { packageVersion } from '../core/package-files';
import { reviewInputs, type SeriesReview } from '../analysis/review';
import type { Severity, SeriesFinding } from '../rules/rule';
import { jsonFile, type JsonFile } from './format';
import { sarifLog } from './sarif';
import { UsageError } from './files';
import { isBinary, patchFilesIn, readPatchBytes, readStdin } from './patch-inputs';
import { reviewMarkdown } from '../analysis/review-report';

/**
 * `uapi-lint review [-C TREE] [--base REF] [PATCH...|-]`: a series (patch files, a folder of
 * them, an mbox, a plain diff, or standard input) reviewed against the tree it applies to. Its
 * findings as gcc-style lines, JSON, SARIF, Markdown for a reply, or b4's check protocol.
 */

export type ReviewFormat = 'gcc' | 'json' | 'sarif' | 'markdown' | 'b4';

export interface ReviewCommand {
  inputs: string[];
  tree?: string;
  base?: string;
  format: ReviewFormat;
  failOn: Severity | 'none';
  severities: Record<string, Severity | 'off'>;
  includePaths: string[];
  systemInclude: boolean;
  maxFileBytes: number;
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };

function decode(bytes: Buffer, name: string): string {
  if (isBinary(bytes)) throw new UsageError(`${name}: a binary file, not a patch or mail`);
  return new TextDecoder('utf-8').decode(bytes);
}

/** The inputs: `-` is standard input, a folder its patch files in name order (format-patch numbers them). */
export async function readPatchInputs(names: string[], stdin: () => Promise<Buffer>): Promise<PatchInput[]> {
  const out: PatchInput[] = [];
  for (const name of names.length ? names : ['-']) {
    if (name === '-') {
      out.push({ name: '-', text: decode(await stdin(), 'standard input') });
      continue;
    }
    let folder = false;
    try {
      folder = fs.statSync(name).isDirectory();
    } catch {
      /* readPatchBytes says why */
    }
    const files = folder ? patchFilesIn(name) : [name];
    if (folder && !files.length) throw new UsageError(`${name}: a folder without patches (*.patch, *.diff, *.eml, *.mbox)`);
    for (const f of files) out.push({ name: f, text: decode(readPatchBytes(f), f) });
  }
  return out;
}

function severityWord(s: Severity): string {
  return s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note';
}

/** How a patch is named after a finding: `(patch 2/4 'accel/foo: add the uAPI')`. */
function patchNote(review: SeriesReview, index: number | undefined): string {
  if (index === undefined) return '';
  const p = review.reviewed.series.patches.find((x) => x.index === index);
  return p ? ` (${patchLabel(review.reviewed.series, p)})` : '';
}

/** Where a series finding is printed: its file and line, else the mail of its patch, else the series' first input. */
function seriesLocation(review: SeriesReview, d: SeriesFinding): string {
  if (d.file) return `${d.file}:${(d.line ?? 0) + 1}:1`;
  const series = review.reviewed.series;
  const mail = d.patch !== undefined ? series.patches.find((p) => p.index === d.patch)?.mail : series.cover ?? series.patches[0]?.mail;
  return mail ? mail.source : 'series';
}

/** Every finding as a gcc-style line: the series' own first, then those on its files; `notePatch` adds the patch. */
function reviewLines(review: SeriesReview, notePatch: boolean): Array<{ severity: Severity; rule: string; line: string }> {
  const line = (where: string, f: { severity: Severity; message: string; rule: string; patch?: number }) =>
    `${where}: ${severityWord(f.severity)}: ${f.message} [${f.rule}]${notePatch ? patchNote(review, f.patch) : ''}`;
  return [
    ...review.diagnostics.map((d) => ({ severity: d.severity, rule: d.rule, line: line(seriesLocation(review, d), d) })),
    ...review.findings.map((f) => ({ severity: f.severity, rule: f.rule, line: line(`${f.file}:${f.range.start.row + 1}:${f.range.start.column + 1}`, f) })),
  ];
}

export function reviewGcc(review: SeriesReview): string {
  return reviewLines(review, true)
    .map((l) => l.line)
    .join('\n');
}

/** The JSON of a review: the lint schema's files (findings under their post-image, each with its patch), the series' own diagnostics at the top. */
export function reviewJson(review: SeriesReview): object {
  const { reviewed } = review;
  const files: JsonFile[] = [];
  for (const f of reviewed.files) {
    if (!f.model) continue;
    const findings = review.findings.filter((x) => x.file === f.image.path);
    const json = jsonFile(f.image.path, { model: f.model, findings, base: f.base });
    json.diagnostics.forEach((d, k) => Object.assign(d, { patch: findings[k].patch }));
    files.push(json);
  }
  const series = reviewed.series;
  return {
    version: 1,
    files,
    diagnostics: review.diagnostics.map((d) => ({
      rule: d.rule,
      severity: d.severity,
      message: d.message,
      href: d.href,
      ...(d.patch !== undefined ? { patch: d.patch } : {}),
      ...(d.file !== undefined ? { file: d.file, line: (d.line ?? 0) + 1 } : {}),
    })),
    series: {
      form: series.form,
      base: review.baseLabel,
      tree: reviewed.tree ?? null,
      cover: series.cover ? { subject: series.cover.subject, source: series.cover.source } : null,
      patches: series.patches.map((p) => ({
        index: p.index,
        subject: p.mail.subject,
        source: p.mail.source,
        files: p.changes.map((c) => ({ path: c.newPath ?? c.oldPath, status: c.status, ...(c.status === 'renamed' ? { from: c.oldPath } : {}) })),
      })),
      additions: reviewed.additions.map((a) => ({ kind: a.kind, subject: a.subject, file: a.file, line: a.line + 1, patch: a.patch })),
      alreadyApplied: review.alreadyApplied,
    },
    problems: review.problems,
  };
}

function sarifOf(review: SeriesReview, root: string): object {
  const entries: JsonFile[] = [];
  const texts = new Map<string, string>();
  const json = reviewJson(review) as { files: JsonFile[] };
  for (const f of json.files) {
    const abs = path.join(root, ...f.path.split('/'));
    const image = review.reviewed.files.find((x) => x.image.path === f.path)?.image;
    if (image?.after) texts.set(abs, image.after);
    entries.push({ ...f, path: abs });
  }
  // the series' own findings: at their file and line when they have one, else at the mail
  const byPlace = new Map<string, JsonFile>();
  for (const d of review.diagnostics) {
    const mail = d.patch !== undefined ? review.reviewed.series.patches.find((p) => p.index === d.patch)?.mail : review.reviewed.series.cover ?? review.reviewed.series.patches[0]?.mail;
    const place = d.file ? path.join(root, ...d.file.split('/')) : path.resolve(mail && mail.source !== '-' ? mail.source : 'series.mbox');
    let entry = byPlace.get(place) ?? entries.find((e) => e.path === place);
    if (!entry) {
      entry = { path: place, ioctls: [], diagnostics: [], subsystem: null };
      entries.push(entry);
    }
    byPlace.set(place, entry);
    const line = d.file ? (d.line ?? 0) + 1 : 1;
    entry.diagnostics.push({ rule: d.rule, severity: d.severity, line, column: 1, endLine: line, endColumn: 1, message: d.message, href: d.href, ioctls: [] });
  }
  return sarifLog(entries, { root, textOf: (p) => texts.get(p), toolVersion: packageVersion() });
}

/** b4's external check protocol: a JSON array of `{tool, status, summary, url, details}` (b4 docs/maintainer/review.rst). */
export function reviewB4(review: SeriesReview): object[] {
  // b4 shows one message at a time: the patch is the one on standard input
  const all = reviewLines(review, false);
  const errors = all.filter((x) => x.severity === 'error');
  const warnings = all.filter((x) => x.severity === 'warning');
  const status = errors.length ? 'fail' : warnings.length ? 'warn' : 'pass';
  const counted = (xs: typeof all, word: string) => (xs.length ? `${xs.length} ${word}${xs.length > 1 ? 's' : ''} (${[...new Set(xs.map((x) => x.rule))].join(', ')})` : '');
  const files = review.reviewed.files.filter((f) => f.model).length;
  const summary =
    [counted(errors, 'error'), counted(warnings, 'warning')].filter(Boolean).join(', ') ||
    (files ? `no uAPI problem in ${files} header${files > 1 ? 's' : ''} and source${files > 1 ? 's' : ''}` : 'no uAPI header or driver source in this message');
  const details = [...all.map((x) => x.line), ...review.problems.map((p) => `note: ${p}`)].join('\n');
  return [{ tool: 'uapi-lint', status, summary, ...(details ? { details } : {}) }];
}

export async function reviewCommand(command: ReviewCommand, out: (s: string) => void, err: (s: string) => void, stdin: () => Promise<Buffer> = readStdin): Promise<number> {
  let review: SeriesReview;
  const limits = { ...DEFAULT_CACHE_LIMITS, maxFileBytes: command.maxFileBytes };
  try {
    const inputs = await readPatchInputs(command.inputs, stdin);
    review = await reviewInputs(inputs, {
      tree: command.tree,
      base: command.base,
      severities: command.severities,
      limits,
      newCache: (workspace) => new HeaderCache({ workspaceFolders: [workspace], includePaths: command.includePaths, systemInclude: command.systemInclude ? '/usr/include' : '' }, limits),
    });
  } catch (e) {
    if (!(e instanceof PatchFormatError) || command.format === 'b4') {
      if (command.format === 'b4' && (e instanceof PatchFormatError || e instanceof UsageError)) {
        // b4 shows a tool's failure only from its JSON
        out(JSON.stringify([{ tool: 'uapi-lint', status: 'fail', summary: `cannot review this message: ${e.message}` }], null, 2) + '\n');
        return 0;
      }
      throw e;
    }
    throw new UsageError(e.message);
  }
  const root = review.reviewed.tree ?? process.cwd();
  if (command.format !== 'b4') for (const p of review.problems) err(`uapi-lint: ${p}\n`);
  switch (command.format) {
    case 'json':
      out(JSON.stringify(reviewJson(review), null, 2) + '\n');
      break;
    case 'sarif':
      out(JSON.stringify(sarifOf(review, root), null, 2) + '\n');
      break;
    case 'markdown':
      out(reviewMarkdown(review) + '\n');
      break;
    case 'b4':
      out(JSON.stringify(reviewB4(review), null, 2) + '\n');
      // b4 reads the verdict from the JSON; a non-zero exit would be taken for a crash
      return 0;
    default: {
      const text = reviewGcc(review);
      if (text) out(text + '\n');
    }
  }
  const failOn = command.failOn;
  const failing = failOn !== 'none' && [...review.findings, ...review.diagnostics].some((f) => RANK[f.severity] <= RANK[failOn]);
  return failing ? 1 : 0;
}
