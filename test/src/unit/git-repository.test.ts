import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GitRepository } from '../../../server/out/git/git-repository';

/**
 * The git reader: the base of a branch, a file's text at a commit through one long-lived
 * `cat-file --batch`, and a repository whose configuration tries to make git run its programs
 * (hooks, fsmonitor, pager, a filter) without any of them running.
 */

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', timeout: 10_000, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.org' } });
}

/** A repository with a hostile configuration: every program it names writes a marker file. */
function hostileRepo(): { dir: string; marker: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uapi-lint-git-'));
  const marker = path.join(dir, '..', `${path.basename(dir)}-ran`);
  const evil = path.join(dir, '.evil.sh');
  fs.writeFileSync(evil, `#!/bin/sh\necho "$0 $@" >> '${marker}'\n`, { mode: 0o755 });
  git(dir, 'init', '-q', '-b', 'main');
  fs.mkdirSync(path.join(dir, 'hooks'));
  for (const hook of ['post-checkout', 'pre-commit', 'post-commit', 'reference-transaction']) fs.copyFileSync(evil, path.join(dir, 'hooks', hook));
  fs.mkdirSync(path.join(dir, 'include', 'uapi', 'misc'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'include', 'uapi', 'misc', 'a.h'), "#define A_IOCTL _IO('a', 1)\n");
  fs.writeFileSync(path.join(dir, '.gitattributes'), '*.h filter=evil diff=evil\n');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '--no-verify', '-m', 'base');
  git(dir, 'update-ref', 'refs/remotes/origin/main', 'HEAD');
  git(dir, 'checkout', '-q', '-b', 'topic');
  fs.writeFileSync(path.join(dir, 'include', 'uapi', 'misc', 'a.h'), "#define A_IOCTL _IO('a', 1)\n#define B_IOCTL _IO('a', 2)\n");
  git(dir, 'commit', '-q', '--no-verify', '-am', 'topic');
  // only now: the repository's configuration names its programs everywhere git might run one
  for (const [k, v] of [
    ['core.hooksPath', path.join(dir, 'hooks')],
    ['core.fsmonitor', evil],
    ['core.pager', evil],
    ['pager.cat-file', evil],
    ['filter.evil.clean', evil],
    ['filter.evil.smudge', evil],
    ['filter.evil.process', evil],
    ['diff.evil.textconv', evil],
    ['diff.external', evil],
    ['core.sshCommand', evil],
  ]) git(dir, 'config', k, v);
  return { dir, marker };
}

test('the base of a branch, files at it through cat-file --batch, and a hostile configuration that runs nothing', { timeout: 60_000 }, async () => {
  const { dir, marker } = hostileRepo();
  const runs: string[][] = [];
  const repo = await GitRepository.open(path.join(dir, 'include', 'uapi'), { onRun: (a) => runs.push([...a]) });
  assert.ok(repo, 'a repository');
  try {
    assert.equal(repo.root, fs.realpathSync(dir));
    const base = await repo.base();
    assert.ok(base);
    assert.equal(base.ref, 'origin/main');
    assert.equal(base.commit, git(dir, 'rev-parse', 'main').trim());
    // a named base, and one that does not exist
    assert.equal((await repo.base('main'))?.commit, base.commit);
    assert.equal(await repo.base('no-such-branch'), undefined);
    assert.equal(await repo.base('--output=/tmp/x'), undefined, 'a ref that looks like an option is no option');
    // files at the base: many at once, over one process
    const reads = await Promise.all([
      repo.readFile(base.commit, 'include/uapi/misc/a.h'),
      repo.readFile(base.commit, 'include/uapi/misc/missing.h'),
      repo.readFile('HEAD', 'include/uapi/misc/a.h'),
      ...Array.from({ length: 50 }, () => repo.readFile(base.commit, 'include/uapi/misc/a.h')),
    ]);
    assert.equal(reads[0], "#define A_IOCTL _IO('a', 1)\n");
    assert.equal(reads[1], undefined);
    assert.equal(reads[2], "#define A_IOCTL _IO('a', 1)\n#define B_IOCTL _IO('a', 2)\n");
    assert.ok(reads.slice(3).every((r) => r === reads[0]));
    assert.deepEqual([...(await repo.listFiles(base.commit, ['include/uapi']))], ['include/uapi/misc/a.h']);
    // one cat-file process, with the settings that override the repository's
    assert.equal(runs.filter((a) => a.includes('cat-file')).length, 1);
    for (const a of runs) {
      assert.ok(a.includes('core.hooksPath=/dev/null') && a.includes('core.fsmonitor=false') && a.includes('core.pager=cat'), a.join(' '));
      assert.ok(!a.some((x) => /ext-diff|--filters|textconv/.test(x)), a.join(' '));
    }
  } finally {
    repo.dispose();
  }
  assert.equal(fs.existsSync(marker), false, fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8') : '');
  fs.rmSync(dir, { recursive: true, force: true });
});

test('no repository, no git: undefined, and nothing thrown', { timeout: 30_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uapi-lint-nogit-'));
  assert.equal(await GitRepository.open(dir), undefined);
  assert.equal(await GitRepository.open(dir, { git: path.join(dir, 'no-such-git') }), undefined);
  fs.rmSync(dir, { recursive: true, force: true });
});
