import type { SeriesRule } from '../rule';
import { userspaceLinks } from '../../knowledge/submission';
import { listAdditions, mailOf, patchList } from './series-facts';

/**
 * New uAPI with no link to the open userspace that uses it. DRM takes new uAPI only with an
 * open-source userspace, reviewed and ready to merge in its upstream project, and reviewers
 * look for it in the commit that adds the interface or in the cover letter
 * (Documentation/gpu/drm-uapi.rst, "Open-Source Userspace Requirements"). Links that only say
 * where a patch was posted (lore, patch.msgid.link, patchwork) do not count.
 */
export const submissionUserspace: SeriesRule = {
  id: 'submission-userspace',
  defaultSeverity: 'warning',
  description: 'The series adds uAPI, and neither the commit that adds it nor the cover letter links the open userspace that uses it.',
  criteria: 'open-userspace',
  check(reviewed, report) {
    const additions = reviewed.additions;
    if (!additions.length) return;
    const cover = reviewed.series.cover;
    const coverLinks = cover ? userspaceLinks(`${cover.message}\n${cover.notes}`) : [];
    if (coverLinks.length) return;
    const adding = [...new Set(additions.map((a) => a.patch))];
    const unlinked = adding.filter((p) => !userspaceLinks(mailOf(reviewed, p)?.message ?? '').length);
    if (!unlinked.length) return;
    const missing = additions.filter((a) => unlinked.includes(a.patch));
    const first = missing[0];
    const where = reviewed.series.form === 'diff' ? 'the diff has no commit message' : `neither ${patchList(unlinked)} nor ${cover ? 'the cover letter' : 'a cover letter'} links the open userspace that uses it`;
    report({
      patch: first.patch,
      file: first.file,
      line: first.line,
      message:
        `The series adds uAPI (${listAdditions(missing)}), but ${where}: new uAPI needs an open-source userspace that uses it, ` +
        'reviewed and ready to merge in its upstream project (a merge request, pull request or repository, e.g. ' +
        "'Link: https://gitlab.freedesktop.org/mesa/mesa/-/merge_requests/NNNN' in the commit message or the cover letter). " +
        'Links to lore.kernel.org, patch.msgid.link or patchwork say where the patch was posted, not who uses the interface.',
      pages: ['open-userspace', 'patch-submission'],
    });
  },
};
