import type { Rule } from './rule';
import { carriedRecords, memberRange, severityFor } from './struct-members';
import { recordTitle } from './abi-layouts';

/**
 * A flexible array at the end of an ioctl argument: the number encodes the fixed part only, so
 * the kernel copies a length from userspace and then the rest, in two steps it must validate.
 * A __u64 user pointer with a count (or size) member says the same thing explicitly.
 */
export const uapiTrailingFlexArray: Rule = {
  id: 'uapi-trailing-flex-array',
  defaultSeverity: 'warning',
  description: 'A flexible array member (x[], x[0], __DECLARE_FLEX_ARRAY) at the end of an ioctl struct.',
  criteria: 'ioctl-design-rules',
  usesLayouts: true,
  check(model, report, options) {
    for (const [rec, ioctls] of carriedRecords(model)) {
      const last = rec.fields?.[rec.fields.length - 1];
      if (!last) continue;
      const flexible =
        (last.type.kind === 'array' && (last.type.length === null || (last.type.length.length === 1 && last.type.length[0].text === '0'))) ||
        (last.macroText !== undefined && /^\s*__DECLARE_FLEX_ARRAY\b/.test(last.macroText));
      if (!flexible) continue;
      report({
        range: memberRange(model, last),
        message:
          `${recordTitle(rec)} ends in a flexible array${last.name ? ` (${last.name})` : ''}: the ioctl number encodes only ` +
          'the fixed part, so the kernel must copy in two steps and trust a length from userspace. Pass a __u64 user ' +
          'pointer and a count instead.',
        ioctls,
        severity: severityFor(ioctls, model, options),
        pages: ['ioctl-design-rules'],
      });
    }
  },
};
