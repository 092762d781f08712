import type { Rule, Fix } from './rule';
import { ownIoctls } from './ioctl-args';
import { existingSeverity } from './ioctl-facts';

/**
 * The direction is the caller's: _IOR means the kernel writes the argument for userspace to
 * read. A GET or QUERY ioctl that is only _IOW cannot return anything through its argument;
 * a SET that is only _IOR sends nothing to the kernel.
 */
// READ and WRITE are left out: in ioctl names they more often name an action (PCITEST_READ) than a direction
const GETS = new Set(['GET', 'QUERY']);
const SETS = new Set(['SET']);

export const ioctlDirectionMismatch: Rule = {
  id: 'ioctl-direction-mismatch',
  defaultSeverity: 'warning',
  description: 'A GET/QUERY ioctl defined with _IOW, a SET with _IOR, or a SET with _IO (its value passed as the argument itself, info).',
  criteria: 'ioctl-design-rules',
  check(model, report, options) {
    for (const { ioctl, def } of ownIoctls(model)) {
      const words = ioctl.name.split('_');
      const get = words.some((w) => GETS.has(w));
      const set = words.some((w) => SETS.has(w));
      if (get === set) continue;
      // a SET with no argument data: the value travels as the ioctl argument itself, unchecked by size
      if (set && ioctl.dir === 'none') {
        report({
          range: ioctl.nameRange,
          message:
            `${ioctl.name} reads as a setter but is _IO: its value would travel as the ioctl argument itself, an unsigned ` +
            'long whose size differs by ABI and which the number does not describe. Pass a pointer to a __u32/__u64 with _IOW.',
          ioctls: [ioctl.name],
          severity: 'info',
          pages: ['ioctl-design-rules'],
        });
        continue;
      }
      let should: string | undefined;
      if (get && ioctl.dir === 'w') should = '_IOWR';
      else if (set && ioctl.dir === 'r') should = '_IOW';
      if (!should) continue;
      const call = def.body[0];
      const fix: Fix | undefined =
        call && call.text === ioctl.macro
          ? { title: `Change ${ioctl.macro} to ${should}`, edits: [{ range: model.file.lines.range(call.offset, call.offset + call.text.length), newText: should }] }
          : undefined;
      report({
        range: ioctl.nameRange,
        message: get
          ? `${ioctl.name} reads as a query but is ${ioctl.macro}, which copies the argument from userspace only: a result can ` +
            'come back only through a pointer inside it. Use _IOWR (or _IOR) if the kernel writes the argument.'
          : `${ioctl.name} reads as a setter but is ${ioctl.macro}, which copies the argument to userspace only: nothing ` +
            'in it reaches the kernel. Use _IOW (or _IOWR).',
        ioctls: [ioctl.name],
        severity: existingSeverity(ioctl, options),
        pages: ['ioctl-design-rules'],
        fixes: fix ? () => [fix] : undefined,
      });
    }
  },
};
