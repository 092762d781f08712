import type { Rule } from './rule';

/** An ioctl whose fields cannot be computed exactly is said so, with the reason, never guessed. */
export const ioctlUnresolved: Rule = {
  id: 'ioctl-unresolved',
  defaultSeverity: 'info',
  keepsSeverity: true,
  description: 'An ioctl definition whose direction, type or number cannot be computed.',
  criteria: 'unresolved',
  check(model, report) {
    for (const ioctl of model.ioctls) {
      if (!ioctl.unresolved) continue;
      report({
        range: ioctl.nameRange,
        message: `${ioctl.name}: the command cannot be decoded exactly: ${ioctl.unresolved}`,
        ioctls: [ioctl.name],
      });
    }
  },
};
