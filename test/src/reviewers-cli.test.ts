import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli, CLI_TIMEOUT_MS } from './support/cli';
import { linuxSource } from './support/linux-source';
import { CLI, FIXTURES } from './support/paths';

/**
 * `uapi-lint reviewers` as a user runs it: on a file of Linux 6.12's tree (get_maintainer.pl
 * -f), a patch (the patch's own K: matches), a folder of patches, standard input; text as
 * get_maintainer.pl prints it, with --roles, and JSON; how the tree is found; bad usage. That
 * the recipients are get_maintainer.pl's own is the oracle test's business
 * (maintainers-oracle.test.ts); here, the command around them.
 */

const PATCHES = path.join(FIXTURES, 'maintainers-patches');

const FASTRPC = [
  'Srinivas Kandagatla <srinivas.kandagatla@linaro.org>',
  'Amol Maheshwari <amahesh@qti.qualcomm.com>',
  'Arnd Bergmann <arnd@arndb.de>',
  'Greg Kroah-Hartman <gregkh@linuxfoundation.org>',
  'linux-arm-msm@vger.kernel.org',
  'dri-devel@lists.freedesktop.org',
  'linux-kernel@vger.kernel.org',
];
const KEYWORD = ':Keyword:\\bdma_(?:buf|fence|resv)\\b';

test('a file of the tree: get_maintainer.pl -f, one per line; --roles; --keywords-in-file', () => {
  const tree = linuxSource();
  const plain = runCli(['reviewers', 'drivers/misc/fastrpc.c'], tree);
  assert.equal(plain.status, 0, plain.stderr);
  assert.equal(plain.stdout, FASTRPC.join('\n') + '\n');

  const roles = runCli(['reviewers', '--roles', '--keywords-in-file', path.join(tree, 'drivers/misc/fastrpc.c')], os.tmpdir());
  assert.equal(roles.status, 0, roles.stderr);
  const lines = roles.stdout.trimEnd().split('\n');
  assert.equal(lines[0], 'Srinivas Kandagatla <srinivas.kandagatla@linaro.org> (maintainer:QUALCOMM FASTRPC DRIVER)');
  assert.ok(lines.includes(`"Christian König" <christian.koenig@amd.com> (maintainer:DMA BUFFER SHARING FRAMEWORK${KEYWORD})`), roles.stdout);
  assert.ok(lines.includes(`linaro-mm-sig@lists.linaro.org (moderated list:DMA BUFFER SHARING FRAMEWORK${KEYWORD})`));
  assert.ok(lines.includes('linux-kernel@vger.kernel.org (open list)'));
});

test('a patch outside the tree (-C): the sections its files and its K: matches bring, as JSON', () => {
  const tree = linuxSource();
  const r = runCli(['reviewers', '-C', tree, '--format', 'json', path.join(PATCHES, '0004-keyword-on-added-line.patch')], os.tmpdir());
  assert.equal(r.status, 0, r.stderr);
  const json = JSON.parse(r.stdout);
  assert.equal(json.version, 1);
  assert.equal(json.tree, tree);
  assert.deepEqual(json.inputs, [{ kind: 'patch', name: path.join(PATCHES, '0004-keyword-on-added-line.patch'), files: ['drivers/misc/fastrpc.c'] }]);
  assert.deepEqual(json.files, ['drivers/misc/fastrpc.c']);
  assert.deepEqual(
    json.sections.map((s: { name: string; matchedBy: string }) => `${s.name} (${s.matchedBy})`),
    ['QUALCOMM FASTRPC DRIVER (file)', 'CHAR and MISC DRIVERS (file)', 'THE REST (file)', 'DMA BUFFER SHARING FRAMEWORK (keyword)'],
  );
  const dma = json.sections[3];
  assert.equal(dma.status, 'Maintained');
  assert.deepEqual(dma.keywords[0].matches, [{ input: path.join(PATCHES, '0004-keyword-on-added-line.patch'), line: 19, text: '+\tstruct dma_resv *resv;', matched: 'dma_resv', count: 1 }]);
  assert.deepEqual(json.sections[0].files, [{ file: 'drivers/misc/fastrpc.c', type: 'F', pattern: 'drivers/misc/fastrpc.c', line: json.sections[0].files[0].line, depth: 3 }]);
  const koenig = json.recipients.find((x: { address: string }) => x.address === 'christian.koenig@amd.com');
  assert.deepEqual(
    { ...koenig, line: undefined, section: koenig.section.name },
    {
      formatted: '"Christian König" <christian.koenig@amd.com>',
      name: 'Christian König',
      address: 'christian.koenig@amd.com',
      role: `maintainer:DMA BUFFER SHARING FRAMEWORK${KEYWORD}`,
      kind: 'maintainer',
      list: false,
      via: 'keyword',
      section: 'DMA BUFFER SHARING FRAMEWORK',
      line: undefined,
      keyword: { keyword: '\\bdma_(?:buf|fence|resv)\\b', line: dma.keywords[0].line, match: dma.keywords[0].matches[0] },
    },
  );
  const lists = json.recipients.filter((x: { list: boolean }) => x.list).map((x: { address: string; kind: string }) => `${x.address} ${x.kind}`);
  assert.deepEqual(lists, [
    'linux-arm-msm@vger.kernel.org open list',
    'dri-devel@lists.freedesktop.org open list',
    'linux-kernel@vger.kernel.org open list',
    'linux-media@vger.kernel.org open list',
    'linaro-mm-sig@lists.linaro.org moderated list',
  ]);
});

test('context lines do not count; standard input; a folder of patches is one run', () => {
  const tree = linuxSource();
  const context = runCli(['reviewers', '-C', tree, path.join(PATCHES, '0003-keyword-on-context-lines-only.patch')], os.tmpdir());
  assert.equal(context.status, 0, context.stderr);
  assert.equal(context.stdout, FASTRPC.join('\n') + '\n');

  const stdin = spawnSync(process.execPath, [CLI, 'reviewers', '-C', tree, '-'], {
    input: 'Subject: [PATCH] misc: fastrpc: keep the struct dma_fence of a context\n\n---\n--- a/drivers/misc/fastrpc.c\n+++ b/drivers/misc/fastrpc.c\n@@ -1,1 +1,1 @@\n-a\n+b\n',
    encoding: 'utf8',
    timeout: CLI_TIMEOUT_MS,
    killSignal: 'SIGKILL',
  });
  assert.equal(stdin.status, 0, stdin.stderr);
  assert.ok(stdin.stdout.includes('Sumit Semwal <sumit.semwal@linaro.org>\n'), stdin.stdout);

  const folder = runCli(['reviewers', '-C', tree, '--format', 'json', PATCHES], os.tmpdir());
  assert.equal(folder.status, 0, folder.stderr);
  const json = JSON.parse(folder.stdout);
  assert.ok(json.inputs.length >= 30 && json.inputs.every((i: { kind: string }) => i.kind === 'patch'));
  assert.deepEqual(json.files, [...json.files].sort(), 'files of several patches: sorted, each once');
  assert.ok(json.files.includes('dev/null'), 'a new or deleted file names /dev/null, which get_maintainer.pl keeps as dev/null');
});

test('a folder of the tree is get_maintainer.pl -f dir/; the tree is found above the path', () => {
  const tree = linuxSource();
  const r = runCli(['reviewers', '--format', 'json', path.join(tree, 'drivers', 'dma-buf')], os.tmpdir());
  assert.equal(r.status, 0, r.stderr);
  const json = JSON.parse(r.stdout);
  assert.deepEqual(json.files, ['drivers/dma-buf/']);
  assert.equal(json.sections[0].name, 'DMA BUFFER SHARING FRAMEWORK');
});

test('bad usage and no tree: exit 2 with the reason', () => {
  const tree = linuxSource();
  const noTree = runCli(['reviewers', path.join(PATCHES, '0001-keyword-in-subject-only.patch')], os.tmpdir());
  assert.equal(noTree.status, 2);
  assert.match(noTree.stderr, /no kernel tree \(a folder with MAINTAINERS, Makefile and Kbuild\).*-C TREE/);
  const missing = runCli(['reviewers', 'drivers/misc/no-such-file.c'], tree);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /cannot read 'drivers\/misc\/no-such-file.c'/);
  const sarif = runCli(['reviewers', '--format', 'sarif', 'drivers/misc/fastrpc.c'], tree);
  assert.equal(sarif.status, 2);
  assert.match(sarif.stderr, /reviewers prints text or json, not sarif/);
  const roles = runCli(['--roles', 'drivers/misc/fastrpc.c'], tree);
  assert.equal(roles.status, 2);
  assert.match(roles.stderr, /--roles is for reviewers/);
  const none = runCli(['reviewers'], tree);
  assert.equal(none.status, 2);
});
