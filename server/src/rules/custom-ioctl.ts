import type { Rule } from './rule';
import { describeDir, describeMagic } from '../core/ioctl/forms';

/** The DRM ioctl type, include/uapi/drm/drm.h `DRM_IOCTL_BASE`. */
const DRM_MAGIC = 0x64;

/**
 * Every ioctl outside the DRM number space is a private interface that only its driver's
 * maintainers review. Naming it, with its decoded fields, is the start of the review.
 */
export const customIoctl: Rule = {
  id: 'custom-ioctl',
  defaultSeverity: 'warning',
  description: 'An ioctl defined outside the DRM number space (magic other than \'d\').',
  criteria: 'custom-ioctl',
  check(model, report) {
    for (const ioctl of model.ioctls) {
      if (ioctl.type === null || ioctl.type === DRM_MAGIC) continue;
      const fields = [
        ioctl.dir ? `${ioctl.macro}, ${describeDir(ioctl.dir)}` : ioctl.macro,
        `magic ${describeMagic(ioctl.type)}`,
        ioctl.nr === null ? 'nr unknown' : `nr ${ioctl.nr} (0x${ioctl.nr.toString(16).toUpperCase().padStart(2, '0')})`,
        ioctl.argType ? `argument ${ioctl.argType}` : 'no argument',
      ].filter(Boolean);
      report({
        range: ioctl.nameRange,
        message:
          `${ioctl.name} is a custom ioctl (${fields.join(', ')}). ` +
          'Private ioctls outside DRM get little review; check whether the DRM core or the accel subsystem already offers this.',
        ioctls: [ioctl.name],
      });
    }
  },
};
