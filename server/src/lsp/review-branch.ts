import * as path from 'node:path';
import { HeaderCache } from '../core/include/header-cache';
import type { RootOptions } from '../core/include/roots';
import { reviewInputs } from '../analysis/review';
import { branchAsSeries } from '../analysis/git-series';
import { reviewMarkdown } from '../analysis/review-report';
import type { SeverityOverrides } from '../rules/engine';
import type { GitBases } from './git-base';
import { linkTarget, URI } from './uri';

/**
 * "uapi-lint: Review branch": the current branch of a work tree, as the series it would be sent
 * as (its commits since the base, then the work tree's changes), reviewed as `uapi-lint review`
 * reviews a series; the report as Markdown for the results panel, each finding linked to its
 * line. git runs only where the editor's bases may run it (a trusted workspace).
 */

export interface ReviewBranchContext {
  bases: GitBases | undefined;
  rootOptions: RootOptions;
  limits: HeaderCache['limits'];
  severities: SeverityOverrides;
  baseRef: string;
}

export async function reviewBranch(root: string, context: ReviewBranchContext): Promise<{ markdown: string }> {
  if (!context.bases) return { markdown: '# Review of the branch\n\n_git is not available to the server._' };
  const branch = await context.bases.branch(root, context.baseRef);
  if ('why' in branch) return { markdown: `# Review of the branch\n\n_Not reviewed: ${branch.why}._` };
  const inputs = await branchAsSeries(branch.repo, branch.commit);
  if (!inputs.length) return { markdown: `# Review of the branch\n\n_The branch has no commit and no change since ${branch.ref} @ ${branch.commit.slice(0, 12)}._` };
  const review = await reviewInputs(inputs, {
    tree: branch.repo.root,
    gitBase: branch,
    severities: context.severities,
    limits: context.limits,
    newCache: () => new HeaderCache(context.rootOptions, context.limits),
  });
  const markdown = reviewMarkdown(review, {
    link: (file, line, column) => linkTarget(URI.fromPath(path.join(branch.repo.root, ...file.split('/'))), line, column),
  });
  return { markdown: markdown.replace(/^# Review of .*$/m, `# Review of the branch in ${path.basename(branch.repo.root)} against ${branch.ref}`) };
}
