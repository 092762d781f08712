import type { Rule } from './rule';
import * as path from 'node:path';
import { DRM_COMMAND_BASE, DRM_COMMAND_END, DRM_MAGIC, existingSeverity } from './ioctl-facts';
import { hex } from '../core/describe';

/** The DRM core's own headers, which define the ioctls below DRM_COMMAND_BASE. */
const CORE_HEADERS = new Set(['drm.h', 'drm_mode.h']);

/**
 * A driver ioctl on the DRM magic outside [DRM_COMMAND_BASE, DRM_COMMAND_END): below is the
 * core's range, above belongs to nobody, and drm_ioctl() rejects both for driver ioctls.
 */
export const drmIoctlOutOfRange: Rule = {
  id: 'drm-ioctl-out-of-range',
  defaultSeverity: 'error',
  description: 'A driver ioctl on the DRM magic outside [DRM_COMMAND_BASE, DRM_COMMAND_END) = [0x40, 0xA0).',
  criteria: 'ioctl-number-registration',
  check(model, report, options) {
    if (CORE_HEADERS.has(path.basename(model.path))) return;
    for (const ioctl of model.ioctls) {
      if (ioctl.file !== model.path || ioctl.type !== DRM_MAGIC || ioctl.nr === null) continue;
      if (ioctl.nr >= DRM_COMMAND_BASE && ioctl.nr < DRM_COMMAND_END) continue;
      report({
        range: ioctl.nameRange,
        message:
          `${ioctl.name} is on the DRM magic with nr ${hex(ioctl.nr, 2)}, outside the driver range ` +
          `[DRM_COMMAND_BASE, DRM_COMMAND_END) = [0x40, 0xA0): ${ioctl.nr < DRM_COMMAND_BASE ? 'below it are the DRM core\'s own ioctls' : 'nothing above it is dispatched to drivers'}. ` +
          'Number driver ioctls DRM_COMMAND_BASE + n.',
        ioctls: [ioctl.name],
        severity: existingSeverity(ioctl, options),
        pages: ['ioctl-number-registration'],
      });
    }
  },
};
