import * as fs from 'node:fs';
import * as path from 'node:path';
import { readTextInside } from '../read-inside';

/**
 * A driver is often several files: the ioctl table in one, the handlers or the dispatch of a
 * second device node in another. Which of some names the other C files of the same folder
 * mention, read as text (bounded: a folder of thousands of files is not read whole).
 */

const MAX_FILES = 200;
const MAX_BYTES = 4 * 1024 * 1024;

export function mentionedBySiblings(file: string, names: readonly string[]): Set<string> {
  const found = new Set<string>();
  if (!names.length || !path.isAbsolute(file)) return found;
  const dir = path.dirname(file);
  let entries: string[];
  try {
    entries = fs.readdirSync(dir).filter((n) => /\.c$/i.test(n) && path.join(dir, n) !== file).sort().slice(0, MAX_FILES);
  } catch {
    return found;
  }
  const pattern = new RegExp(`\\b(${names.map((n) => n.replace(/[^\w]/g, '')).join('|')})\\b`, 'g');
  for (const name of entries) {
    const read = readTextInside(path.join(dir, name), dir, MAX_BYTES);
    for (const m of read?.text.matchAll(pattern) ?? []) found.add(m[1]);
    if (found.size === names.length) break;
  }
  return found;
}
