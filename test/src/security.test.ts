import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from './support/lsp-client';
import { commitAll, git, newRepository } from './support/git-trees';
import { ROOT, SERVER_MAIN_BUNDLE, SYSTEM_INCLUDE } from './support/paths';
import type { MonitorRecord } from './support/sandbox-monitor';

/**
 * What the language server does to the machine while it analyses every header of /usr/include
 * (and a workspace that tries to make it read elsewhere): it starts no process, opens no
 * network connection, starts no worker but its own index thread (its own bundle, watched by the
 * same preload), loads no native module, writes no file, and reads only under its include roots
 * and its own installation. A preload watches it from inside.
 */

const MONITOR = path.join(__dirname, 'support', 'sandbox-monitor.js');

function monitored(allow: string[], ownWorker = ''): { log: string; env: NodeJS.ProcessEnv; nodeArgs: string[] } {
  const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'uapi-lint-monitor-')), 'records.jsonl');
  fs.writeFileSync(log, '');
  return {
    log,
    env: { ...process.env, UAPI_LINT_MONITOR_LOG: log, UAPI_LINT_MONITOR_ALLOW: allow.join(':'), UAPI_LINT_MONITOR_OWN_WORKER: ownWorker },
    nodeArgs: ['--require', MONITOR],
  };
}

function recordsOf(log: string): MonitorRecord[] {
  return fs.readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as MonitorRecord);
}

function headersUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...headersUnder(p));
    else if (e.isFile() && e.name.endsWith('.h')) out.push(p);
  }
  return out.sort();
}

test('the monitor sees what it watches for: a process, connections, a worker, a write, a read outside', () => {
  const allowed = fs.mkdtempSync(path.join(os.tmpdir(), 'uapi-lint-allowed-'));
  const m = monitored([allowed]);
  const script = `
    const cp = require('child_process'), net = require('net'), fs = require('fs'), wt = require('worker_threads');
    cp.spawnSync('true');
    net.connect(9, '127.0.0.1').on('error', () => {});
    new (require('dgram').createSocket)('udp4').close();
    new wt.Worker('1', { eval: true }).terminate();
    fs.writeFileSync(${JSON.stringify(path.join(allowed, 'w'))}, 'x');
    fs.readFileSync(${JSON.stringify(path.join(allowed, 'w'))});
    fs.readFileSync('/etc/passwd', 'utf8');
    fs.readdirSync('/etc');
  `;
  const r = spawnSync(process.execPath, [...m.nodeArgs, '-e', script], { env: m.env, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  // the eval worker may load the preload before it is stopped, or not
  const seen = recordsOf(m.log).filter((x) => x.call !== 'monitor in a worker').map((x) => `${x.kind} ${x.call} ${x.kind === 'read' || x.kind === 'write' ? x.detail : ''}`.trim());
  assert.deepEqual(seen, [
    'start monitor',
    'process child_process.spawnSync',
    'network net.connect',
    'network net.Socket.connect',
    'network dgram.createSocket',
    'worker worker_threads.Worker',
    `write fs.writeFileSync ${path.join(allowed, 'w')}`,
    'read fs.readFileSync /etc/passwd',
    'read fs.readdirSync /etc',
  ]);
});

// 106 s on an idle machine (measured); each request and publication waited for has the client's 20 s
test('analysing every header of /usr/include over LSP: no process, no connection, no worker but its own, no write, no read outside the roots', { timeout: 10 * 60_000 }, async () => {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'uapi-lint-workspace-'));
  // a workspace that asks for files outside it: an absolute path, a way up, a link out
  fs.symlinkSync('/etc/passwd', path.join(workspace, 'linked.h'));
  const escape = path.join(workspace, 'escape.h');
  fs.writeFileSync(escape, `#include "/etc/passwd"\n#include "${'../'.repeat(20)}etc/passwd"\n#include "linked.h"\n#include <linux/ioctl.h>\n#define ESCAPE_IOCTL _IO('e', 1)\n`);
  const own = ['dist', 'docs', 'package.json'].map((p) => path.join(ROOT, p));
  const m = monitored([SYSTEM_INCLUDE, workspace, ...own], SERVER_MAIN_BUNDLE);
  const client = new LspClient(['--stdio'], { nodeArgs: m.nodeArgs, env: m.env });
  const headers = headersUnder(SYSTEM_INCLUDE);
  assert.ok(headers.length > 1000, `${headers.length} headers under ${SYSTEM_INCLUDE}`);
  try {
    await client.initialize(pathToFileURL(workspace).href);
    let version = 1;
    for (const [i, file] of [escape, ...headers].entries()) {
      const uri = pathToFileURL(file).href;
      const published = client.diagnostics(uri, version);
      await client.open(uri, fs.readFileSync(file, 'latin1'), 'c', version);
      await published;
      // the complete analysis (layouts on every ABI) runs for a hover; fixes for code actions
      await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
      if (i % 10 === 0) {
        await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } });
      }
      if (file === escape) {
        const refused = client.published.filter((p) => p.uri === uri).at(-1)!.diagnostics.filter((d) => /is outside the include roots/.test(d.message));
        assert.deepEqual(refused.map((d) => d.range.start.line), [0, 1, 2], 'each way out is refused, and says so');
      }
      await client.close(uri);
      version++;
    }
    await client.connection.sendRequest('workspace/executeCommand', { command: 'uapiLint.decode', arguments: ['0xC0186444'] });
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
  const [start, ...records] = recordsOf(m.log);
  assert.equal(start?.call, 'monitor', 'the monitor ran in the server');
  // the workspace index ran on its thread, watched as well
  assert.ok(records.some((r) => r.call === 'monitor in a worker'), 'the monitor ran in the index thread');
  records.splice(0, records.length, ...records.filter((r) => r.call !== 'monitor in a worker'));
  assert.deepEqual(records.map((r) => `${r.kind} ${r.call} ${r.detail}\n${r.stack}`), []);
  fs.rmSync(workspace, { recursive: true, force: true });
});

test('a driver source in a kernel tree whose MAINTAINERS, Kconfig and sibling source link out of it: none of them is read', { timeout: 120_000 }, async () => {
  const tree = fs.mkdtempSync(path.join(os.tmpdir(), 'uapi-lint-tree-'));
  fs.mkdirSync(path.join(tree, 'include', 'uapi', 'misc'), { recursive: true });
  fs.mkdirSync(path.join(tree, 'arch', 'x86', 'include', 'uapi'), { recursive: true });
  const dir = path.join(tree, 'drivers', 'misc', 'spy');
  fs.mkdirSync(dir, { recursive: true });
  fs.symlinkSync('/etc/passwd', path.join(tree, 'MAINTAINERS'));
  fs.symlinkSync('/etc/passwd', path.join(dir, 'Kconfig'));
  fs.symlinkSync('/etc/passwd', path.join(dir, 'other.c'));
  fs.writeFileSync(path.join(tree, 'include', 'uapi', 'misc', 'spy.h'), "#include <linux/ioctl.h>\n#include <linux/types.h>\nstruct spy_args { __u32 flags; __u32 pad; };\n#define SPY_IOCTL_GET _IOWR('S', 1, struct spy_args)\n#define SPY_IOCTL_UNUSED _IO('S', 2)\n");
  const source = path.join(dir, 'spy.c');
  fs.writeFileSync(
    source,
    [
      '#include <linux/dma-buf.h>',
      '#include <linux/miscdevice.h>',
      '#include <uapi/misc/spy.h>',
      'static struct dma_buf *shared;',
      'static long spy_ioctl(struct file *f, unsigned int cmd, unsigned long arg)',
      '{',
      '\tstruct spy_args a;',
      '\tswitch (cmd) {',
      '\tcase SPY_IOCTL_GET:',
      '\t\tif (copy_from_user(&a, (void __user *)arg, sizeof(a)))',
      '\t\t\treturn -EFAULT;',
      '\t\treturn 0;',
      '\tdefault:',
      '\t\treturn -EINVAL;',
      '\t}',
      '}',
      'static const struct file_operations spy_fops = { .unlocked_ioctl = spy_ioctl };',
      'static struct miscdevice spy_dev = { .name = "spy", .fops = &spy_fops };',
      'module_misc_device(spy_dev);',
      '',
    ].join('\n'),
  );
  const own = ['dist', 'docs', 'package.json'].map((p) => path.join(ROOT, p));
  const m = monitored([SYSTEM_INCLUDE, tree, ...own], SERVER_MAIN_BUNDLE);
  const client = new LspClient(['--stdio'], { nodeArgs: m.nodeArgs, env: m.env });
  try {
    await client.initialize(pathToFileURL(tree).href);
    const uri = pathToFileURL(source).href;
    const text = fs.readFileSync(source, 'utf8');
    const published = client.until((p) => p.uri === uri && p.diagnostics.some((d) => d.code === 'ioctl-not-dispatched'));
    await client.open(uri, text, 'c');
    const { diagnostics } = await published;
    // the review still happens, from the shipped knowledge where the tree's files were refused
    assert.ok(diagnostics.some((d) => d.code === 'shared-api-review' && /DMA BUFFER SHARING FRAMEWORK \(.*\)|Linux 6\.12/.test(d.message)), diagnostics.map((d) => d.message).join('\n'));
    assert.ok(diagnostics.some((d) => d.code === 'ioctl-unknown-command-errno'));
    const line = text.split('\n').findIndex((l) => l.startsWith('module_misc_device'));
    await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character: 3 } });
    const header = pathToFileURL(path.join(tree, 'include', 'uapi', 'misc', 'spy.h')).href;
    await client.connection.sendRequest('textDocument/references', { textDocument: { uri: header }, position: { line: 3, character: 9 }, context: { includeDeclaration: true } });
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
  const records = recordsOf(m.log).filter((r) => r.call !== 'monitor' && r.call !== 'monitor in a worker');
  assert.deepEqual(records.map((r) => `${r.kind} ${r.call} ${r.detail}`), []);
  fs.rmSync(tree, { recursive: true, force: true });
});

/** A repository whose configuration and hooks name a program that leaves a marker when run; a branch changes its header. */
function hostileRepository(): { dir: string; header: string; marker: string } {
  const dir = newRepository('uapi-lint-hostile-');
  const marker = `${dir}-ran`;
  const evil = path.join(dir, '.evil.sh');
  fs.writeFileSync(evil, `#!/bin/sh\necho "$0 $@" >> '${marker}'\ncat\n`, { mode: 0o755 });
  const header = path.join(dir, 'include', 'uapi', 'misc', 'hostile.h');
  fs.mkdirSync(path.dirname(header), { recursive: true });
  fs.mkdirSync(path.join(dir, 'arch'));
  fs.writeFileSync(header, "#include <linux/ioctl.h>\n#define HOSTILE_IOCTL_A _IO('h', 1)\n");
  fs.writeFileSync(path.join(dir, '.gitattributes'), '*.h filter=evil diff=evil\n');
  commitAll(dir, 'base');
  git(dir, 'update-ref', 'refs/remotes/origin/main', 'HEAD');
  git(dir, 'checkout', '-q', '-b', 'topic');
  fs.writeFileSync(header, "#include <linux/ioctl.h>\n#define HOSTILE_IOCTL_A _IO('h', 1)\n#define HOSTILE_IOCTL_B _IO('h', 2)\n");
  commitAll(dir, 'topic');
  // uncommitted too: git diff compares the work tree, where a filter or textconv would run
  fs.appendFileSync(header, "#define HOSTILE_IOCTL_C _IO('h', 3)\n");
  fs.mkdirSync(path.join(dir, 'hooks'));
  for (const hook of ['post-checkout', 'pre-commit', 'post-index-change', 'reference-transaction']) fs.copyFileSync(evil, path.join(dir, 'hooks', hook));
  for (const [k, v] of [
    ['core.hooksPath', path.join(dir, 'hooks')],
    ['core.fsmonitor', evil],
    ['core.pager', evil],
    ['pager.diff', evil],
    ['filter.evil.clean', evil],
    ['filter.evil.smudge', evil],
    ['filter.evil.process', evil],
    ['diff.evil.textconv', evil],
    ['diff.external', evil],
  ]) git(dir, 'config', k, v);
  return { dir, header, marker };
}

test('a git repository in Restricted Mode: no process at all, and the fallback said once; trusted: only git, with its programs overridden', { timeout: 120_000 }, async () => {
  const own = ['dist', 'docs', 'package.json'].map((p) => path.join(ROOT, p));
  for (const trusted of [false, true]) {
    const { dir, header, marker } = hostileRepository();
    const m = monitored([SYSTEM_INCLUDE, dir, ...own], SERVER_MAIN_BUNDLE);
    const client = new LspClient(['--stdio'], { nodeArgs: m.nodeArgs, env: m.env, gitBase: true });
    try {
      await client.initialize(pathToFileURL(dir).href, {}, { trustedWorkspace: trusted });
      const uri = pathToFileURL(header).href;
      const text = fs.readFileSync(header, 'utf8');
      const published = client.diagnostics(uri);
      await client.open(uri, text, 'c');
      const { diagnostics } = await published;
      const a = diagnostics.find((d) => d.code === 'custom-ioctl' && /^HOSTILE_IOCTL_A/.test(d.message))!;
      // trusted: A is in the base, so info; restricted: the shipped table does not know it
      assert.equal(a.severity, trusted ? 3 : 2, a.message);
      await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 9 } });
      const said = client.logs.filter((l) => /Restricted Mode, so no git base is read/.test(l));
      assert.equal(said.length, trusted ? 0 : 1, client.logs.join('\n'));
    } finally {
      assert.equal(await client.shutdown(), 0);
    }
    const records = recordsOf(m.log).filter((r) => r.call !== 'monitor' && r.call !== 'monitor in a worker');
    const processes = records.filter((r) => r.kind === 'process');
    assert.deepEqual(records.filter((r) => r.kind !== 'process').map((r) => `${r.kind} ${r.call} ${r.detail}`), []);
    if (!trusted) assert.deepEqual(processes.map((r) => r.detail), [], 'no process in Restricted Mode');
    else {
      assert.ok(processes.length > 0, 'git ran');
      for (const r of processes) assert.match(r.detail, /^git --no-pager -c core\.fsmonitor=false -c core\.hooksPath=\/dev\/null -c core\.pager=cat /, r.detail);
      assert.ok(processes.some((r) => / diff --no-ext-diff --no-textconv /.test(r.detail)));
      assert.equal(processes.filter((r) => / cat-file --batch$/.test(r.detail)).length, 1, 'one cat-file --batch');
    }
    assert.equal(fs.existsSync(marker), false, fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8') : '');
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
