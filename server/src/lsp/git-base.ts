import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Connection } from 'vscode-languageserver';
import { Baseline } from '../core/baseline/baseline';
import { readBaseline, readChanges } from '../analysis/git-baseline';
import { runGit, type GitRepository } from '../git/git-repository';

/**
 * The editor's git bases: per repository of an open document, the base of its branch (or the
 * ref `uapiLint.baseRef` names), kept current as the work tree and HEAD change. Git runs only in
 * a trusted workspace (VS Code's workspace trust; a client that knows nothing of trust is
 * trusted, like a command line); in Restricted Mode, or without git, no process starts and the
 * server says once that the table of upstream ioctls decides what exists.
 */

/** How long the first analysis of a document waits for its repository's base. */
const FIRST_WAIT_MS = 3000;
/** Changes in the work tree or in .git are taken together for this long before git is asked again. */
const REFRESH_DELAY_MS = 250;

/** What the status bar shows: the base, or why there is none. */
export interface BaseStatus {
  /** `origin/master @ 1a2b3c4`. */
  label?: string;
  /** Why the shipped table decides instead (Restricted Mode, no git, no base found, `none`). */
  fallback?: string;
}

interface Repo {
  root: string;
  ref: string;
  /** The base when known; undefined when there is none (no upstream, no origin). */
  baseline?: Baseline;
  repo?: GitRepository;
  loading?: Promise<void>;
  watcher?: fs.FSWatcher;
  timer?: NodeJS.Timeout;
  why?: string;
}

/** The top of the git work tree holding `file`, found by looking for `.git` upwards (no process). */
export function workTreeOf(file: string): string | undefined {
  return workTreeAt(path.dirname(file));
}

/** The top of the git work tree holding a file or a folder. */
export function workTreeFor(p: string): string | undefined {
  let folder = false;
  try {
    folder = fs.statSync(p).isDirectory();
  } catch {
    /* gone: taken as a file */
  }
  return folder ? workTreeAt(p) : workTreeOf(p);
}

/** The top of the git work tree holding the folder `dir` (or undefined). */
export function workTreeAt(dir: string): string | undefined {
  for (;;) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** The git folder of a work tree: `.git`, or where a `.git` file (a linked work tree) points. */
function gitDirOf(root: string): string | undefined {
  const dotGit = path.join(root, '.git');
  try {
    if (fs.statSync(dotGit).isDirectory()) return dotGit;
    const m = /^gitdir:\s*(.+)$/m.exec(fs.readFileSync(dotGit, 'utf8'));
    return m ? path.resolve(root, m[1].trim()) : undefined;
  } catch {
    return undefined;
  }
}

export class GitBases {
  private readonly repos = new Map<string, Repo>();
  private trusted: boolean;
  private said = false;
  private gitMissing = false;

  constructor(
    private readonly connection: Connection,
    trusted: boolean,
    /** Bases changed: what was analysed against them is analysed again. */
    private readonly onChange: () => void,
  ) {
    this.trusted = trusted;
  }

  /** VS Code granted trust (or the client says it changed). */
  setTrusted(trusted: boolean): void {
    if (trusted === this.trusted) return;
    this.trusted = trusted;
    this.reset();
  }

  /** The settings changed: bases are read again with the refs they name. */
  reset(): void {
    for (const r of this.repos.values()) this.close(r);
    this.repos.clear();
    this.onChange();
  }

  /** The base of a document's repository as known now (sync, for the analysis). */
  baselineOf(file: string, baseRef: string): Baseline | undefined {
    const r = this.repoOf(file, baseRef);
    return r?.baseline;
  }

  /** Wait (a bounded time) until the base of the document's repository is known. */
  async whenKnown(file: string, baseRef: string): Promise<void> {
    const r = this.repoOf(file, baseRef);
    if (!r?.loading) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([r.loading, new Promise<void>((resolve) => (timer = setTimeout(resolve, FIRST_WAIT_MS)))]);
    clearTimeout(timer);
  }

  status(file: string, baseRef: string): BaseStatus {
    if (baseRef === 'none') return { fallback: 'uapiLint.baseRef is none: the table of upstream ioctls (Linux 6.12) decides what exists' };
    const root = workTreeOf(file);
    if (!root) return { fallback: 'not in a git work tree: the table of upstream ioctls (Linux 6.12) decides what exists' };
    if (!this.trusted) return { fallback: 'Restricted Mode: git is not run, so the table of upstream ioctls (Linux 6.12) decides what exists' };
    if (this.gitMissing) return { fallback: 'git was not found: the table of upstream ioctls (Linux 6.12) decides what exists' };
    const r = this.repos.get(`${root}\0${baseRef}`);
    if (r?.baseline) return { label: r.baseline.label };
    return { fallback: r?.why ?? 'reading the base from git' };
  }

  /**
   * The repository of a work tree and its base, for "Review branch": git runs only in a trusted
   * workspace; otherwise, or without a base, why not.
   */
  async branch(root: string, baseRef: string): Promise<{ repo: GitRepository; ref: string; commit: string } | { why: string }> {
    if (baseRef === 'none') return { why: 'uapiLint.baseRef is none: there is no base to review the branch against' };
    if (!this.trusted) return { why: 'the workspace is in Restricted Mode: git is not run' };
    // the bases are kept per work tree of a file: a name inside the root finds the root's
    const r = this.repoOf(path.join(root, '.branch'), baseRef);
    if (!r) return { why: `${root} is not in a git work tree` };
    await r.loading;
    if (!r.repo || !r.baseline) return { why: r.why ?? 'no base: the branch tracks nothing, and there is no origin/HEAD, origin/master or origin/main' };
    return { repo: r.repo, ref: r.baseline.ref, commit: r.baseline.commit };
  }

  /** A file in a work tree changed on disk (saved, checked out, rebased): its repository's changes are read again. */
  touched(file: string): void {
    for (const r of this.repos.values()) {
      if (file === r.root || file.startsWith(r.root + path.sep)) this.scheduleRefresh(r);
    }
  }

  /**
   * Refs to compare with, newest first: the remote branches, the local ones and the tags (at
   * most 60); none in Restricted Mode.
   */
  async candidates(root: string): Promise<string[]> {
    if (!this.trusted) return [];
    try {
      const out = await runGit(root, ['for-each-ref', '--sort=-committerdate', '--count=60', '--format=%(refname:short)', 'refs/remotes', 'refs/heads', 'refs/tags']);
      return out.split('\n').filter((r) => r && !r.endsWith('/HEAD'));
    } catch {
      return [];
    }
  }

  dispose(): void {
    for (const r of this.repos.values()) this.close(r);
    this.repos.clear();
  }

  private repoOf(file: string, baseRef: string): Repo | undefined {
    if (baseRef === 'none' || !path.isAbsolute(file)) return undefined;
    const root = workTreeOf(file);
    if (!root) return undefined;
    if (!this.trusted || this.gitMissing) {
      this.sayOnce(this.trusted ? 'git was not found on PATH' : 'the workspace is in Restricted Mode');
      return undefined;
    }
    const key = `${root}\0${baseRef}`;
    let r = this.repos.get(key);
    if (!r) {
      r = { root, ref: baseRef };
      this.repos.set(key, r);
      this.load(r);
    }
    return r;
  }

  private load(r: Repo): void {
    const loading = (async () => {
      try {
        if (!r.repo) {
          const found = await readBaseline(r.root, r.ref || undefined);
          if (!found) {
            r.why = r.ref ? `no ref ${r.ref}` : 'the branch tracks nothing, and there is no origin/HEAD, origin/master or origin/main';
            // without git at all, say so once; a repository with no base says it in the status
            if (!(await gitRuns())) {
              this.gitMissing = true;
              this.sayOnce('git was not found on PATH');
            }
            return;
          }
          r.repo = found.repo;
          r.baseline = new Baseline(found.data);
          this.watch(r);
        } else {
          const base = await r.repo.base(r.ref || undefined);
          const data = base ? await readChanges(r.repo, base.ref, base.commit) : undefined;
          const before = r.baseline?.data;
          if (before && data && JSON.stringify(before) === JSON.stringify(data)) return;
          r.baseline = data ? new Baseline(data) : undefined;
        }
        this.onChange();
      } catch (e) {
        r.why = e instanceof Error ? e.message : String(e);
        this.connection.console.warn(`uapi-lint: git base of ${r.root}: ${r.why}`);
      }
    })();
    r.loading = loading;
    void loading.finally(() => {
      if (r.loading === loading) r.loading = undefined;
    });
  }

  /** HEAD, the index and the refs: a checkout, a rebase, a commit or a fetch may move the base. */
  private watch(r: Repo): void {
    const gitDir = gitDirOf(r.root);
    if (!gitDir) return;
    try {
      r.watcher = fs.watch(gitDir, { persistent: false }, (_event, name) => {
        if (name && /^(HEAD|ORIG_HEAD|FETCH_HEAD|index|packed-refs)$/.test(String(name))) this.scheduleRefresh(r);
      });
      r.watcher.on('error', () => undefined);
    } catch {
      /* a folder that cannot be watched: the work tree's changes still refresh it */
    }
  }

  private scheduleRefresh(r: Repo): void {
    if (!r.repo) return;
    if (r.timer) clearTimeout(r.timer);
    r.timer = setTimeout(() => {
      r.timer = undefined;
      this.load(r);
    }, REFRESH_DELAY_MS);
  }

  private close(r: Repo): void {
    if (r.timer) clearTimeout(r.timer);
    r.watcher?.close();
    r.repo?.dispose();
  }

  private sayOnce(why: string): void {
    if (this.said) return;
    this.said = true;
    const text = `uapi-lint: ${why}, so no git base is read: what exists already is decided by the table of upstream ioctls (Linux 6.12), not by your branch's base.`;
    this.connection.console.info(text);
    // a notification (window/showMessage), not a request: no client has to answer it
    void this.connection.sendNotification('window/showMessage', { type: 3, message: text }).catch(() => undefined);
  }
}

/** Whether a git executable runs at all (asked only when a repository gave no base). */
async function gitRuns(): Promise<boolean> {
  try {
    await runGit(process.cwd(), ['--version']);
    return true;
  } catch {
    return false;
  }
}
