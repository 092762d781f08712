import * as fs from 'node:fs';
import * as path from 'node:path';

export class UsageError extends Error {}

/** What the command line reviews: uAPI headers, and driver sources unless `--no-sources`. */
export function reviewable(file: string, sources: boolean): boolean {
  return /\.h$/i.test(file) || (sources && /\.c$/i.test(file));
}

/** Why a file named on the command line is not reviewed; undefined when it is. */
export function notReviewedReason(file: string, sources: boolean): string | undefined {
  if (reviewable(file, sources)) return undefined;
  if (/\.c$/i.test(file)) return 'driver sources are not reviewed with --no-sources';
  return 'uapi-lint reviews C headers (.h) and driver sources (.c)';
}

export interface Collected {
  files: string[];
  /** Files named on the command line that are not reviewed, with why. */
  skipped: Array<{ file: string; reason: string }>;
}

/**
 * The files named on the command line: files as given, folders searched for `*.h` (and `*.c`
 * with driver sources on), sorted.
 */
export function collectFiles(args: string[], sources: boolean): Collected {
  const out: string[] = [];
  const skipped: Collected['skipped'] = [];
  for (const arg of args) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(arg);
    } catch (e) {
      throw new UsageError(`cannot read '${arg}': ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : (e as Error).message}`);
    }
    if (stat.isDirectory()) {
      const found: string[] = [];
      const visit = (dir: string) => {
        let entries: fs.Dirent[];
        try {
          entries = fs.readdirSync(dir, { withFileTypes: true });
        } catch {
          return; // an unreadable subfolder is skipped, as grep -r does
        }
        for (const e of entries) {
          const p = path.join(dir, e.name);
          if (e.isDirectory()) visit(p);
          else if (e.isFile() && reviewable(e.name, sources)) found.push(p);
        }
      };
      visit(arg);
      for (const f of found.sort()) out.push(f);
    } else {
      const reason = notReviewedReason(arg, sources);
      if (reason) skipped.push({ file: arg, reason });
      else out.push(arg);
    }
  }
  return { files: [...new Set(out)], skipped };
}
