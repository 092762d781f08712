import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import Ajv from 'ajv';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { CLI, FIXTURES } from './support/paths';
import { linuxSource } from './support/linux-source';
import { CLI_TIMEOUT_MS } from './support/cli';
import { commitAll, git, newRepository } from './support/git-trees';
import { LspClient } from './support/lsp-client';
import { within } from './support/deadline';
import { pathToFileURL } from 'node:url';

/**
 * `uapi-lint review` on series written for these tests (test/fixtures/series): the Frobnicator
 * NPU, first as a new accelerator parked in drivers/misc (no userspace link, no documentation, a
 * struct member without kernel-doc, no dri-devel, linux-api or dma-buf Cc, dma-buf used), then
 * fixed (moved to accel, Mesa MR linked, Documentation/accel/frob/, everyone on Cc). Each
 * submission rule fires once on the first and never on the second, whatever form the series
 * comes in: a folder of format-patch files, an mbox as b4 am writes it (RFC 2047 names, folded
 * headers, a quoted-printable body), one patch, a plain git diff, standard input (b4).
 */

const LIMIT = { timeout: 180_000 };
const SERIES = path.join(FIXTURES, 'series');
const BROKEN = path.join(SERIES, 'frob-misc');
const FIXED = path.join(SERIES, 'frob-accel', 'frob-accel-v2.mbox');
const SUBMISSION_RULES = ['submission-userspace', 'submission-reviewers', 'submission-documentation', 'submission-placement', 'uapi-kernel-doc'];

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

interface B4Result {
  tool: string;
  status: string;
  summary?: string;
  details?: string;
}

function review(args: string[], input?: string): Run {
  const r = spawnSync(process.execPath, [CLI, 'review', '-C', linuxSource(), ...args], { encoding: 'utf8', input, timeout: CLI_TIMEOUT_MS, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new Error(`uapi-lint review ${args.join(' ')}: ${r.error.message}\n${r.stderr}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface ReviewJson {
  version: number;
  files: Array<{ path: string; diagnostics: Array<{ rule: string; severity: string; line: number; patch: number; message: string }> }>;
  diagnostics: Array<{ rule: string; severity: string; message: string; patch?: number; file?: string; line?: number }>;
  series: { form: string; patches: Array<{ index: number; subject: string; files: Array<{ path: string; status: string }> }>; additions: Array<{ kind: string; subject: string; patch: number }> };
  problems: string[];
}

function reviewJson(args: string[]): ReviewJson {
  const r = review([...args, '--format', 'json']);
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  return JSON.parse(r.stdout) as ReviewJson;
}

/** Every finding of a review by rule: the series' own and those on its files. */
function byRule(j: ReviewJson): Map<string, Array<{ message: string; patch?: number; severity: string }>> {
  const out = new Map<string, Array<{ message: string; patch?: number; severity: string }>>();
  for (const d of [...j.diagnostics, ...j.files.flatMap((f) => f.diagnostics)]) out.set(d.rule, [...(out.get(d.rule) ?? []), d]);
  return out;
}

test('the misc accelerator series: each submission rule fires once, with the addresses and places it concerns', LIMIT, () => {
  const j = reviewJson([BROKEN]);
  assert.equal(j.series.form, 'format-patch');
  assert.deepEqual(
    j.series.patches.map((p) => p.subject),
    ['[PATCH v1 1/2] misc: frob: add the uAPI of the Frobnicator NPU', '[PATCH v1 2/2] misc: frob: add the Frobnicator NPU driver'],
  );
  const rules = byRule(j);
  for (const id of SUBMISSION_RULES) assert.equal(rules.get(id)?.length, 1, `${id}: ${JSON.stringify(rules.get(id) ?? [])}`);
  const userspace = rules.get('submission-userspace')![0];
  assert.match(userspace.message, /FROB_IOCTL_SUBMIT/);
  assert.match(userspace.message, /neither patch 1 nor the cover letter/);
  const placement = rules.get('submission-placement')![0];
  assert.match(placement.message, /drivers\/accel\/frob\//);
  assert.match(placement.message, /include\/uapi\/drm\/frob_accel\.h/);
  const docs = rules.get('submission-documentation')![0];
  assert.match(docs.message, /drivers\/misc\/frob\//);
  const reviewers = rules.get('submission-reviewers')![0].message;
  // dma_buf on an added line brings the dma-buf section through its K:; uAPI brings linux-api
  for (const a of ['linux-api@vger.kernel.org', 'dri-devel@lists.freedesktop.org', 'sumit.semwal@linaro.org', 'christian.koenig@amd.com', 'linux-media@vger.kernel.org', 'linaro-mm-sig@lists.linaro.org']) {
    assert.ok(reviewers.includes(a), `submission-reviewers names ${a}: ${reviewers}`);
  }
  // those the mails do copy are not named
  for (const a of ['gregkh@linuxfoundation.org', 'arnd@arndb.de']) assert.ok(!reviewers.includes(a), `${a} is on Cc: ${reviewers}`);
  const kdoc = rules.get('uapi-kernel-doc')![0];
  assert.match(kdoc.message, /out_fence/);
  assert.equal(kdoc.patch, 1);
  // the driver's findings are the second patch's
  for (const d of j.files.find((f) => f.path === 'drivers/misc/frob/frob_drv.c')!.diagnostics) assert.equal(d.patch, 2, d.message);
  assert.deepEqual(
    j.series.additions.filter((a) => a.kind === 'ioctl').map((a) => a.subject),
    ['FROB_IOCTL_BO_CREATE', 'FROB_IOCTL_BO_MMAP', 'FROB_IOCTL_SUBMIT', 'FROB_IOCTL_WAIT'],
  );
});

test('the same series fixed (accel, Mesa MR, documentation, Cc) meets every criterion, read from an mbox', LIMIT, () => {
  const j = reviewJson([FIXED]);
  assert.equal(j.series.form, 'mbox');
  assert.equal(j.series.patches.length, 3);
  const rules = byRule(j);
  for (const id of SUBMISSION_RULES) assert.equal(rules.get(id), undefined, `${id}: ${JSON.stringify(rules.get(id))}`);
  // the quoted-printable patch was decoded: its driver was rebuilt and analysed
  const driver = j.files.find((f) => f.path === 'drivers/accel/frob/frob_drv.c');
  assert.ok(driver, 'the driver of patch 2 (quoted-printable) is reviewed');
  const md = review([FIXED, '--format', 'markdown']);
  assert.equal(md.status, 0, md.stderr);
  assert.match(md.stdout, /- \[x\] Open userspace/);
  assert.match(md.stdout, /- \[x\] The right reviewers/);
  assert.match(md.stdout, /- \[x\] Documentation/);
});

test('one patch and a plain git diff: the content rules fire, and a diff has no mail to check', LIMIT, () => {
  const single = reviewJson([path.join(BROKEN, 'v1-0001-misc-frob-add-the-uAPI-of-the-Frobnicator-NPU.patch')]);
  assert.equal(single.series.form, 'patch');
  const s = byRule(single);
  assert.equal(s.get('submission-userspace')?.length, 1);
  assert.equal(s.get('uapi-kernel-doc')?.length, 1);
  const diff = reviewJson([path.join(SERIES, 'frob-misc.diff')]);
  assert.equal(diff.series.form, 'diff');
  const d = byRule(diff);
  assert.match(d.get('submission-userspace')![0].message, /the diff has no commit message/);
  assert.equal(d.get('submission-placement')?.length, 1);
  // no To/Cc to compare with get_maintainer's
  assert.equal(d.get('submission-reviewers'), undefined);
});

test('gcc-style lines name the file, the line and the patch; the exit status follows --fail-on', LIMIT, () => {
  const r = review([BROKEN, '--fail-on', 'warning']);
  assert.equal(r.status, 1);
  const line = r.stdout.split('\n').find((l) => l.includes('[uapi-kernel-doc]'));
  assert.match(line ?? '', /^include\/uapi\/misc\/frob_npu\.h:\d+:\d+: warning: .*\[uapi-kernel-doc\] \(patch 1\/2 'misc: frob: add the uAPI of the Frobnicator NPU'\)$/);
  assert.equal(review([FIXED, '--fail-on', 'warning']).status, 0);
});

test('SARIF of a review is valid SARIF 2.1.0 and carries the series findings', LIMIT, () => {
  const r = review([BROKEN, '--format', 'sarif']);
  const log = JSON.parse(r.stdout) as { runs: Array<{ results: Array<{ ruleId: string }> }> };
  const ajv = new Ajv04({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(FIXTURES, 'sarif', 'sarif-schema-2.1.0.json'), 'utf8')));
  assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 3)));
  const ids = new Set(log.runs[0].results.map((x) => x.ruleId));
  for (const id of SUBMISSION_RULES) assert.ok(ids.has(id), id);
});

test("b4's check protocol: a patch on standard input, a JSON array of {tool, status, summary, url, details} out", LIMIT, () => {
  const schema = {
    type: 'array',
    minItems: 1,
    items: {
      type: 'object',
      required: ['tool', 'status'],
      additionalProperties: false,
      properties: {
        tool: { type: 'string', minLength: 1 },
        status: { enum: ['pass', 'warn', 'fail'] },
        summary: { type: 'string' },
        url: { type: 'string' },
        details: { type: 'string' },
      },
    },
  };
  const validate = new Ajv({ allErrors: true }).compile(schema);
  const patch = fs.readFileSync(path.join(BROKEN, 'v1-0001-misc-frob-add-the-uAPI-of-the-Frobnicator-NPU.patch'), 'utf8');
  const r = review(['--format', 'b4'], patch);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as B4Result[];
  assert.ok(validate(out), JSON.stringify(validate.errors));
  assert.equal(out[0].tool, 'uapi-lint');
  assert.equal(out[0].status, 'warn');
  assert.match(out[0].details ?? '', /\[submission-userspace\]/);
  // the fixed series' uAPI patch passes
  const fixed = fs.readFileSync(FIXED, 'utf8').split(/^(?=From git@z )/m)[1] ?? '';
  const ok = JSON.parse(review(['--format', 'b4'], fixed).stdout) as B4Result[];
  assert.ok(validate(ok));
  assert.equal(ok[0].status, 'pass', JSON.stringify(ok));
  // something that is no patch: still an answer b4 can show, and exit 0
  const bad = review(['--format', 'b4'], 'hello\n');
  assert.equal(bad.status, 0);
  const badOut = JSON.parse(bad.stdout) as B4Result[];
  assert.ok(validate(badOut));
  assert.equal(badOut[0].status, 'fail');
});

test('a series the tree already holds is read back by reversing it; one that does not apply says so', LIMIT, () => {
  const tree = fs.mkdtempSync(path.join(os.tmpdir(), 'uapi-lint-review-'));
  try {
    // a tiny tree: the diff's Makefile with the series applied, and its new files
    const j0 = reviewJson([path.join(SERIES, 'frob-misc.diff')]);
    assert.equal(j0.problems.length, 0, j0.problems.join('\n'));
    const src = linuxSource();
    fs.mkdirSync(path.join(tree, 'drivers', 'misc'), { recursive: true });
    fs.writeFileSync(path.join(tree, 'drivers', 'misc', 'Makefile'), fs.readFileSync(path.join(src, 'drivers', 'misc', 'Makefile'), 'utf8') + 'obj-$(CONFIG_FROB_NPU)\t\t+= frob/\n');
    const r = spawnSync(process.execPath, [CLI, 'review', '-C', tree, path.join(SERIES, 'frob-misc.diff'), '--format', 'json'], { encoding: 'utf8', timeout: CLI_TIMEOUT_MS });
    const j = JSON.parse(r.stdout) as ReviewJson & { series: { alreadyApplied: string[] } };
    assert.deepEqual(j.series.alreadyApplied, ['drivers/misc/Makefile']);
    fs.writeFileSync(path.join(tree, 'drivers', 'misc', 'Makefile'), 'obj-y += something-else.o\n');
    const bad = spawnSync(process.execPath, [CLI, 'review', '-C', tree, path.join(SERIES, 'frob-misc.diff'), '--format', 'json'], { encoding: 'utf8', timeout: CLI_TIMEOUT_MS });
    const jb = JSON.parse(bad.stdout) as ReviewJson;
    assert.ok(jb.problems.some((p) => /drivers\/misc\/Makefile: patch 1 does not apply/.test(p)), jb.problems.join('\n'));
    assert.match(bad.stderr, /does not apply/);
  } finally {
    fs.rmSync(tree, { recursive: true, force: true });
  }
});

test('hostile input: binary, empty, a broken hunk, a huge subject; a clear message, never a crash', LIMIT, () => {
  const bin = review(['-'], '\u0000\u0001binary');
  assert.equal(bin.status, 2);
  assert.match(bin.stderr, /binary file, not a patch/);
  const empty = review(['-'], '');
  assert.equal(empty.status, 2);
  assert.match(empty.stderr, /neither a mail nor a diff/);
  const broken = review(['-'], 'diff --git a/x.h b/x.h\n--- a/x.h\n+++ b/x.h\n@@ -1,2 +1,2 @@\n-a\n+b\n c\n d\n e\n');
  assert.ok(broken.status === 0 || broken.status === 2, broken.stderr);
  assert.match(broken.stdout + broken.stderr, /cannot be read|does not apply|no such file/);
  const huge = review(['-'], `From: a <a@b.c>\nSubject: [PATCH] ${'x'.repeat(200_000)}\n\nmsg\n---\ndiff --git a/include/uapi/misc/q.h b/include/uapi/misc/q.h\nnew file mode 100644\n--- /dev/null\n+++ b/include/uapi/misc/q.h\n@@ -0,0 +1 @@\n+#define Q_IOCTL _IO('q', 1)\n`);
  assert.ok(huge.status === 0 || huge.status === 1, huge.stderr);
});

test('"Review branch" in the editor: the branch as a series, the same report, each finding linked to its line', LIMIT, async () => {
  const dir = newRepository();
  fs.mkdirSync(path.join(dir, 'arch'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'include', 'uapi', 'misc'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'include', 'uapi', 'misc', '.keep'), '');
  commitAll(dir, 'base');
  git(dir, 'update-ref', 'refs/remotes/origin/main', 'HEAD');
  git(dir, 'checkout', '-q', '-b', 'frob');
  // the uAPI patch of the misc series, applied as a maintainer applies it
  git(dir, 'am', '-q', path.join(BROKEN, 'v1-0001-misc-frob-add-the-uAPI-of-the-Frobnicator-NPU.patch'));
  const client = new LspClient(['--stdio'], { gitBase: true });
  try {
    await client.initialize(pathToFileURL(dir).href, {}, { trustedWorkspace: true });
    const result = (await within(
      client.connection.sendRequest('workspace/executeCommand', { command: 'uapiLint.branchReview', arguments: [pathToFileURL(dir).href] }),
      60_000,
      'branch review',
    )) as { markdown: string };
    const md = result.markdown;
    assert.match(md, /^# Review of the branch in .* against origin\/main/m);
    assert.match(md, /`submission-userspace`/);
    assert.match(md, /`submission-placement`/);
    assert.match(md, /- \[ \] Open userspace/);
    // a finding links to its line of the header
    const header = pathToFileURL(path.join(dir, 'include', 'uapi', 'misc', 'frob_npu.h')).href;
    assert.ok(md.includes(`](${header}#L`), md);
  } finally {
    assert.equal(await client.shutdown(), 0);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('"Review branch" in Restricted Mode runs no git and says why', LIMIT, async () => {
  const dir = newRepository();
  commitAll(dir, 'base');
  const client = new LspClient(['--stdio'], { gitBase: true });
  try {
    await client.initialize(pathToFileURL(dir).href, {}, { trustedWorkspace: false });
    const result = (await within(client.connection.sendRequest('workspace/executeCommand', { command: 'uapiLint.branchReview', arguments: [] }), 60_000, 'branch review')) as { markdown: string };
    assert.match(result.markdown, /Restricted Mode/);
  } finally {
    assert.equal(await client.shutdown(), 0);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
