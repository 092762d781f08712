import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { Log, Result } from 'sarif';
import { runCli } from './support/cli';
import { commitAll, git, newRepository } from './support/git-trees';
import { analyzeFile } from './support/analyze';
import { EXAMPLES, FIXTURES, ROOT } from './support/paths';
import { jsonFile, type JsonDiagnostic, type JsonFile } from '../../server/out/cli/format';
import {
  artifactLocationOf,
  criteriaPageUri,
  FINGERPRINT_KEY,
  GITHUB_LIMITS,
  repositoryUrls,
  SARIF_SCHEMA_URI,
  sarifLog,
  type SarifContext,
} from '../../server/out/cli/sarif';
import { ALL_RULES } from '../../server/out/rules/index';
import { criteriaHref, packageVersion } from '../../server/out/core/package-files';

/**
 * SARIF output (server/src/cli/sarif.ts) on the real analysis of the bundled examples: valid
 * against the official SARIF 2.1.0 schema (OASIS, with Errata 01; test/fixtures/sarif/README.md
 * says where it comes from), within what GitHub code scanning's upload asks beyond the schema,
 * with fingerprints that survive unrelated edits and baselineState only against a base.
 */

// the CLI runs in a child process (support/cli.ts kills it after its own limit); analyses load wasm
const LIMIT = { timeout: 180_000 };

const SCHEMA_FILE = path.join(FIXTURES, 'sarif', 'sarif-schema-2.1.0.json');

function validator() {
  const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8'));
  // the official schema is JSON Schema draft-04; ajv-draft-04 is Ajv's class for that draft.
  // strictRequired is off: the schema's anyOf lists `required` names its parent defines, which
  // is valid JSON Schema that Ajv's strict mode flags; every other strict check is on.
  const ajv = new Ajv04({ allErrors: true, strict: true, strictRequired: false });
  addFormats(ajv);
  return { schema, validate: ajv.compile(schema) };
}

let schemaCheck: ReturnType<typeof validator> | undefined;

function assertValid(log: unknown, what: string): void {
  schemaCheck ??= validator();
  const ok = schemaCheck.validate(log);
  assert.ok(ok, `${what} is not valid SARIF 2.1.0:\n${JSON.stringify(schemaCheck.validate.errors?.slice(0, 20), null, 2)}`);
}

const readText = (p: string) => {
  try {
    return fs.readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
};

const context = (extra: Partial<SarifContext> = {}): SarifContext => ({ root: ROOT, textOf: readText, toolVersion: packageVersion(), ...extra });

let examples: JsonFile[] | undefined;

/** The JSON output of the CLI on the bundled examples (headers and a driver source). */
function exampleFiles(): JsonFile[] {
  if (!examples) {
    const r = runCli(['--format', 'json', EXAMPLES], ROOT);
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    examples = (JSON.parse(r.stdout) as { files: JsonFile[] }).files;
    assert.ok(examples.length >= 4, `${examples.length} files`);
    assert.ok(examples.reduce((n, f) => n + f.diagnostics.length, 0) > 10);
  }
  return examples;
}

const resultsOf = (log: Log): Result[] => log.runs[0].results ?? [];
const regionOf = (r: Result) => r.locations![0].physicalLocation!.region!;
const uriOf = (r: Result) => r.locations![0].physicalLocation!.artifactLocation!.uri!;

test('(a) the log of the bundled examples is valid against the official SARIF 2.1.0 schema', LIMIT, () => {
  const { schema } = (schemaCheck ??= validator());
  // the schema the log names is the one it is checked against
  assert.equal(schema.id, SARIF_SCHEMA_URI);
  const files = exampleFiles();
  const log = sarifLog(files, context());
  assertValid(log, 'the log of the examples');
  assertValid(JSON.parse(JSON.stringify(log)), 'the log as written out');
  assertValid(sarifLog(files, context({ base: { ref: 'main', commit: 'a'.repeat(40) } })), 'the log against a base');
  assertValid(sarifLog([], context()), 'the log of no files');

  // the check is not vacuous: what the schema forbids is caught
  const broken = (change: (l: Log) => void) => {
    const copy = JSON.parse(JSON.stringify(log)) as Log;
    change(copy);
    return schemaCheck!.validate(copy);
  };
  assert.equal(broken((l) => delete (resultsOf(l)[0] as Partial<Result>).message), false);
  assert.equal(broken((l) => (regionOf(resultsOf(l)[0]).startColumn = 0)), false);
  assert.equal(broken((l) => ((resultsOf(l)[0] as { level: string }).level = 'info')), false);
  assert.equal(broken((l) => ((l.runs[0] as { columnKind: string }).columnKind = 'bytes')), false);
  // formats are checked (ajv-formats), and Errata 01's rule that a text region has a start
  assert.equal(broken((l) => (l.runs[0].tool.driver.informationUri = 'not a uri')), false);
  assert.equal(broken((l) => (resultsOf(l)[0].locations![0].physicalLocation!.artifactLocation!.uri = 'a b.h')), false);
  assert.equal(broken((l) => delete regionOf(resultsOf(l)[0]).startLine), false);
});

test('(b) what GitHub code scanning asks of an upload beyond the schema', LIMIT, () => {
  const files = exampleFiles();
  const log = sarifLog(files, context());
  assert.equal(log.$schema, SARIF_SCHEMA_URI);
  assert.equal(log.version, '2.1.0');
  assert.equal(log.runs.length, 1);
  assert.ok(log.runs.length <= GITHUB_LIMITS.runsPerFile);
  const run = log.runs[0];

  // the tool: name, version (SemVer), home page, every rule
  const driver = run.tool.driver;
  assert.equal(driver.name, 'uapi-lint');
  assert.equal(driver.semanticVersion, packageVersion());
  assert.match(driver.semanticVersion!, /^\d+\.\d+\.\d+/);
  assert.match(driver.informationUri ?? '', /^(https|file):\/\//);
  const rules = driver.rules!;
  assert.deepEqual(rules.map((r) => r.id), ALL_RULES.map((r) => r.id));
  assert.equal(new Set(rules.map((r) => r.id)).size, rules.length);
  assert.ok(rules.length <= GITHUB_LIMITS.rulesPerRun);
  const packageJson = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const expectedLevel = { error: 'error', warning: 'warning', info: 'note', hint: 'note' } as const;
  rules.forEach((r, i) => {
    const rule = ALL_RULES[i];
    assert.ok(r.id.length > 0 && r.id.length <= GITHUB_LIMITS.ruleIdChars, r.id);
    assert.ok(r.name!.length > 0 && r.name!.length <= GITHUB_LIMITS.ruleNameChars, r.id);
    assert.equal(r.shortDescription?.text, rule.description);
    assert.ok(r.shortDescription!.text.length <= GITHUB_LIMITS.descriptionChars, r.id);
    assert.ok(r.fullDescription!.text.length > 0 && r.fullDescription!.text.length <= GITHUB_LIMITS.descriptionChars, r.id);
    assert.ok(r.help!.text.length > 0, r.id);
    assert.equal(r.defaultConfiguration?.level, expectedLevel[rule.defaultSeverity], r.id);
    // the criteria page: in the repository when package.json names one, else the shipped file
    // (none when the page is not there: a helpUri must lead somewhere)
    const shipped = criteriaHref(rule.criteria);
    if (!shipped) assert.equal(r.helpUri, undefined, r.id);
    else if (packageJson.repository) assert.match(r.helpUri!, new RegExp(`^https://.*/docs/criteria/${rule.criteria}\\.md$`));
    else assert.equal(r.helpUri, shipped);
  });

  // results: one per finding of the JSON output, in its order
  const results = resultsOf(log);
  const diagnostics = files.flatMap((f) => f.diagnostics.map((d) => ({ f, d })));
  assert.equal(results.length, diagnostics.length);
  assert.ok(results.length <= GITHUB_LIMITS.resultsPerRun);
  assert.deepEqual(new Set(results.map((r) => r.level)), new Set(['warning', 'note']), 'the examples have warnings and notes');
  results.forEach((r, i) => {
    const { f, d } = diagnostics[i];
    const where = `${d.rule} at ${f.path}:${d.line}`;
    assert.equal(r.ruleId, d.rule);
    assert.equal(rules[r.ruleIndex!].id, r.ruleId, where);
    assert.equal(r.level, expectedLevel[d.severity as keyof typeof expectedLevel], where);
    assert.equal(r.message.text, d.message, where);
    assert.ok(r.message.text!.length > 0 && r.message.text!.length <= 1024, where);
    // exactly one location, a file of the repository given relative to its root
    assert.equal(r.locations?.length, 1, where);
    const physical = r.locations![0].physicalLocation!;
    const artifact = physical.artifactLocation!;
    assert.equal(artifact.uriBaseId, '%SRCROOT%', where);
    assert.doesNotMatch(artifact.uri!, /^[a-z][a-z0-9+.-]*:|^\/|\\|(^|\/)\.\.(\/|$)/i, where);
    assert.equal(artifact.uri, path.relative(ROOT, f.path).split(path.sep).join('/'), where);
    assert.ok(fs.statSync(path.join(ROOT, decodeURIComponent(artifact.uri!))).isFile(), where);
    assert.equal(run.artifacts![artifact.index!].location!.uri, artifact.uri, where);
    // a full region, 1-based, as the JSON output has it
    const region = physical.region!;
    assert.deepEqual([region.startLine, region.startColumn, region.endLine, region.endColumn], [d.line, d.column, d.endLine, d.endColumn], where);
    assert.ok(region.startLine! >= 1 && region.startColumn! >= 1, where);
    assert.ok(region.endLine! > region.startLine! || (region.endLine === region.startLine && region.endColumn! >= region.startColumn!), where);
    // fingerprints GitHub reads (primaryLocationLineHash) and ours
    assert.match(r.partialFingerprints?.primaryLocationLineHash ?? '', /^[0-9a-f]{16}:\d+$/, where);
    assert.match(r.partialFingerprints?.[FINGERPRINT_KEY] ?? '', /^[0-9a-f]{32}$/, where);
    // no comparison with a base, no baselineState
    assert.equal(r.baselineState, undefined, where);
  });
  // snippets are the text of the region
  const withSnippet = results.filter((r) => regionOf(r).snippet);
  assert.ok(withSnippet.length > results.length / 2);
  for (const r of withSnippet) {
    const region = regionOf(r);
    if (region.startLine !== region.endLine) continue;
    const line = fs.readFileSync(path.join(ROOT, uriOf(r)), 'utf8').split('\n')[region.startLine! - 1];
    assert.equal(region.snippet!.text, line.slice(region.startColumn! - 1, region.endColumn! - 1));
  }

  assert.deepEqual(run.originalUriBaseIds, { '%SRCROOT%': { uri: `${pathToFileURL(ROOT).href}/` } });
  assert.equal(run.columnKind, 'utf16CodeUnits');
  assert.equal(run.versionControlProvenance, undefined);
});

test('(b) over 25,000 results the least severe are left out, and the log says so; long messages are bounded', () => {
  const severities = ['info', 'warning', 'error'];
  const diagnostics: JsonDiagnostic[] = [];
  for (let i = 0; i < GITHUB_LIMITS.resultsPerRun + 10; i++) {
    diagnostics.push({
      rule: 'custom-ioctl',
      severity: i < 10 ? 'hint' : severities[i % 3],
      line: i + 1, column: 1, endLine: i + 1, endColumn: 2,
      message: i === 10 ? 'a long message '.repeat(400) : `finding ${i}`,
      href: null, ioctls: [`IOCTL_${i}`],
    });
  }
  const file: JsonFile = { path: path.join(ROOT, 'many.h'), ioctls: [], diagnostics, subsystem: null };
  const log = sarifLog([file], context({ textOf: () => undefined }));
  const results = resultsOf(log);
  assert.equal(results.length, GITHUB_LIMITS.resultsPerRun);
  const kept = new Set(results.map((r) => r.message.text));
  const leftOut = diagnostics.filter((d) => !kept.has(d.message) && d.message.length < 1000);
  assert.equal(leftOut.length, 10);
  assert.ok(leftOut.every((d) => d.severity === 'hint'));
  assert.ok(results.some((r) => r.level === 'error') && results.every((r, i) => i === 0 || regionOf(r).startLine! > regionOf(results[i - 1]).startLine!), 'kept in their order');
  const note = log.runs[0].invocations?.[0].toolExecutionNotifications?.[0];
  assert.match(note?.message.text ?? '', /^10 of 25010 results left out/);
  const long = results.find((r) => r.message.text!.startsWith('a long message'))!;
  assert.equal(long.message.text!.length, 1024);
  assert.ok(long.message.text!.endsWith(' ...'));
  assertValid(log, 'the log over the limit');
});

/** The SARIF results of one analysed text, as the CLI would give them. */
async function resultsFor(file: string, text: string): Promise<Result[]> {
  const json = jsonFile(file, await analyzeFile(file, text));
  return resultsOf(sarifLog([json], context({ textOf: (p) => (p === file ? text : undefined) })));
}

const fingerprintsOf = (r: Result) => r.partialFingerprints!;

/**
 * The results of `before` and `after` (the text with one line inserted at row `at`, 1-based)
 * paired up: the same rule, ioctls and column, on the line moved by the insertion.
 */
function pair(before: Result[], after: Result[], at: number): Array<[Result, Result]> {
  return before.map((b) => {
    const line = regionOf(b).startLine!;
    const moved = line >= at ? line + 1 : line;
    const same = after.filter(
      (a) =>
        a.ruleId === b.ruleId &&
        regionOf(a).startLine === moved &&
        regionOf(a).startColumn === regionOf(b).startColumn &&
        JSON.stringify(a.properties?.ioctls) === JSON.stringify(b.properties?.ioctls),
    );
    assert.equal(same.length, 1, `${b.ruleId} at ${line}: ${same.length} counterparts`);
    return [b, same[0]];
  });
}

test('(c) fingerprints stay when an unrelated line is inserted above a finding, and differ between findings', LIMIT, async () => {
  for (const name of ['nimbus_private.h', 'nimbus_misc.c', 'vendor_unresolved.h']) {
    const file = path.join(EXAMPLES, name);
    const text = fs.readFileSync(file, 'utf8');
    const before = await resultsFor(file, text);
    assert.ok(before.length >= 3, `${name}: ${before.length} findings`);
    // a comment line at the top, and one just above the last finding's line
    const lines = text.split('\n');
    const last = regionOf(before[before.length - 1]).startLine!;
    for (const at of [1, last]) {
      const edited = [...lines.slice(0, at - 1), '/* an unrelated comment */', ...lines.slice(at - 1)].join('\n');
      const after = await resultsFor(file, edited);
      assert.equal(after.length, before.length, `${name}, line inserted at ${at}`);
      for (const [b, a] of pair(before, after, at)) {
        assert.deepEqual(fingerprintsOf(a), fingerprintsOf(b), `${name}: ${b.ruleId} at ${regionOf(b).startLine}, line inserted at ${at}`);
      }
    }
    // every finding of a file has its own fingerprints
    for (const key of [FINGERPRINT_KEY, 'primaryLocationLineHash']) {
      const values = before.map((r) => fingerprintsOf(r)[key]);
      assert.equal(new Set(values).size, values.length, `${name}: ${key} repeats`);
    }
  }
});

test('(c) findings alike on identical lines are told apart by their order, and keep their fingerprints', () => {
  const finding = (line: number): JsonDiagnostic => ({
    rule: 'uapi-non-kernel-int', severity: 'warning', line, column: 2, endLine: line, endColumn: 5,
    message: `int member (line ${line})`, href: null, ioctls: ['X_IOCTL'],
  });
  const text = 'struct x {\n\tint a;\n\tint a;\n};\n';
  const file = path.join(ROOT, 'x.h');
  const log = (t: string | undefined, lines: number[]) =>
    resultsOf(sarifLog([{ path: file, ioctls: [], diagnostics: lines.map(finding), subsystem: null }], context({ textOf: () => t }))).map(fingerprintsOf);
  const [first, second] = log(text, [2, 3]);
  assert.notDeepEqual(first, second);
  assert.match(first.primaryLocationLineHash, /:1$/);
  assert.match(second.primaryLocationLineHash, /:2$/);
  assert.deepEqual(log(`/* moved */\n\n${text}`, [4, 5]), [first, second]);
  // without the text, the message stands in for the line, its line numbers left out
  const [a, b] = log(undefined, [2, 3]);
  assert.notDeepEqual(a, b);
  assert.deepEqual(log(undefined, [7, 8]), [a, b]);
});

test('columns count UTF-16 code units (run.columnKind), not bytes or code points', LIMIT, async () => {
  const file = path.join(EXAMPLES, 'columns.h');
  const text = [
    '/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */',
    '#ifndef _COLUMNS_H',
    '#define _COLUMNS_H',
    '#include <linux/types.h>',
    '#include <linux/ioctl.h>',
    'struct col_args {',
    '\t/* \u{1F600} \u00E9 */ int value;',
    '};',
    "#define COL_IOCTL_SET _IOW('x', 1, struct col_args)",
    '#endif',
    '',
  ].join('\n');
  const results = await resultsFor(file, text);
  const r = results.find((x) => x.ruleId === 'uapi-non-kernel-int');
  assert.ok(r, results.map((x) => x.ruleId).join(' '));
  const region = regionOf(r);
  assert.equal(region.startLine, 7);
  const line = text.split('\n')[6];
  // the finding is on the member's type or its name: where either starts, counted three ways
  const starts = ['int value', 'value'].map((s) => line.slice(0, line.indexOf(s)));
  const utf16 = starts.map((p) => p.length + 1);
  const bytes = starts.map((p) => Buffer.byteLength(p) + 1);
  const codePoints = starts.map((p) => [...p].length + 1);
  assert.ok(utf16.includes(region.startColumn!), `column ${region.startColumn}, UTF-16 ${utf16}`);
  assert.ok(!bytes.includes(region.startColumn!) && !codePoints.includes(region.startColumn!), `bytes ${bytes}, code points ${codePoints}`);
  assert.equal(r.locations![0].physicalLocation!.region!.snippet?.text, line.slice(region.startColumn! - 1, region.endColumn! - 1));
  assert.match(region.snippet?.text ?? '', /^(int value|value)/);
});

test('(d) baselineState is on every result when there is a base, and on none without', LIMIT, () => {
  const files = exampleFiles();
  const without = sarifLog(files, context());
  assert.ok(resultsOf(without).length > 0);
  assert.ok(resultsOf(without).every((r) => !('baselineState' in r)));
  assert.equal(without.runs[0].properties, undefined);

  // the comparison marks each finding (a field of the JSON output); one it did not mark is new
  const marked = files.map((f) => ({
    ...f,
    diagnostics: f.diagnostics.map((d, i) => (i % 2 ? { ...d, baselineState: 'unchanged' as const } : i % 3 ? { ...d, baselineState: 'new' as const } : d)),
  }));
  const base = { ref: 'origin/main', commit: '0123456789abcdef0123456789abcdef01234567' };
  const withBase = sarifLog(marked, context({ base }));
  const expected = marked.flatMap((f) => f.diagnostics.map((d) => ((d as { baselineState?: string }).baselineState === 'unchanged' ? 'unchanged' : 'new')));
  assert.deepEqual(resultsOf(withBase).map((r) => r.baselineState), expected);
  assert.ok(expected.includes('new') && expected.includes('unchanged'));
  assert.deepEqual(withBase.runs[0].properties, { 'uapiLint/base': base });
  assertValid(withBase, 'the log against a base');
  // the marks alone, without a base, give no baselineState
  assert.ok(resultsOf(sarifLog(marked, context())).every((r) => r.baselineState === undefined));
  // and the fingerprints are the same with or without a base
  assert.deepEqual(resultsOf(withBase).map(fingerprintsOf), resultsOf(without).map(fingerprintsOf));
});

test('locations outside the root are absolute file: URIs; names are percent-encoded', () => {
  assert.deepEqual(artifactLocationOf('/work/tree/include/uapi/a b#1.h', '/work/tree'), { uri: 'include/uapi/a%20b%231.h', uriBaseId: '%SRCROOT%' });
  assert.deepEqual(artifactLocationOf('/elsewhere/x.h', '/work/tree'), { uri: 'file:///elsewhere/x.h' });
  assert.deepEqual(artifactLocationOf('/work/tree-2/x.h', '/work/tree'), { uri: 'file:///work/tree-2/x.h' });
  const file: JsonFile = {
    path: '/elsewhere/x.h', ioctls: [], subsystem: null,
    diagnostics: [{ rule: 'custom-ioctl', severity: 'warning', line: 1, column: 1, endLine: 1, endColumn: 2, message: 'm', href: null, ioctls: [] }],
  };
  assertValid(sarifLog([file], context({ root: '/work/tree', textOf: () => 'x\n' })), 'a log with a file outside the root');
});

test('helpUri: the criteria page in the repository when package.json names one, else the shipped page', () => {
  const shipped = criteriaHref('custom-ioctl');
  assert.ok(shipped?.startsWith('file://'));
  assert.equal(criteriaPageUri('custom-ioctl', undefined), shipped);
  assert.equal(criteriaPageUri('custom-ioctl', 'https://example.org/some/repo.git'), shipped);
  assert.equal(criteriaPageUri('no-such-page', 'github:o/r'), undefined);
  const page = 'https://github.com/o/r/blob/HEAD/docs/criteria/custom-ioctl.md';
  for (const repository of ['github:o/r', 'o/r', 'git+https://github.com/o/r.git', 'git@github.com:o/r.git', 'ssh://git@github.com/o/r.git', { type: 'git', url: 'https://github.com/o/r' }]) {
    assert.equal(criteriaPageUri('custom-ioctl', repository), page, JSON.stringify(repository));
  }
  assert.equal(criteriaPageUri('custom-ioctl', { url: 'https://github.com/o/r.git', directory: 'packages/lint' }), 'https://github.com/o/r/blob/HEAD/packages/lint/docs/criteria/custom-ioctl.md');
  assert.equal(repositoryUrls('https://gitlab.com/g/sub/r.git')?.blob('README.md'), 'https://gitlab.com/g/sub/r/-/blob/HEAD/README.md');
  assert.equal(repositoryUrls(undefined), undefined);
});

test('uapi-lint --format sarif in a git work tree: valid, URIs from the work tree, new and unchanged results against the base', LIMIT, () => {
  const dir = newRepository('uapi-lint-sarif-');
  const header = path.join(dir, 'include', 'uapi', 'misc', 'kite.h');
  fs.mkdirSync(path.dirname(header), { recursive: true });
  const base = "#include <linux/ioctl.h>\n#include <linux/types.h>\nstruct kite_args {\n\t__u32 a;\n\t__u64 b;\n};\n#define KITE_IOCTL_A _IOW('K', 1, struct kite_args)\n";
  fs.writeFileSync(header, base);
  commitAll(dir, 'kite');
  git(dir, 'update-ref', 'refs/remotes/origin/main', 'HEAD');
  fs.writeFileSync(header, base + "#define KITE_IOCTL_B _IOW('K', 2, struct kite_args)\n");
  try {
    const r = runCli(['--format', 'sarif', '--base', 'origin/main', '--fail-on', 'none', 'include'], dir);
    assert.equal(r.status, 0, r.stderr);
    const log = JSON.parse(r.stdout) as Log;
    assertValid(log, 'the CLI\'s SARIF');
    const results = resultsOf(log);
    assert.ok(results.length > 0);
    assert.ok(results.every((x) => uriOf(x) === 'include/uapi/misc/kite.h'));
    const state = (ioctl: string) => results.filter((x) => x.ruleId === 'custom-ioctl' && x.message.text!.startsWith(ioctl)).map((x) => `${x.baselineState} ${x.level}`);
    assert.deepEqual(state('KITE_IOCTL_A'), ['unchanged note']);
    assert.deepEqual(state('KITE_IOCTL_B'), ['new warning']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
