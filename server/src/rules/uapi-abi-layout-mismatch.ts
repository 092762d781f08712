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
      const host = flatMembers(model, layouts[0].layout);
      const offsetOf = offsetsByKey(layouts.map((l) => flatMembers(model, l.layout)));
      let moved: { key: string; text: string; index: number } | undefined;
      for (let k = 0; k < host.length && !moved; k++) {
        let first: number | undefined;
        let same = true;
        for (let a = 0; a < layouts.length && same; a++) {
          const offset = offsetOf(a, k);
          first ??= offset;
          same = offset === undefined || offset === first;
        }
        if (same) continue;
        const offsets = layouts.flatMap((l, a) => {
          const offset = offsetOf(a, k);
          return offset === undefined ? [] : [{ abi: l.abi, value: offset }];
        });
        moved = { key: host[k].key, text: byValue(offsets), index: k };
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

/**
 * The offset on ABI `a` of the host's member `k` (the first member of that key on `a`). By
 * position when every ABI has the same members in the same order, as nearly always; else
 * through a map per ABI. A struct may have tens of thousands of members.
 */
function offsetsByKey(flat: ReadonlyArray<ReturnType<typeof flatMembers>>): (a: number, k: number) => number | undefined {
  const host = flat[0];
  const keys = new Set(host.map((x) => x.key));
  const aligned = keys.size === host.length && flat.every((f) => f.length === host.length && f.every((x, k) => x.key === host[k].key));
  if (aligned) return (a, k) => flat[a][k].member.offset;
  const maps = flat.map((f) => {
    const offsets = new Map<string, number>();
    for (const x of f) if (!offsets.has(x.key)) offsets.set(x.key, x.member.offset);
    return offsets;
  });
  return (a, k) => maps[a].get(host[k].key);
}
