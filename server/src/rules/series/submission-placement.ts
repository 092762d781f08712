import type { SeriesRule } from '../rule';
import { ACCEL_GROUPS, list } from '../driver-facts';
import type { PurposeId } from '../../knowledge/purposes';
import { newDrivers } from './series-facts';

/**
 * A new driver in drivers/misc (or a new header in include/uapi/misc) whose new ioctls read as
 * an accelerator's: buffers handed to a device and work submitted on them. Such drivers belong
 * in the accel subsystem (Documentation/accel/introduction.rst): drivers/accel/<driver>/, with
 * their uAPI in include/uapi/drm/<driver>_accel.h. habanalabs moved there from drivers/misc in 6.3.
 */
export const submissionPlacement: SeriesRule = {
  id: 'submission-placement',
  defaultSeverity: 'warning',
  description: 'A new driver under drivers/misc, or a new header under include/uapi/misc, whose ioctls read as an accelerator: it belongs in drivers/accel.',
  criteria: 'accel-subsystem',
  check(reviewed, report) {
    // the new ioctls, with what they are for
    const purposes: Array<{ name: string; purpose: PurposeId; file: string; line: number; patch: number }> = [];
    for (const a of reviewed.additions) {
      if (a.kind !== 'ioctl') continue;
      const model = reviewed.files.find((f) => f.image.path === a.file)?.model;
      const ioctl = model?.ioctls.find((i) => i.name === a.subject && i.file === model.path);
      if (model && ioctl) purposes.push({ name: a.subject, purpose: model.purposeOf(ioctl).purpose, file: a.file, line: a.line, patch: a.patch });
    }
    const group = (g: keyof typeof ACCEL_GROUPS) => purposes.filter((p) => ACCEL_GROUPS[g].includes(p.purpose));
    const buffers = group('buffers');
    const submission = group('submission');
    if (!buffers.length || !submission.length) return;
    const named = (xs: typeof purposes) => list(xs.map((p) => `${p.name} (${p.purpose})`), 4);
    const misc = newDrivers(reviewed).filter((d) => d.home === 'misc');
    const miscHeaders = reviewed.files.filter((f) => f.kind === 'uapi-header' && f.image.before === null && /^include\/uapi\/misc\//.test(f.image.path));
    if (!misc.length && !miscHeaders.length) return;
    const name = misc[0]?.name ?? miscHeaders[0].image.path.replace(/^.*\//, '').replace(/\.h$/, '');
    const places = [...misc.map((d) => d.where), ...miscHeaders.map((f) => f.image.path)];
    const at = miscHeaders[0] ? { file: miscHeaders[0].image.path, line: 0, patch: miscHeaders[0].image.patches[0] } : { file: misc[0].files[0], line: 0, patch: misc[0].patch };
    report({
      ...at,
      message:
        `The series adds ${places.join(' and ')}, and its ioctls read as an accelerator's: buffers ${named(buffers)}; submission ${named(submission)}. ` +
        `An accelerator belongs in the accel subsystem: drivers/accel/${name}/ (a DRM driver with DRIVER_COMPUTE_ACCEL, GEM buffers, device nodes /dev/accel/accel*), ` +
        `its uAPI in include/uapi/drm/${name}_accel.h with ioctls from DRM_COMMAND_BASE, reviewed on dri-devel. drivers/misc is where such uAPI escapes that review.`,
      pages: ['accel-subsystem', 'subsystem-review', 'patch-submission'],
    });
  },
};
