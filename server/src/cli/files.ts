import * as fs from 'node:fs';
import * as path from 'node:path';

export class UsageError extends Error {}

/** The headers named on the command line: files as given, folders searched for `*.h`, sorted. */
export function collectHeaders(args: string[]): string[] {
  const out: string[] = [];
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
          else if (e.isFile() && e.name.endsWith('.h')) found.push(p);
        }
      };
      visit(arg);
      for (const f of found.sort()) out.push(f);
    } else {
      out.push(arg);
    }
  }
  return [...new Set(out)];
}
