import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FIXTURES } from '../support/paths';
import { DRIVER_TREE, DRIVERS, type DriverFixture } from '../support/driver-fixtures';
import { analyzeFile } from '../support/analyze';
import { RULES } from '../../../server/out/rules/index';
import type { Finding } from '../../../server/out/rules/rule';

/**
 * The nine driver rules on C sources written for the project: which fire on which fixture
 * (both ways), what their messages say, and where they point.
 */

const TREE = DRIVER_TREE;
type Fixture = DriverFixture;

const NINE = [
  'misc-device-accelerator',
  'shared-api-review',
  'ioctl-unchecked-reserved',
  'ioctl-unknown-command-errno',
  'ioctl-compat',
  'ioctl-copy-size-mismatch',
  'driver-fd-without-cloexec',
  'ioctl-not-dispatched',
  'ioctl-not-in-uapi',
] as const;
type RuleId = (typeof NINE)[number];

/**
 * The expected findings. For each fixture, the rules listed `present` are exactly those of the
 * nine that fire on it: every rule of the nine not listed present for a fixture must be absent.
 */
const EXPECTED: Array<{ fixture: Fixture; rule: RuleId; present: boolean; why: string }> = [
  // kestrel: a misc "DSP/NPU" that breaks all nine
  { fixture: 'kestrel', rule: 'misc-device-accelerator', present: true, why: 'misc_register for ALLOC_BUF (buffers), SUBMIT (submission) and WAIT (completion)' },
  { fixture: 'kestrel', rule: 'shared-api-review', present: true, why: 'dma_buf_export/dma_buf_fd in drivers/misc; the tree\'s MAINTAINERS K: matches struct dma_buf' },
  { fixture: 'kestrel', rule: 'ioctl-unchecked-reserved', present: true, why: 'ALLOC_BUF copies struct kestrel_alloc_buf and never looks at flags, reserved or pad' },
  { fixture: 'kestrel', rule: 'ioctl-unknown-command-errno', present: true, why: 'default: return -EINVAL' },
  { fixture: 'kestrel', rule: 'ioctl-compat', present: true, why: 'no .compat_ioctl, and QUERY differs on i386 (a bare __u64 after a __u32)' },
  { fixture: 'kestrel', rule: 'ioctl-copy-size-mismatch', present: true, why: 'SUBMIT copies sizeof(struct kestrel_submit_v2) = 32 bytes for a 24-byte argument' },
  { fixture: 'kestrel', rule: 'driver-fd-without-cloexec', present: true, why: 'dma_buf_fd(buf->dmabuf, O_RDWR)' },
  { fixture: 'kestrel', rule: 'ioctl-not-dispatched', present: true, why: 'KESTREL_IOCTL_RESET of kestrel.h has no case' },
  { fixture: 'kestrel', rule: 'ioctl-not-in-uapi', present: true, why: 'case KESTREL_IOCTL_DEBUG is defined in kestrel.c itself' },
  // lumen: a well-behaved misc sensor
  { fixture: 'lumen', rule: 'misc-device-accelerator', present: false, why: 'calibration and info ioctls: no buffers, no submission' },
  { fixture: 'lumen', rule: 'shared-api-review', present: false, why: 'no dma-buf, dma-fence or dma-resv' },
  { fixture: 'lumen', rule: 'ioctl-unchecked-reserved', present: false, why: 'flags, pad and reserved checked in helpers (a complement mask, a test, memchr_inv)' },
  { fixture: 'lumen', rule: 'ioctl-unknown-command-errno', present: false, why: 'default: return -ENOTTY' },
  { fixture: 'lumen', rule: 'ioctl-compat', present: false, why: 'compat_ptr_ioctl, structs identical on every ABI, no integer argument' },
  { fixture: 'lumen', rule: 'ioctl-copy-size-mismatch', present: false, why: 'every copy is sizeof(args) of the ioctl\'s own struct' },
  { fixture: 'lumen', rule: 'driver-fd-without-cloexec', present: false, why: 'anon_inode_getfd(..., O_RDONLY | O_CLOEXEC)' },
  { fixture: 'lumen', rule: 'ioctl-not-dispatched', present: false, why: 'all four ioctls of lumen.h have a case' },
  { fixture: 'lumen', rule: 'ioctl-not-in-uapi', present: false, why: 'every case label comes from include/uapi/misc/lumen.h' },
  // wren: a compat-safe cdev that forgets compat_ioctl and a default:
  { fixture: 'wren', rule: 'ioctl-compat', present: true, why: 'no .compat_ioctl (compat_ptr_ioctl would do: the fix test uses it)' },
  { fixture: 'wren', rule: 'ioctl-unknown-command-errno', present: true, why: 'no default:, `ret` starts as -EINVAL' },
  { fixture: 'wren', rule: 'misc-device-accelerator', present: false, why: 'a cdev with two ioctls, neither buffers nor submission' },
  // orbit: an accel driver doing everything right
  { fixture: 'orbit', rule: 'misc-device-accelerator', present: false, why: 'a DRM accel device, not a misc or cdev' },
  { fixture: 'orbit', rule: 'shared-api-review', present: false, why: 'dma_buf in drivers/accel, whose maintainers review it anyway' },
  { fixture: 'orbit', rule: 'ioctl-unchecked-reserved', present: false, why: 'every handler checks pad, reserved and flags of `args = data`' },
  { fixture: 'orbit', rule: 'ioctl-compat', present: false, why: 'drm_compat_ioctl with structs identical on x86_64 and i386' },
  { fixture: 'orbit', rule: 'ioctl-copy-size-mismatch', present: false, why: 'each handler reads data as its ioctl\'s struct' },
  { fixture: 'orbit', rule: 'ioctl-not-dispatched', present: false, why: 'the wrapper macro\'s table covers all five ioctls' },
  { fixture: 'orbit', rule: 'ioctl-unknown-command-errno', present: false, why: 'no switch on the command: drm_ioctl answers unknown ones' },
  // vega: a DRM driver with two wrong handlers and an i386-dependent struct
  { fixture: 'vega', rule: 'ioctl-unchecked-reserved', present: true, why: 'BO_CREATE never checks args->pad (the core copied it)' },
  { fixture: 'vega', rule: 'ioctl-copy-size-mismatch', present: true, why: 'WAIT_FENCE reads data as struct vega_wait_args (24 bytes) for a 16-byte argument' },
  { fixture: 'vega', rule: 'ioctl-compat', present: true, why: 'drm_compat_ioctl passes GET_PARAM on unchanged, and its number differs on i386; no Kconfig limits it to ARM' },
  { fixture: 'vega', rule: 'shared-api-review', present: false, why: 'dma_fence in drivers/gpu' },
  { fixture: 'vega', rule: 'driver-fd-without-cloexec', present: false, why: 'no fd created by the driver' },
  // mydsp: out of tree, otherwise correct, imports dma-bufs
  { fixture: 'mydsp', rule: 'shared-api-review', present: true, why: 'dma_buf_get/attach in a misc driver outside a kernel tree: the shipped MAINTAINERS entry' },
  { fixture: 'mydsp', rule: 'misc-device-accelerator', present: false, why: 'dma-buf import and info: no submission' },
  { fixture: 'mydsp', rule: 'ioctl-not-in-uapi', present: false, why: 'its header is in a uapi/ folder' },
  { fixture: 'mydsp', rule: 'ioctl-unknown-command-errno', present: false, why: 'default: return -ENOTTY' },
];

const cache = new Map<Fixture, Promise<{ text: string; findings: Finding[] }>>();
function findingsOf(fixture: Fixture): Promise<{ text: string; findings: Finding[] }> {
  let p = cache.get(fixture);
  if (!p) {
    const text = fs.readFileSync(DRIVERS[fixture], 'utf8');
    p = analyzeFile(DRIVERS[fixture], text).then((r) => ({ text, findings: r.findings }));
    cache.set(fixture, p);
  }
  return p;
}

async function only(fixture: Fixture, rule: RuleId): Promise<{ text: string; f: Finding }> {
  const { text, findings } = await findingsOf(fixture);
  const hits = findings.filter((f) => f.rule === rule);
  assert.equal(hits.length, 1, `one ${rule} finding on ${fixture}: ${hits.map((h) => h.message).join(' / ')}`);
  return { text, f: hits[0] };
}

/** 0-based row and column of the one occurrence of `needle`, plus `within` characters. */
function at(text: string, needle: string, within = 0): { row: number; column: number } {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, `fixture has ${JSON.stringify(needle)}`);
  assert.equal(text.indexOf(needle, i + 1), -1, `${JSON.stringify(needle)} occurs once`);
  const before = text.slice(0, i + within);
  return { row: before.split('\n').length - 1, column: before.length - before.lastIndexOf('\n') - 1 };
}

/** The text a finding's range covers. */
function covered(text: string, f: Finding): string {
  const lines = text.split('\n');
  const { start, end } = f.range;
  if (start.row === end.row) return lines[start.row].slice(start.column, end.column);
  return [lines[start.row].slice(start.column), ...lines.slice(start.row + 1, end.row), lines[end.row].slice(0, end.column)].join('\n');
}

/** An x86 ioctl number: dir (0 none, 1 write, 2 read, 3 both), size, type, nr. */
const ioc = (dir: number, type: number, nr: number, size: number) => ((dir << 30) | (size << 16) | (type << 8) | nr) >>> 0;
const hex = (n: number) => `0x${n.toString(16).toUpperCase()}`;

test('the table covers each of the nine rules with a fixture that triggers it and one that does not', () => {
  for (const id of NINE) {
    assert.ok(RULES.some((r) => r.id === id && r.documents?.includes('source')), `${id} is a rule for driver sources`);
    assert.ok(EXPECTED.some((e) => e.rule === id && e.present), `${id} has a triggering fixture`);
    assert.ok(EXPECTED.some((e) => e.rule === id && !e.present), `${id} has a non-triggering fixture`);
  }
  // no row contradicts another
  const seen = new Map<string, boolean>();
  for (const e of EXPECTED) {
    const k = `${e.fixture} ${e.rule}`;
    assert.notEqual(seen.get(k), !e.present, k);
    seen.set(k, e.present);
  }
});

for (const fixture of Object.keys(DRIVERS) as Fixture[]) {
  test(`${fixture}: exactly the expected driver rules fire`, async () => {
    const { findings } = await findingsOf(fixture);
    const fired = new Set(findings.map((f) => f.rule).filter((r): r is RuleId => (NINE as readonly string[]).includes(r)));
    const expected = new Set(EXPECTED.filter((e) => e.fixture === fixture && e.present).map((e) => e.rule));
    for (const e of EXPECTED.filter((x) => x.fixture === fixture)) {
      assert.equal(fired.has(e.rule), e.present, `${fixture} ${e.rule} ${e.present ? 'present' : 'absent'}: ${e.why}`);
    }
    assert.deepEqual([...fired].sort(), [...expected].sort());
  });
}

test('misc-device-accelerator: on the misc_register call, naming the buffer, submission and completion ioctls', async () => {
  const { text, f } = await only('kestrel', 'misc-device-accelerator');
  assert.deepEqual(f.range.start, at(text, 'misc_register(&kdev->miscdev)'));
  assert.equal(covered(text, f), 'misc_register');
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /^This driver registers a misc device \(misc_register\) for 6 ioctls that read as an accelerator's uAPI: /);
  assert.match(f.message, /buffers KESTREL_IOCTL_ALLOC_BUF \(buffer-alloc\); submission KESTREL_IOCTL_SUBMIT \(submit\); completion KESTREL_IOCTL_WAIT \(wait\)\./);
  assert.match(f.message, /DRIVER_COMPUTE_ACCEL and DEFINE_DRM_ACCEL_FOPS/);
  assert.deepEqual(f.ioctls, ['KESTREL_IOCTL_ALLOC_BUF', 'KESTREL_IOCTL_SUBMIT', 'KESTREL_IOCTL_WAIT', 'KESTREL_IOCTL_QUERY', 'KESTREL_IOCTL_SET_PRIORITY', 'KESTREL_IOCTL_DEBUG']);
  assert.equal(f.pages[0].page, 'accel-subsystem');
});

test('shared-api-review in a kernel tree: the tree\'s MAINTAINERS section, its fictional people and lists, the K: match', async () => {
  const { text, f } = await only('kestrel', 'shared-api-review');
  const first = at(text, 'struct dma_buf *dmabuf;', 'struct '.length);
  assert.deepEqual(f.range.start, first);
  assert.equal(covered(text, f), 'dma_buf');
  assert.ok(f.message.includes('This driver uses dma-buf (dma_buf, dma_buf_ops, DEFINE_DMA_BUF_EXPORT_INFO, dma_buf_export, dma_buf_fd, dma_buf_put) outside drivers/gpu'));
  assert.ok(f.message.includes(`MAINTAINERS's K: \\bdma_(?:buf|fence|resv)\\b for DMA BUFFER SHARING FRAMEWORK matches this file ('dma_buf' on line ${first.row + 1})`), f.message);
  assert.ok(f.message.includes('maintainers Cora Finch <cora.finch@example.org>, Dev Marlowe <dev.marlowe@example.org>'));
  assert.ok(f.message.includes('reviewers Elin Sparrow <elin.sparrow@example.org>'));
  assert.ok(f.message.includes('lists media-list@lists.example.org, gfx-devel@lists.example.org, buffers-sig@lists.example.org (moderated for non-subscribers)'));
  // the tree's file, not what uapi-lint ships, and not the other sections' people
  assert.ok(!/Sumit|König|Linux 6\.12/.test(f.message));
  assert.ok(!/Ada Quill|Fen Harrow|Hal Wren/.test(f.message));
  assert.match(f.message, /needs open userspace, reviewed on dri-devel\.$/);
});

test('shared-api-review outside a kernel tree: the DMA BUFFER SHARING FRAMEWORK entry of Linux 6.12 that uapi-lint ships', async () => {
  const { text, f } = await only('mydsp', 'shared-api-review');
  assert.deepEqual(f.range.start, at(text, 'struct dma_buf *dmabuf;\n\tstruct dma_buf_attachment', 'struct '.length));
  assert.ok(f.message.includes('In MAINTAINERS (Linux 6.12), DMA BUFFER SHARING FRAMEWORK covers it: maintainers Sumit Semwal <sumit.semwal@linaro.org>'), f.message);
  assert.ok(f.message.includes('linaro-mm-sig@lists.linaro.org (moderated for non-subscribers)'));
  assert.ok(f.message.includes("matches 'dma_buf' here, so get_maintainer.pl adds them"));
  assert.ok(!f.message.includes('example.org'));
});

test('ioctl-unchecked-reserved: the copied struct\'s members by name, at the copy; for DRM, "the core copied it" at `args`', async () => {
  const k = await only('kestrel', 'ioctl-unchecked-reserved');
  assert.deepEqual(k.f.ioctls, ['KESTREL_IOCTL_ALLOC_BUF']);
  assert.deepEqual(k.f.range.start, at(k.text, 'int fd;\n\n\tif (copy_from_user(&args', 'int fd;\n\n\tif ('.length));
  assert.equal(covered(k.text, k.f), 'copy_from_user(&args, argp, sizeof(args))');
  assert.match(k.f.message, /^KESTREL_IOCTL_ALLOC_BUF: kestrel_alloc_buf\(\) copies struct kestrel_alloc_buf from userspace and never checks reserved, pad \(must be zero\) or flags \(unknown bits must be rejected\)\. Fail the ioctl with -EINVAL/);

  const v = await only('vega', 'ioctl-unchecked-reserved');
  assert.deepEqual(v.f.ioctls, ['DRM_IOCTL_VEGA_BO_CREATE']);
  assert.deepEqual(v.f.range.start, at(v.text, 'struct drm_vega_bo_create *args = data;', 'struct drm_vega_bo_create *'.length));
  assert.equal(covered(v.text, v.f), 'args');
  assert.match(v.f.message, /^DRM_IOCTL_VEGA_BO_CREATE: vega_ioctl_bo_create\(\) gets struct drm_vega_bo_create from userspace \(the core copied it\) and never checks pad \(must be zero\)\./);
  // the members it does check, or only writes, are not named
  assert.ok(!/\bsize\b|\bhandle\b/.test(v.f.message.split('. ')[0].replace('struct drm_vega_bo_create', '')));
});

test('ioctl-unknown-command-errno: on the -EINVAL of default:, or on the switch that has no default:', async () => {
  const k = await only('kestrel', 'ioctl-unknown-command-errno');
  assert.deepEqual(k.f.range.start, at(k.text, 'default:\n\t\treturn -EINVAL;', 'default:\n\t\treturn '.length));
  assert.equal(covered(k.text, k.f), '-EINVAL');
  assert.match(k.f.message, /^An unknown command reaching kestrel_ioctl\(\)'s default: ends in -EINVAL; it must end in -ENOTTY \(or -ENOIOCTLCMD\)/);

  const w = await only('wren', 'ioctl-unknown-command-errno');
  assert.deepEqual(w.f.range.start, at(w.text, 'switch (cmd) {'));
  assert.equal(covered(w.text, w.f), 'switch');
  assert.match(w.f.message, /^wren_ioctl\(\)'s switch on the command has no default:, so an unknown command falls through and ends in -EINVAL; it must end in -ENOTTY/);
});

test('ioctl-compat: both numbers and sizes of the command that differs, and the integer argument; on the fops', async () => {
  const query = { x86_64: ioc(2, 'k'.charCodeAt(0), 4, 16), i386: ioc(2, 'k'.charCodeAt(0), 4, 12) };
  const k = await only('kestrel', 'ioctl-compat');
  assert.deepEqual(k.f.range.start, at(k.text, '.unlocked_ioctl\t= kestrel_ioctl,'));
  assert.equal(covered(k.text, k.f), '.unlocked_ioctl\t= kestrel_ioctl');
  assert.match(k.f.message, /^kestrel_fops has \.unlocked_ioctl = kestrel_ioctl but no \.compat_ioctl: a 32-bit process on a 64-bit kernel gets -ENOTTY for every command\./);
  assert.ok(k.f.message.includes(`KESTREL_IOCTL_QUERY is ${hex(query.x86_64)} on x86_64 and ${hex(query.i386)} on i386 (struct kestrel_query: 16 bytes against 12)`), k.f.message);
  assert.ok(k.f.ioctls.includes('KESTREL_IOCTL_QUERY'));
  assert.ok(!k.f.fixes.some((x) => /compat_ioctl/.test(x.title)), 'no compat_ptr_ioctl fix when a command differs');

  // the same driver with a compat-safe QUERY: only the integer argument of SET_PRIORITY is left
  const safe = k.text.replace('#include <uapi/misc/kestrel.h>', '#include <uapi/misc/kestrel.h>\n#undef KESTREL_IOCTL_QUERY\n#define KESTREL_IOCTL_QUERY _IOR(KESTREL_IOCTL_MAGIC, 0x04, __u64)');
  const again = (await analyzeFile(DRIVERS.kestrel, safe)).findings.filter((f) => f.rule === 'ioctl-compat');
  assert.equal(again.length, 1);
  assert.match(again[0].message, /KESTREL_IOCTL_SET_PRIORITY takes an integer, which compat_ptr_ioctl must not convert/);
  assert.ok(!again[0].fixes.some((x) => /compat_ioctl/.test(x.title)));

  const getParam = { x86_64: ioc(3, 'd'.charCodeAt(0), 0x40, 16), i386: ioc(3, 'd'.charCodeAt(0), 0x40, 12) };
  const v = await only('vega', 'ioctl-compat');
  assert.deepEqual(v.f.range.start, at(v.text, 'DEFINE_DRM_GEM_FOPS(vega_fops);', 'DEFINE_DRM_GEM_FOPS('.length));
  assert.equal(covered(v.text, v.f), 'vega_fops');
  assert.deepEqual(v.f.ioctls, ['DRM_IOCTL_VEGA_GET_PARAM']);
  assert.match(v.f.message, /^vega_fops's compat_ioctl is drm_compat_ioctl \(which passes a driver's own ioctls on unchanged\), but a command has another number/);
  assert.ok(v.f.message.includes(`DRM_IOCTL_VEGA_GET_PARAM is ${hex(getParam.x86_64)} on x86_64 and ${hex(getParam.i386)} on i386 (struct drm_vega_get_param: 16 bytes against 12)`), v.f.message);

  const w = await only('wren', 'ioctl-compat');
  assert.match(w.f.message, /so \.compat_ioctl = compat_ptr_ioctl is enough\.$/);
  assert.deepEqual(w.f.ioctls, ['WREN_IOCTL_GET_VERSION', 'WREN_IOCTL_SET_PINS']);
});

test('ioctl-copy-size-mismatch: both sizes, on the copy call; for DRM on the pointer that reads `data` as another struct', async () => {
  const k = await only('kestrel', 'ioctl-copy-size-mismatch');
  assert.equal(k.f.severity, 'error');
  assert.deepEqual(k.f.ioctls, ['KESTREL_IOCTL_SUBMIT']);
  assert.deepEqual(k.f.range.start, at(k.text, 'copy_from_user(&args, argp, sizeof(struct kestrel_submit_v2))'));
  assert.equal(
    k.f.message,
    'KESTREL_IOCTL_SUBMIT: copy_from_user() copies sizeof(struct kestrel_submit_v2) = 32 bytes from userspace, but the command\'s argument is ' +
      'struct kestrel_submit of 24 bytes (_IOC_SIZE) on x86_64: it reads or writes past what userspace passed.',
  );

  const v = await only('vega', 'ioctl-copy-size-mismatch');
  assert.deepEqual(v.f.ioctls, ['DRM_IOCTL_VEGA_WAIT_FENCE']);
  assert.deepEqual(v.f.range.start, at(v.text, 'struct vega_wait_args *args = data;', 'struct vega_wait_args *'.length));
  assert.equal(
    v.f.message,
    'DRM_IOCTL_VEGA_WAIT_FENCE: vega_ioctl_wait_fence() reads the argument as struct vega_wait_args (24 bytes on x86_64), but the core copied struct drm_vega_wait_fence (_IOC_SIZE 16 bytes).',
  );
});

test('driver-fd-without-cloexec, ioctl-not-dispatched, ioctl-not-in-uapi: what they name and where', async () => {
  const fd = await only('kestrel', 'driver-fd-without-cloexec');
  assert.equal(covered(fd.text, fd.f), 'O_RDWR');
  assert.deepEqual(fd.f.range.start, at(fd.text, 'dma_buf_fd(buf->dmabuf, O_RDWR)', 'dma_buf_fd(buf->dmabuf, '.length));
  assert.match(fd.f.message, /^dma_buf_fd\(\) makes a file descriptor for userspace with flags O_RDWR, without O_CLOEXEC/);

  const nd = await only('kestrel', 'ioctl-not-dispatched');
  assert.deepEqual(nd.f.ioctls, ['KESTREL_IOCTL_RESET']);
  assert.equal(nd.f.severity, 'info');
  // on the include of the header that defines it
  assert.equal(nd.f.range.start.row, at(nd.text, '#include <uapi/misc/kestrel.h>').row);
  assert.match(nd.f.message, /^KESTREL_IOCTL_RESET is defined in misc\/kestrel\.h beside the ioctls this file dispatches, but no dispatch here handles it/);

  const nu = await only('kestrel', 'ioctl-not-in-uapi');
  assert.deepEqual(nu.f.ioctls, ['KESTREL_IOCTL_DEBUG']);
  assert.deepEqual(nu.f.range.start, at(nu.text, 'case KESTREL_IOCTL_DEBUG:', 'case '.length));
  assert.equal(covered(nu.text, nu.f), 'KESTREL_IOCTL_DEBUG');
  assert.match(nu.f.message, /^KESTREL_IOCTL_DEBUG is an? ioctl defined in this file, not in a uAPI header/);
});
