import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXAMPLES, FIXTURES, SYSTEM_INCLUDE } from '../support/paths';

/**
 * The headers mutations start from: the machine's kernel uAPI headers (read at run time, never
 * copied into the repository) and the project's own fixtures and examples.
 */

const SYSTEM_DIRS = ['linux', 'misc', 'sound', 'rdma', 'mtd', 'scsi', 'video', 'xen', 'libdrm', 'asm-generic', 'x86_64-linux-gnu/asm'];

function headersUnder(dir: string): string[] {
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
      else if (e.isFile() && e.name.endsWith('.h')) out.push(p);
    }
  };
  visit(dir);
  return out.sort();
}

export interface Corpus {
  system: string[];
  project: string[];
}

export function loadCorpus(): Corpus {
  return {
    system: SYSTEM_DIRS.flatMap((d) => headersUnder(path.join(SYSTEM_INCLUDE, d))),
    project: [...headersUnder(FIXTURES), ...headersUnder(EXAMPLES)],
  };
}
