import type { SeriesRule } from '../rule';
import { macroDoc, recordDoc } from '../../core/model/kernel-doc-review';
import { DOCUMENTATION_HOMES } from '../../knowledge/submission';
import { listAdditions, newDrivers, patchList } from './series-facts';
import type { ReviewedFile, UapiAddition } from '../../core/patch/reviewed-series';

/**
 * New uAPI with no documentation in the series. Every new userspace interface is documented
 * (Documentation/process/submit-checklist.rst): its ioctls and structs in kernel-doc
 * (Documentation/doc-guide/kernel-doc.rst), and a new accel or DRM driver with a page of its own
 * under Documentation/accel/<driver>/ or Documentation/gpu/ (Documentation/accel/introduction.rst;
 * reviewers of new accel drivers have asked for it, see docs/criteria/open-documentation.md).
 */

/** Whether a new ioctl has kernel-doc, read as scripts/kernel-doc reads it: on its `#define`, or on the struct it takes. */
function documented(file: ReviewedFile, a: UapiAddition): boolean {
  const model = file.model!;
  const ioctl = model.ioctls.find((i) => i.name === a.subject && i.file === model.path);
  if (!ioctl) return true;
  if (macroDoc(model.file, ioctl.name, ioctl.range.start.row, model.file.lines.offset(ioctl.range.start)).block) return true;
  const m = /^(struct|union) (\w+)$/.exec(ioctl.argType ?? '');
  if (!m) return false;
  const rec = model.host.index.record(m[1] as 'struct' | 'union', m[2]);
  return !!rec && rec.file === model.path && !!recordDoc(model.file, rec).block;
}

export const submissionDocumentation: SeriesRule = {
  id: 'submission-documentation',
  defaultSeverity: 'warning',
  description: 'The series adds uAPI with no documentation: no kernel-doc for its new ioctls, or no Documentation/ page for a new accel, DRM or misc driver.',
  criteria: 'open-documentation',
  check(reviewed, report) {
    const additions = reviewed.additions;
    if (!additions.length) return;
    const byFile = new Map(reviewed.files.map((f) => [f.image.path, f]));
    const undocumented = additions.filter((a) => a.kind === 'ioctl' && byFile.get(a.file)?.model && !documented(byFile.get(a.file)!, a));
    const docs = reviewed.files.filter((f) => f.kind === 'documentation' && f.image.after !== null).map((f) => f.image.path);
    const wanting: string[] = [];
    for (const d of newDrivers(reviewed)) {
      const homes = d.home === 'accel' ? DOCUMENTATION_HOMES.accel : d.home === 'drm' ? DOCUMENTATION_HOMES.drm : DOCUMENTATION_HOMES.other;
      if (docs.some((p) => homes.some((h) => p.startsWith(h)))) continue;
      const page = d.home === 'accel' ? `Documentation/accel/${d.name}/` : d.home === 'drm' ? 'Documentation/gpu/' : 'Documentation/userspace-api/ or Documentation/misc-devices/';
      wanting.push(`the new driver in ${d.where} has no page in ${page}${docs.length ? ` (the series documents only ${docs.join(', ')})` : ''}`);
    }
    if (!undocumented.length && !wanting.length) return;
    const parts = [...wanting];
    if (undocumented.length) parts.push(`${listAdditions(undocumented)} ${undocumented.length > 1 ? 'have' : 'has'} no kernel-doc comment, neither on the #define nor on the struct ${undocumented.length > 1 ? 'they take' : 'it takes'}`);
    const first = undocumented[0] ?? additions[0];
    report({
      patch: first.patch,
      file: first.file,
      line: first.line,
      message:
        `The series adds uAPI (${listAdditions(additions)}, in ${patchList(additions.map((a) => a.patch))}) without its documentation: ${parts.join('; ')}. ` +
        'New uAPI is documented where it is defined (kernel-doc on each ioctl, struct and member, which the documentation build renders), ' +
        'and a new driver describes its device, its userspace and how to use it under Documentation/.',
      pages: ['open-documentation', 'patch-submission'],
    });
  },
};
