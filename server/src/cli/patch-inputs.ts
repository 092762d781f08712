import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError } from './files';

/**
 * Reading patches from the command line, for `review` and `reviewers`: standard input, a patch
 * file, a folder of them, all within one size limit.
 */

/** Largest patch input read: a series of a new driver is a few hundred KB; this is far beyond. */
export const MAX_PATCH_BYTES = 64 * 1024 * 1024;

/** The patch files of a folder (what git format-patch, b4 and mail clients write). */
const PATCH_FILE = /\.(patch|diff|eml|mbox|mbx)$/i;

/** A folder's patch files, in name order (format-patch numbers them); empty when it has none. */
export function patchFilesIn(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => PATCH_FILE.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

/** A file's bytes, at most MAX_PATCH_BYTES; a usage error names what cannot be read. */
export function readPatchBytes(name: string): Buffer {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(name);
  } catch (e) {
    throw new UsageError(`cannot read '${name}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (!stat.isFile()) throw new UsageError(`cannot read '${name}': not a regular file`);
  if (stat.size > MAX_PATCH_BYTES) throw new UsageError(`${name}: ${stat.size} bytes is too large for a patch series (at most ${MAX_PATCH_BYTES})`);
  return fs.readFileSync(name);
}

/** Whether bytes are no text (a NUL early on), and so no patch or mail. */
export function isBinary(bytes: Buffer): boolean {
  return bytes.subarray(0, 8192).includes(0);
}

/** Standard input, at most MAX_PATCH_BYTES. */
export function readStdin(): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    process.stdin.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_PATCH_BYTES) {
        reject(new UsageError(`standard input: more than ${MAX_PATCH_BYTES} bytes is too large for a patch series`));
        process.stdin.destroy();
        return;
      }
      chunks.push(c);
    });
    process.stdin.on('end', () => resolve(Buffer.concat(chunks)));
    process.stdin.on('error', reject);
  });
}
