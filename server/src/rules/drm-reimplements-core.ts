import type { Rule } from './rule';
import type { PurposeId } from '../knowledge/purposes';
import { PURPOSE_PHRASES } from '../knowledge/purposes';
import { CATALOGUE } from '../knowledge/catalogue';
import { decodedFields, existingWhere, isDrmDriverIoctl } from './ioctl-facts';

/**
 * A DRM driver ioctl that does what a DRM core ioctl already does for every driver: a private
 * dma-buf export or import, a private buffer free, private fences, a private client name.
 * Only the ioctl's own name counts as evidence here (a member called `fd` is not enough):
 * drivers legitimately take file descriptors and fences as part of other operations.
 */

/** Purposes the DRM core covers completely, with the catalogue entry that names the core ioctl. */
const CORE: Partial<Record<PurposeId, string>> = {
  'buffer-export': 'prime-export',
  'buffer-import': 'prime-import',
  'buffer-free': 'gem-close',
  fence: 'syncobj',
  'client-name': 'set-client-name',
};

/** Words in a wait ioctl's name that make it a fence wait, which DRM_IOCTL_SYNCOBJ_WAIT covers. */
const FENCE_WAIT = /(^|_)(FENCE|SYNCOBJ|SYNC_FILE|SEMAPHORE)(_|$)/;

export const drmReimplementsCore: Rule = {
  id: 'drm-reimplements-core',
  defaultSeverity: 'warning',
  description: 'A DRM driver ioctl that duplicates a DRM core ioctl (PRIME export/import, GEM_CLOSE, syncobj, SET_CLIENT_NAME).',
  criteria: 'custom-ioctl',
  check(model, report, options) {
    for (const ioctl of model.ioctls) {
      if (!isDrmDriverIoctl(ioctl)) continue;
      const c = model.purposeOf(ioctl);
      let entryId = CORE[c.purpose];
      if (!entryId && c.purpose === 'wait' && FENCE_WAIT.test(ioctl.name)) entryId = 'syncobj-wait';
      if (!entryId || !c.evidence.some((e) => e.source === 'name')) continue;
      const entry = CATALOGUE.find((e) => e.id === entryId)!;
      const existing = existingWhere(ioctl, options);
      report({
        range: ioctl.nameRange,
        message:
          `${ioctl.name}${existing ? ` (${existing})` : ''} is a driver ioctl that ` +
          `${PURPOSE_PHRASES[c.purpose]}: the DRM core's ${entry.facility[0]} does this for every DRM and accel driver, ` +
          `so a driver-specific version only adds uAPI to maintain. Decoded: ${decodedFields(ioctl)}.`,
        ioctls: [ioctl.name],
        severity: existing ? 'info' : undefined,
        pages: [entry.criteria],
      });
    }
  },
};
