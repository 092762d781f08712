import { applyPatch, diffArrays, reversePatch, type StructuredPatch } from 'diff';
import type { FileChange, PatchSeries } from './series';

/**
 * The files a series leaves behind: each touched file's text at the series' base and after the
 * last patch that touches it, and for every line of the result the patch that wrote it. New
 * files start empty; changed files start from the base version (the tree, or git), and a series
 * already applied there is recognised by reversing it.
 */

export interface PostImage {
  /** Path after the series (relative to the tree, `/`-separated); the old path of a deleted file. */
  path: string;
  /** Path at the base; null when the series adds the file. */
  oldPath: string | null;
  /** Text at the base; null when the series adds the file. */
  before: string | null;
  /** Text after the series; null when the series deletes the file. */
  after: string | null;
  /** Per line of `after` (0-based): the 1-based index of the patch that wrote it, 0 for the base's. */
  origin: number[];
  /** The patches that touch the file, in order. */
  patches: number[];
  /** A binary change: there is no text to review. */
  binary: boolean;
}

export interface PostImages {
  images: PostImage[];
  /** Files whose patches do not apply, or whose base is missing. */
  problems: string[];
  /** Files the tree already holds as the series leaves them (the series was applied there). */
  alreadyApplied: string[];
}

/** A file's text at the series' base, relative path in; undefined when there is none. */
export type BaseReader = (relPath: string) => string | undefined;

interface Step {
  patch: number;
  change: FileChange;
}

function linesOf(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The origins of the new text's lines: kept lines keep theirs, the rest are the patch's. */
function carryOrigins(before: string, after: string, origin: number[], patch: number): number[] {
  const parts = diffArrays(linesOf(before), linesOf(after));
  const out: number[] = [];
  let old = 0;
  for (const part of parts) {
    const n = part.count ?? part.value.length;
    if (part.removed) old += n;
    else if (part.added) for (let k = 0; k < n; k++) out.push(patch);
    else for (let k = 0; k < n; k++) out.push(origin[old++] ?? 0);
  }
  return out;
}

function hunkLabel(p: StructuredPatch, text: string | null): string {
  const h = p.hunks[0];
  const first = h ? ` (its first hunk, @@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@)` : '';
  return text === null ? '' : first;
}

/** The chains of changes, one per file, following renames. */
function chains(series: PatchSeries): Step[][] {
  const open = new Map<string, Step[]>();
  const all: Step[][] = [];
  for (const p of series.patches) {
    for (const change of p.changes) {
      const from = change.oldPath;
      let chain = from !== null ? open.get(from) : undefined;
      if (chain && from !== null) open.delete(from);
      if (!chain) {
        chain = [];
        all.push(chain);
      }
      chain.push({ patch: p.index, change });
      if (change.newPath !== null) open.set(change.newPath, chain);
    }
  }
  return all;
}

/** Apply one chain to a start text; where it fails, which step. */
function forward(chain: Step[], start: string | null): { text: string | null; origin: number[] } | { failed: Step } {
  let text = start;
  let origin = start === null ? [] : linesOf(start).map(() => 0);
  for (const step of chain) {
    const c = step.change;
    if (c.binary) continue;
    if (c.status === 'deleted') {
      text = null;
      origin = [];
      continue;
    }
    if (c.status === 'added' && text !== null && text !== '') return { failed: step };
    const before = text ?? '';
    const after = c.patch.hunks.length ? applyPatch(before, c.patch) : before;
    if (after === false) return { failed: step };
    origin = carryOrigins(before, after, origin, step.patch);
    text = after;
  }
  return { text, origin };
}

/** Undo a chain from the text it leaves behind; the base text, or undefined when it does not reverse. */
function backward(chain: Step[], end: string): string | null | undefined {
  let text: string | null = end;
  for (let k = chain.length - 1; k >= 0; k--) {
    const c = chain[k].change;
    if (c.binary) continue;
    if (c.status === 'deleted') return undefined; // a deleted file is not in the tree to reverse from
    if (!c.patch.hunks.length) continue;
    const undone: string | false = applyPatch(text ?? '', reversePatch(c.patch));
    if (undone === false) return undefined;
    // undoing the patch that adds the file leaves nothing, or it was not that file
    if (c.status === 'added' && undone !== '') return undefined;
    text = c.status === 'added' ? null : undone;
  }
  return text;
}

/**
 * The files the series leaves behind. `mayBeApplied`: the base is a work tree that may hold the
 * series already (a branch with it applied); a chain that reverses cleanly from the tree's text
 * (and applies again to give that text) is then read as applied, before trying to apply it: an
 * appended line applies a second time to a file that has it already.
 */
export function buildPostImages(series: PatchSeries, readBase: BaseReader, mayBeApplied = false): PostImages {
  const images: PostImage[] = [];
  const problems: string[] = [];
  const alreadyApplied: string[] = [];
  for (const chain of chains(series)) {
    const first = chain[0].change;
    const last = chain[chain.length - 1].change;
    const oldPath = first.status === 'added' ? null : first.oldPath;
    const path = last.newPath ?? last.oldPath ?? first.oldPath!;
    const binary = chain.some((s) => s.change.binary);
    const patches = [...new Set(chain.map((s) => s.patch))];
    if (mayBeApplied && last.status !== 'deleted') {
      const now = readBase(path);
      const undone = now === undefined ? undefined : backward(chain, now);
      const again = undone === undefined ? undefined : forward(chain, undone);
      if (again && !('failed' in again) && again.text === now && (undone !== null || first.status === 'added')) {
        alreadyApplied.push(path);
        images.push({ path, oldPath, before: undone!, after: again.text, origin: again.origin, patches, binary });
        continue;
      }
    }
    const base = oldPath === null ? null : (readBase(oldPath) ?? undefined);
    if (base === undefined) {
      // a changed file the tree does not have: perhaps the series renames it, or the tree is another kernel
      problems.push(`${oldPath}: patch ${chain[0].patch} changes it, but the tree has no such file: it cannot be reviewed`);
      continue;
    }
    const result = forward(chain, base);
    if (!('failed' in result)) {
      images.push({ path, oldPath, before: base, after: result.text, origin: result.origin, patches, binary });
      continue;
    }
    // the tree may hold the series already (a branch with it applied): undo it from there
    const now = last.status === 'deleted' ? undefined : readBase(path);
    const undone = now === undefined ? undefined : backward(chain, now);
    if (undone !== undefined) {
      const again = forward(chain, undone);
      if (!('failed' in again)) {
        alreadyApplied.push(path);
        images.push({ path, oldPath, before: undone, after: again.text, origin: again.origin, patches, binary });
        continue;
      }
    }
    const failed = result.failed;
    problems.push(
      failed.change.status === 'added'
        ? `${path}: patch ${failed.patch} adds it, but the tree already has a different file there`
        : `${failed.change.oldPath}: patch ${failed.patch} does not apply to the version in the tree${hunkLabel(failed.change.patch, base)}`,
    );
  }
  return { images, problems, alreadyApplied };
}
