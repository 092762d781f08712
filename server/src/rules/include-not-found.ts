import type { Rule } from './rule';

/**
 * Includes that could not be followed, reported once each on the line that names them:
 * whatever they define is unknown, and ioctls using it stay unresolved.
 */
export const includeNotFound: Rule = {
  id: 'include-not-found',
  defaultSeverity: 'info',
  keepsSeverity: true,
  description: 'An #include that none of the include roots has, or that cannot be read.',
  criteria: 'unresolved',
  check(model, report) {
    for (const p of model.problems) {
      if (p.kind !== 'include-missing' && p.kind !== 'include-unreadable' && p.kind !== 'include-depth') continue;
      report({ range: p.range, message: p.message });
    }
  },
};
