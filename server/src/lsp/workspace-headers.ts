import * as fs from 'node:fs';
import * as path from 'node:path';

/** Headers under the workspace folders (hidden folders and node_modules skipped), bounded. */
export function workspaceHeaders(folders: readonly string[], limit = 5000): string[] {
  const out: string[] = [];
  const visit = (dir: string) => {
    if (out.length >= limit) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (out.length >= limit) return;
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) visit(p);
      else if (e.isFile() && e.name.endsWith('.h')) out.push(p);
    }
  };
  for (const f of folders) visit(f);
  return out.sort();
}
