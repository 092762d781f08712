import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../support/paths';

/**
 * A real VS Code: code-server 4.96.4 (VS Code 1.96.4 served to a browser), installed from the
 * npm registry by scripts/install-code-server.mjs into a cache folder outside the repository.
 */

export interface Profile {
  userDataDir: string;
  extensionsDir: string;
  configFile: string;
}

/** The installed code-server's entry script; fails with what to run when it is not installed. */
export async function codeServerEntry(): Promise<string> {
  const installer = (await import(pathToFileURL(path.join(ROOT, 'scripts', 'install-code-server.mjs')).href)) as {
    defaultInstallDir(): string;
    entryScript(dir: string): string;
  };
  const entry = installer.entryScript(installer.defaultInstallDir());
  if (!fs.existsSync(path.join(installer.defaultInstallDir(), '.installed'))) {
    throw new Error(`code-server is not installed in ${installer.defaultInstallDir()}: run node scripts/install-code-server.mjs`);
  }
  return entry;
}

/** A fresh user profile: no trust dialog, no welcome page, nothing that reaches the network. */
export function makeProfile(dir: string): Profile {
  const profile = { userDataDir: path.join(dir, 'user-data'), extensionsDir: path.join(dir, 'extensions'), configFile: path.join(dir, 'config.yaml') };
  fs.mkdirSync(path.join(profile.userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(profile.extensionsDir, { recursive: true });
  const settings = {
    'security.workspace.trust.enabled': false,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'update.mode': 'none',
    // the fixtures live in this repository, whose git base would make them all existing
    'uapiLint.baseRef': 'none',
  };
  fs.writeFileSync(path.join(profile.userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  return profile;
}

function profileArgs(p: Profile): string[] {
  return ['--config', p.configFile, '--user-data-dir', p.userDataDir, '--extensions-dir', p.extensionsDir];
}

/** `code-server --install-extension x.vsix`, as a user installs a downloaded package. */
export function installExtension(entry: string, profile: Profile, vsix: string): { status: number | null; output: string } {
  const r = spawnSync(process.execPath, [entry, ...profileArgs(profile), '--install-extension', vsix], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, output: r.stdout + r.stderr };
}

export class CodeServer {
  private log = '';
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.stdout!.on('data', (d) => (this.log += d));
    child.stderr!.on('data', (d) => (this.log += d));
  }

  /**
   * Starts code-server on a free loopback port; resolves once it says where it listens. One that
   * does not within `timeoutMs` is stopped (with what it started) and the start fails.
   */
  static start(entry: string, profile: Profile, timeoutMs = 60_000): Promise<CodeServer> {
    const args = [entry, ...profileArgs(profile), '--auth', 'none', '--bind-addr', '127.0.0.1:0', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust'];
    // its own process group, so that stopping it also stops the extension host and the language server
    const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    return new Promise((resolve, reject) => {
      let output = '';
      const onData = (d: Buffer) => {
        output += d;
        const m = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
        if (!m) return;
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        child.off('exit', onExit);
        const server = new CodeServer(child, m[1]);
        server.log = output;
        resolve(server);
      };
      const onExit = (code: number | null) => {
        clearTimeout(timer);
        reject(new Error(`code-server exited (${code}) before listening:\n${output}`));
      };
      const timer = setTimeout(() => {
        child.off('exit', onExit);
        signalGroup(child.pid!, 'SIGKILL');
        reject(new Error(`code-server did not listen within ${timeoutMs} ms:\n${output}`));
      }, timeoutMs);
      child.stdout!.on('data', onData);
      child.stderr!.on('data', (d) => (output += d));
      child.once('exit', onExit);
    });
  }

  output(): string {
    return this.log;
  }

  /** Stops code-server and every process it started. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    signalGroup(this.child.pid!, 'SIGTERM');
    const timer = setTimeout(() => signalGroup(this.child.pid!, 'SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
    // what outlived code-server itself in its group (an extension host on its way out)
    signalGroup(this.child.pid!, 'SIGKILL');
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
  }
}
