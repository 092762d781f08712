import type { Rule } from './rule';
import { memberRule } from './struct-members';
import { carriedMembers, memberRange, severityFor } from './struct-members';

/** Enums (their size is the compiler's) and bitfields (their order is the ABI's) in an ioctl struct. */
const enums = memberRule({
  id: 'uapi-enum-or-bitfield-member',
  defaultSeverity: 'warning',
  description: 'An enum-typed member or a bitfield in an ioctl struct.',
  applies: (v) => v.category === 'enum',
  message: (_s, spelled, v, where) =>
    `${where}: an enum's size is the compiler's choice and can grow with its values; store it in a ${v.replacement} ` +
    `and keep ${spelled} for the values.`,
  fixTitle: (spelled, v) => `Change ${spelled} to ${v.replacement}`,
});

export const uapiEnumOrBitfieldMember: Rule = {
  ...enums,
  check(model, report, options) {
    enums.check(model, report, options);
    for (const site of carriedMembers(model)) {
      if (!site.field.bits) continue;
      report({
        range: memberRange(model, site.field),
        message:
          `${site.record.tag ? `${site.record.kind} ${site.record.tag}` : `an anonymous ${site.record.kind}`}` +
          `${site.field.name ? `, member ${site.field.name}` : ''}: bitfield order and packing are the ABI's choice ` +
          '(they differ between little- and big-endian machines); use a fixed-width member with flag bits.',
        ioctls: site.ioctls,
        severity: severityFor(site.ioctls, model, options),
        pages: ['ioctl-design-rules'],
      });
    }
  },
};
