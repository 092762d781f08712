import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXAMPLES, FIXTURES, SYSTEM_INCLUDE } from '../support/paths';
import { LINUX_SOURCE } from '../support/linux-source';

/**
 * What mutations start from: the machine's kernel uAPI headers, driver sources of the unpacked
 * linux-source-6.12 (both read at run time, never copied into the repository), and the
 * project's own fixtures, examples and test patch series.
 */

const SYSTEM_DIRS = ['linux', 'misc', 'sound', 'rdma', 'mtd', 'scsi', 'video', 'xen', 'libdrm', 'asm-generic', 'x86_64-linux-gnu/asm'];

/** The drivers the product is about: misc and accel whole, DRM's core and its smaller drivers' top folders. */
const SOURCE_DIRS = ['drivers/misc', 'drivers/accel', 'drivers/gpu/drm'];
/** Driver sources over this size are left out: the bound is per megabyte, and DRM's largest are generated tables. */
const MAX_SOURCE_BYTES = 256 * 1024;

function filesUnder(dir: string, ends: RegExp, maxBytes = Infinity): string[] {
  const out: string[] = [];
  const visit = (d: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) visit(p);
      else if (e.isFile() && ends.test(e.name) && (maxBytes === Infinity || fs.statSync(p).size <= maxBytes)) out.push(p);
    }
  };
  visit(dir);
  return out.sort();
}

export interface Corpus {
  system: string[];
  project: string[];
  /** Driver sources (`.c`), analysed where they are, in their kernel tree. */
  sources: string[];
  /** Patch series (a mailbox, a patch, a diff), reviewed as `uapi-lint review` reads them. */
  series: string[];
}

export function loadCorpus(): Corpus {
  return {
    system: SYSTEM_DIRS.flatMap((d) => filesUnder(path.join(SYSTEM_INCLUDE, d), /\.h$/)),
    project: [...filesUnder(FIXTURES, /\.h$/), ...filesUnder(EXAMPLES, /\.h$/)],
    sources: SOURCE_DIRS.flatMap((d) => filesUnder(path.join(LINUX_SOURCE, d), /\.c$/, MAX_SOURCE_BYTES)),
    series: filesUnder(FIXTURES, /\.(patch|mbox|diff)$/),
  };
}

/** A series is reviewed; a header or driver source is analysed. */
export function isSeries(file: string): boolean {
  return /\.(patch|mbox|diff)$/.test(file);
}
