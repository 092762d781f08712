import type { DocumentModel } from '../document';
import type { DocumentBase } from '../baseline/document-base';
import { recordsReachedByIoctls } from '../baseline/abi-diff';
import type { PatchSeries } from './series';
import type { PostImage } from './post-image';
import { RESERVED_ROOM } from '../../knowledge/member-names';

/**
 * A series as the submission rules read it: the series itself, every file it leaves behind
 * (the uAPI headers and driver sources among them analysed, against their version at the base),
 * and the uAPI it adds.
 */

/** What a touched file is, for the review. */
export type ReviewedKind = 'uapi-header' | 'source' | 'documentation' | 'maintainers' | 'other';

export interface ReviewedFile {
  image: PostImage;
  kind: ReviewedKind;
  /** The analysed post-image (uAPI headers and driver sources that the series does not delete). */
  model?: DocumentModel;
  /** The post-image against the base. */
  base?: DocumentBase;
}

/** A piece of uAPI the series adds: what needs open userspace and documentation. */
export interface UapiAddition {
  kind: 'header' | 'ioctl' | 'member';
  /** `include/uapi/drm/foo_accel.h`, `DRM_IOCTL_FOO_SUBMIT`, `struct drm_foo_submit.flags`. */
  subject: string;
  /** The file, relative to the tree. */
  file: string;
  /** Line (0-based) in the post-image. */
  line: number;
  /** The patch (1-based) that adds it. */
  patch: number;
}

export interface ReviewedSeries {
  series: PatchSeries;
  /** The kernel tree the series applies to (absolute), when there is one. */
  tree?: string;
  files: ReviewedFile[];
  additions: UapiAddition[];
}

/** uAPI headers, as the kernel installs them (`make headers_install`). */
const UAPI_PATH = /(^|\/)(include\/uapi|arch\/[^/]+\/include\/uapi)\//;

/** An ioctl definition in a header's text: a header outside include/uapi that has one is uAPI too (an out-of-tree driver's). */
const DEFINES_IOCTL = /^\s*#\s*define\s+\w+\s+_IO(?:WR|R|W)?\s*\(/m;

export function reviewedKind(image: PostImage): ReviewedKind {
  const p = image.path;
  if (p === 'MAINTAINERS') return 'maintainers';
  if (p.startsWith('Documentation/')) return 'documentation';
  if (/\.h$/.test(p) && (UAPI_PATH.test(p) || (image.after !== null && DEFINES_IOCTL.test(image.after)))) return 'uapi-header';
  if (/\.c$/.test(p)) return 'source';
  return 'other';
}

/** The patch that wrote a line of the post-image, else the file's last. */
export function patchOfLine(image: PostImage, line: number, endLine = line): number {
  const at = image.origin[line] ?? 0;
  if (at > 0) return at;
  let first = 0;
  for (let l = line; l <= endLine && l < image.origin.length; l++) if (image.origin[l] > 0 && (!first || image.origin[l] < first)) first = image.origin[l];
  return first || image.patches[image.patches.length - 1];
}

/** The uAPI a file adds: a new header, new ioctls, new members of the structs ioctls use. */
export function uapiAdditions(file: ReviewedFile): UapiAddition[] {
  const { image, model, base } = file;
  if (file.kind !== 'uapi-header' || !model || image.after === null) return [];
  const out: UapiAddition[] = [];
  const rel = image.path;
  if (image.before === null) out.push({ kind: 'header', subject: rel, file: rel, line: 0, patch: image.patches[0] });
  const seen = new Set<string>();
  for (const i of model.ioctls) {
    if (i.file !== model.path || seen.has(i.name)) continue;
    seen.add(i.name);
    const state = base ? base.ioctlState(i) : 'new';
    if (state === 'existing') continue;
    const line = i.range.start.row;
    out.push({ kind: 'ioctl', subject: i.name, file: rel, line, patch: patchOfLine(image, line) });
  }
  // members the structs of the ioctls gained (a new struct is covered by its new ioctl)
  const was = base?.base;
  if (was) {
    for (const name of recordsReachedByIoctls(model)) {
      const [kind, tag] = name.split(' ') as ['struct' | 'union', string];
      const now = model.host.index.record(kind, tag);
      const then = was.host.index.record(kind, tag);
      if (!now?.fields || !then?.fields || now.file !== model.path) continue;
      const before = new Set(then.fields.map((m) => m.name));
      for (const m of now.fields) {
        if (!m.name || before.has(m.name) || RESERVED_ROOM.test(m.name)) continue;
        const line = model.file.lines.position(m.nameStart).row;
        out.push({ kind: 'member', subject: `${name}.${m.name}`, file: rel, line, patch: patchOfLine(image, line) });
      }
    }
  }
  return out;
}
