import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as os from 'node:os';
import { pathToFileURL } from 'node:url';
import { LspClient } from './support/lsp-client';
import { FIXTURES } from './support/paths';

/** The built server, spawned over stdio, driven by JSON-RPC as an editor would. */

/**
 * Each test takes under a second on an idle machine (measured), and up to 12 s with eight of
 * these files running on two processors. A wait that hangs fails first, after the client's
 * 20 s (LSP_WAIT_MS), naming what it waited for; this is the limit of a test as a whole.
 */
const LSP_TEST = { timeout: 60_000 };

const FIXTURE = path.join(FIXTURES, 'extraction-forms.h');
const URI = pathToFileURL(FIXTURE).href;
const TEXT = fs.readFileSync(FIXTURE, 'utf8');

test('didOpen gives diagnostics: custom ioctls named with their decoded fields', LSP_TEST, async () => {
  const client = new LspClient();
  try {
    const init = (await client.initialize(pathToFileURL(FIXTURES).href)) as { capabilities: { textDocumentSync: { change: number } } };
    assert.equal(init.capabilities.textDocumentSync.change, 2, 'incremental sync');
    const published = client.diagnostics(URI);
    await client.open(URI, TEXT, 'cpp'); // VS Code's default language for .h
    const { diagnostics, version } = await published;
    assert.equal(version, 1);
    const custom = diagnostics.filter((d) => d.code === 'custom-ioctl');
    // every ioctl whose magic is known and not 'd': 19 fully resolved ones, and the two whose
    // nr is unknown (recursive macro, division by zero); DRM_IOCTL_XF_SUBMIT is on the DRM magic
    assert.equal(custom.length, 21);
    assert.ok(!custom.some((d) => d.message.startsWith('DRM_IOCTL_XF_SUBMIT')));
    const rw = custom.find((d) => d.message.startsWith('XF_IOCTL_RW '))!;
    assert.deepEqual(rw.range, { start: { line: 37, character: 8 }, end: { line: 37, character: 19 } });
    assert.equal(rw.severity, 2);
    assert.equal(rw.source, 'uapi-lint');
    assert.match(rw.message, /read\/write/);
    assert.match(rw.message, /magic 'x' \(0x78\)/);
    assert.match(rw.message, /nr 4 \(0x04\)/);
    assert.match(rw.message, /argument struct xf_args/);
    // its purpose is unknown and no device class fits it: the page that explains how a subsystem is chosen
    assert.match(rw.codeDescription!.href, /^file:.*\/docs\/criteria\/subsystems\.md$/);
    assert.ok(fs.existsSync(new URL(rw.codeDescription!.href)), 'the criteria page is shipped');
    const unresolved = diagnostics.filter((d) => d.code === 'ioctl-unresolved');
    assert.equal(unresolved.length, 3);
    assert.equal(diagnostics.filter((d) => /ERROR|syntax error/i.test(d.message)).length, 0, 'tree-sitter errors are never shown');
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
});

test("the server logs its node and that it started from the build's V8 code cache", LSP_TEST, async () => {
  const client = new LspClient();
  try {
    await client.initialize(pathToFileURL(FIXTURES).href);
    const published = client.diagnostics(URI);
    await client.open(URI, TEXT, 'c');
    await published;
    // npm run build made the cache with the node that runs the tests
    assert.ok(client.logs.includes(`uapi-lint ${JSON.parse(fs.readFileSync(path.join(FIXTURES, '..', '..', 'package.json'), 'utf8')).version} on node ${process.version}; V8 code cache: used`), client.logs.join('\n'));
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
});

test('didChange (incremental) re-analyses; a stale burst ends in the newest version', LSP_TEST, async () => {
  const client = new LspClient();
  try {
    await client.initialize(null);
    const uri = 'file:///tmp/uapi-lint-lsp-change.h';
    const first = client.diagnostics(uri, 1);
    await client.open(uri, "#define A_IOCTL _IO('a', 1)\n#define B_IOCTL _IO('b', 2)\n", 'c');
    assert.equal((await first).diagnostics.filter((d) => d.code === 'custom-ioctl').length, 2);
    // move A onto the DRM magic, then type a burst of edits on B's nr
    const last = client.diagnostics(uri, 12);
    await client.change(uri, 2, [{ range: { start: { line: 0, character: 20 }, end: { line: 0, character: 23 } }, text: "'d'" }]);
    for (let v = 3; v <= 12; v++) {
      await client.change(uri, v, [{ range: { start: { line: 1, character: 25 }, end: { line: 1, character: 26 } }, text: String(v % 10) }]);
    }
    const { diagnostics } = await last;
    const custom = diagnostics.filter((d) => d.code === 'custom-ioctl');
    assert.deepEqual(custom.map((d) => d.message.split(' ')[0]), ['B_IOCTL']);
    assert.match(custom[0].message, /nr 2 \(0x02\)/); // 12 % 10
    // nothing was published for a version older than one already published
    const versions = client.published.filter((p) => p.uri === uri).map((p) => p.version!);
    assert.deepEqual(versions, [...versions].sort((a, b) => a - b));
  } finally {
    await client.shutdown();
  }
});

test('settings pulled from the client change severities and can switch the linter off', LSP_TEST, async () => {
  let enable = true;
  const client = new LspClient(['--stdio'], {
    configuration: (section) => (section === 'uapiLint' ? { enable, rules: { 'custom-ioctl': 'error', 'no-such-rule': 'bogus' } } : null),
  });
  try {
    await client.initialize(null, { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } } });
    const uri = 'file:///tmp/uapi-lint-lsp-settings.h';
    const published = client.diagnostics(uri);
    await client.open(uri, "#define A_IOCTL _IO('a', 1)\n");
    const { diagnostics } = await published;
    assert.equal(diagnostics.find((d) => d.code === 'custom-ioctl')!.severity, 1);
    enable = false;
    // the struct rules may publish a second, complete set first: wait for the empty one
    const cleared = client.until((p) => p.uri === uri && p.diagnostics.length === 0);
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    assert.deepEqual((await cleared).diagnostics, []);
  } finally {
    await client.shutdown();
  }
});

test('a .c file is a driver source: driver rules only, none with uapiLint.sources off; other sources are left alone; closing clears diagnostics', LSP_TEST, async () => {
  let sources = true;
  const client = new LspClient(['--stdio'], { configuration: (section) => (section === 'uapiLint' ? { sources } : null) });
  try {
    await client.initialize(null, { workspace: { configuration: true } });
    // header rules do not review a driver source's own defines
    const plain = 'file:///tmp/uapi-lint-plain.c';
    const plainDiag = client.diagnostics(plain);
    await client.open(plain, "#define A_IOCTL _IO('a', 1)\n", 'c');
    assert.deepEqual((await plainDiag).diagnostics, []);
    // a misc driver whose unknown commands end in -EINVAL: a driver rule's finding
    const driver = [
      'static long f_ioctl(struct file *f, unsigned int cmd, unsigned long arg)',
      '{',
      '\tswitch (cmd) {',
      '\tdefault:',
      '\t\treturn -EINVAL;',
      '\t}',
      '}',
      'static const struct file_operations f_fops = { .unlocked_ioctl = f_ioctl, .compat_ioctl = compat_ptr_ioctl };',
      '',
    ].join('\n');
    const c = 'file:///tmp/uapi-lint-driver.c';
    const cDiag = client.until((p) => p.uri === c && p.diagnostics.some((d) => d.code === 'ioctl-unknown-command-errno'));
    await client.open(c, driver, 'c');
    const errno = (await cDiag).diagnostics.find((d) => d.code === 'ioctl-unknown-command-errno')!;
    assert.deepEqual(errno.range.start, { line: 4, character: 9 });
    // C++ sources are no driver sources
    const cpp = 'file:///tmp/uapi-lint-other.cpp';
    const cppDiag = client.diagnostics(cpp);
    await client.open(cpp, "#define A_IOCTL _IO('a', 1)\n", 'cpp');
    assert.deepEqual((await cppDiag).diagnostics, []);
    // uapiLint.sources off: the driver source gets nothing
    sources = false;
    const off = client.until((p) => p.uri === c && p.diagnostics.length === 0);
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await off;
    const h = 'file:///tmp/uapi-lint-close.h';
    const opened = client.diagnostics(h);
    await client.open(h, "#define A_IOCTL _IO('a', 1)\n", 'c');
    assert.equal((await opened).diagnostics.filter((d) => d.code === 'custom-ioctl').length, 1);
    const closed = client.until((p) => p.uri === h && p.diagnostics.length === 0);
    await client.close(h);
    assert.deepEqual((await closed).diagnostics, []);
  } finally {
    await client.shutdown();
  }
});

test('workspace/executeCommand uapiLint.decode finds the ioctl in the workspace', LSP_TEST, async () => {
  const client = new LspClient();
  try {
    await client.initialize(pathToFileURL(FIXTURES).href);
    const r = (await client.connection.sendRequest('workspace/executeCommand', { command: 'uapiLint.decode', arguments: ['0xC0106810'] })) as {
      markdown: string;
      matches: number;
    };
    assert.match(r.markdown, /^# ioctl number 0xC0106810/);
    // one reading for all: read/write is 3 << 30 on generic, 6 << 29 on powerpc: the same bits
    assert.match(r.markdown, /\nx86_64, i386, arm64, arm, riscv64, powerpc64, mips, s390x, sparc64, parisc: read\/write, magic 'h' \(0x68\), nr 16 \(0x10\), size 16\n/);
    // 16 bytes everywhere but i386 (12)
    assert.match(r.markdown, /- \[HV_IOCTL_SET\]\(file:.*hover\.h#L23,9\) in `hover\.h:23` \(x86_64, arm64, arm, riscv64, powerpc64, mips, s390x, sparc64, parisc\)/);
    assert.match(r.markdown, /\[HV_IOCTL_ALIAS\]/);
    await assert.rejects(
      client.connection.sendRequest('workspace/executeCommand', { command: 'uapiLint.decode', arguments: ['bogus'] }),
      (e: { code: number; message: string }) => e.code === -32602 && /not a 32-bit number/.test(e.message),
    );
  } finally {
    await client.shutdown();
  }
});

test('uapiLint.includePaths adds include roots', LSP_TEST, async () => {
  const text = "#include <acme/acme_ioctl_base.h>\n#define X_IOCTL ACME_IOR(ACME_NR_FIRST, __u32)\n";
  const uri = 'file:///tmp/uapi-lint-include-paths.h';
  for (const includePaths of [[], [path.join(FIXTURES, 'include')]]) {
    const client = new LspClient(['--stdio'], { configuration: (section) => (section === 'uapiLint' ? { includePaths } : null) });
    try {
      await client.initialize(null, { workspace: { configuration: true } });
      const published = client.diagnostics(uri);
      await client.open(uri, text);
      const { diagnostics } = await published;
      // (the scratch header has no include guard or SPDX line: uapi-c90-hygiene says so, not under test here)
      const codes = diagnostics.map((d) => d.code).filter((c) => c !== 'uapi-c90-hygiene');
      if (includePaths.length === 0) {
        assert.ok(codes.includes('include-not-found'));
        assert.ok(codes.includes('ioctl-unresolved'));
      } else {
        assert.deepEqual(codes, ['custom-ioctl']);
        assert.match(diagnostics.find((d) => d.code === 'custom-ioctl')!.message, /magic 0xA7, nr 32 \(0x20\)/);
      }
    } finally {
      await client.shutdown();
    }
  }
});

test('diagnostics come in two steps: first without struct layouts, then complete, for the same version', LSP_TEST, async () => {
  const file = path.join(FIXTURES, 'design', 'breaks_rules.h');
  const uri = pathToFileURL(file).href;
  const client = new LspClient();
  try {
    await client.initialize(null);
    await client.open(uri, fs.readFileSync(file, 'utf8'));
    const first = await client.until((p) => p.uri === uri);
    assert.equal(first.version, 1);
    const rules = (p: { diagnostics: Array<{ code?: string | number }> }) => new Set(p.diagnostics.map((d) => d.code));
    assert.ok(rules(first).has('ioctl-direction-mismatch'), 'the command-macro rules come first');
    assert.ok(!rules(first).has('uapi-implicit-padding'), 'layouts are not waited for');
    const complete = await client.until((p) => p.uri === uri && p !== first);
    assert.equal(complete.version, 1);
    for (const r of ['ioctl-direction-mismatch', 'uapi-implicit-padding', 'uapi-abi-layout-mismatch', 'uapi-non-kernel-int']) {
      assert.ok(rules(complete).has(r), r);
    }
    assert.ok(complete.diagnostics.length > first.diagnostics.length);
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
});

test('while typing, struct findings stay shown (moved with the edit) until the complete analysis replaces them', LSP_TEST, async () => {
  const file = path.join(FIXTURES, 'design', 'breaks_rules.h');
  const uri = pathToFileURL(file).href;
  const text = fs.readFileSync(file, 'utf8');
  const client = new LspClient();
  try {
    await client.initialize(null);
    await client.open(uri, text);
    const settled = await client.until((p) => p.uri === uri && p.diagnostics.some((d) => d.code === 'uapi-implicit-padding'));
    const padding = (p: { diagnostics: Array<{ code?: string | number; range: { start: { line: number } } }> }) =>
      p.diagnostics.filter((d) => d.code === 'uapi-implicit-padding').map((d) => d.range.start.line);
    const before = padding(settled);
    assert.ok(before.length > 0);
    // two lines inserted at the top: the first publish of version 2 has them two lines further down
    const quick = client.diagnostics(uri, 2);
    await client.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '/* a */\n/* b */\n' }]);
    assert.deepEqual(padding(await quick), before.map((l) => l + 2));
    // an edit inside struct brk_holes drops its findings until they are computed again
    // (member `b` of struct brk_holes, after the hole; two lines down since the first edit)
    const memberB = text.split('\n').findIndex((l) => l.startsWith('struct brk_holes')) + 2 + 2;
    assert.ok(before.map((l) => l + 2).includes(memberB), 'the hole before b is reported on b');
    const touched = client.diagnostics(uri, 3);
    await client.change(uri, 3, [{ range: { start: { line: memberB, character: 0 }, end: { line: memberB, character: 0 } }, text: ' ' }]);
    const shown = padding(await touched);
    assert.ok(!shown.includes(memberB) && shown.length < before.length, `${shown} after touching line ${memberB}`);
    const complete = await client.until((p) => p.uri === uri && p.version === 3 && padding(p).length === before.length);
    assert.deepEqual(padding(complete), before.map((l) => l + 2));
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
});

test('the workspace index: built in the background with progress, searched by decode, kept current from file changes', LSP_TEST, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uapi-lint-index-'));
  const base = path.join(dir, 'qux_base.h');
  const user = path.join(dir, 'qux_user.h');
  fs.writeFileSync(base, "#define QUX_MAGIC 'q'\n#define QUX_IOCTL_PING _IO(QUX_MAGIC, 1)\n");
  fs.writeFileSync(user, '#include "qux_base.h"\n#define QUX_IOCTL_PONG _IO(QUX_MAGIC, 2)\n');
  // the workspace's index only: with the system's uAPI headers (a thousand of them) the progress
  // below ends after the whole of /usr/include, 8 s on an idle machine, more than a minute on a
  // busy one; they are not what this test is about
  const client = new LspClient(['--stdio'], { configuration: (section) => (section === 'uapiLint' ? { index: { systemHeaders: false } } : null) });
  try {
    await client.initialize(pathToFileURL(dir).href, {
      window: { workDoneProgress: true },
      workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } },
    });
    const decode = async (n: string) =>
      ((await client.connection.sendRequest('workspace/executeCommand', { command: 'uapiLint.decode', arguments: [n] })) as { markdown: string }).markdown;
    // _IO('q', 1) = 0x7101: found in a header nobody opened
    assert.match(await decode('0x7101'), /\[QUX_IOCTL_PING\]\(file:.*qux_base\.h#L2,9\)/);
    // the index reported its progress to the client, begin to end
    const token = client.progressTokens[0];
    assert.ok(token !== undefined, 'the server asked for a progress token');
    await client.untilProgress((p) => p.token === token && p.value.kind === 'end');
    const kinds = client.progress.filter((p) => p.token === token).map((p) => p.value.kind);
    assert.equal(kinds[0], 'begin');
    assert.equal(client.progress.find((p) => p.token === token)!.value.title, 'Indexing headers');

    // the open header follows its include when that changes on disk
    const uri = pathToFileURL(user).href;
    await client.open(uri, fs.readFileSync(user, 'utf8'));
    const pong = (p: { diagnostics: Array<{ code?: string | number; message: string }> }) => p.diagnostics.find((d) => d.code === 'custom-ioctl')?.message ?? '';
    assert.match(pong(await client.until((p) => p.uri === uri && pong(p) !== '')), /magic 'q' \(0x71\)/);
    fs.writeFileSync(base, "#define QUX_MAGIC 'Q'\n#define QUX_IOCTL_PING _IO(QUX_MAGIC, 1)\n");
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(base).href, type: 2 }] });
    assert.match(pong(await client.until((p) => p.uri === uri && /magic 'Q'/.test(pong(p)))), /magic 'Q' \(0x51\)/);
    // and the index knows the new number, not the old one
    assert.match(await decode('0x5101'), /\[QUX_IOCTL_PING\]/);
    assert.doesNotMatch(await decode('0x7101'), /QUX_IOCTL_PING/);
    // a deleted header leaves the index
    fs.rmSync(base);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(base).href, type: 3 }] });
    assert.doesNotMatch(await decode('0x5101'), /QUX_IOCTL_PING/);
  } finally {
    assert.equal(await client.shutdown(), 0);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('an open header that includes another open header follows its unsaved edits', LSP_TEST, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uapi-lint-overlay-'));
  const base = path.join(dir, 'zed_base.h');
  const user = path.join(dir, 'zed_user.h');
  fs.writeFileSync(base, "#define ZED_MAGIC 'z'\n");
  fs.writeFileSync(user, '#include "zed_base.h"\n#define ZED_IOCTL_GO _IO(ZED_MAGIC, 7)\n');
  const client = new LspClient();
  try {
    await client.initialize(pathToFileURL(dir).href);
    const baseUri = pathToFileURL(base).href;
    const userUri = pathToFileURL(user).href;
    await client.open(baseUri, fs.readFileSync(base, 'utf8'));
    await client.open(userUri, fs.readFileSync(user, 'utf8'));
    const go = (p: { diagnostics: Array<{ code?: string | number; message: string }> }) => p.diagnostics.find((d) => d.code === 'custom-ioctl')?.message ?? '';
    assert.match(go(await client.until((p) => p.uri === userUri && go(p) !== '')), /magic 'z' \(0x7A\)/);
    // typed, not saved: the file on disk still says 'z'
    await client.change(baseUri, 2, [{ range: { start: { line: 0, character: 18 }, end: { line: 0, character: 21 } }, text: "'Z'" }]);
    assert.match(go(await client.until((p) => p.uri === userUri && /magic 'Z'/.test(go(p)))), /magic 'Z' \(0x5A\)/);
  } finally {
    assert.equal(await client.shutdown(), 0);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('workspace/didChangeConfiguration is registered only with clients that register it dynamically', LSP_TEST, async () => {
  for (const dynamicRegistration of [false, true]) {
    const client = new LspClient();
    const registered: string[] = [];
    client.connection.onRequest('client/registerCapability', (p: { registrations: Array<{ method: string }> }) => {
      registered.push(...p.registrations.map((r) => r.method));
      return null;
    });
    try {
      await client.initialize(null, { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration } } });
      // answered after the server's reaction to `initialized`, which comes first on the wire
      await client.connection.sendRequest('workspace/executeCommand', { command: 'uapiLint.decode', arguments: ['0x1'] });
      assert.deepEqual(registered, dynamicRegistration ? ['workspace/didChangeConfiguration'] : []);
    } finally {
      await client.shutdown();
    }
  }
});

test('initializationOptions count when the client has no uapiLint section to pull (neovim 0.8-0.10)', LSP_TEST, async () => {
  let pulled = 0;
  const client = new LspClient(['--stdio'], {
    configuration: () => {
      pulled++;
      return null;
    },
  });
  try {
    await client.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: { workspace: { configuration: true } },
      initializationOptions: { uapiLint: { rules: { 'custom-ioctl': 'error' } } },
    });
    await client.connection.sendNotification('initialized', {});
    const uri = 'file:///tmp/uapi-lint-init-options.h';
    const published = client.diagnostics(uri);
    await client.open(uri, "#define A_IOCTL _IO('a', 1)\n");
    const { diagnostics } = await published;
    assert.equal(diagnostics.find((d) => d.code === 'custom-ioctl')!.severity, 1);
    assert.ok(pulled > 0, 'the server asked the client first');
  } finally {
    await client.shutdown();
  }
});
