/**
 * What a uAPI submission is checked for, as data: where open userspace is hosted, which links
 * only record where a patch came from, the list every uAPI change is copied to, and where
 * documentation lives. Sources: Documentation/gpu/drm-uapi.rst ("Open-Source Userspace
 * Requirements"), Documentation/process/submitting-patches.rst and submit-checklist.rst (Linux
 * 6.12), b4's `linkmask`.
 */

/** Every change to the user-kernel interface is copied here (submit-checklist.rst, adding-syscalls.rst). */
export const LINUX_API_LIST = 'linux-api@vger.kernel.org';

/**
 * Links that only record where a patch was posted or tracked (a maintainer's `Link:` trailer,
 * b4's `patch.msgid.link`, patchwork, list archives, bug trackers): not userspace.
 */
export const PROVENANCE_HOSTS: readonly RegExp[] = [
  /^lore\.kernel\.org$/,
  /^lkml\.kernel\.org$/,
  /^patch\.msgid\.link$/,
  /^msgid\.link$/,
  /(^|\.)patchwork\.[^/]+$/,
  /^patchwork\.kernel\.org$/,
  /^lkml\.org$/,
  /^marc\.info$/,
  /^(www\.)?spinics\.net$/,
  /^(www\.)?mail-archive\.com$/,
  /^lists\.[^/]+$/,
  /^bugzilla\.[^/]+$/,
  /^docs\.kernel\.org$/,
  /^(www\.)?kernel\.org$/,
];

/** Hosts of source repositories: a link there (to a repository, merge request or pull request) can be the userspace. */
export const CODE_HOSTS: readonly RegExp[] = [
  /^github\.com$/,
  /^gitlab\.[^/]+$/,
  /^(www\.)?gitlab\.com$/,
  /^codeberg\.org$/,
  /^git\.sr\.ht$/,
  /^bitbucket\.org$/,
  /^pagure\.io$/,
  /^(www\.)?sourceforge\.net$/,
  /^[^/]+\.googlesource\.com$/,
  /^git\.[^/]+$/,
  /^cgit\.[^/]+$/,
];

/** Repositories of the kernel itself (a tree, not a userspace), by path on a code host. */
export const KERNEL_REPOSITORIES: readonly RegExp[] = [
  /^\/torvalds\/linux(\.git)?(\/|$)/,
  /^\/pub\/scm\/linux\/kernel\//,
  /^\/drm\/(kernel|misc\/kernel|xe\/kernel|i915\/kernel|msm)(\.git)?(\/|$)/,
  /^\/linux-kernel\//,
];

/** Where an accel or DRM driver documents itself, by the driver's folder. */
export const DOCUMENTATION_HOMES: Readonly<Record<'accel' | 'drm' | 'other', readonly string[]>> = {
  accel: ['Documentation/accel/', 'Documentation/gpu/'],
  drm: ['Documentation/gpu/'],
  other: ['Documentation/userspace-api/', 'Documentation/misc-devices/', 'Documentation/driver-api/', 'Documentation/'],
};

export interface UserspaceLink {
  url: string;
  /** A merge request, pull request or repository. */
  kind: 'merge-request' | 'pull-request' | 'repository';
}

/** The links in a text that can be the open userspace that uses new uAPI. */
export function userspaceLinks(text: string): UserspaceLink[] {
  const out: UserspaceLink[] = [];
  for (const m of text.matchAll(/\bhttps?:\/\/[^\s<>()"'\]]+/g)) {
    const raw = m[0].replace(/[.,;:]+$/, '');
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      continue;
    }
    const host = url.hostname.toLowerCase();
    if (PROVENANCE_HOSTS.some((h) => h.test(host))) continue;
    if (!CODE_HOSTS.some((h) => h.test(host))) continue;
    if (KERNEL_REPOSITORIES.some((r) => r.test(url.pathname))) continue;
    // a repository is at least owner/name
    if (url.pathname.split('/').filter(Boolean).length < 2) continue;
    const kind = /\/merge_requests\/\d+/.test(url.pathname) ? 'merge-request' : /\/pull\/\d+/.test(url.pathname) ? 'pull-request' : 'repository';
    out.push({ url: raw, kind });
  }
  return out;
}
