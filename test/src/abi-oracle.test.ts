import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { abidiffHeaders, headersInstall, installedTree, kernelSourceTree, type OracleAbi, type OracleChange, type OracleResult } from './support/abidiff-oracle';
import { kernelHistory } from './support/git-trees';
import { linuxSource } from './support/linux-source';
import { ROOT } from './support/paths';
import { analyzeDocument, initAnalysis } from '../../server/out/analysis/pipeline';
import { readBaseline } from '../../server/out/analysis/git-baseline';
import { Baseline } from '../../server/out/core/baseline/baseline';
import { recordsReachedByIoctls, type UapiChange } from '../../server/out/core/baseline/abi-diff';
import { HeaderCache } from '../../server/out/core/include/header-cache';
import type { DocumentModel } from '../../server/out/core/document';

/**
 * uapi-abi-break against an independent oracle: libabigail's abidiff on objects gcc compiled
 * with -g from each version of a header, as scripts/check-uapi.sh does, on x86_64 and i386.
 * The pairs: every uAPI header of Linux 6.1 (Debian's linux-libc-dev) that Linux 6.12's source
 * also has with another text, and changes written here for each case the rules name. Every
 * break abidiff reports on a struct an ioctl reaches must be found; every difference between
 * the two is a row of docs/abi-break-oracle.md, with its reason, and every row a difference.
 */

const ABIS: OracleAbi[] = ['x86_64', 'i386'];
/** What abidiff reports that the rules call a break (size growth alone: see struct-extended). */
const BREAK_KINDS = new Set<OracleChange['kind']>(['size', 'member-offset', 'member-type', 'member-removed', 'type-removed', 'enumerator-value']);
const TABLE = path.join(ROOT, 'docs', 'abi-break-oracle.md');

/** One disagreement: which header, which type or constant, on which ABIs, and what each side says. */
interface Difference {
  header: string;
  subject: string;
  abis: OracleAbi[];
  abidiff: string;
  uapiLint: string;
}

function keyOf(d: Pick<Difference, 'header' | 'subject' | 'abidiff' | 'uapiLint'>): string {
  return `${d.header} | ${d.subject} | ${d.abidiff} | ${d.uapiLint}`;
}

/** The rows of the table in docs/abi-break-oracle.md: `| header | subject | ABIs | abidiff | uapi-lint | why |`. */
function documentedRows(): Map<string, string> {
  const rows = new Map<string, string>();
  const text = fs.readFileSync(TABLE, 'utf8');
  for (const line of text.split('\n')) {
    const cells = line.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim().replace(/\\\|/g, '|').replace(/^`|`$/g, ''));
    if (cells.length !== 6 || cells[0] === 'header' || /^-+$/.test(cells[0])) continue;
    rows.set(keyOf({ header: cells[0], subject: cells[1], abidiff: cells[3], uapiLint: cells[4] }), cells[5]);
  }
  return rows;
}

/** Compare abidiff's changes and uapi-lint's for one header on one ABI. */
function differencesOf(header: string, abi: OracleAbi, oracle: OracleResult, ours: UapiChange[], reached: Set<string>, removedArgs: Set<string>): Array<Omit<Difference, 'abis'>> {
  const out: Array<Omit<Difference, 'abis'>> = [];
  const mine = ours.filter((c) => c.abis.includes(abi) || c.abis.length === 0);
  const theirs = oracle.changes.filter((c) => BREAK_KINDS.has(c.kind) && !c.ignoredByCheckUapi);
  // structs and unions an ioctl reaches (the rules' scope), by type
  const types = new Set(theirs.filter((c) => /^(struct|union) \w+$/.test(c.type) && reached.has(c.type)).map((c) => c.type));
  for (const type of types) {
    const kinds = [...new Set(theirs.filter((c) => c.type === type).map((c) => c.kind))].sort().join(', ');
    const found = mine.find((c) => c.subject === type && c.verdict === 'break');
    // a struct gone with the ioctl that took it: uapi-lint reports the ioctl removed
    if (found || (theirs.some((c) => c.type === type && c.kind === 'type-removed') && removedArgs.has(type))) continue;
    const extended = mine.find((c) => c.subject === type);
    out.push({ header, subject: type, abidiff: `break (${kinds})`, uapiLint: extended ? extended.verdict : 'none' });
  }
  for (const c of mine.filter((x) => x.verdict === 'break' && x.kind.startsWith('struct'))) {
    if (types.has(c.subject)) continue;
    const said = oracle.changes.filter((x) => x.type === c.subject);
    out.push({ header, subject: c.subject, abidiff: said.length ? `not a break (${[...new Set(said.map((x) => x.ignoredByCheckUapi ? `${x.kind}, suppressed` : x.kind))].sort().join('; ')})` : 'none', uapiLint: 'break' });
  }
  // enum constants: abidiff's enumerator values against constant-changed
  const values = new Set(theirs.filter((c) => c.kind === 'enumerator-value' && c.member).map((c) => c.member!));
  const constants = new Set(mine.filter((c) => c.kind === 'constant-changed').map((c) => c.subject));
  for (const v of values) if (!constants.has(v)) out.push({ header, subject: v, abidiff: 'break (enumerator-value)', uapiLint: 'none' });
  for (const v of constants) if (!values.has(v)) out.push({ header, subject: v, abidiff: 'none', uapiLint: 'break' });
  return out;
}

/** The argument structs of the ioctls uapi-lint reports removed. */
function removedArgTypes(base: DocumentModel, changes: UapiChange[]): Set<string> {
  const removed = new Set(changes.filter((c) => c.kind === 'ioctl-removed').map((c) => c.subject));
  return new Set(base.ioctls.filter((i) => removed.has(i.name) && i.argType).map((i) => i.argType!));
}

/** Merge the ABIs of identical differences. */
function merged(list: Array<Omit<Difference, 'abis'> & { abi: OracleAbi }>): Difference[] {
  const byKey = new Map<string, Difference>();
  for (const d of list) {
    const k = keyOf(d);
    const known = byKey.get(k);
    if (known) known.abis.push(d.abi);
    else byKey.set(k, { header: d.header, subject: d.subject, abis: [d.abi], abidiff: d.abidiff, uapiLint: d.uapiLint });
  }
  return [...byKey.values()].sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
}

function assertTable(differences: Difference[], scope: (key: string) => boolean): void {
  const rows = documentedRows();
  const listed = [...rows.keys()].filter(scope);
  const found = differences.map(keyOf);
  const missing = differences.filter((d) => !rows.has(keyOf(d)));
  const stale = listed.filter((k) => !found.includes(k));
  // the rows to paste, for a new difference
  const paste = missing.map((d) => `| ${d.header} | \`${d.subject}\` | ${d.abis.join(', ')} | ${d.abidiff} | ${d.uapiLint} | ? |`).join('\n');
  assert.deepEqual(missing.map(keyOf), [], `differences not in ${path.relative(ROOT, TABLE)}:\n${paste}`);
  assert.deepEqual(stale, [], `rows of ${path.relative(ROOT, TABLE)} that are no difference any more`);
  for (const k of listed) assert.ok(rows.get(k) && rows.get(k) !== '?', `${k}: a reason`);
}

test('written changes: reorder, retype, shrink, a reserved field used, a flexible array, a DRM struct extended; abidiff and uapi-abi-break agree but where the table says', { timeout: 300_000 }, async () => {
  await initAnalysis();
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'uapi-lint-oracle-')));
  const head = '#ifndef _UAPI_ORACLE_H\n#define _UAPI_ORACLE_H\n#include <linux/types.h>\n#include <linux/ioctl.h>\n';
  const tail = '#endif\n';
  const args = (body: string) => `struct oracle_args {\n${body}};\n#define ORACLE_IOCTL _IOWR('O', 1, struct oracle_args)\n`;
  const drm = (body: string) => `#define DRM_IOCTL_BASE 'd'\n#define DRM_COMMAND_BASE 0x40\nstruct drm_oracle_info {\n${body}};\n#define DRM_IOCTL_ORACLE_INFO _IOWR(DRM_IOCTL_BASE, DRM_COMMAND_BASE + 1, struct drm_oracle_info)\n`;
  const BASE = '\t__u32 handle;\n\t__u32 flags;\n\t__u64 addr;\n\t__u32 pad;\n\t__u32 reserved[3];\n';
  const cases: Record<string, [string, string]> = {
    'misc/oracle_reorder.h': [args(BASE), args(BASE.replace('\t__u32 handle;\n\t__u32 flags;', '\t__u32 flags;\n\t__u32 handle;'))],
    'misc/oracle_retype.h': [args(BASE), args(BASE.replace('__u32 flags;', '__s32 flags;').replace('__u32 handle;', '__u16 handle;'))],
    'misc/oracle_shrink.h': [args(BASE), args(BASE.replace('\t__u32 reserved[3];\n', ''))],
    'misc/oracle_reserved.h': [args(BASE), args(BASE.replace('__u32 pad;', '__u32 extra_flags;').replace('__u32 reserved[3];', '__u32 count;\n\t__u16 a;\n\t__u16 b;\n\t__u32 reserved[1];'))],
    'misc/oracle_flex.h': [args('\t__u32 count;\n\t__u32 pad;\n\t__u64 items[0];\n'), args('\t__u32 count;\n\t__u32 pad;\n\t__u64 items[];\n')],
    'drm/oracle_drm.h': [drm('\t__u64 value;\n'), drm('\t__u64 value;\n\t__u64 more;\n')],
  };
  const changed: Record<string, string> = {};
  for (const [header, [before, after]] of Object.entries(cases)) {
    for (const [side, text] of [['base', before], ['branch', after]] as const) {
      const file = path.join(root, side, 'include', 'uapi', header);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, head + text + tail);
    }
    changed[`include/uapi/${header}`] = head + before + tail;
  }
  fs.mkdirSync(path.join(root, 'branch', 'arch'), { recursive: true });
  const branchRoot = path.join(root, 'branch');
  const baseline = new Baseline({ ref: 'base', commit: 'b'.repeat(40), root: branchRoot, changed, ignored: [] });
  const cache = new HeaderCache({});
  const tree = (side: string, header: string) => ({ includes: [path.join(root, side, 'include', 'uapi'), '/usr/include'], file: path.join(root, side, 'include', 'uapi', header) });
  const headers = Object.keys(cases);
  const requests = headers.flatMap((h) => ABIS.map((abi) => ({ header: h, base: tree('base', h), branch: tree('branch', h), abi })));
  const results = await abidiffHeaders(requests, 2);
  const all: Array<Omit<Difference, 'abis'> & { abi: OracleAbi }> = [];
  const summary: string[] = [];
  requests.forEach((r, k) => {
    assert.ok(results[k].compiled, `${r.header} ${r.abi}: ${results[k].reason}`);
    const file = path.join(branchRoot, 'include', 'uapi', r.header);
    const result = analyzeDocument(file, fs.readFileSync(file, 'utf8'), { cache, baseline });
    const changes = result.base!.changes;
    summary.push(`${r.header} ${r.abi}: abidiff ${results[k].changes.map((c) => c.kind).join(',') || '-'}; uapi-lint ${changes.map((c) => `${c.kind}/${c.verdict}`).join(',') || '-'}`);
    for (const d of differencesOf(`(written) ${r.header}`, r.abi, results[k], changes, recordsReachedByIoctls(result.base!.base!), removedArgTypes(result.base!.base!, changes))) all.push({ ...d, abi: r.abi });
  });
  // each case found as the rules say, whatever abidiff thinks
  const verdicts = (h: string) => {
    const file = path.join(branchRoot, 'include', 'uapi', h);
    return analyzeDocument(file, fs.readFileSync(file, 'utf8'), { cache, baseline }).base!.changes.map((c) => `${c.kind} ${c.verdict}`);
  };
  assert.deepEqual(verdicts('misc/oracle_reorder.h'), ['struct-broken break']);
  assert.deepEqual(verdicts('misc/oracle_retype.h'), ['struct-broken break']);
  assert.deepEqual(verdicts('misc/oracle_shrink.h'), ['struct-broken break']);
  assert.deepEqual(verdicts('misc/oracle_reserved.h'), []);
  assert.deepEqual(verdicts('misc/oracle_flex.h'), []);
  assert.deepEqual(verdicts('drm/oracle_drm.h'), ['struct-extended extension']);
  assertTable(merged(all), (k) => k.startsWith('(written)'));
  fs.rmSync(root, { recursive: true, force: true });
  process.stdout.write(`# ${summary.join('\n# ')}\n`);
});

test('Linux 6.1 against 6.12, every uAPI header both have: every abidiff break on a struct an ioctl reaches is found, and each difference is in the table', { timeout: 30 * 60_000 }, async () => {
  await initAnalysis();
  const { dir, v61 } = kernelHistory();
  const found = await readBaseline(dir, v61);
  assert.ok(found, 'a baseline at the 6.1 commit');
  found.repo.dispose();
  const baseline = new Baseline(found.data);
  const kernel = linuxSource();
  // the headers both have with another text (as the repository's 6.1 commit and 6.12 hold them)
  const headers = baseline
    .changedFiles()
    .filter((f) => {
      const at = baseline.fileAt(f);
      // a text that differs only in what headers_install rewrites is no change to compare
      return f.endsWith('.h') && fs.existsSync(f) && at.state === 'changed' && at.text !== headersInstall(fs.readFileSync(f, 'utf8'));
    })
    .map((f) => path.relative(dir, f).split(path.sep).join('/'))
    .map((rel) => (rel.startsWith('arch/x86/include/uapi/') ? rel.slice('arch/x86/include/uapi/'.length) : rel.slice('include/uapi/'.length)))
    .sort();
  assert.ok(headers.length > 300, `${headers.length} headers changed between 6.1 and 6.12`);
  const fileOf = (h: string) => (h.startsWith('asm/') ? path.join(dir, 'arch/x86/include/uapi', h) : path.join(dir, 'include/uapi', h));
  // uapi-lint first (seconds), then the oracle (minutes)
  const cache = new HeaderCache({});
  const ours = new Map<string, { changes: UapiChange[]; reached: Set<string>; removedArgs: Set<string> }>();
  for (const h of headers) {
    const result = analyzeDocument(fileOf(h), fs.readFileSync(fileOf(h), 'utf8'), { cache, baseline });
    const base = result.base!;
    ours.set(h, { changes: base.changes, reached: base.base ? recordsReachedByIoctls(base.base) : new Set(), removedArgs: base.base ? removedArgTypes(base.base, base.changes) : new Set() });
  }
  const requests = headers.flatMap((h) => ABIS.map((abi) => ({ header: h, base: installedTree(h), branch: kernelSourceTree(kernel, h), abi })));
  const started = Date.now();
  const results = await abidiffHeaders(requests, 2);
  const all: Array<Omit<Difference, 'abis'> & { abi: OracleAbi }> = [];
  let agreed = 0;
  let outOfScope = 0;
  const notCompiled = new Set<string>();
  requests.forEach((r, k) => {
    const oracle = results[k];
    if (!oracle.compiled) {
      notCompiled.add(r.header);
      return;
    }
    const { changes, reached, removedArgs } = ours.get(r.header)!;
    const breaks = oracle.changes.filter((c) => BREAK_KINDS.has(c.kind) && !c.ignoredByCheckUapi && /^(struct|union) /.test(c.type));
    outOfScope += breaks.filter((c) => !reached.has(c.type)).length;
    const diffs = differencesOf(r.header, r.abi, oracle, changes, reached, removedArgs);
    agreed += new Set(breaks.filter((c) => reached.has(c.type)).map((c) => c.type)).size - diffs.filter((d) => d.uapiLint !== 'break').length;
    for (const d of diffs) all.push({ ...d, abi: r.abi });
  });
  const differences = merged(all);
  process.stdout.write(
    `# ${headers.length} headers, ${requests.length} abidiff comparisons in ${((Date.now() - started) / 1000).toFixed(0)} s; ${notCompiled.size} headers abidiff could not compile (${[...notCompiled].join(', ')}); ` +
      `${agreed} struct breaks found by both; ${outOfScope} abidiff breaks on types no ioctl reaches; ${differences.length} differences\n`,
  );
  assertTable(differences, (k) => !k.startsWith('(written)'));
});
