import type { Rule } from './rule';
import { isExisting } from './ioctl-facts';
import { ACCEL_GROUPS, driverOf, list, rangeOf, resolvedDispatch } from './driver-facts';

/**
 * A misc or character device whose dispatched ioctls read as an accelerator's: buffers and
 * work submission (and, usually, waiting for completion). Reviewers send such drivers to the
 * accel subsystem (Documentation/accel/introduction.rst), where the uAPI is a DRM driver's:
 * GEM buffers, ioctls from DRM_COMMAND_BASE, /dev/accel/accel* nodes, open userspace. One
 * finding on each registration call, listing the ioctls with their purposes.
 */
export const miscDeviceAccelerator: Rule = {
  id: 'misc-device-accelerator',
  defaultSeverity: 'warning',
  description: 'A misc or cdev driver whose dispatched ioctls read as an accelerator (buffers, submission, completion).',
  criteria: 'accel-subsystem',
  documents: ['source'],
  usesLayouts: true,
  check(model, report, options) {
    const driver = driverOf(model);
    if (!driver) return;
    const regs = driver.registrations.filter((r) => r.kind === 'misc' || r.kind === 'cdev');
    if (!regs.length) return;
    const dispatched = resolvedDispatch(driver).filter((d) => !d.compatOnly);
    if (dispatched.length < 3) return;
    const group = (g: keyof typeof ACCEL_GROUPS) => dispatched.filter((d) => ACCEL_GROUPS[g].includes(model.purposeOf(d.ioctl).purpose));
    const buffers = group('buffers');
    const submission = group('submission');
    const completion = group('completion');
    // work on buffers handed to the device: completion may be the submission's own return
    if (!buffers.length || !submission.length) return;
    const named = (xs: typeof dispatched) => list(xs.map((d) => `${d.name} (${model.purposeOf(d.ioctl).purpose})`), 6);
    const upstream = dispatched.every((d) => isExisting(d.ioctl, options));
    for (const r of regs) {
      const how = r.kind === 'misc' ? `a misc device (${r.call})` : `a character device (${r.call})`;
      report({
        range: rangeOf(model, r.calleeSpan),
        message:
          `This driver registers ${how} for ${dispatched.length} ioctls that read as an accelerator's uAPI: buffers ` +
          `${named(buffers)}; submission ${named(submission)}; completion ${completion.length ? named(completion) : 'none of its own (the submission waits)'}. ` +
          'Accelerators belong in the accel subsystem: a struct drm_driver with DRIVER_COMPUTE_ACCEL and DEFINE_DRM_ACCEL_FOPS, ' +
          'GEM buffers, ioctls from DRM_COMMAND_BASE in include/uapi/drm/<driver>_accel.h, device nodes /dev/accel/accel*, ' +
          `reviewed on dri-devel with open userspace and documentation${upstream ? ' (these ioctls are upstream already)' : ''}.`,
        ioctls: dispatched.map((d) => d.name),
        severity: upstream ? 'info' : undefined,
        pages: ['accel-subsystem', 'open-userspace', 'subsystem-review'],
      });
    }
  },
};
