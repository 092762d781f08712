import type { Rule } from './rule';
import { argumentSizes, ownIoctls } from './ioctl-args';
import { existingSeverity } from './ioctl-facts';

/** The largest size powerpc, mips and sparc can encode (13-bit size field); x86 and arm have 14 bits. */
const LIMIT = 8191;

export const ioctlArgTooLarge: Rule = {
  id: 'ioctl-arg-too-large',
  defaultSeverity: 'warning',
  description: `An ioctl argument over ${LIMIT} bytes: more than the size field of powerpc, mips and sparc can hold.`,
  criteria: 'ioctl-design-rules',
  usesLayouts: true,
  check(model, report, options) {
    for (const { ioctl, arg } of ownIoctls(model)) {
      if (!arg || ioctl.macro === '_IOC') continue;
      const host = argumentSizes(model, arg).find((s) => s.abi === 'x86_64');
      if (!host || host.value <= LIMIT) continue;
      report({
        range: ioctl.nameRange,
        message:
          `${ioctl.name}: ${ioctl.argType} is ${host.value} bytes, more than the ${LIMIT} bytes the 13-bit size field of ` +
          'powerpc, mips and sparc can encode (and more than is worth copying on every call); pass a __u64 pointer to the data and its length.',
        ioctls: [ioctl.name],
        severity: existingSeverity(ioctl, options),
        pages: ['ioctl-design-rules'],
      });
    }
  },
};
