import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from './support/cli';
import { EXAMPLES, FIXTURES, SYSTEM_INCLUDE } from './support/paths';

const FIXTURE = path.join(FIXTURES, 'extraction-forms.h');

test('gcc-style lines: path:line:col: severity: message [rule]', () => {
  const r = runCli([FIXTURE]);
  assert.equal(r.status, 0, r.stderr); // warnings only; --fail-on defaults to error
  const lines = r.stdout.trim().split('\n');
  assert.ok(lines.length > 20);
  for (const l of lines) assert.match(l, /^.+\.h:\d+:\d+: (error|warning|note): .+ \[[a-z0-9-]+\]$/);
  assert.ok(lines.includes(
    `${FIXTURE}:38:9: warning: XF_IOCTL_RW is a private interface whose purpose uapi-lint cannot tell from its name, argument or ` +
      "documentation; no subsystem's interface fits it (no device class in its name, argument, comment or file), so it is this " +
      "driver's own uAPI and needs open userspace and documentation. " +
      "Decoded: _IOWR, read/write, magic 'x' (0x78), nr 4 (0x04), argument struct xf_args. [custom-ioctl]",
  ));
});

test('exit status follows --fail-on', () => {
  assert.equal(runCli(['--fail-on', 'warning', FIXTURE]).status, 1);
  assert.equal(runCli(['--fail-on', 'error', FIXTURE]).status, 0);
  assert.equal(runCli(['--rule', 'custom-ioctl=error', FIXTURE]).status, 1);
  // every rule that finds something in the fixture switched off: nothing left at any level
  const fired = [...new Set([...runCli([FIXTURE]).stdout.matchAll(/\[([a-z0-9-]+)\]$/gm)].map((m) => m[1]))];
  assert.ok(fired.includes('custom-ioctl') && fired.includes('uapi-abi-layout-mismatch'), fired.join(' '));
  assert.equal(runCli([...fired.flatMap((id) => ['--rule', `${id}=off`]), '--fail-on', 'info', FIXTURE]).status, 0);
  assert.equal(runCli([...fired.slice(1).flatMap((id) => ['--rule', `${id}=off`]), '--fail-on', 'info', FIXTURE]).status, 1);
});

test('bad usage and unreadable input: exit 2 with a one-line reason', () => {
  for (const args of [[], ['--format', 'xml', FIXTURE], ['--bogus', FIXTURE], ['/no/such/header.h'], ['--rule', 'nope=error', FIXTURE], ['--fail-on', 'fatal', FIXTURE]]) {
    const r = runCli(args);
    assert.equal(r.status, 2, args.join(' '));
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^uapi-lint: [^\n]+\n$/, args.join(' '));
  }
});

test('JSON version 1 has the documented shape', () => {
  const r = runCli(['--format', 'json', FIXTURE]);
  const json = JSON.parse(r.stdout);
  assert.equal(json.version, 1);
  const [file] = json.files;
  assert.equal(file.path, FIXTURE);
  const rw = file.ioctls.find((i: { name: string }) => i.name === 'XF_IOCTL_RW');
  assert.deepEqual(Object.keys(rw).sort(), [
    'abi', 'argType', 'column', 'dir', 'line', 'macro', 'name', 'nr', 'purpose', 'subsystem', 'subsystemDeclined', 'subsystemEvidence', 'subsystemUapi', 'suggestions', 'type', 'unresolved',
  ]);
  assert.deepEqual({ ...rw, abi: undefined, purpose: undefined, suggestions: undefined }, {
    name: 'XF_IOCTL_RW', line: 38, column: 9, macro: '_IOWR', dir: 'rw', type: 0x78, nr: 4, argType: 'struct xf_args',
    abi: undefined, unresolved: null, purpose: undefined, suggestions: undefined, subsystem: null, subsystemEvidence: [], subsystemDeclined: null, subsystemUapi: false,
  });
  // the file as a whole: no device class either
  assert.equal(file.subsystem, null);
  // struct xf_args { __u64 handle; __u32 flags; __u32 pad; void *ptr; }: 24 bytes on x86_64, 20 on i386
  assert.deepEqual(rw.abi.x86_64, { size: 24, value: 0xc0187804 });
  assert.deepEqual(rw.abi.i386, { size: 20, value: 0xc0147804 });
  assert.equal(Object.keys(rw.abi).length, 10);
  const d = file.diagnostics.find((x: { rule: string; ioctls: string[] }) => x.rule === 'custom-ioctl' && x.ioctls.includes('XF_IOCTL_RW'));
  assert.deepEqual(Object.keys(d).sort(), ['column', 'endColumn', 'endLine', 'href', 'ioctls', 'line', 'message', 'rule', 'severity']);
  assert.deepEqual([d.line, d.column, d.endLine, d.endColumn], [38, 9, 38, 20]);
});

test('folders are searched recursively for headers and driver sources, in a stable order; --no-sources keeps to headers', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uapi-lint-cli-'));
  fs.mkdirSync(path.join(dir, 'b', 'c'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'b', 'c', 'z.h'), "#define Z _IO('z', 1)\n");
  fs.writeFileSync(path.join(dir, 'a.h'), "#define A _IO('a', 1)\n");
  fs.writeFileSync(path.join(dir, 'b', 'driver.c'), "#define C _IO('c', 1)\n");
  fs.writeFileSync(path.join(dir, 'notes.txt'), 'not C\n');
  fs.writeFileSync(path.join(dir, 'binary.h'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2]));
  const r = runCli(['--format', 'json', dir]);
  const json = JSON.parse(r.stdout);
  assert.deepEqual(json.files.map((f: { path: string }) => path.relative(dir, f.path)), ['a.h', 'b/c/z.h', 'b/driver.c', 'binary.h']);
  const bin = json.files[3];
  assert.equal(bin.diagnostics[0].rule, 'file-skipped');
  assert.match(bin.diagnostics[0].message, /binary/);
  // a driver source's entry has its driver model (here: nothing registered or dispatched)
  assert.deepEqual(json.files[2].driver, { registrations: [], dispatched: [], sharedApis: [] });
  const headersOnly = JSON.parse(runCli(['--format', 'json', '--no-sources', dir]).stdout);
  assert.deepEqual(headersOnly.files.map((f: { path: string }) => path.relative(dir, f.path)), ['a.h', 'b/c/z.h', 'binary.h']);
  // a file named on the command line that is not reviewed gets one line on stderr
  const named = runCli([path.join(dir, 'notes.txt'), path.join(dir, 'a.h')]);
  assert.equal(named.stderr, `uapi-lint: ${path.join(dir, 'notes.txt')}: not reviewed: uapi-lint reviews C headers (.h) and driver sources (.c)\n`);
  const off = runCli(['--no-sources', path.join(dir, 'b', 'driver.c')]);
  assert.equal(off.stderr, `uapi-lint: ${path.join(dir, 'b', 'driver.c')}: not reviewed: driver sources are not reviewed with --no-sources\n`);
  assert.equal(off.stdout, '');
  fs.rmSync(dir, { recursive: true });
});

test('the bundled examples show findings', () => {
  const r = runCli([EXAMPLES]);
  assert.equal(r.status, 0, r.stderr);
  const rules = new Set([...r.stdout.matchAll(/\[([a-z-]+)\]$/gm)].map((m) => m[1]));
  for (const rule of ['custom-ioctl', 'ioctl-unresolved', 'include-not-found']) assert.ok(rules.has(rule), `examples show ${rule}`);
});

test('on worker threads the output is the same as on one, in the same order', () => {
  const dirs = [FIXTURES, EXAMPLES, path.join(SYSTEM_INCLUDE, 'misc'), path.join(SYSTEM_INCLUDE, 'sound')];
  const one = runCli(['--jobs', '1', '--fail-on', 'warning', ...dirs]);
  const many = runCli(['--jobs', '3', '--fail-on', 'warning', ...dirs]);
  assert.equal(one.status, 1);
  assert.equal(many.status, one.status);
  assert.ok(one.stdout.split('\n').length > 100);
  assert.equal(many.stdout, one.stdout);
  const json = (jobs: string) => runCli(['--jobs', jobs, '--format', 'json', path.join(SYSTEM_INCLUDE, 'misc'), EXAMPLES]).stdout;
  assert.equal(json('2'), json('1'));
  const usage = runCli(['--jobs', '0', EXAMPLES]);
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /--jobs takes a number of threads/);
});
