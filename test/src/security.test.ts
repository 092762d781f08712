import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from './support/lsp-client';
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
  const r = spawnSync(process.execPath, [...m.nodeArgs, '-e', script], { env: m.env, encoding: 'utf8' });
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

test('analysing every header of /usr/include over LSP: no process, no connection, no worker but its own, no write, no read outside the roots', { timeout: 30 * 60_000 }, async () => {
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
