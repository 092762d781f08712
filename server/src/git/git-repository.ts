import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as path from 'node:path';

/**
 * The user's git, run safely: a repository's own configuration must not make it run anything
 * (no hooks, no fsmonitor, no pager, no external diff or textconv, no filter, no system
 * configuration, no prompt), and
 * every call has a time limit. Blobs are read through one long-lived `git cat-file --batch` per
 * repository, and kept by commit and path. Only a trusted workspace (a CLI run is trusted) may
 * open one: the caller decides that.
 */

/** `-c` settings that override whatever the repository (or the user's configuration) says. */
export const SAFE_CONFIG = [
  '-c', 'core.fsmonitor=false',
  '-c', 'core.hooksPath=/dev/null',
  '-c', 'core.pager=cat',
  '-c', 'core.untrackedCache=false',
  '-c', 'protocol.allow=never',
];

/** The environment git runs in: no system configuration, no pager, no prompt, no optional locks. */
export function safeEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  // only what git needs to find itself and the user's own settings; GIT_* from outside are dropped
  for (const k of ['PATH', 'HOME', 'XDG_CONFIG_HOME', 'LANG', 'LC_ALL', 'TMPDIR', 'SYSTEMROOT']) if (base[k] !== undefined) env[k] = base[k];
  return {
    ...env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_PAGER: 'cat',
    PAGER: 'cat',
    GIT_TERMINAL_PROMPT: '0',
    GIT_OPTIONAL_LOCKS: '0',
    GIT_EXTERNAL_DIFF: '',
    GCM_INTERACTIVE: 'never',
  };
}

const CALL_TIMEOUT_MS = 10_000;

export class GitError extends Error {}

export interface GitOptions {
  /** The git executable (default: `git` from PATH). */
  git?: string;
  env?: NodeJS.ProcessEnv;
  /** Told of every command line run, for tests and logs. */
  onRun?: (args: readonly string[]) => void;
}

/**
 * Settings given through the environment (GIT_CONFIG_COUNT, _KEY_n, _VALUE_n): unlike `-c`, a
 * key holding `=` cannot be misread.
 */
function configEnv(config: ReadonlyArray<readonly [string, string]>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { GIT_CONFIG_COUNT: String(config.length) };
  config.forEach(([k, v], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = k;
    env[`GIT_CONFIG_VALUE_${i}`] = v;
  });
  return config.length ? env : {};
}

/** Run one git command in `cwd`; its stdout, or a GitError. `config`: more settings that override the repository's. */
export function runGit(cwd: string, args: readonly string[], options: GitOptions = {}, config: ReadonlyArray<readonly [string, string]> = []): Promise<string> {
  const full = ['--no-pager', ...SAFE_CONFIG, ...args];
  options.onRun?.(full);
  return new Promise((resolve, reject) => {
    execFile(options.git ?? 'git', full, { cwd, env: { ...safeEnv(options.env), ...configEnv(config) }, timeout: CALL_TIMEOUT_MS, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8', windowsHide: true }, (error, stdout, stderr) => {
      if (error) reject(new GitError(`git ${args[0]}: ${(stderr || error.message).trim().split('\n')[0]}`));
      else resolve(stdout);
    });
  });
}

/** The base a branch is compared with: a ref as the user names it, and the commit it comes to. */
export interface GitBase {
  /** `origin/master`, `v6.1`, or the commit itself. */
  ref: string;
  commit: string;
}

export class GitRepository {
  private batch: ChildProcessWithoutNullStreams | undefined;
  private pending: Array<{ resolve: (text: string | undefined) => void; reject: (e: Error) => void }> = [];
  private buffer = Buffer.alloc(0);
  private readonly blobs = new Map<string, Promise<string | undefined>>();

  private constructor(
    /** The work tree's top folder. */
    readonly root: string,
    private readonly options: GitOptions,
  ) {}

  /** Settings that switch off the repository's own filter programs (see `open`). */
  private readonly filterOverrides: Array<[string, string]> = [];

  /** The repository whose work tree holds `dir`, or undefined (no git, not a repository). */
  static async open(dir: string, options: GitOptions = {}): Promise<GitRepository | undefined> {
    let repo: GitRepository;
    try {
      const top = (await runGit(dir, ['rev-parse', '--show-toplevel'], options)).trim();
      if (!top) return undefined;
      repo = new GitRepository(path.resolve(top), options);
    } catch {
      return undefined;
    }
    // Comparing the work tree with a commit hashes changed files through the clean filter their
    // attributes name (`filter.<driver>.clean`, `.process`): programs the repository configures.
    // Their names are read (reading configuration runs nothing), and each is set to nothing.
    try {
      const keys = await runGit(repo.root, ['config', '-z', '--name-only', '--get-regexp', '^filter\\.'], options);
      const drivers = new Set(keys.split('\0').map((k) => /^filter\.(.+)\.[^.]+$/s.exec(k.trim())?.[1]).filter((d): d is string => !!d));
      for (const d of drivers) for (const [k, v] of [['clean', ''], ['smudge', ''], ['process', ''], ['required', 'false']]) repo.filterOverrides.push([`filter.${d}.${k}`, v]);
    } catch {
      /* exit status 1: no filter is configured */
    }
    return repo;
  }

  run(args: readonly string[]): Promise<string> {
    return runGit(this.root, args, this.options, this.filterOverrides);
  }

  /** The commit a ref names, or undefined. */
  async commitOf(ref: string): Promise<string | undefined> {
    // `--end-of-options` keeps a ref that starts with '-' from being read as an option
    try {
      return (await this.run(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`])).trim() || undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * The base of the current branch: the merge-base of HEAD with `ref` when given, else with the
   * branch it tracks, else with origin/HEAD, origin/master or origin/main. Undefined when none
   * of them exists.
   */
  async base(ref?: string): Promise<GitBase | undefined> {
    const candidates: string[] = [];
    if (ref) candidates.push(ref);
    else {
      try {
        const upstream = (await this.run(['rev-parse', '--abbrev-ref', '--symbolic-full-name', '@{upstream}'])).trim();
        if (upstream) candidates.push(upstream);
      } catch {
        /* no upstream configured */
      }
      candidates.push('origin/HEAD', 'origin/master', 'origin/main');
    }
    for (const c of candidates) {
      const commit = await this.commitOf(c);
      if (!commit) continue;
      let base = commit;
      try {
        base = (await this.run(['merge-base', 'HEAD', commit])).trim() || commit;
      } catch {
        /* no common history (or no HEAD): the ref itself */
      }
      return { ref: c.replace(/^refs\/remotes\//, ''), commit: base };
    }
    return undefined;
  }

  /** The files of a commit under some folders (paths relative to the work tree). */
  async listFiles(commit: string, under: readonly string[] = []): Promise<Set<string>> {
    const out = await this.run(['ls-tree', '-r', '--name-only', '-z', '--full-tree', commit, '--', ...under]);
    return new Set(out.split('\0').filter(Boolean));
  }

  /** A file's text at a commit (path relative to the work tree), or undefined when it has none. */
  readFile(commit: string, relPath: string): Promise<string | undefined> {
    const key = `${commit}:${relPath}`;
    let known = this.blobs.get(key);
    if (!known) {
      known = this.request(key);
      this.blobs.set(key, known);
      // a failed read is not kept: the next asks again
      known.catch(() => this.blobs.delete(key));
    }
    return known;
  }

  private request(object: string): Promise<string | undefined> {
    if (/[\n\0]/.test(object)) return Promise.resolve(undefined);
    const p = this.ensureBatch();
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      p.stdin.write(`${object}\n`);
    });
  }

  private ensureBatch(): ChildProcessWithoutNullStreams {
    if (this.batch) return this.batch;
    const args = ['--no-pager', ...SAFE_CONFIG, 'cat-file', '--batch'];
    this.options.onRun?.(args);
    const p = spawn(this.options.git ?? 'git', args, { cwd: this.root, env: { ...safeEnv(this.options.env), ...configEnv(this.filterOverrides) }, windowsHide: true });
    p.stdout.on('data', (d: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, d]);
      this.drain();
    });
    const fail = (why: string) => {
      for (const w of this.pending.splice(0)) w.reject(new GitError(why));
      this.batch = undefined;
      this.buffer = Buffer.alloc(0);
    };
    p.on('error', (e) => fail(`git cat-file: ${e.message}`));
    p.on('exit', (code) => fail(`git cat-file exited with ${code}`));
    p.stdin.on('error', () => undefined);
    this.batch = p;
    return p;
  }

  /** Answers of `cat-file --batch`: `<sha> <type> <size>\n<content>\n`, or `<object> missing\n`. */
  private drain(): void {
    for (;;) {
      const nl = this.buffer.indexOf(10);
      if (nl < 0 || !this.pending.length) return;
      const header = this.buffer.subarray(0, nl).toString('utf8');
      const m = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
      if (!m) {
        // `missing`, `ambiguous`: no such file at that commit
        this.buffer = this.buffer.subarray(nl + 1);
        this.pending.shift()!.resolve(undefined);
        continue;
      }
      const size = Number(m[2]);
      if (this.buffer.length < nl + 1 + size + 1) return;
      const content = this.buffer.subarray(nl + 1, nl + 1 + size);
      this.buffer = this.buffer.subarray(nl + 1 + size + 1);
      this.pending.shift()!.resolve(m[1] === 'blob' ? content.toString('utf8') : undefined);
    }
  }

  /** Stop the blob reader. */
  dispose(): void {
    this.batch?.stdin.end();
    this.batch?.kill();
    this.batch = undefined;
  }
}
