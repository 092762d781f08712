import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { linuxSource } from './linux-source';
import { SYSTEM_INCLUDE } from './paths';

/**
 * Real git repositories in temporary folders, built from real kernel headers: Linux 6.1's uAPI
 * as Debian's linux-libc-dev installed it (with libdrm's copies of the DRM headers), and Linux
 * 6.12's `include/uapi` from linux-source-6.12, each laid out as a kernel tree (`include/uapi`,
 * `arch/x86/include/uapi`), one commit after the other.
 */

const GIT_ENV = { GIT_AUTHOR_NAME: 'uapi-lint tests', GIT_AUTHOR_EMAIL: 'tests@example.org', GIT_COMMITTER_NAME: 'uapi-lint tests', GIT_COMMITTER_EMAIL: 'tests@example.org', GIT_CONFIG_NOSYSTEM: '1' };

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'core.hooksPath=/dev/null', ...args], { cwd, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...GIT_ENV } });
}

/** A new repository on branch `main` in a temporary folder. */
export function newRepository(prefix = 'uapi-lint-git-'): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  git(dir, 'init', '-q', '-b', 'main');
  return dir;
}

/** Commit everything in the work tree (`-A`), and say which commit it is. */
export function commitAll(dir: string, message: string): string {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--no-verify', '--allow-empty', '-m', message);
  return git(dir, 'rev-parse', 'HEAD').trim();
}

function copyHeaders(from: string, to: string, keep: (name: string) => boolean = (n) => n.endsWith('.h')): void {
  if (!fs.existsSync(from)) return;
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, e.name);
    if (e.isDirectory()) copyHeaders(src, path.join(to, e.name), keep);
    else if (e.isFile() && keep(e.name)) {
      fs.mkdirSync(to, { recursive: true });
      fs.copyFileSync(src, path.join(to, e.name));
    }
  }
}

/** Replace the work tree's uAPI headers with Linux 6.1's, as /usr/include has them. */
export function writeLinux61(dir: string): void {
  clearUapi(dir);
  for (const sub of ['linux', 'misc', 'mtd', 'rdma', 'scsi', 'sound', 'video', 'xen', 'asm-generic']) {
    copyHeaders(path.join(SYSTEM_INCLUDE, sub), path.join(dir, 'include', 'uapi', sub));
  }
  // the kernel's DRM headers, as libdrm-dev ships them (its own API headers left out)
  copyHeaders(path.join(SYSTEM_INCLUDE, 'libdrm'), path.join(dir, 'include', 'uapi', 'drm'), (n) => /^drm(_mode|_fourcc)?\.h$|_drm\.h$/.test(n));
  copyHeaders(path.join(SYSTEM_INCLUDE, 'x86_64-linux-gnu', 'asm'), path.join(dir, 'arch', 'x86', 'include', 'uapi', 'asm'));
}

/** Replace the work tree's uAPI headers with Linux 6.12's, from linux-source-6.12. */
export function writeLinux612(dir: string): void {
  clearUapi(dir);
  const src = linuxSource();
  copyHeaders(path.join(src, 'include', 'uapi'), path.join(dir, 'include', 'uapi'));
  copyHeaders(path.join(src, 'arch', 'x86', 'include', 'uapi'), path.join(dir, 'arch', 'x86', 'include', 'uapi'));
}

function clearUapi(dir: string): void {
  fs.rmSync(path.join(dir, 'include'), { recursive: true, force: true });
  fs.rmSync(path.join(dir, 'arch'), { recursive: true, force: true });
}

export interface KernelHistory {
  dir: string;
  /** Linux 6.1's headers. */
  v61: string;
  /** Linux 6.12's headers, the commit after. */
  v612: string;
}

let history: KernelHistory | undefined;

/**
 * One repository per test process: 6.1, then 6.12 on `main`, with origin/main at 6.12. Tests
 * that change it work on a branch of their own and check `main` out again.
 */
export function kernelHistory(): KernelHistory {
  if (history) return history;
  const dir = newRepository('uapi-lint-kernel-');
  writeLinux61(dir);
  const v61 = commitAll(dir, 'Linux 6.1 uAPI headers (linux-libc-dev)');
  writeLinux612(dir);
  const v612 = commitAll(dir, 'Linux 6.12 uAPI headers (linux-source-6.12)');
  git(dir, 'update-ref', 'refs/remotes/origin/main', v612);
  history = { dir, v61, v612 };
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return history;
}
