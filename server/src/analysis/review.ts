import * as fs from 'node:fs';
import * as path from 'node:path';
import { Baseline, type BaselineData } from '../core/baseline/baseline';
import type { CacheLimits, HeaderCache } from '../core/include/header-cache';
import { parseSourceFile } from '../core/include/source-file';
import { findKernelTree } from '../core/include/roots';
import { ParseTooSlow } from '../core/parse/parser';
import { buildPostImages, type BaseReader, type PostImage } from '../core/patch/post-image';
import { readSeries, type PatchInput, type PatchSeries } from '../core/patch/series';
import { patchOfLine, reviewedKind, uapiAdditions, type ReviewedFile, type ReviewedSeries } from '../core/patch/reviewed-series';
import { readTextInside } from '../core/read-inside';
import { GitRepository, type GitOptions } from '../git/git-repository';
import { criteriaPages, type SeverityOverrides } from '../rules/engine';
import { SERIES_RULES } from '../rules/index';
import type { Finding, SeriesFinding, SeriesFindingDraft } from '../rules/rule';
import { analyzeDocument, type AnalysisOptions } from './pipeline';
import { BaseRefError } from './git-baseline';

/**
 * A patch series reviewed as the maintainers will read it: each file it touches is rebuilt as
 * the series leaves it (its base version from the tree or git, the hunks applied), the uAPI
 * headers and driver sources among them go through the same analysis as any header or source,
 * against their version at the base, so that only what the series adds or changes is reported;
 * each finding is mapped back to the patch that wrote its line. Then the submission rules read
 * the series as a whole: userspace, documentation, reviewers, placement.
 */

/** A finding of the analysis on a file the series leaves behind. */
export interface ReviewFinding extends Finding {
  /** The file, relative to the tree (`/`-separated), and its absolute path. */
  file: string;
  path: string;
  /** The patch (1-based) that wrote the finding's line (or, for a line it kept, the last that touched the file). */
  patch: number;
}

export interface SeriesReview {
  reviewed: ReviewedSeries;
  /** Findings on the post-images: only those the series adds or changes. */
  findings: ReviewFinding[];
  /** Findings about the series as a whole or one of its patches (the submission rules). */
  diagnostics: SeriesFinding[];
  /** What could not be reviewed, and why (a patch that does not apply, a missing patch). */
  problems: string[];
  /** Where the files' base versions came from: `the tree at /src/linux`, `v6.12 @ 1a2b3c4`. */
  baseLabel: string;
  /** Files the tree already holds as the series leaves them (read back by reversing the series). */
  alreadyApplied: string[];
}

export interface ReviewOptions {
  /** The kernel tree (`-C`); else the tree (or git work tree) holding the current folder. */
  tree?: string;
  /** A git ref the series applies to (`--base`); else its `base-commit:`, else the tree's files. */
  base?: string;
  cwd?: string;
  severities?: SeverityOverrides;
  includePaths?: string[];
  systemInclude?: string;
  limits: CacheLimits;
  git?: GitOptions;
  /** The base in a repository already open (the editor's): the files' base versions are read from its commit. */
  gitBase?: { repo: GitRepository; ref: string; commit: string };
  /** The cache the post-images are analysed with (a new one per review otherwise). */
  newCache: (workspace: string) => HeaderCache;
}

/** The series in some inputs, reviewed. */
export async function reviewInputs(inputs: PatchInput[], options: ReviewOptions): Promise<SeriesReview> {
  return reviewSeries(await readSeries(inputs), options);
}

/** Files the series touches that are read from the base: their old paths, and their new ones (a series already applied). */
function pathsOf(series: PatchSeries): string[] {
  const out = new Set<string>();
  for (const p of series.patches) for (const c of p.changes) for (const x of [c.oldPath, c.newPath]) if (x) out.add(x);
  return [...out];
}

/** The texts at a commit of every file the series touches, read at once (one cat-file pipe). */
async function textsAt(repo: GitRepository, commit: string, series: PatchSeries): Promise<BaseReader> {
  const rels = pathsOf(series);
  const read = await Promise.all(rels.map((r) => repo.readFile(commit, r)));
  const texts = new Map(rels.map((r, k) => [r, read[k]]));
  return (rel) => texts.get(rel);
}

async function baseReader(series: PatchSeries, tree: string | undefined, options: ReviewOptions): Promise<{ read: BaseReader; label: string; commit?: string; problems: string[]; workTree?: boolean }> {
  const problems: string[] = [];
  if (options.gitBase) {
    const { repo, ref, commit } = options.gitBase;
    return { read: await textsAt(repo, commit, series), label: `${ref} @ ${commit.slice(0, 12)}`, commit, problems };
  }
  const seriesBase = series.patches.find((p) => p.mail.baseCommit)?.mail.baseCommit ?? series.cover?.baseCommit;
  const ref = options.base ?? seriesBase;
  if (ref && tree) {
    const repo = await GitRepository.open(tree, options.git);
    try {
      const commit = repo ? await repo.commitOf(ref) : undefined;
      if (repo && commit) {
        const short = commit.slice(0, 12);
        const label = ref === commit ? short : `${options.base ? ref : 'base-commit'} @ ${short}`;
        return { read: await textsAt(repo, commit, series), label, commit, problems };
      }
      if (options.base) throw new BaseRefError(`--base ${options.base}: ${repo ? `no such commit or ref in ${repo.root}` : `${tree} is not in a git work tree (or git is not installed)`}`);
      problems.push(`the series names base-commit ${seriesBase}, which ${repo ? 'is not in this repository' : 'cannot be read (no git work tree)'}: its files are read from the tree as it is`);
    } finally {
      repo?.dispose();
    }
  } else if (options.base) {
    throw new BaseRefError(`--base ${options.base}: no kernel tree or git work tree to read it from (-C TREE)`);
  }
  if (!tree) return { read: () => undefined, label: 'no tree (new files only)', problems };
  const root = tree;
  return {
    read: (rel) => {
      const r = readTextInside(path.join(root, ...rel.split('/')), root, options.limits.maxFileBytes);
      return r?.text;
    },
    label: `the tree at ${root}`,
    problems,
    workTree: true,
  };
}

/** The tree a review reads: `-C`, else the kernel tree or git work tree that holds the current folder. */
export function reviewTree(options: Pick<ReviewOptions, 'tree' | 'cwd'>): string | undefined {
  if (options.tree) return path.resolve(options.tree);
  const cwd = options.cwd ?? process.cwd();
  const kernel = findKernelTree(cwd);
  if (kernel) return kernel;
  for (let d = path.resolve(cwd); ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, '.git'))) return d;
    if (path.dirname(d) === d) return undefined;
  }
}

function seriesFinding(draft: SeriesFindingDraft, rule: (typeof SERIES_RULES)[number], severities: SeverityOverrides | undefined): SeriesFinding | undefined {
  const setting = severities?.[rule.id];
  if (setting === 'off') return undefined;
  const pages = criteriaPages(draft.pages, rule.criteria);
  const { pages: _pages, severity, ...rest } = draft;
  return { ...rest, rule: rule.id, severity: severity ?? setting ?? rule.defaultSeverity, href: pages[0]?.href ?? null, pages };
}

export async function reviewSeries(series: PatchSeries, options: ReviewOptions): Promise<SeriesReview> {
  const tree = reviewTree(options);
  const base = await baseReader(series, tree, options);
  const built = buildPostImages(series, base.read, base.workTree);
  const root = tree ?? path.resolve(options.cwd ?? process.cwd());
  const abs = (rel: string) => path.join(root, ...rel.split('/'));
  const cache = options.newCache(root);
  // every text file the series leaves behind replaces the disk's for whoever includes it
  for (const image of built.images) {
    if (image.after === null || image.binary || !/\.(h|c)$/.test(image.path)) continue;
    try {
      cache.setOverlay(parseSourceFile(abs(image.path), image.after));
    } catch (e) {
      if (!(e instanceof ParseTooSlow)) throw e;
    }
  }
  const changed: BaselineData['changed'] = {};
  for (const image of built.images) if (/\.(h|c)$/.test(image.path)) changed[image.oldPath ?? image.path] = image.before;
  for (const image of built.images) if (image.oldPath !== image.path && /\.(h|c)$/.test(image.path)) changed[image.path] = image.oldPath ? image.before : null;
  const baseline = new Baseline({ ref: base.label, commit: base.commit ?? '', root, changed, ignored: [] });
  const analysis: AnalysisOptions = { cache, baseline, severities: options.severities };

  const files: ReviewedFile[] = [];
  const findings: ReviewFinding[] = [];
  for (const image of built.images) {
    const kind = reviewedKind(image);
    const file: ReviewedFile = { image, kind };
    files.push(file);
    if ((kind !== 'uapi-header' && kind !== 'source') || image.after === null || image.binary) continue;
    const result = analyzeDocument(abs(image.path), image.after, analysis);
    file.model = result.model;
    file.base = result.base;
    for (const f of result.findings) {
      // what the base has too is not the series' to answer for
      if (f.baselineState === 'unchanged') continue;
      const patch = patchOfLine(image, f.range.start.row, f.range.end.row);
      findings.push(Object.assign(f, { file: image.path, path: abs(image.path), patch }));
    }
  }
  const reviewed: ReviewedSeries = { series, tree, files, additions: files.flatMap(uapiAdditions) };
  const diagnostics: SeriesFinding[] = [];
  for (const rule of SERIES_RULES) {
    rule.check(reviewed, (draft) => {
      const f = seriesFinding(draft, rule, options.severities);
      if (f) diagnostics.push(f);
    });
  }
  return {
    reviewed,
    findings: findings.sort((a, b) => a.patch - b.patch || a.file.localeCompare(b.file) || a.range.start.row - b.range.start.row),
    diagnostics,
    problems: [...series.problems, ...base.problems, ...built.problems],
    baseLabel: base.label,
    alreadyApplied: built.alreadyApplied,
  };
}

/** Post-images by path, for printing lines of them. */
export function imageOf(review: SeriesReview, file: string): PostImage | undefined {
  return review.reviewed.files.find((f) => f.image.path === file)?.image;
}
