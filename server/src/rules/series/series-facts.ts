import type { PatchMail } from '../../core/patch/mail';
import type { ReviewedSeries, UapiAddition } from '../../core/patch/reviewed-series';

/** What the submission rules share: how additions are listed, and the mails that speak for a patch. */

/** `DRM_IOCTL_FOO_SUBMIT, struct drm_foo.flags (patch 2)`, at most `max` names. */
export function listAdditions(additions: readonly UapiAddition[], max = 6): string {
  const names = additions.map((a) => (a.kind === 'header' ? `the new header ${a.subject}` : a.kind === 'member' ? `member ${a.subject}` : a.subject));
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

/** `patch 2`, `patches 2 and 3`, `patches 1, 2 and 4`. */
export function patchList(indices: readonly number[]): string {
  const xs = [...new Set(indices)].sort((a, b) => a - b);
  if (xs.length === 1) return `patch ${xs[0]}`;
  return `patches ${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
}

/** The mail of a patch (1-based). */
export function mailOf(series: ReviewedSeries, patch: number): PatchMail | undefined {
  return series.series.patches.find((p) => p.index === patch)?.mail;
}

/** A driver the series adds: a new folder of sources, or a new source directly in drivers/misc or drivers/char. */
export interface NewDriver {
  /** `foo`, from `drivers/accel/foo/` or `drivers/misc/foo.c`. */
  name: string;
  /** `drivers/accel/foo/` or `drivers/misc/foo.c`. */
  where: string;
  home: 'accel' | 'drm' | 'misc' | 'other';
  files: string[];
  patch: number;
}

function homeOf(p: string): NewDriver['home'] {
  if (p.startsWith('drivers/accel/')) return 'accel';
  if (p.startsWith('drivers/gpu/drm/')) return 'drm';
  if (p.startsWith('drivers/misc/') || p.startsWith('drivers/char/')) return 'misc';
  return 'other';
}

/** The drivers the series adds (from its new sources, none of whose folder-mates it merely changes). */
export function newDrivers(reviewed: ReviewedSeries): NewDriver[] {
  const sources = reviewed.files.filter((f) => f.kind === 'source' && f.image.after !== null);
  const out = new Map<string, NewDriver>();
  for (const f of sources) {
    if (f.image.before !== null) continue;
    const p = f.image.path;
    const parts = p.split('/');
    if (parts[0] !== 'drivers' || parts.length < 3) continue;
    // drivers/misc/foo.c is a driver of its own; drivers/accel/foo/foo_drv.c one of a folder
    const flat = parts.length === 3 && (parts[1] === 'misc' || parts[1] === 'char');
    const where = flat ? p : `${parts.slice(0, parts.length - 1).join('/')}/`;
    if (!flat && parts.length === 3) continue;
    // a folder the series also changes files of was there before
    if (!flat && sources.some((s) => s.image.before !== null && s.image.path.startsWith(where))) continue;
    const name = flat ? parts[2].replace(/\.c$/, '') : parts[parts.length - 2];
    const known = out.get(where);
    if (known) known.files.push(p);
    else out.set(where, { name, where, home: homeOf(p), files: [p], patch: f.image.patches[0] });
  }
  return [...out.values()];
}
