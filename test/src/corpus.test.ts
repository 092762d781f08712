import { test, before } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from './support/cli';
import { CORPUS_DIRS, SYSTEM_INCLUDE } from './support/paths';
import { oracle, type OracleHeader } from './support/gcc-oracle';

/**
 * The real kernel headers of the machine (Debian's linux-libc-dev), through the CLI's JSON,
 * against gcc's preprocessor as the oracle.
 */

interface JsonIoctl { name: string; line: number; column: number; macro: string | null; dir: string | null; type: number | null; nr: number | null; argType: string | null; unresolved: string | null }
interface JsonDiagnostic { rule: string; severity: string; message: string; ioctls: string[]; line: number }
interface JsonOutput { version: number; files: Array<{ path: string; ioctls: JsonIoctl[]; diagnostics: JsonDiagnostic[] }> }

const dirs = CORPUS_DIRS.map((d) => path.join(SYSTEM_INCLUDE, d)).filter((d) => fs.existsSync(d));
let output: JsonOutput;
let byPath: Map<string, JsonOutput['files'][number]>;

before(() => {
  assert.ok(dirs.length >= 6, 'linux-libc-dev must be installed (.ci/run installs it)');
  const run = runCli(['--format', 'json', '--fail-on', 'none', ...dirs]);
  assert.equal(run.status, 0, run.stderr);
  output = JSON.parse(run.stdout);
  byPath = new Map(output.files.map((f) => [f.path, f]));
});

test('the whole corpus is analysed without a crash, in JSON version 1', () => {
  assert.equal(output.version, 1);
  assert.ok(output.files.length > 800, `${output.files.length} files`);
  const ioctls = output.files.flatMap((f) => f.ioctls);
  assert.ok(ioctls.length > 2000, `${ioctls.length} ioctls`);
  for (const i of ioctls) {
    assert.ok(i.line >= 1 && i.column >= 1);
    assert.ok(i.unresolved !== null || (i.type !== null && i.nr !== null && i.dir !== null), `${i.name} has fields or a reason`);
  }
});

test('every ioctl in misc/ gets a custom-ioctl finding; none on the DRM magic does', () => {
  const misc = output.files.filter((f) => f.path.startsWith(path.join(SYSTEM_INCLUDE, 'misc') + path.sep));
  const miscIoctls = misc.flatMap((f) => f.ioctls.map((i) => ({ file: f, i })));
  assert.ok(miscIoctls.length >= 40, `${miscIoctls.length} ioctls in misc/`);
  for (const { file, i } of miscIoctls) {
    const d = file.diagnostics.find((x) => x.rule === 'custom-ioctl' && x.ioctls.includes(i.name));
    assert.ok(d, `${i.name} in ${file.path} has a custom-ioctl finding`);
    assert.equal(d.line, i.line);
    assert.equal(d.severity, 'warning');
  }
  for (const f of output.files) {
    for (const d of f.diagnostics.filter((x) => x.rule === 'custom-ioctl')) {
      const i = f.ioctls.find((x) => d.ioctls.includes(x.name))!;
      assert.notEqual(i.type, 0x64, `${i.name} is on the DRM magic`);
    }
  }
});

test('differential against gcc: names, type and nr', async (t) => {
  const headers = dirs.flatMap((d) => {
    const found: string[] = [];
    const visit = (p: string) => {
      for (const e of fs.readdirSync(p, { withFileTypes: true })) {
        const q = path.join(p, e.name);
        if (e.isDirectory()) visit(q);
        else if (e.name.endsWith('.h')) found.push(path.relative(SYSTEM_INCLUDE, q));
      }
    };
    visit(d);
    return found;
  });
  const truth: OracleHeader[] = await oracle(SYSTEM_INCLUDE, headers.sort());
  let gccNames = 0;
  let listed = 0;
  let compared = 0;
  let unresolvedByUs = 0;
  const wrong: string[] = [];
  const missing: string[] = [];
  const extra: string[] = [];
  for (const h of truth) {
    const ours = byPath.get(path.join(SYSTEM_INCLUDE, h.header));
    assert.ok(ours, `${h.header} is in the JSON`);
    const mine = new Map(ours.ioctls.map((i) => [i.name, i]));
    for (const g of h.ioctls) {
      gccNames++;
      const i = mine.get(g.name);
      if (!i) {
        missing.push(`${h.header}: ${g.name}`);
        continue;
      }
      listed++;
      if (g.type === undefined) continue; // gcc could not evaluate it standalone either
      if (i.type === null || i.nr === null) {
        unresolvedByUs++;
        continue;
      }
      compared++;
      if (i.type !== g.type || i.nr !== g.nr) wrong.push(`${h.header}: ${g.name} ours ${i.type}/${i.nr}, gcc ${g.type}/${g.nr}`);
    }
    if (h.preprocessed) {
      const theirs = new Set(h.ioctls.map((g) => g.name));
      for (const i of ours.ioctls) if (!theirs.has(i.name)) extra.push(`${h.header}: ${i.name}`);
    }
  }
  const summary = `gcc identifies ${gccNames}; listed ${listed}; compared ${compared}; wrong ${wrong.length}; unresolved by us but not gcc ${unresolvedByUs}; extra ${extra.length}`;
  t.diagnostic(summary);
  assert.ok(gccNames > 2000, summary);
  assert.ok(listed >= 0.99 * gccNames, `${summary}\nmissing:\n${missing.slice(0, 20).join('\n')}`);
  assert.deepEqual(wrong, [], summary);
  assert.ok(unresolvedByUs <= 0.01 * gccNames, summary);
  assert.deepEqual(extra, [], summary);
});
