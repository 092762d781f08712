import type { Rule } from './rule';

/** A file that is not analysed says so once, at its top, instead of looking clean. */
export const fileSkipped: Rule = {
  id: 'file-skipped',
  defaultSeverity: 'info',
  keepsSeverity: true,
  description: 'The file was not analysed (binary, or larger than the size limit).',
  criteria: 'unresolved',
  documents: ['header', 'source'],
  check(model, report) {
    if (!model.skipped) return;
    report({
      range: { start: { row: 0, column: 0 }, end: { row: 0, column: 0 } },
      message: `This file was not analysed: it ${model.skipped}.`,
    });
  },
};
