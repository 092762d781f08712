import type { Rule } from './rule';
import { carriedRecords, memberRange, rangeOf, severityFor } from './struct-members';
import { byValue, flatMembers, layoutsOf, recordTitle } from './abi-layouts';

/**
 * An ioctl struct whose size or member offsets differ between two supported ABIs: 32-bit
 * userspace on a 64-bit kernel then needs a compat ioctl handler, which is what the uAPI rules
 * exist to avoid. The finding sits on the first member that moves.
 */
export const uapiAbiLayoutMismatch: Rule = {
  id: 'uapi-abi-layout-mismatch',
  defaultSeverity: 'warning',
  description: 'An ioctl struct whose size or member offsets differ between ABIs (x86_64 and i386, arm, ...).',
  criteria: 'ioctl-design-rules',
  usesLayouts: true,
  check(model, report, options) {
    for (const [rec, ioctls] of carriedRecords(model)) {
      const layouts = layoutsOf(model, rec);
      if (layouts.length < 2) continue;
      const sizes = layouts.map((l) => ({ abi: l.abi, value: l.layout.size }));
      const sizeDiffers = new Set(sizes.map((s) => s.value)).size > 1;
      // the first member whose offset is not the same everywhere
      const host = flatMembers(layouts[0].layout);
      // each ABI's members by key (the first of a name), once: a struct may have thousands
      const offsetsByAbi = layouts.map((l) => {
        const offsets = new Map<string, number>();
        for (const x of flatMembers(l.layout)) if (!offsets.has(x.key)) offsets.set(x.key, x.member.offset);
        return { abi: l.abi, offsets };
      });
      let moved: { key: string; text: string; index: number } | undefined;
      for (let k = 0; k < host.length && !moved; k++) {
        const key = host[k].key;
        let first: number | undefined;
        if (offsetsByAbi.every((l) => {
          const offset = l.offsets.get(key);
          first ??= offset;
          return offset === undefined || offset === first;
        })) continue;
        const offsets = offsetsByAbi.flatMap((l) => {
          const offset = l.offsets.get(key);
          return offset === undefined ? [] : [{ abi: l.abi, value: offset }];
        });
        moved = { key, text: byValue(offsets), index: k };
      }
      if (!moved && !sizeDiffers) continue;
      const parts = [];
      if (moved) parts.push(`member ${moved.key} is at offset ${moved.text}`);
      if (sizeDiffers) parts.push(`its size is ${byValue(sizes, ' bytes')}`);
      const field = moved ? host[moved.index].member.field : undefined;
      report({
        range: field ? memberRange(model, field) : rangeOf(model, rec.nameStart, rec.nameEnd),
        message:
          `${recordTitle(rec)} has a different layout on different ABIs: ${parts.join(', and ')}. ` +
          '32-bit userspace would need a compat ioctl; use fixed-width types and explicit padding so every ABI agrees.',
        ioctls,
        severity: severityFor(ioctls, model, options),
        pages: ['ioctl-design-rules'],
      });
    }
  },
};
