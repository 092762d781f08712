import { spawnSync } from 'node:child_process';
import { CLI } from './paths';

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * How long one run of the CLI may take by default (ms). Measured: at most 14 s, for the whole
 * corpus of /usr/include in the corpus test's before hook; most runs take under a second.
 */
export const CLI_TIMEOUT_MS = 120_000;

/**
 * Run the built CLI as a user would (`node bin/uapi-lint.js ...`). A run that takes longer than
 * `timeoutMs` is killed and fails the caller with what it printed by then.
 */
export function runCli(args: string[], cwd?: string, timeoutMs = CLI_TIMEOUT_MS): CliRun {
  // the fixtures live in this repository: in a clone with an origin, its git base would make every
  // fixture's ioctls existing (info); tests of the git base name one (--base REF) themselves
  // (lsp and reviewers have no git base; review's tests say themselves which base they use)
  const full = ['lsp', 'review', 'reviewers'].includes(args[0]) || args.includes('--base') ? args : [...args, '--base', 'none'];
  const r = spawnSync(process.execPath, [CLI, ...full], { cwd, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, timeout: timeoutMs, killSignal: 'SIGKILL' });
  if (r.error) {
    const timedOut = (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT';
    throw new Error(`uapi-lint ${args.join(' ')}: ${timedOut ? `killed after ${timeoutMs} ms` : r.error.message}\nstderr:\n${r.stderr ?? ''}`);
  }
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
