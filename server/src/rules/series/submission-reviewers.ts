import type { SeriesRule } from '../rule';
import { readMaintainers } from '../../core/maintainers/maintainers';
import { readMailmap } from '../../core/maintainers/mailmap';
import { getMaintainers, type Recipient } from '../../core/maintainers/recipients';
import { LINUX_API_LIST } from '../../knowledge/submission';
import { patchList } from './series-facts';

/**
 * The mails leave out someone get_maintainer.pl's rules name: a maintainer or list of a section
 * whose F: covers a touched file, or whose K: matches the patch (dma-buf's `\bdma_(?:buf|fence|resv)\b`
 * on an added line, or in the commit message), or linux-api@vger.kernel.org for a change to the
 * user-kernel interface, which the submission checklist asks for although MAINTAINERS leaves
 * include/uapi/ out of its section (Documentation/process/submit-checklist.rst,
 * submitting-patches.rst). Reviewers (R:) are welcome but not required. Each patch is held to
 * its own: a maintainer sees only the patches they are copied on.
 */

/** Roles of M: and L: lines: who must see a patch. */
const REQUIRED = new Set(['maintainer', 'supporter', 'odd fixer', 'orphan minder', 'obsolete minder', 'open list', 'moderated list']);

interface Missing {
  display: string;
  why: string;
  patches: number[];
}

/** Why a section is in: the files its F:/N: lines cover, or the line its K: matched. */
function reason(r: Recipient, result: ReturnType<typeof getMaintainers>): string {
  const title = r.section?.name ?? 'MAINTAINERS';
  if (r.via === 'keyword' && r.keyword) {
    const m = r.keyword.matches[0];
    return `${title}, whose K: ${r.keyword.keyword} matches '${m?.text.trim().slice(0, 60) ?? ''}'`;
  }
  const section = result.sections.find((s) => s.section === r.section);
  const files = [...new Set(section?.files.map((f) => f.file) ?? [])];
  return files.length ? `${title}, which covers ${files.slice(0, 2).join(', ')}${files.length > 2 ? ` and ${files.length - 2} more` : ''}` : title;
}

export const submissionReviewers: SeriesRule = {
  id: 'submission-reviewers',
  defaultSeverity: 'warning',
  description: "The mails' To/Cc lack a maintainer or list that get_maintainer.pl's rules require for the touched files or the patch content, or linux-api for a uAPI change.",
  criteria: 'subsystem-review',
  check(reviewed, report) {
    const series = reviewed.series;
    // a plain diff, or mails that name no recipient yet: nothing to compare with
    if (!series.patches.some((p) => p.mail.to.length || p.mail.cc.length)) return;
    const maintainers = reviewed.tree ? readMaintainers(reviewed.tree) : undefined;
    const mailmap = reviewed.tree && maintainers ? readMailmap(reviewed.tree) : undefined;
    const missing = new Map<string, Missing>();
    const need = (address: string, display: string, why: string, patch: number) => {
      const key = address.toLowerCase();
      const known = missing.get(key);
      if (known) known.patches.push(patch);
      else missing.set(key, { display, why, patches: [patch] });
    };
    for (const p of series.patches) {
      if (!p.changes.length) continue;
      const copied = new Set([...p.mail.to, ...p.mail.cc].map((a) => a.address.toLowerCase()));
      if (maintainers) {
        const result = getMaintainers({ maintainers, mailmap }, [{ kind: 'patch', name: p.mail.source, text: p.mail.text }]);
        for (const r of result.recipients) {
          if (!REQUIRED.has(r.kind) || copied.has(r.address.toLowerCase())) continue;
          need(r.address, r.formatted, reason(r, result), p.index);
        }
      }
      const uapi = reviewed.files.some((f) => f.kind === 'uapi-header' && f.image.patches.includes(p.index));
      if (uapi && !copied.has(LINUX_API_LIST)) need(LINUX_API_LIST, LINUX_API_LIST, 'the list for changes to the user-kernel interface (submit-checklist.rst), which MAINTAINERS does not add for include/uapi/', p.index);
    }
    if (!missing.size) return;
    const entries = [...missing.values()];
    const all = series.patches.filter((p) => p.changes.length).length;
    const first = Math.min(...entries.flatMap((e) => e.patches));
    // one clause per reason: the section (or list) and the addresses it brings, on which patches
    const groups = new Map<string, Missing[]>();
    for (const e of entries) groups.set(`${e.why}\0${e.patches.join(',')}`, [...(groups.get(`${e.why}\0${e.patches.join(',')}`) ?? []), e]);
    report({
      patch: first,
      message:
        `The mails leave out ${entries.length} address${entries.length > 1 ? 'es' : ''} that must see them: ` +
        [...groups.values()].map((g) => `${g.map((e) => e.display).join(', ')} (${g[0].why}; not on ${g[0].patches.length === all && all > 1 ? 'any patch' : patchList(g[0].patches)})`).join('; ') +
        '. Copy them (git send-email --to/--cc, or b4 prep --auto-to-cc, which runs get_maintainer.pl) so the people who maintain this code and these interfaces review it.',
      pages: ['subsystem-review', 'shared-api-review', 'patch-submission'],
    });
  },
};
