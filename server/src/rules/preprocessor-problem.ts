import type { Rule } from './rule';

/** Conditionals the analysis could not follow, and analysis limits that were reached. */
export const preprocessorProblem: Rule = {
  id: 'preprocessor-problem',
  defaultSeverity: 'info',
  keepsSeverity: true,
  description: 'A conditional that cannot be evaluated, unbalanced #if/#endif, or an analysis limit reached.',
  criteria: 'unresolved',
  check(model, report) {
    for (const p of model.problems) {
      if (p.kind.startsWith('include-')) continue;
      report({ range: p.range, message: p.message });
    }
  },
};
