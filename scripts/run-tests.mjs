// Runs every compiled test file (test/out/**/*.test.js) with node's built-in test runner.
// Node 20's runner takes file paths, not globs, so they are collected here.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const files = [];
const visit = (dir) => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) visit(p);
    else if (e.name.endsWith('.test.js')) files.push(relative(root, p));
  }
};
visit(join(root, 'test', 'out'));
files.sort();
const only = process.argv.slice(2);
const selected = only.length ? files.filter((f) => only.some((o) => f.includes(o))) : files;
const r = spawnSync(process.execPath, ['--test', ...selected], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
