import type { Rule } from './rule';
import { DMA_BUF_HOME_FOLDERS, FALLBACK_DMA_BUF_SECTION, SHARED_APIS } from '../knowledge/driver-apis';
import { fileSections, keywordSections, readMaintainers, values, type Maintainers, type MaintainersSection } from '../core/maintainers/maintainers';
import { driverOf, list, rangeOf, treePath } from './driver-facts';

/**
 * A driver outside DRM, accel, dma-buf and media that uses dma-buf, dma-fence or dma-resv.
 * MAINTAINERS routes such code to the dma-buf maintainers by a K: pattern, and sharing buffers
 * through dma-buf brings DRM's rules with it: its uAPI needs open userspace (Dave Airlie's NAK
 * of habanalabs' dma-buf support in the 5.15 merge window). The finding names the section, its
 * maintainers and lists, from the kernel tree's MAINTAINERS when the file is in one (with
 * get_maintainer.pl's semantics), otherwise from what uapi-lint ships.
 */

const REVIEWED = SHARED_APIS.filter((a) => a.needsReview).map((a) => a.id);

const owning = new WeakMap<Maintainers, MaintainersSection[]>();

/** The MAINTAINERS sections whose F: lines cover the headers of the APIs that need review. */
function apiSections(m: Maintainers, tree: string): MaintainersSection[] {
  let s = owning.get(m);
  if (!s) {
    s = [...new Set(SHARED_APIS.filter((a) => a.needsReview).flatMap((a) => fileSections(m, a.header, tree)))];
    owning.set(m, s);
  }
  return s;
}

function people(s: MaintainersSection): string {
  const m = values(s, 'M');
  const r = values(s, 'R');
  const l = values(s, 'L');
  return [m.length ? `maintainers ${m.join(', ')}` : '', r.length ? `reviewers ${r.join(', ')}` : '', l.length ? `lists ${l.join(', ')}` : '']
    .filter(Boolean)
    .join('; ');
}

export const sharedApiReview: Rule = {
  id: 'shared-api-review',
  defaultSeverity: 'warning',
  description: 'A driver outside drivers/gpu, accel, dma-buf and media uses dma-buf, dma-fence or dma-resv: their maintainers review it.',
  criteria: 'shared-api-review',
  documents: ['source'],
  check(model, report) {
    const driver = driverOf(model);
    if (!driver) return;
    const uses = driver.sharedApis.filter((u) => REVIEWED.includes(u.api));
    if (!uses.length) return;
    const where = treePath(model.path);
    const rel = where?.rel ?? model.path.split('/').join('/');
    if (DMA_BUF_HOME_FOLDERS.some((f) => rel.startsWith(f) || rel.includes(`/${f}`))) return;
    const names = [...new Set(uses.map((u) => u.name))];
    const apis = [...new Set(uses.map((u) => u.api))];
    let review: string;
    const maintainers = where ? readMaintainers(where.tree) : undefined;
    if (maintainers) {
      // the sections that own the shared APIs' headers: only their K: patterns are run on the file
      const owners = apiSections(maintainers, where!.tree);
      const byKeyword = keywordSections({ file: maintainers.file, sections: owners }, model.file.text);
      if (byKeyword.length) {
        review = byKeyword
          .map(({ section, keyword, match }) => {
            const line = model.file.lines.position(match.index).row + 1;
            return `MAINTAINERS's K: ${keyword} for ${section.name} matches this file ('${match.text}' on line ${line}), so get_maintainer.pl adds its ${people(section)}`;
          })
          .join('. ');
      } else {
        const owners = [...new Set(SHARED_APIS.filter((a) => apis.includes(a.id)).flatMap((a) => fileSections(maintainers, a.header, where!.tree)))];
        review =
          `${owners.map((s) => `${s.name} (${people(s)})`).join('; ') || 'the dma-buf maintainers'} must review it, but no K: pattern of MAINTAINERS matches this file ` +
          '(they match only the bare words, such as dma_buf in struct dma_buf), so get_maintainer.pl will not add them: Cc them yourself';
      }
    } else {
      const s = FALLBACK_DMA_BUF_SECTION;
      const re = new RegExp(s.keyword);
      const hit = re.exec(model.file.text);
      review =
        `In MAINTAINERS (${s.release}), ${s.name} covers it: maintainers ${s.maintainers.join(', ')}; lists ${s.lists.join(', ')}` +
        (hit ? ` (its K: ${s.keyword} matches '${hit[0]}' here, so get_maintainer.pl adds them)` : ' (its K: pattern matches only bare words such as dma_buf, which this file does not contain: Cc them yourself)');
    }
    report({
      range: rangeOf(model, uses[0]),
      message:
        `This driver uses ${apis.join(', ')} (${list(names, 6)}) outside drivers/gpu, drivers/accel, drivers/dma-buf and drivers/media. ${review}. ` +
        'Sharing buffers through dma-buf brings DRM\'s rule with it: the uAPI that exports or imports them needs open userspace, reviewed on dri-devel.',
      pages: ['shared-api-review', 'dma-buf-sharing', 'open-userspace'],
    });
  },
};
