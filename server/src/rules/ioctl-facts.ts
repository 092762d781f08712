import type { IoctlDefinition } from '../core/ioctl/extract';
import { DRM_MAGIC, describeDir, describeMagic } from '../core/ioctl/forms';
import { upstreamOf } from '../core/ioctl/upstream-of';
import type { RuleOptions } from './rule';

/** What several rules need to know about an ioctl definition. */

/** include/uapi/drm/drm.h: `DRM_IOCTL_BASE` (core/ioctl/forms), and the driver range `[DRM_COMMAND_BASE, DRM_COMMAND_END)`. */
export { DRM_MAGIC, upstreamOf };
export const DRM_COMMAND_BASE = 0x40;
export const DRM_COMMAND_END = 0xa0;

/** The decoded fields, as a finding shows them: `_IOWR, read/write; magic 'N' (0x4E); nr 1 (0x01); argument struct x`. */
export function decodedFields(ioctl: IoctlDefinition): string {
  return [
    ioctl.dir ? `${ioctl.macro}, ${describeDir(ioctl.dir)}` : ioctl.macro,
    `magic ${describeMagic(ioctl.type!)}`,
    ioctl.nr === null ? 'nr unknown' : `nr ${ioctl.nr} (0x${ioctl.nr.toString(16).toUpperCase().padStart(2, '0')})`,
    ioctl.argType ? `argument ${ioctl.argType}` : 'no argument',
  ]
    .filter(Boolean)
    .join(', ');
}

/**
 * Where the ioctl exists already, so that its findings are only `info` (`in origin/master @
 * 1a2b3c4`, `upstream in include/uapi/drm/drm.h`); undefined when it is new. With a git base
 * that knows its header, the base decides (present there, unchanged); else the shipped table of
 * upstream ioctls does. Nothing exists when the review treats everything as new.
 */
export function existingWhere(ioctl: IoctlDefinition, options: RuleOptions): string | undefined {
  if (options.treatAllAsNew) return undefined;
  const state = options.base?.ioctlState(ioctl);
  if (state !== undefined) return state === 'existing' ? `in ${options.base!.baseline.label}` : undefined;
  const upstream = upstreamOf(ioctl);
  return upstream ? `upstream in include/uapi/${upstream.header}` : undefined;
}

export function isExisting(ioctl: IoctlDefinition, options: RuleOptions): boolean {
  return existingWhere(ioctl, options) !== undefined;
}

/** `info` for an ioctl that exists already, else the rule's own severity. */
export function existingSeverity(ioctl: IoctlDefinition, options: RuleOptions): 'info' | undefined {
  return isExisting(ioctl, options) ? 'info' : undefined;
}

export function isDrmDriverIoctl(ioctl: IoctlDefinition): boolean {
  return ioctl.type === DRM_MAGIC && ioctl.nr !== null && ioctl.nr >= DRM_COMMAND_BASE && ioctl.nr < DRM_COMMAND_END;
}
