import * as fs from 'node:fs';
import * as path from 'node:path';
import { HeaderCache } from '../include/header-cache';
import { parseSourceFile, type SourceFile } from '../include/source-file';
import { ParseTooSlow } from '../parse/parser';

/**
 * The base a branch is reviewed against: which files the branch changed since a commit, and
 * their text at that commit. It is plain data (read from git by analysis/git-baseline.ts,
 * handed to worker threads as it is); everything here answers synchronously from it.
 */

export interface BaselineData {
  /** The ref as the user names it (`origin/master`, `v6.1`), or the commit. */
  ref: string;
  /** The commit compared with (the merge-base of HEAD and the ref). */
  commit: string;
  /** The work tree's top folder. */
  root: string;
  /**
   * Headers and sources (`.h`, `.c`) that differ from the base, by path relative to the root
   * (`/`-separated): their text at the base, or null when the base has no such file (the branch
   * adds it, staged or not).
   */
  changed: Record<string, string | null>;
  /** What git ignores, relative to the root (a folder ends in `/`): no part of any branch. */
  ignored: string[];
}

/** What the base says of one file. */
export type FileAtBase =
  /** tracked and unchanged: its text on disk is the base's */
  | { state: 'same' }
  /** changed (or deleted) since the base */
  | { state: 'changed'; text: string }
  /** not in the base: the branch adds it */
  | { state: 'added' }
  /** outside the work tree, or ignored by git: the base has nothing to say */
  | { state: 'outside' };

export class Baseline {
  private readonly ignored: string[];
  private baseCache?: BaseHeaderCache;
  /** Unchanged files' text, read from the disk once (it is the base's while this baseline stands). */
  private readonly unchanged = new Map<string, string | undefined>();

  constructor(readonly data: BaselineData) {
    this.ignored = data.ignored.map((p) => p.replace(/\/$/, ''));
  }

  get ref(): string {
    return this.data.ref;
  }

  get commit(): string {
    return this.data.commit;
  }

  /** `origin/master @ 1a2b3c4`, as the status bar and messages name the base. */
  get label(): string {
    const short = this.data.commit.slice(0, 7);
    return this.data.ref === this.data.commit ? short : `${this.data.ref} @ ${short}`;
  }

  /** The path of a file relative to the work tree, or undefined outside it. */
  relative(file: string): string | undefined {
    if (!path.isAbsolute(file)) return undefined;
    const rel = path.relative(this.data.root, file);
    if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
    return rel.split(path.sep).join('/');
  }

  fileAt(file: string): FileAtBase {
    const rel = this.relative(file);
    if (rel === undefined) return { state: 'outside' };
    if (Object.prototype.hasOwnProperty.call(this.data.changed, rel)) {
      const text = this.data.changed[rel];
      return text === null ? { state: 'added' } : { state: 'changed', text };
    }
    if (this.ignored.some((i) => rel === i || rel.startsWith(i + '/'))) return { state: 'outside' };
    return { state: 'same' };
  }

  /** The text of a file at the base: undefined when the base has none (or says nothing). */
  textAt(file: string): string | undefined {
    const at = this.fileAt(file);
    if (at.state === 'changed') return at.text;
    if (at.state !== 'same') return undefined;
    if (!this.unchanged.has(file)) {
      let text: string | undefined;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch {
        text = undefined;
      }
      this.unchanged.set(file, text);
    }
    return this.unchanged.get(file);
  }

  /** Headers and sources the branch changed, adds or deletes (absolute paths). */
  changedFiles(): string[] {
    return Object.keys(this.data.changed).map((rel) => path.join(this.data.root, ...rel.split('/')));
  }

  /**
   * The header cache the base's versions are analysed with: the current one's roots and limits,
   * files the branch changed read as they were at the base, files it adds absent.
   */
  cacheBeside(current: HeaderCache): HeaderCache {
    if (!this.baseCache || this.baseCache.current !== current || this.baseCache.rootOptions !== current.rootOptions) this.baseCache = new BaseHeaderCache(this, current);
    return this.baseCache;
  }
}

/** Files as they are at the base: the ones the branch changed from their base text, the rest from the disk. */
class BaseHeaderCache extends HeaderCache {
  private readonly atBase = new Map<string, SourceFile | { error: string }>();

  constructor(
    private readonly baseline: Baseline,
    readonly current: HeaderCache,
  ) {
    super(current.rootOptions, current.limits);
  }

  protected override isFile(p: string): boolean {
    const at = this.baseline.fileAt(p);
    if (at.state === 'added') return false;
    if (at.state === 'changed') return true;
    return super.isFile(p);
  }

  override load(filePath: string): SourceFile | { error: string } {
    const at = this.baseline.fileAt(filePath);
    if (at.state === 'added') return { error: `is not in ${this.baseline.label}` };
    if (at.state !== 'changed') return super.load(filePath);
    let known = this.atBase.get(filePath);
    if (!known) {
      try {
        known = parseSourceFile(filePath, at.text);
      } catch (e) {
        if (!(e instanceof ParseTooSlow)) throw e;
        known = { error: e.message };
      }
      this.atBase.set(filePath, known);
    }
    return known;
  }
}
