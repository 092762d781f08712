import type { Rule } from './rule';
import { PURPOSE_PHRASES } from '../knowledge/purposes';
import { suggestionsFor } from '../knowledge/catalogue';
import { DRM_MAGIC, decodedFields, existingWhere } from './ioctl-facts';
import { convertToDrmFix } from './fixes/convert-to-drm';

/**
 * Every ioctl outside the DRM number space is a private interface that only its driver's
 * maintainers review. The finding says what the ioctl is for and which existing interface
 * covers that, as a DRM or accel maintainer would in review. An ioctl that already exists
 * upstream is reported as `info` unless the review treats everything as new.
 */
export const customIoctl: Rule = {
  id: 'custom-ioctl',
  defaultSeverity: 'warning',
  description: 'An ioctl defined outside the DRM number space (magic other than \'d\'), with what covers its purpose already.',
  criteria: 'custom-ioctl',
  check(model, report, options) {
    for (const ioctl of model.ioctls) {
      if (ioctl.type === null || ioctl.type === DRM_MAGIC) continue;
      const { purpose } = model.purposeOf(ioctl);
      const [best] = suggestionsFor(purpose);
      const existing = existingWhere(ioctl, options);
      const where = existing ? ` (${existing})` : '';
      const tail =
        best.id === 'accel-subsystem'
          ? `; ${best.advice}, with open userspace`
          : `: ${best.advice}; new accelerator uAPI belongs in the accel subsystem and needs open userspace`;
      report({
        range: ioctl.nameRange,
        message: `${ioctl.name}${where} ${PURPOSE_PHRASES[purpose]}${tail}. Decoded: ${decodedFields(ioctl)}.`,
        ioctls: [ioctl.name],
        severity: existing ? 'info' : undefined,
        pages: [best.criteria, 'accel-subsystem', 'open-userspace'],
        // an ioctl that exists already cannot be renumbered
        fixes: existing ? undefined : () => [convertToDrmFix(model, ioctl)].filter((f) => f !== undefined),
      });
    }
  },
};
