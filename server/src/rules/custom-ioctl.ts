import type { Rule } from './rule';
import { PURPOSE_PHRASES, type PurposeId } from '../knowledge/purposes';
import { CATALOGUE, suggestionsFor } from '../knowledge/catalogue';
import { DRM_MAGIC, decodedFields, existingWhere } from './ioctl-facts';
import { convertToDrmFix } from './fixes/convert-to-drm';
import { coverFor, explainEvidence, explainSubsystem } from '../core/ioctl/subsystem';
import { subsystemNamed } from './subsystem-facts';

/**
 * Every ioctl outside the DRM number space that is not a subsystem's own uAPI is a private
 * interface that only its driver's maintainers review. The finding says what the ioctl is for
 * and which subsystem's interface covers that already (IIO channels for a sensor value, hwmon
 * attributes for a fan, the DRM core and accel for an accelerator's buffers and jobs), or that
 * none fits; as a reviewer of that subsystem would in review. An ioctl that already exists
 * upstream is reported as `info` unless the review treats everything as new.
 */

/** What the kernel gives any driver for these purposes, whatever its class (catalogue ids). */
const GENERIC_FACILITY: Partial<Record<PurposeId, string>> = {
  'debug-trace': 'debug-facilities',
  'config-power': 'sysfs-power',
  firmware: 'firmware-loading',
};

export const customIoctl: Rule = {
  id: 'custom-ioctl',
  defaultSeverity: 'warning',
  description:
    "An ioctl outside the DRM number space (magic other than 'd') and outside every subsystem's own uAPI, with the subsystem whose interface covers it already.",
  criteria: 'custom-ioctl',
  check(model, report, options) {
    for (const ioctl of model.ioctls) {
      if (ioctl.type === null || ioctl.type === DRM_MAGIC) continue;
      const answer = model.subsystemOf(ioctl);
      // a subsystem's own uAPI (its header, magic and numbers) is reviewed there already
      if (answer.shared) continue;
      const { purpose } = model.purposeOf(ioctl);
      const existing = existingWhere(ioctl, options);
      const where = existing ? ` (${existing})` : '';
      const decoded = `Decoded: ${decodedFields(ioctl)}.`;
      const subsystem = subsystemNamed(answer.subsystem);
      if (subsystem && subsystem.id !== 'drm-accel') {
        const cover = answer.cover ?? coverFor(subsystem, purpose);
        // taken from its file or group, the ioctl is said to be part of the device, not to do what its class does
        const message = answer.inherited
          ? `${ioctl.name}${where} ${PURPOSE_PHRASES[purpose]}, for a device served by ${subsystem.title} (${explainSubsystem(answer)}): ` +
            `such a device's interface there is ${subsystem.userspace}. ${decoded}`
          : `${ioctl.name}${where} ${cover.does}: ${cover.advice} (${explainSubsystem(answer)}). ${decoded}`;
        report({
          range: ioctl.nameRange,
          message,
          ioctls: [ioctl.name],
          severity: existing ? 'info' : undefined,
          pages: [subsystem.family, 'subsystems', 'open-userspace'],
        });
        continue;
      }
      if (subsystem) {
        const [best] = suggestionsFor(purpose);
        const tail =
          best.id === 'accel-subsystem'
            ? `; ${best.advice}, with open userspace`
            : `: ${best.advice}; new accelerator uAPI belongs in the accel subsystem and needs open userspace`;
        report({
          range: ioctl.nameRange,
          message: `${ioctl.name}${where} ${PURPOSE_PHRASES[purpose]}${tail} (${explainSubsystem(answer)}). ${decoded}`,
          ioctls: [ioctl.name],
          severity: existing ? 'info' : undefined,
          pages: [best.criteria, 'accel-subsystem', 'subsystems', 'open-userspace'],
          // an ioctl that exists already cannot be renumbered
          fixes: existing ? undefined : () => [convertToDrmFix(model, ioctl)].filter((f) => f !== undefined),
        });
        continue;
      }
      const declined = subsystemNamed(answer.declined ?? null);
      if (declined && answer.cover) {
        // the device is a subsystem's, but the subsystem has nothing for this ioctl
        report({
          range: ioctl.nameRange,
          message:
            `${ioctl.name}${where} ${answer.cover.does}: the device is one ${declined.title} serves (${explainEvidence(answer)}), ` +
            `but ${answer.cover.advice}; so no subsystem's interface fits it, and it is this driver's own uAPI and needs open userspace and documentation. ${decoded}`,
          ioctls: [ioctl.name],
          severity: existing ? 'info' : undefined,
          pages: [declined.family, 'subsystems', 'open-userspace', 'open-documentation'],
        });
        continue;
      }
      // none fits: what the kernel gives any driver for this purpose, and where an accelerator's would go
      const generic = GENERIC_FACILITY[purpose] ? CATALOGUE.find((e) => e.id === GENERIC_FACILITY[purpose]) : undefined;
      const [best] = suggestionsFor(purpose);
      const ifAccel = !generic && best.id !== 'accel-subsystem' ? ` If the device runs jobs as an accelerator, ${best.advice} in the accel subsystem.` : '';
      report({
        range: ioctl.nameRange,
        message:
          `${ioctl.name}${where} ${PURPOSE_PHRASES[purpose]}${generic ? ` (${generic.advice})` : ''}; no subsystem's interface fits it ` +
          `(no device class in its name, argument, comment or file), so it is this driver's own uAPI and needs open userspace and documentation.${ifAccel} ${decoded}`,
        ioctls: [ioctl.name],
        severity: existing ? 'info' : undefined,
        pages: [...(generic ? [generic.criteria] : best.id !== 'accel-subsystem' ? [best.criteria] : []), 'subsystems', 'accel-subsystem', 'open-userspace', 'open-documentation'],
        // an accel/DRM driver ioctl is one way out for a device no other subsystem serves
        fixes: existing ? undefined : () => [convertToDrmFix(model, ioctl)].filter((f) => f !== undefined),
      });
    }
  },
};
