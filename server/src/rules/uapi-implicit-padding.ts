import type { Rule } from './rule';
import { carriedRecords, memberRange, rangeOf, severityFor } from './struct-members';
import { recordTitle } from './abi-layouts';
import { explicitPaddingFix } from './fixes/explicit-padding';

/**
 * Padding the compiler inserts in an ioctl struct (holes between members, and the tail): the
 * kernel cannot check that userspace zeroed it, so it can never be given a meaning later, it
 * may leak kernel stack to userspace, and other ABIs may not insert it at all.
 */
export const uapiImplicitPadding: Rule = {
  id: 'uapi-implicit-padding',
  defaultSeverity: 'warning',
  description: 'A hole or tail padding in an ioctl struct that is not an explicit member.',
  criteria: 'ioctl-design-rules',
  usesLayouts: true,
  check(model, report, options) {
    for (const [rec, ioctls] of carriedRecords(model)) {
      const r = model.host.layout.record(rec);
      if (!r.ok) continue;
      const layout = r.value;
      const severity = severityFor(ioctls, model, options);
      // one fix for the whole struct, offered by each of its holes: computed once
      let padding: ReturnType<typeof explicitPaddingFix> | null = null;
      const fixes = () => {
        if (padding === null) padding = explicitPaddingFix(model, rec, layout);
        return padding ? [padding] : [];
      };
      // the member after each hole: holes come in offset order, so the search goes on from
      // where the last one stopped (a struct may have thousands of each)
      let k = 0;
      let last = -1;
      for (const hole of layout.holes) {
        const end = hole.offset + hole.size;
        if (end < last) k = 0;
        last = end;
        while (k < layout.members.length && layout.members[k].offset < end) k++;
        const next = layout.members[k];
        report({
          range: next ? memberRange(model, next.field) : rangeOf(model, rec.nameStart, rec.nameEnd),
          message:
            `${recordTitle(rec)}: ${hole.size} byte${hole.size > 1 ? 's' : ''} of implicit padding at offset ${hole.offset}` +
            `${hole.after ? ` after ${hole.after}` : ''} on x86_64. Make it an explicit member that the kernel checks is zero ` +
            '(i386 and other ABIs may not pad there at all).',
          ioctls,
          severity,
          pages: ['ioctl-design-rules'],
          fixes,
        });
      }
      if (layout.tailPadding > 0) {
        report({
          range: rangeOf(model, rec.nameStart, rec.nameEnd),
          message:
            `${recordTitle(rec)}: ${layout.tailPadding} byte${layout.tailPadding > 1 ? 's' : ''} of implicit tail padding ` +
            `on x86_64 (${layout.size - layout.tailPadding} bytes of members in ${layout.size}). Make it an explicit member ` +
            'that the kernel checks is zero.',
          ioctls,
          severity,
          pages: ['ioctl-design-rules'],
          fixes,
        });
      }
    }
  },
};
