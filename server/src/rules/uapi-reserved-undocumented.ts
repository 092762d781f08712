import { RESERVED_MEMBER } from '../knowledge/member-names';
import { memberNameRule } from './member-name-rule';

/** Padding and reserved members: usable later only if userspace must zero them and the kernel checks that. */
export const uapiReservedUndocumented = memberNameRule({
  id: 'uapi-reserved-undocumented',
  defaultSeverity: 'warning',
  description: 'A pad or reserved member whose documentation does not say it must be zero.',
  check: ({ field }, doc) => {
    if (!RESERVED_MEMBER.test(field.name!)) return undefined;
    if (/\bzero\b|\b0\b|MBZ|must be 0/i.test(doc)) return undefined;
    return 'say that userspace must set it to zero (and check it in the kernel, returning -EINVAL otherwise), ' +
      'or it can never be given a meaning later.';
  },
});
