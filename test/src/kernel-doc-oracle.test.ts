import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { linuxSource } from './support/linux-source';
import { analyzeFile } from './support/analyze';
import { within } from './support/deadline';
import { differences, emptyFindings, KINDS, ourFindings, parseRst, parseWarnings, runKernelDoc, type KernelDocFindings } from './support/kernel-doc-oracle';
import { kernelDocSubjects } from '../../server/out/rules/uapi-kernel-doc';

/**
 * uapi-kernel-doc against Linux 6.12's own scripts/kernel-doc, on every header of
 * include/uapi/drm and include/uapi/misc of linux-source-6.12. kernel-doc warns only about
 * structs that have a kernel-doc comment; uapi-lint computes the same for every struct, union
 * and enum of a header it reads a comment for (documentedRecords, documentedEnums), and the
 * rule looks at those an ioctl carries. Compared: the members kernel-doc says have no
 * description, the descriptions of members that do not exist, the comments that name another
 * struct, a missing short description, the same for enum constants, which structs kernel-doc documents at all and which of
 * their members it has a description of (from its reStructuredText output). Every difference is
 * fixed, or a row of the table below with its reason.
 */

interface ExpectedDifference {
  /** The header, relative to the tree. */
  header: string;
  /** The difference as the test prints it. */
  item: string;
  reason: string;
}

/** Where uapi-lint and kernel-doc disagree on Linux 6.12's DRM and misc headers, on purpose. */
const EXPECTED_DIFFERENCES: ExpectedDifference[] = [
  {
    header: 'include/uapi/drm/vmwgfx_drm.h',
    item: 'noSummary: only kernel-doc: struct drm_vmw_size',
    reason: '"struct drm_vmw_size ioctl." names no declaration: kernel-doc warns of the missing short description and then of the wrong identifier, uapi-lint of the identifier only',
  },
];

/** The headers of the folders, relative to the tree, sorted. */
function headersUnder(tree: string, dirs: string[]): string[] {
  const out: string[] = [];
  const visit = (rel: string) => {
    for (const e of fs.readdirSync(path.join(tree, rel), { withFileTypes: true })) {
      const child = path.posix.join(rel, e.name);
      if (e.isDirectory()) visit(child);
      else if (e.name.endsWith('.h')) out.push(child);
    }
  };
  for (const d of dirs) visit(d);
  return out.sort();
}

/** Run `work` on every item, `n` at a time; the results in the items' order. */
async function pool<T, R>(items: T[], n: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  return results;
}

function setDifferences(what: string, name: string, theirs: string[], ours: string[]): string[] {
  const t = new Set(theirs);
  const o = new Set(ours);
  return [
    ...theirs.filter((x) => !o.has(x)).map((x) => `${what}: only kernel-doc: ${name}\t${x}`),
    ...ours.filter((x) => !t.has(x)).map((x) => `${what}: only uapi-lint: ${name}\t${x}`),
  ];
}

test('uapi-kernel-doc agrees with scripts/kernel-doc -none -Wall on every DRM and misc uAPI header of Linux 6.12', { timeout: 10 * 60_000 }, async (t) => {
  const tree = linuxSource();
  const headers = headersUnder(tree, ['include/uapi/drm', 'include/uapi/misc']);
  assert.ok(headers.length >= 35, `${headers.length} headers`);
  const runs = await pool(headers, 2, async (header) => ({
    header,
    warnings: (await runKernelDoc(tree, ['-none', '-Wall'], header)).stderr,
    rst: (await runKernelDoc(tree, ['-rst', '-sphinx-version', '3.4.3'], header)).stdout,
  }));

  const found: string[] = [];
  let structs = 0;
  let reachable = 0;
  let members = 0;
  let warnings = 0;
  let ruleFindings = 0;
  for (const run of runs) {
    const result = await within(analyzeFile(path.join(tree, run.header)), 60_000, `the analysis of ${run.header}`);
    const file = result.model.file;
    const theirs = parseWarnings(run.warnings);
    const documented = parseRst(run.rst);
    const ours = ourFindings(file);
    const here: string[] = [];
    warnings += KINDS.reduce((n, k) => n + theirs[k].size, 0);
    members += ours.members;
    structs += documented.size;

    // every documented struct: what has no description, what describes nothing, which comment names another
    here.push(...differences(theirs, ours.findings));
    // which structs kernel-doc documents, and which of their members it has a description of
    here.push(...setDifferences('documented', '(header)', [...documented.keys()], [...ours.described.keys()]));
    for (const [name, described] of documented) {
      const mine = ours.described.get(name);
      if (mine) here.push(...setDifferences('described', name, described, mine));
    }

    // the rule's own scope: the structs an ioctl carries that kernel-doc documents too
    const subjects = kernelDocSubjects(result.model).filter((s) => s.what === 'record' && s.name !== null && documented.has(s.name) && !s.doc.mismatch);
    reachable += subjects.length;
    const inScope = new Set(subjects.map((s) => s.name!));
    const rule: KernelDocFindings = emptyFindings();
    for (const s of subjects) {
      for (const m of s.doc.undescribed) rule.undescribed.add(`${s.name}\t${m}`);
      for (const m of s.doc.excess) rule.excess.add(`${s.name}\t${m}`);
      // a struct kernel-doc warns about has the rule's finding, on its name
      const warned = [...theirs.undescribed, ...theirs.excess].some((x) => x.startsWith(`${s.name}\t`)) || theirs.noSummary.has(s.title);
      const finding = result.findings.find((f) => f.rule === 'uapi-kernel-doc' && f.range.start.row === result.model.file.lines.position(s.record!.nameStart).row);
      if (warned !== !!finding) here.push(`rule: ${warned ? 'no finding on' : 'a finding on'} ${s.title}${finding ? `: ${finding.message}` : ''}`);
      if (finding) ruleFindings++;
    }
    const scoped = (x: string) => inScope.has(x.split('\t')[0]);
    const theirsInScope: KernelDocFindings = { ...emptyFindings(), undescribed: new Set([...theirs.undescribed].filter(scoped)), excess: new Set([...theirs.excess].filter(scoped)) };
    here.push(...differences(theirsInScope, rule).map((d) => `rule scope: ${d}`));
    found.push(...here.map((d) => `${run.header}: ${d}`));
  }

  const expected = new Set(EXPECTED_DIFFERENCES.map((e) => `${e.header}: ${e.item}`));
  const unexpected = found.filter((d) => !expected.has(d));
  const stale = [...expected].filter((e) => !found.includes(e));
  const summary =
    `${headers.length} headers, ${structs} structs and unions kernel-doc documents (${reachable} of them carried by ioctls and looked at by the rule, ` +
    `${ruleFindings} with a finding), ${members} members and enum constants compared, ${warnings} kernel-doc warnings about members and names, ` +
    `${found.length} differences, ${EXPECTED_DIFFERENCES.length} rows in the table of expected differences`;
  t.diagnostic(summary);
  assert.deepEqual(unexpected, [], summary);
  assert.deepEqual(stale, [], 'rows of the table that no longer differ');
  assert.ok(structs > 200 && reachable > 100 && warnings > 150, summary);
});
