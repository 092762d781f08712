import type { Rule } from './rule';
import { carriedRecords, rangeOf, severityFor } from './struct-members';
import { byValue, flatMembers, layoutsOf, recordTitle } from './abi-layouts';
import { explicitPaddingFix } from './fixes/explicit-padding';

/**
 * A struct with 64-bit members whose size is not a multiple of 8 on some ABI: i386 aligns
 * 64-bit members to 4, so it drops tail padding that x86_64 adds, and arrays of the struct or
 * structs around it then differ. Padding the struct to a multiple of 64 bits avoids that.
 */
export const uapiSizeNot8Multiple: Rule = {
  id: 'uapi-size-not-8-multiple',
  defaultSeverity: 'warning',
  description: 'A struct with 64-bit members whose size is not a multiple of 8 bytes on every ABI.',
  criteria: 'ioctl-design-rules',
  usesLayouts: true,
  check(model, report, options) {
    for (const [rec, ioctls] of carriedRecords(model)) {
      if (rec.kind !== 'struct') continue;
      const layouts = layoutsOf(model, rec);
      const host = layouts[0];
      const i386 = layouts.find((l) => l.abi === 'i386');
      if (!host || host.abi !== 'x86_64' || host.layout.align < 8 || !i386) continue;
      // a fixed 64-bit member is 8 bytes on i386 too (a long or a pointer is the layout-mismatch rule's)
      const narrow = new Map(flatMembers(model, i386.layout).map((m) => [m.key, m.member.size]));
      if (!flatMembers(model, host.layout).some((m) => m.member.size >= 8 && narrow.get(m.key) === m.member.size)) continue;
      const odd = layouts.filter((l) => l.layout.size % 8 !== 0);
      if (odd.length === 0) continue;
      report({
        range: rangeOf(model, rec.nameStart, rec.nameEnd),
        message:
          `${recordTitle(rec)} has 64-bit members but its size is not a multiple of 8 everywhere: ` +
          `${byValue(layouts.map((l) => ({ abi: l.abi, value: l.layout.size })), ' bytes')}. Pad it explicitly to a multiple of 8.`,
        ioctls,
        severity: severityFor(ioctls, model, options),
        pages: ['ioctl-design-rules'],
        // padding can fix it only when no member changes size between the ABIs (a long or a pointer would)
        fixes: flatMembers(model, host.layout).every((m) => narrow.get(m.key) === m.member.size)
          ? () => [explicitPaddingFix(model, rec, host.layout, 8)].filter((f) => f !== undefined)
          : undefined,
      });
    }
  },
};
