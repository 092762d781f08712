import type { Rule } from './rule';
import { registryFor } from '../core/include/ioctl-registry';
import { describeMagic } from '../core/ioctl/forms';
import { DRM_MAGIC, isExisting } from './ioctl-facts';

/**
 * In a kernel tree: an ioctl whose magic and nr no row of
 * Documentation/userspace-api/ioctl/ioctl-number.rst covers. The registry is known to be
 * incomplete, so this is information for the author, who should add a row.
 */
export const ioctlNumberUnregistered: Rule = {
  id: 'ioctl-number-unregistered',
  defaultSeverity: 'info',
  description: 'In a kernel tree: an ioctl magic and nr that ioctl-number.rst does not list.',
  criteria: 'ioctl-number-registration',
  check(model, report, options) {
    const registry = registryFor(model.path);
    if (!registry) return;
    for (const i of model.ioctls) {
      if (i.file !== model.path || i.type === null || i.nr === null || i.type === DRM_MAGIC) continue;
      if (registry.rows.some((r) => r.type === i.type && i.nr! >= r.from && i.nr! <= r.to)) continue;
      if (isExisting(i, options)) continue;
      report({
        range: i.nameRange,
        message:
          `${i.name}: magic ${describeMagic(i.type)} nr ${i.nr} is not listed in Documentation/userspace-api/ioctl/ioctl-number.rst; ` +
          'add a row for the driver\'s magic and range (the table is incomplete, so check for clashes with grep too).',
        ioctls: [i.name],
        pages: ['ioctl-number-registration'],
      });
    }
  },
};
