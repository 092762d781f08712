import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Files the analysis reads beside a document (a kernel tree's MAINTAINERS, a driver folder's
 * Kconfig and other sources) are read only when they really lie inside the folder they are
 * looked for in: a link in a workspace that points elsewhere (`MAINTAINERS -> /etc/shadow`) is
 * not followed out of it, as an include is not.
 */

function real(p: string): string | undefined {
  try {
    return fs.realpathSync.native(p);
  } catch {
    return undefined;
  }
}

/** The file's text when it is a regular file inside `root` (links resolved) and at most `maxBytes`; otherwise undefined. */
export function readTextInside(file: string, root: string, maxBytes: number): { text: string; mtimeMs: number } | undefined {
  const r = real(file);
  const top = real(root);
  if (!r || !top || !(r === top || r.startsWith(top + path.sep))) return undefined;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(r);
  } catch {
    return undefined;
  }
  if (!stat.isFile() || stat.size > maxBytes) return undefined;
  try {
    return { text: fs.readFileSync(r, 'utf8'), mtimeMs: stat.mtimeMs };
  } catch {
    return undefined;
  }
}

/** The modification time of a regular file inside `root`, without reading it; undefined otherwise. */
export function statInside(file: string, root: string): fs.Stats | undefined {
  const r = real(file);
  const top = real(root);
  if (!r || !top || !(r === top || r.startsWith(top + path.sep))) return undefined;
  try {
    const stat = fs.statSync(r);
    return stat.isFile() ? stat : undefined;
  } catch {
    return undefined;
  }
}
