import type { Rule } from './rule';
import { ownIoctls } from './ioctl-args';
import { existingSeverity } from './ioctl-facts';

/** `_IOC(dir, type, nr, size)` written directly where _IO/_IOR/_IOW/_IOWR say the same with a checked type. */
export const ioctlRawNumber: Rule = {
  id: 'ioctl-raw-number',
  defaultSeverity: 'warning',
  description: 'An ioctl built with _IOC() directly instead of _IO/_IOR/_IOW/_IOWR.',
  criteria: 'ioctl-design-rules',
  check(model, report, options) {
    for (const { ioctl, def } of ownIoctls(model)) {
      if (ioctl.macro !== '_IOC' || def.body[0]?.text !== '_IOC') continue;
      report({
        range: ioctl.nameRange,
        message:
          `${ioctl.name} is built with _IOC(): use ${ioctl.dir === 'r' ? '_IOR' : ioctl.dir === 'w' ? '_IOW' : ioctl.dir === 'none' ? '_IO' : '_IOWR'}, ` +
          'which names the direction and takes the argument type, so the size is computed and checked by the compiler.',
        ioctls: [ioctl.name],
        severity: existingSeverity(ioctl, options),
        pages: ['ioctl-design-rules'],
      });
    }
  },
};
