import type { Rule } from './rule';
import type { IoctlDefinition } from '../core/ioctl/extract';
import { describeMagic } from '../core/ioctl/forms';
import { decode } from '../core/abi/encoding';
import { allUpstreamIoctls, type UpstreamIoctl } from '../knowledge/upstream';
import { DRM_MAGIC, upstreamOf, isExisting } from './ioctl-facts';
import { argumentTypeExpr } from '../core/ioctl/argument-records';

/**
 * Two ioctls with the same command number in one header: the driver cannot tell them apart.
 * And a new ioctl on the magic and nr of an upstream one (the committed baseline): strace and
 * calls on the wrong fd become ambiguous. The DRM magic is shared by design (drivers number
 * from DRM_COMMAND_BASE on their own device), so it is left out of the second check.
 */

let byField: Map<string, UpstreamIoctl[]> | undefined;
function upstreamWith(type: number, nr: number): UpstreamIoctl[] {
  if (!byField) {
    byField = new Map();
    for (const u of allUpstreamIoctls()) {
      const v = u.x86_64 ?? u.i386;
      const f = v !== null ? decode(v, 'generic') : u.fields;
      if (!f || f.nr === null || f.type === null) continue;
      const key = `${f.type} ${f.nr}`;
      byField.set(key, [...(byField.get(key) ?? []), u]);
    }
  }
  return byField.get(`${type} ${nr}`) ?? [];
}

/** `#define B A`: B is A under another name, not a second ioctl. */
function aliases(a: IoctlDefinition, b: IoctlDefinition): boolean {
  return a.definition.trim() === b.name || b.definition.trim() === a.name || a.definition.trim() === b.definition.trim();
}

export const ioctlNumberCollision: Rule = {
  id: 'ioctl-number-collision',
  defaultSeverity: 'warning',
  description: 'Two ioctls with the same command number in a header, or a new ioctl on the magic and nr of an upstream one.',
  criteria: 'ioctl-number-registration',
  usesLayouts: true,
  check(model, report, options) {
    const own = model.ioctls.filter((i) => i.file === model.path && i.type !== null && i.nr !== null);
    if (own.length === 0) return;
    // the whole number as x86_64 encodes it: same magic and nr with another direction or size is
    // another command (GET/SET pairs, compat variants), which the kernel tells apart
    const numberOf = (i: IoctlDefinition): string => {
      const arg = argumentTypeExpr(i);
      const size = arg ? model.host.layout.type(arg) : undefined;
      return `${i.dir} ${i.type} ${i.nr} ${size === undefined ? 0 : size.ok ? size.value.size : `?${i.argType}`}`;
    };
    const seen = new Map<string, IoctlDefinition>();
    // the ioctls of the headers it includes (the include roots), by number
    const included = new Map<string, IoctlDefinition>();
    for (const [file, activity] of model.tu.files) {
      if (file === model.path) continue;
      for (const d of activity.defines) {
        if (d.params !== undefined || !/_IO/.test(d.bodyText) || model.tu.macros.get(d.name) !== d) continue;
        const i = model.ioctlNamed(d.name);
        if (i && i.type !== null && i.nr !== null) included.set(numberOf(i), i);
      }
    }
    for (const i of own) {
      const key = numberOf(i);
      const earlier = seen.get(key);
      if (earlier && !aliases(earlier, i)) {
        const upstream = isExisting(i, options) && isExisting(earlier, options);
        report({
          range: i.nameRange,
          message:
            `${i.name} has the same command number as ${earlier.name} (line ${earlier.nameRange.start.row + 1}): magic ` +
            `${describeMagic(i.type!)}, nr ${i.nr}, the same direction and size. The driver cannot tell them apart; give each ioctl its own nr.`,
          ioctls: [i.name, earlier.name],
          severity: upstream ? 'info' : undefined,
          pages: ['ioctl-number-registration'],
        });
        continue;
      }
      if (!earlier) seen.set(key, i);
      const other = included.get(key);
      // in another header, the same text is a second definition, not an alias
      if (other && other.definition.trim() !== i.name && i.definition.trim() !== other.name) {
        report({
          range: i.nameRange,
          message:
            `${i.name} has the same command number as ${other.name}, which ${other.file} defines: magic ` +
            `${describeMagic(i.type!)}, nr ${i.nr}, the same direction and size. Give it its own nr.`,
          ioctls: [i.name],
          severity: isExisting(i, options) && isExisting(other, options) ? 'info' : undefined,
          pages: ['ioctl-number-registration'],
        });
        continue;
      }
      // against upstream: only for an ioctl that is not itself the upstream one
      if (i.type === DRM_MAGIC || upstreamOf(i)) continue;
      const clash = upstreamWith(i.type!, i.nr!).filter((u) => u.name !== i.name);
      if (clash.length === 0) continue;
      report({
        range: i.nameRange,
        message:
          `${i.name} uses magic ${describeMagic(i.type!)} nr ${i.nr}, as upstream ${clash.slice(0, 3).map((u) => `${u.name} (include/uapi/${u.header})`).join(', ')}` +
          `${clash.length > 3 ? ` and ${clash.length - 3} more` : ''}. Pick a magic and range that Documentation/userspace-api/ioctl/ioctl-number.rst does not give to another driver.`,
        ioctls: [i.name],
        severity: options.treatAllAsNew ? undefined : 'info',
        pages: ['ioctl-number-registration'],
      });
    }
  },
};
