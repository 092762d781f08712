import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCli } from './support/cli';
import { LspClient } from './support/lsp-client';
import { commitAll, git, kernelHistory, newRepository } from './support/git-trees';
import type { JsonFile } from '../../server/out/cli/format';
import { RULES } from '../../server/out/rules/index';

/**
 * The git base of a branch, on real repositories: Linux 6.12's uAPI headers on `main` (with
 * 6.1's before them), and branches written here that add and change ioctls. What the base has
 * is info; what the branch adds or changes is reviewed as new; the editor follows a checkout.
 */

const ADDED = ['FASTRPC_IOCTL_NIMBUS_PEEK', 'DRM_IOCTL_PANFROST_NIMBUS', 'NIMBUS_IOCTL_SUBMIT'];

/** A branch off 6.12 that adds an ioctl to fastrpc.h and to panfrost_drm.h, and a new header. */
function addIoctlsBranch(dir: string): void {
  git(dir, 'checkout', '-q', '-B', 'add-ioctls', 'main');
  const fastrpc = path.join(dir, 'include', 'uapi', 'misc', 'fastrpc.h');
  fs.writeFileSync(
    fastrpc,
    fs.readFileSync(fastrpc, 'utf8').replace(
      /#endif\s*(\/\*[^*]*\*\/)?\s*$/,
      'struct fastrpc_nimbus_peek {\n\t__u32 offset;\n\t__u64 value;\n};\n#define FASTRPC_IOCTL_NIMBUS_PEEK _IOWR(\'R\', 40, struct fastrpc_nimbus_peek)\n\n#endif\n',
    ),
  );
  const panfrost = path.join(dir, 'include', 'uapi', 'drm', 'panfrost_drm.h');
  fs.writeFileSync(
    panfrost,
    fs.readFileSync(panfrost, 'utf8').replace(
      '#define DRM_IOCTL_PANFROST_SUBMIT',
      '#define DRM_PANFROST_NIMBUS 0x20\nstruct drm_panfrost_nimbus {\n\t__u32 handle;\n\t__u64 addr;\n};\n#define DRM_IOCTL_PANFROST_NIMBUS DRM_IOWR(DRM_COMMAND_BASE + DRM_PANFROST_NIMBUS, struct drm_panfrost_nimbus)\n#define DRM_IOCTL_PANFROST_SUBMIT',
    ),
  );
  fs.writeFileSync(
    path.join(dir, 'include', 'uapi', 'misc', 'nimbus.h'),
    '/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */\n#ifndef _UAPI_MISC_NIMBUS_H\n#define _UAPI_MISC_NIMBUS_H\n#include <linux/ioctl.h>\n#include <linux/types.h>\nstruct nimbus_submit {\n\t__u64 cmds;\n\t__u32 count;\n\t__u32 flags;\n};\n#define NIMBUS_IOCTL_SUBMIT _IOW(\'N\', 1, struct nimbus_submit)\n#endif\n',
  );
  commitAll(dir, 'add ioctls');
}

test('a branch that adds ioctls to Linux 6.12: warnings on those only, the rest of the tree info', { timeout: 300_000 }, async () => {
  const { dir } = kernelHistory();
  addIoctlsBranch(dir);
  try {
    // the branch tracks nothing: its base is the merge-base with origin/main
    const r = runCli(['--format', 'json', '--fail-on', 'none', '--base', 'origin/main', '--no-sources', 'include/uapi', 'arch/x86/include/uapi'], dir);
    assert.equal(r.status, 0, r.stderr);
    const files = (JSON.parse(r.stdout) as { files: JsonFile[] }).files;
    assert.ok(files.length > 800, `${files.length} headers`);
    const all = files.flatMap((f) => f.diagnostics.map((d) => ({ ...d, path: f.path })));
    const serious = all.filter((d) => d.severity === 'warning' || d.severity === 'error');
    // every warning is about an added ioctl, or in the added header; the analysis' own notes aside
    const analysis = new Set(RULES.filter((r) => r.keepsSeverity).map((r) => r.id));
    const stray = serious.filter((d) => !analysis.has(d.rule) && !d.path.endsWith('nimbus.h') && !d.ioctls.some((i) => ADDED.includes(i)));
    assert.deepEqual(stray.map((d) => `${d.path}:${d.line} ${d.rule} ${d.message}`), []);
    for (const name of ADDED) assert.ok(serious.some((d) => d.ioctls.includes(name) && d.baselineState === 'new'), `${name} is reviewed as new`);
    const infos = all.filter((d) => d.severity === 'info');
    assert.ok(infos.length > 500, `${infos.length} findings on what 6.12 has are info`);
    assert.ok(infos.every((d) => d.baselineState === 'unchanged' || d.path.endsWith('nimbus.h') || d.ioctls.some((i) => ADDED.includes(i))));
    assert.match(all.find((d) => d.rule === 'custom-ioctl' && d.ioctls.includes('FASTRPC_IOCTL_INVOKE'))!.message, /^FASTRPC_IOCTL_INVOKE \(in origin\/main @ [0-9a-f]{7}\) /);

    // without the base, the table of upstream ioctls decides: the new ones are new there too
    const none = runCli(['--format', 'json', '--fail-on', 'none', '--base', 'none', '--no-sources', 'include/uapi/misc/fastrpc.h', 'include/uapi/drm/panfrost_drm.h'], dir);
    const noneFiles = (JSON.parse(none.stdout) as { files: JsonFile[] }).files;
    assert.ok(noneFiles.every((f) => f.diagnostics.every((d) => d.baselineState === undefined)));

    // --new-only: what the branch adds, nothing else
    const fresh = runCli(['--new-only', '--base', 'origin/main', '--fail-on', 'none', '--no-sources', 'include/uapi'], dir);
    const lines = fresh.stdout.trim().split('\n');
    assert.ok(lines.length > 3, fresh.stdout);
    assert.ok(lines.every((l) => /^include\/uapi\/(misc\/fastrpc\.h|drm\/panfrost_drm\.h|misc\/nimbus\.h):/.test(l)), fresh.stdout);

    // diff: the uAPI changes themselves
    const diff = runCli(['diff', '--base', 'origin/main', '--format', 'json', 'include/uapi'], dir);
    assert.equal(diff.status, 0, diff.stderr);
    const report = JSON.parse(diff.stdout) as { base: { ref: string }; files: Array<{ path: string; changes: Array<{ kind: string; subject: string }> }> };
    assert.equal(report.base.ref, 'origin/main');
    const changes = report.files.flatMap((f) => f.changes.map((c) => `${f.path} ${c.kind} ${c.subject}`)).sort();
    assert.deepEqual(changes, [
      'include/uapi/drm/panfrost_drm.h ioctl-added DRM_IOCTL_PANFROST_NIMBUS',
      'include/uapi/misc/fastrpc.h ioctl-added FASTRPC_IOCTL_NIMBUS_PEEK',
      'include/uapi/misc/nimbus.h ioctl-added NIMBUS_IOCTL_SUBMIT',
    ]);
    const md = runCli(['diff', '--base', 'origin/main', '--format', 'markdown', 'include/uapi'], dir);
    assert.match(md.stdout, /^# uAPI changes against origin\/main @ [0-9a-f]{7}\n\n3 headers changed: 0 breaking change\(s\), 0 extension\(s\), 3 addition\(s\)\./);
  } finally {
    git(dir, 'checkout', '-q', 'main');
  }
});

test('a branch that breaks a struct and renumbers an ioctl: uapi-abi-break errors, in lint and diff; --base of an unknown ref is a usage error', { timeout: 300_000 }, async () => {
  const { dir } = kernelHistory();
  git(dir, 'checkout', '-q', '-B', 'break-abi', 'main');
  try {
    const fastrpc = path.join(dir, 'include', 'uapi', 'misc', 'fastrpc.h');
    const text = fs.readFileSync(fastrpc, 'utf8');
    // struct fastrpc_init_create: a member retyped to 64 bits; FASTRPC_IOCTL_MUNMAP renumbered
    const broken = text.replace(/(struct fastrpc_init_create \{\s*\n\s*)__u32 filelen;/, '$1__u64 filelen;').replace(/#define FASTRPC_IOCTL_MUNMAP(\s+)_IOWR\('R', 7,/, "#define FASTRPC_IOCTL_MUNMAP$1_IOWR('R', 17,");
    assert.notEqual(broken, text);
    fs.writeFileSync(fastrpc, broken);
    commitAll(dir, 'break fastrpc');
    const r = runCli(['--base', 'origin/main', '--fail-on', 'error', '--no-sources', 'include/uapi/misc/fastrpc.h'], dir);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    const breaks = r.stdout.split('\n').filter((l) => l.endsWith('[uapi-abi-break]'));
    assert.equal(breaks.length, 2, r.stdout);
    assert.match(breaks.join('\n'), /error: struct fastrpc_init_create, used by FASTRPC_IOCTL_INIT_CREATE changed layout since origin\/main @ [0-9a-f]{7} on every ABI: member filelen resized from 4 bytes \(__u32\) to 8 bytes \(__u64\)/);
    assert.match(breaks.join('\n'), /error: FASTRPC_IOCTL_MUNMAP has another command number since origin\/main @ [0-9a-f]{7} on every ABI: 0x[0-9A-F]+ became 0x[0-9A-F]+ on x86_64 \(nr 7 to 17\)/);
    const diff = runCli(['diff', '--base', 'origin/main', 'include/uapi'], dir);
    assert.equal(diff.status, 1, 'a break makes diff exit 1');
    assert.match(diff.stdout, /fastrpc\.h:\d+:\d+: error: .*\[struct-broken\]/);
    const unknown = runCli(['--base', 'no-such-ref', 'include/uapi/misc/fastrpc.h'], dir);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /--base no-such-ref: no such commit or ref in /);
  } finally {
    git(dir, 'checkout', '-q', 'main');
  }
});

test('over LSP in a git repository: warnings only on what the branch changed; after checking out the base, none', { timeout: 120_000 }, async () => {
  const dir = newRepository();
  const header = path.join(dir, 'include', 'uapi', 'misc', 'wren.h');
  fs.mkdirSync(path.dirname(header), { recursive: true });
  fs.mkdirSync(path.join(dir, 'arch'), { recursive: true });
  const base = [
    '#ifndef _UAPI_MISC_WREN_H',
    '#define _UAPI_MISC_WREN_H',
    '#include <linux/ioctl.h>',
    '#include <linux/types.h>',
    'struct wren_info {',
    '\t__u32 version;',
    '\t__u32 flags;',
    '};',
    "#define WREN_IOCTL_INFO _IOR('W', 1, struct wren_info)",
    '#endif',
    '',
  ].join('\n');
  fs.writeFileSync(header, base);
  // a DRM header whose struct the branch extends: the hover shows the base layout beside the new
  const drm = path.join(dir, 'include', 'uapi', 'drm', 'wren_drm.h');
  fs.mkdirSync(path.dirname(drm), { recursive: true });
  const drmBase = '#include <linux/ioctl.h>\n#include <linux/types.h>\n#define DRM_IOCTL_BASE \'d\'\n#define DRM_COMMAND_BASE 0x40\n#define DRM_IOWR(nr, type) _IOWR(DRM_IOCTL_BASE, nr, type)\nstruct drm_wren_query {\n\t__u64 value;\n};\n#define DRM_IOCTL_WREN_QUERY DRM_IOWR(DRM_COMMAND_BASE + 0x00, struct drm_wren_query)\n';
  fs.writeFileSync(drm, drmBase);
  commitAll(dir, 'wren');
  git(dir, 'update-ref', 'refs/remotes/origin/main', 'HEAD');
  git(dir, 'checkout', '-q', '-b', 'topic');
  const branch = base.replace('#endif', "struct wren_run {\n\t__u64 addr;\n\t__u32 len;\n};\n#define WREN_IOCTL_RUN _IOW('W', 2, struct wren_run)\n#endif");
  fs.writeFileSync(header, branch);
  const drmBranch = drmBase.replace('__u64 value;', '__u64 value;\n\t__u64 flags;');
  fs.writeFileSync(drm, drmBranch);
  commitAll(dir, 'wren: run');

  const client = new LspClient(['--stdio'], { gitBase: true });
  const statuses: Array<{ uri?: string; base?: { label?: string; fallback?: string } }> = [];
  client.connection.onNotification('uapiLint/status', (p: (typeof statuses)[number]) => void statuses.push(p));
  try {
    await client.initialize(pathToFileURL(dir).href, { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } }, { trustedWorkspace: true });
    const uri = pathToFileURL(header).href;
    const first = client.until((p) => p.uri === uri && p.diagnostics.some((d) => d.code === 'uapi-implicit-padding'));
    await client.open(uri, branch);
    const { diagnostics } = await first;
    const serious = diagnostics.filter((d) => d.severity === 1 || d.severity === 2);
    const line = (n: number) => branch.split('\n')[n];
    // only the new struct and ioctl (lines 9-13) have warnings; WREN_IOCTL_INFO is info
    assert.ok(serious.length > 0);
    assert.deepEqual(serious.filter((d) => d.range.start.line < 9 || d.range.start.line > 13).map((d) => `${d.range.start.line} ${d.code} ${line(d.range.start.line)}`), []);
    const info = diagnostics.find((d) => d.code === 'custom-ioctl' && /^WREN_IOCTL_INFO/.test(d.message))!;
    assert.equal(info.severity, 3);
    assert.match(info.message, /^WREN_IOCTL_INFO \(in origin\/main @ [0-9a-f]{7}\)/);
    assert.ok(statuses.some((s) => s.uri === uri && /^origin\/main @ [0-9a-f]{7}$/.test(s.base?.label ?? '')), JSON.stringify(statuses));

    // the refs "Compare with git ref" offers
    const refs = (await client.connection.sendRequest('workspace/executeCommand', { command: 'uapiLint.listBases', arguments: [uri] })) as string[];
    assert.deepEqual([...refs].sort(), ['main', 'origin/main', 'topic']);

    // the extended DRM struct: uapi-abi-extension, and both layouts in the hover
    const drmUri = pathToFileURL(drm).href;
    const extended = client.until((p) => p.uri === drmUri && p.diagnostics.some((d) => d.code === 'uapi-abi-extension'));
    await client.open(drmUri, drmBranch);
    assert.equal((await extended).diagnostics.find((d) => d.code === 'uapi-abi-extension')!.severity, 3);
    const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: drmUri }, position: { line: 5, character: 10 } })) as { contents: { value: string } };
    assert.match(hover.contents.value, /\*\*At origin\/main @ [0-9a-f]{7}\*\* \(the git base\):/);
    assert.match(hover.contents.value, /\*\*An extension\*\*: size grew from 8 to 16 bytes \(flags appended\)\./);
    await client.close(drmUri);

    // git checkout of the base: the file on disk changes, the editor reloads it
    git(dir, 'checkout', '-q', 'main');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 2 }] });
    const after = client.until((p) => p.uri === uri && p.version === 2 && !p.diagnostics.some((d) => d.severity === 1 || d.severity === 2));
    await client.change(uri, 2, [{ text: base }]);
    const settled = await after;
    assert.ok(settled.diagnostics.some((d) => d.code === 'custom-ioctl' && d.severity === 3), 'the findings are still there, as info');
  } finally {
    assert.equal(await client.shutdown(), 0);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
