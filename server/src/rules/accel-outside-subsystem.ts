import type { Rule } from './rule';
import type { PurposeId } from '../knowledge/purposes';
import type { IoctlDefinition } from '../core/ioctl/extract';
import { describeMagic } from '../core/ioctl/forms';
import { DRM_MAGIC, isExisting } from './ioctl-facts';

/**
 * A header whose ioctls together read as an accelerator's uAPI (buffers, work submission, and
 * waiting for completion) but that lives outside the accel subsystem: on a private magic, or
 * under include/uapi/misc. One finding per header, at its first such ioctl, listing them all.
 */

const BUFFERS: readonly PurposeId[] = [
  'buffer-alloc', 'buffer-free', 'buffer-mmap', 'buffer-export', 'buffer-import', 'buffer-cache-sync', 'memory-map-device',
];
const SUBMISSION: readonly PurposeId[] = ['submit'];
const COMPLETION: readonly PurposeId[] = ['wait', 'fence', 'event-notify'];

/** include/uapi/misc in a kernel tree, or /usr/include/misc as installed. */
const MISC = /(^|\/)(include\/uapi\/misc|usr\/include\/misc)\//;

export const accelOutsideSubsystem: Rule = {
  id: 'accel-outside-subsystem',
  defaultSeverity: 'warning',
  description: 'A header whose ioctls read as an accelerator (buffers, submission, completion) outside the accel subsystem.',
  criteria: 'accel-subsystem',
  check(model, report, options) {
    const underMisc = MISC.test(model.path);
    const own = model.ioctls.filter((i) => i.file === model.path && i.type !== null && (i.type !== DRM_MAGIC || underMisc));
    if (own.length < 3) return;
    const byGroup = (group: readonly PurposeId[]): IoctlDefinition[] => own.filter((i) => group.includes(model.purposeOf(i).purpose));
    const buffers = byGroup(BUFFERS);
    const submission = byGroup(SUBMISSION);
    const completion = byGroup(COMPLETION);
    if (!buffers.length || !submission.length || !completion.length) return;

    const magics = [...new Set(own.map((i) => i.type!))].map(describeMagic);
    const list = (xs: IoctlDefinition[]) => xs.map((i) => i.name).join(', ');
    const upstream = own.every((i) => isExisting(i, options));
    const place = underMisc ? 'under include/uapi/misc' : `on private magic ${magics.join(', ')}`;
    report({
      range: own[0].nameRange,
      message:
        `These ${own.length} ioctls read as an accelerator's uAPI ${place}: buffers (${list(buffers)}), ` +
        `submission (${list(submission)}), completion (${list(completion)}). Accelerator drivers belong in the accel ` +
        'subsystem (drivers/accel, DRIVER_COMPUTE_ACCEL, /dev/accel/accel*), where the uAPI is reviewed on dri-devel ' +
        `and needs open userspace and documentation${upstream ? ' (these ioctls are upstream already)' : ''}.`,
      ioctls: own.map((i) => i.name),
      severity: upstream ? 'info' : undefined,
      pages: ['accel-subsystem', 'open-userspace', 'open-documentation', 'subsystem-review'],
    });
  },
};
