import type { PatchInput } from '../core/patch/series';
import type { GitRepository } from '../git/git-repository';

/**
 * A branch as the series it would be sent as: its commits since the base, as `git format-patch`
 * writes them, then what the work tree changes on top (staged or not) as one more diff. Prefixes
 * are fixed (a `diff.noprefix` setting would drop them) and no signature is added.
 */
export async function branchAsSeries(repo: GitRepository, base: string): Promise<PatchInput[]> {
  const prefixes = ['--src-prefix=a/', '--dst-prefix=b/'];
  const [commits, local] = await Promise.all([
    repo.run(['format-patch', '--stdout', '--no-signature', '--no-ext-diff', '--no-textconv', ...prefixes, `${base}..HEAD`, '--']),
    repo.run(['diff', '--no-ext-diff', '--no-textconv', ...prefixes, 'HEAD', '--']),
  ]);
  const out: PatchInput[] = [];
  if (commits.trim()) out.push({ name: 'the branch', text: commits });
  if (local.trim()) out.push({ name: 'uncommitted changes', text: local });
  return out;
}
