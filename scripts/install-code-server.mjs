// Installs code-server 4.96.4 (VS Code 1.96.4 in a browser, the last release that runs on Node 20)
// from the npm registry into a cache folder outside the repository, and prints the path of its
// entry script. A second run finds the finished install and returns at once.
//
//   node scripts/install-code-server.mjs [DIR]
//   DIR defaults to $UAPI_LINT_CODE_SERVER_DIR, else ~/.cache/uapi-lint/code-server-4.96.4
//
// The registry package does not install as published (its postinstall refuses root, then fails
// on a git dependency), so the steps of /work/shared/knowledge/parser-and-editor-notes.md are
// followed: install without scripts, point the git dependency at its registry tarball, install
// VS Code's own dependencies, build the few native modules it needs, use Debian's ripgrep.
// Needs: npm, python3, make, g++ (node-gyp) and /usr/bin/rg (Debian's ripgrep).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const CODE_SERVER_VERSION = '4.96.4';
// The version code-server 4.96.4's shrinkwrap names, published to the registry under that number
const PROXY_AGENT_VERSION = '0.27.0';
// Native modules VS Code's server loads; kerberos is left out (libkrb5 headers, proxy auth only)
const NATIVE_MODULES = ['node-pty', '@vscode/spdlog', 'native-watchdog', '@parcel/watcher', '@vscode/deviceid'];

export function defaultInstallDir() {
  return resolve(process.env.UAPI_LINT_CODE_SERVER_DIR || join(homedir(), '.cache', 'uapi-lint', `code-server-${CODE_SERVER_VERSION}`));
}

export function entryScript(dir) {
  return join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

function npm(args, cwd) {
  execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
}

/** Installs into `dir` unless a finished install is there; returns the entry script. */
export function installCodeServer(dir = defaultInstallDir()) {
  const done = join(dir, '.installed');
  if (existsSync(done) && readFileSync(done, 'utf8').trim() === CODE_SERVER_VERSION) return entryScript(dir);
  const started = Date.now();
  // a half-finished install (interrupted run) is started again from nothing
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true }) + '\n');
  npm(['install', '--ignore-scripts', `code-server@${CODE_SERVER_VERSION}`], dir);

  const vscode = join(dir, 'node_modules', 'code-server', 'lib', 'vscode');
  const shrinkwrapPath = join(vscode, 'npm-shrinkwrap.json');
  const shrinkwrap = JSON.parse(readFileSync(shrinkwrapPath, 'utf8'));
  const proxyAgent = shrinkwrap.packages?.['node_modules/@vscode/proxy-agent'];
  if (!proxyAgent) throw new Error(`${shrinkwrapPath}: no entry for @vscode/proxy-agent`);
  proxyAgent.resolved = execFileSync('npm', ['view', `@vscode/proxy-agent@${PROXY_AGENT_VERSION}`, 'dist.tarball'], { encoding: 'utf8' }).trim();
  delete proxyAgent.integrity;
  writeFileSync(shrinkwrapPath, JSON.stringify(shrinkwrap, null, 2) + '\n');
  npm(['install', '--omit=dev', '--ignore-scripts'], vscode);
  npm(['rebuild', ...NATIVE_MODULES], vscode);
  npm(['rebuild', 'argon2'], dir);

  // @vscode/ripgrep would download its binary at install time: use Debian's
  const rgDir = join(vscode, 'node_modules', '@vscode', 'ripgrep', 'bin');
  mkdirSync(rgDir, { recursive: true });
  rmSync(join(rgDir, 'rg'), { force: true });
  symlinkSync('/usr/bin/rg', join(rgDir, 'rg'));
  rmSync(join(vscode, 'node_modules.asar'), { force: true });
  symlinkSync('node_modules', join(vscode, 'node_modules.asar'));

  writeFileSync(done, CODE_SERVER_VERSION + '\n');
  console.error(`code-server ${CODE_SERVER_VERSION} installed in ${dir} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return entryScript(dir);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (!existsSync('/usr/bin/rg')) {
    console.error('install-code-server: /usr/bin/rg is missing (apt-get install ripgrep)');
    process.exit(1);
  }
  console.log(installCodeServer(process.argv[2] ? resolve(process.argv[2]) : undefined));
}
