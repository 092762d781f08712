import type { Rule } from './rule';
import { isDrmDriverIoctl, existingSeverity } from './ioctl-facts';

/**
 * DRM driver ioctls are named DRM_IOCTL_<DRIVER>_<OP>, with the offset DRM_<DRIVER>_<OP>: the
 * names userspace (libdrm, Mesa) and reviewers look for, and what the core's tables print.
 */
export const drmIoctlNaming: Rule = {
  id: 'drm-ioctl-naming',
  defaultSeverity: 'info',
  description: 'A DRM driver ioctl whose command macro is not named DRM_IOCTL_<DRIVER>_<OP>.',
  criteria: 'ioctl-number-registration',
  check(model, report, options) {
    for (const ioctl of model.ioctls) {
      if (ioctl.file !== model.path || !isDrmDriverIoctl(ioctl) || /^DRM_IOCTL_[A-Z0-9]+_[A-Z0-9_]+$/.test(ioctl.name)) continue;
      report({
        range: ioctl.nameRange,
        message: `${ioctl.name} is a DRM driver ioctl: name it DRM_IOCTL_<DRIVER>_<OP> (with the offset DRM_<DRIVER>_<OP>), as every DRM and accel driver does.`,
        ioctls: [ioctl.name],
        severity: existingSeverity(ioctl, options),
        pages: ['ioctl-number-registration'],
      });
    }
  },
};
