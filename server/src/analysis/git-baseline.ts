import type { BaselineData } from '../core/baseline/baseline';
import { GitRepository, type GitOptions } from '../git/git-repository';

/**
 * The baseline of a branch, read from git: its base commit, the headers and sources it changed
 * since then with their text there, and what git ignores. Read once (a handful of git calls and
 * one blob per changed file through cat-file --batch); everything after answers from the data.
 */

/** Only these are analysed: their base text is read; other changed files do not matter. */
const ANALYSED = /\.[ch]$/i;

export class BaseRefError extends Error {}

/**
 * The baseline for the work tree holding `dir`: against `ref` when given (an unknown ref is a
 * BaseRefError), else against what the branch tracks, origin/HEAD, origin/master or origin/main.
 * Undefined outside a git work tree, without git, or when no base is found.
 */
export async function readBaseline(dir: string, ref?: string, options: GitOptions = {}): Promise<{ data: BaselineData; repo: GitRepository } | undefined> {
  const repo = await GitRepository.open(dir, options);
  if (!repo) {
    if (ref) throw new BaseRefError(`--base ${ref}: ${dir} is not in a git work tree (or git is not installed)`);
    return undefined;
  }
  try {
    const base = await repo.base(ref);
    if (!base) {
      if (ref) throw new BaseRefError(`--base ${ref}: no such commit or ref in ${repo.root}`);
      repo.dispose();
      return undefined;
    }
    return { data: await readChanges(repo, base.ref, base.commit), repo };
  } catch (e) {
    repo.dispose();
    throw e;
  }
}

/** What differs between the work tree (staged or not) and `commit`. */
export async function readChanges(repo: GitRepository, ref: string, commit: string): Promise<BaselineData> {
  const [diff, untracked, ignored] = await Promise.all([
    repo.run(['diff', '--no-ext-diff', '--no-textconv', '--no-renames', '--name-status', '-z', commit, '--']),
    repo.run(['ls-files', '-z', '--others', '--exclude-standard']),
    repo.run(['ls-files', '-z', '--others', '--ignored', '--exclude-standard', '--directory']),
  ]);
  const changed: Record<string, string | null> = {};
  const toRead: string[] = [];
  const fields = diff.split('\0');
  for (let k = 0; k + 1 < fields.length; k += 2) {
    const status = fields[k];
    const file = fields[k + 1];
    if (!ANALYSED.test(file)) continue;
    if (status.startsWith('A')) changed[file] = null;
    else toRead.push(file);
  }
  for (const file of untracked.split('\0')) if (file && ANALYSED.test(file)) changed[file] = null;
  // one pipe to cat-file: the requests queue, and the answers come back in order
  const texts = await Promise.all(toRead.map((f) => repo.readFile(commit, f)));
  toRead.forEach((f, k) => (changed[f] = texts[k] ?? null));
  return { ref, commit, root: repo.root, changed, ignored: ignored.split('\0').filter(Boolean) };
}
