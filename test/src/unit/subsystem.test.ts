import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FIXTURES, SYSTEM_INCLUDE } from '../support/paths';
import { analyzeFile } from '../support/analyze';
import { runCli } from '../support/cli';
import { analyzeDocument, initAnalysis } from '../../../server/out/analysis/pipeline';
import { HeaderCache } from '../../../server/out/core/include/header-cache';
import { SHARED_UAPI, SUBSYSTEMS, SUBSYSTEM_IDS, CORE_INTERFACES } from '../../../server/out/knowledge/subsystems';
import { sharedUapiOf } from '../../../server/out/core/ioctl/subsystem';
import { describeIoctl } from '../../../server/out/core/describe';
import { openingComment } from '../../../server/out/core/document';
import { linuxSource } from '../support/linux-source';

/** Which subsystem covers a private interface: fixtures written for the project, and real headers. */

const DIR = path.join(FIXTURES, 'subsystems');
const DRIVER_TREE = path.join(FIXTURES, 'driver-tree');

async function asNew(file: string) {
  await initAnalysis();
  return analyzeDocument(file, fs.readFileSync(file, 'utf8'), { cache: new HeaderCache({}), rules: { treatAllAsNew: true } });
}

test('the catalogue: every id once, in order, each with documents, evidence and a line for any purpose', () => {
  assert.deepEqual(SUBSYSTEMS.map((s) => s.id), [...SUBSYSTEM_IDS]);
  for (const s of SUBSYSTEMS) {
    assert.ok(s.documentation.length >= 1 && s.documentation.every((d) => /^Documentation\/.+\.rst$/.test(d.path) && d.url.startsWith('https://docs.kernel.org/')), s.id);
    assert.ok(s.evidence.length >= 5, `${s.id} has evidence words`);
    assert.ok(!s.covers[s.covers.length - 1].purposes, `${s.id}: the last line fits any purpose`);
    assert.ok(s.classes.length && s.userspace && s.become, s.id);
  }
  const owners = new Set<string>([...SUBSYSTEM_IDS, ...CORE_INTERFACES.map((c) => c.id)]);
  for (const row of SHARED_UAPI) assert.ok(owners.has(row.subsystem), `${row.header}: ${row.subsystem}`);
});

test('colliding magics are told apart by header and number', () => {
  const at = (file: string, type: string, nr: number) => sharedUapiOf({ file: path.join(SYSTEM_INCLUDE, file), type: type.charCodeAt(0), nr })?.subsystem;
  assert.equal(at('linux/iio/events.h', 'i', 0x90), 'iio');
  assert.equal(at('linux/i8k.h', 'i', 0x81), undefined, "i8k's 'i' is Dell's private interface");
  assert.equal(at('linux/watchdog.h', 'W', 5), 'watchdog');
  assert.equal(at('misc/uacce/uacce.h', 'W', 0), 'uacce');
  assert.equal(at('linux/dma-heap.h', 'H', 0), 'dma-heap');
  assert.equal(at('linux/mei.h', 'H', 1), 'mei');
  assert.equal(at('linux/rtc.h', 'p', 1), 'rtc');
  assert.equal(at('linux/udmabuf.h', 'u', 0x42), 'dma-heap');
  // V4L2's driver-private range, in whatever header a driver puts it
  assert.equal(at('linux/ivtv.h', 'V', 192), 'v4l2');
  assert.equal(at('linux/some-driver.h', 'V', 10), undefined);
});

test("a board card's three groups go to IIO, hwmon and the FPGA manager, each message naming what to use", async () => {
  const r = await asNew(path.join(DIR, 'board-monitor.h'));
  const sub = (name: string) => r.model.subsystemOf(r.model.ioctls.find((i) => i.name === name)!).subsystem;
  assert.equal(sub('ALS_IOCTL_GET_LUX'), 'iio');
  assert.equal(sub('ALS_IOCTL_SET_GAIN'), 'iio');
  assert.equal(sub('BMC_IOCTL_GET_FAN'), 'hwmon');
  assert.equal(sub('BMC_IOCTL_SET_FAN'), 'hwmon');
  assert.equal(sub('FPGA_IOCTL_LOAD_BITSTREAM'), 'fpga');
  const custom = new Map(r.findings.filter((f) => f.rule === 'custom-ioctl').map((f) => [f.ioctls[0], f]));
  assert.equal(custom.size, 5);
  assert.match(custom.get('ALS_IOCTL_GET_LUX')!.message, /IIO/);
  assert.match(custom.get('BMC_IOCTL_GET_FAN')!.message, /hwmon/);
  assert.match(custom.get('FPGA_IOCTL_LOAD_BITSTREAM')!.message, /FPGA manager/);
  for (const f of custom.values()) {
    assert.doesNotMatch(f.message, /accel subsystem|DRM/, f.message);
    // the quick-fix menu's "Open criteria page": the subsystem's family page first
    assert.match(f.pages[0].page, /^subsystem-/);
  }
  const whole = r.findings.filter((f) => f.rule === 'private-interface-has-subsystem');
  assert.equal(whole.length, 1);
  assert.match(whole[0].message, /By group: .*\(iio\).*\(hwmon\).*\(fpga\)|By group: .*\(hwmon\)/);
});

test('a light sensor: every ioctl is IIO, the version query by the file as a whole', async () => {
  const r = await asNew(path.join(DIR, 'ambient-light.h'));
  for (const i of r.model.ioctls) assert.equal(r.model.subsystemOf(i).subsystem, 'iio', i.name);
  assert.ok(r.model.subsystemOf(r.model.ioctls.find((i) => i.name === 'LUMA_IOCTL_VERSION')!).inherited);
  const [whole] = r.findings.filter((f) => f.rule === 'private-interface-has-subsystem');
  assert.match(whole.message, /Industrial I\/O/);
  assert.equal(whole.severity, 'warning');
  // the hover says it too
  const hover = describeIoctl(r.model, r.model.ioctls[0]);
  assert.match(hover, /\*\*Subsystem:\*\* Industrial I\/O.*member `illuminance`/);
});

test('firmware-passthrough: an opaque command and raw registers, not a typed query', async () => {
  const r = await asNew(path.join(DIR, 'passthrough.h'));
  const flagged = r.findings.filter((f) => f.rule === 'firmware-passthrough');
  assert.deepEqual(flagged.map((f) => f.ioctls[0]).sort(), ['OSPREY_IOCTL_PEEK', 'OSPREY_IOCTL_POKE', 'OSPREY_IOCTL_SEND_CMD']);
  assert.ok(flagged.every((f) => f.severity === 'warning' && f.pages[0].page === 'firmware-passthrough'));
  assert.match(flagged.find((f) => f.ioctls[0] === 'OSPREY_IOCTL_SEND_CMD')!.message, /opaque commands.*payload member `data`/);
});

test("subsystems' own uAPI is not custom, even as new; a private header on a colliding magic is", async () => {
  // libdrm's copy of i915_drm.h (libdrm-dev) is the DRM header it copies: its perf stream ioctls are i915's
  for (const h of ['linux/watchdog.h', 'linux/rtc.h', 'linux/dma-heap.h', 'linux/mei.h', 'linux/gpio.h', 'linux/iio/events.h', 'libdrm/i915_drm.h']) {
    const r = await asNew(path.join(SYSTEM_INCLUDE, h));
    assert.ok(r.model.ioctls.length > 0, h);
    assert.deepEqual(r.findings.filter((f) => f.rule === 'custom-ioctl').map((f) => f.ioctls[0]), [], h);
  }
  const i8k = await asNew(path.join(SYSTEM_INCLUDE, 'linux/i8k.h'));
  const custom = i8k.findings.filter((f) => f.rule === 'custom-ioctl');
  assert.ok(custom.length > 0);
  assert.ok(custom.some((f) => /hwmon/.test(f.message)), custom.map((f) => f.message).join('\n'));
});

test('JSON: each ioctl has subsystem and subsystemEvidence, each file its subsystem', () => {
  const run = runCli(['--format', 'json', '--as-new', path.join(DIR, 'ambient-light.h'), path.join(SYSTEM_INCLUDE, 'linux/watchdog.h')]);
  const files = JSON.parse(run.stdout).files as Array<{ path: string; subsystem: string | null; ioctls: Array<{ name: string; subsystem: string | null; subsystemEvidence: Array<{ source: string; text: string }>; subsystemUapi: boolean }> }>;
  const luma = files.find((f) => f.path.endsWith('ambient-light.h'))!;
  assert.equal(luma.subsystem, 'iio');
  const read = luma.ioctls.find((i) => i.name === 'LUMA_IOCTL_READ')!;
  assert.equal(read.subsystem, 'iio');
  assert.ok(read.subsystemEvidence.some((e) => e.source === 'member' && e.text === 'illuminance'), JSON.stringify(read.subsystemEvidence));
  assert.equal(read.subsystemUapi, false);
  const wd = files.find((f) => f.path.endsWith('watchdog.h'))!;
  assert.equal(wd.subsystem, 'watchdog');
  assert.ok(wd.ioctls.every((i) => i.subsystem === 'watchdog' && i.subsystemUapi));
});

test('a driver: the misc device of a light sensor belongs in IIO, a GPIO expander in the GPIO subsystem', async () => {
  const lumen = await analyzeFile(path.join(DRIVER_TREE, 'drivers/misc/lumen/lumen.c'));
  const [f] = lumen.findings.filter((x) => x.rule === 'private-interface-has-subsystem');
  assert.ok(f, lumen.findings.map((x) => x.rule).join(', '));
  assert.match(f.message, /misc device \(module_misc_device\).*Industrial I\/O/);
  const wren = await analyzeFile(path.join(DRIVER_TREE, 'drivers/misc/wren/wren.c'));
  const [g] = wren.findings.filter((x) => x.rule === 'private-interface-has-subsystem');
  assert.ok(g, wren.findings.map((x) => x.rule).join(', '));
  assert.match(g.message, /GPIO/);
});

test("a handler's calls say what an ioctl with a vague name does", async () => {
  const r = await analyzeFile(path.join(DIR, 'heron.c'));
  const purpose = (name: string) => r.model.purposeOf(r.model.ioctls.find((i) => i.name === name)!);
  assert.equal(purpose('HERON_IOCTL_GET_HANDLE').purpose, 'buffer-export');
  assert.equal(purpose('HERON_IOCTL_SETTLE').purpose, 'wait');
  assert.ok(purpose('HERON_IOCTL_SETTLE').evidence.some((e) => e.source === 'handler' && e.text === 'dma_fence_wait_timeout'));
});

test('glued names, the machine beside the device, and a mailbox into the firmware', async () => {
  const r = await asNew(path.join(DIR, 'laptop-ec.h'));
  const of = (name: string) => r.model.subsystemOf(r.model.ioctls.find((i) => i.name === name)!);
  // KEEL_IOCGFANCTL is FAN + CTL, KEEL_IOCGBAT1CAP is BAT + 1 CAP
  assert.equal(of('KEEL_IOCGFANCTL').subsystem, 'hwmon');
  assert.equal(of('KEEL_IOCSFANCTL').subsystem, 'hwmon');
  assert.equal(of('KEEL_IOCGBAT1CAP').subsystem, 'power-supply');
  // the BIOS version is the machine's, whatever the rest of the file is
  assert.equal(of('KEEL_IOC_GET_BIOS_VERSION').subsystem, null);
  // a command mailbox into the firmware is a pass-through, not the mailbox framework (which has no uAPI)
  assert.equal(of('KEEL_IOC_MBOX_COMMAND').subsystem, null);
  assert.deepEqual(r.findings.filter((f) => f.rule === 'firmware-passthrough').map((f) => f.ioctls[0]), ['KEEL_IOC_MBOX_COMMAND']);
  // the GPL's boilerplate is not the file's description: the next comment is
  const custom = r.findings.find((f) => f.rule === 'custom-ioctl' && f.ioctls[0] === 'KEEL_IOCGFANCTL')!;
  assert.match(custom.message, /hwmon: name FAN/);
});

test("an accelerator's cycle in other words: allocate, map for the device, invoke; a second prefix keeps to itself", async () => {
  const r = await asNew(path.join(DIR, 'dsp-offload.h'));
  const of = (name: string) => r.model.subsystemOf(r.model.ioctls.find((i) => i.name === name)!);
  for (const name of ['TERN_IOCTL_ALLOC', 'TERN_IOCTL_FREE', 'TERN_IOCTL_MEM_MAP', 'TERN_IOCTL_INVOKE', 'TERN_IOCTL_GET_VERSION']) {
    assert.equal(of(name).subsystem, 'drm-accel', name);
  }
  assert.ok(of('TERN_IOCTL_GET_VERSION').inherited);
  // TERNLOG_* says nothing of its own and is not the accelerator's job model
  assert.equal(of('TERNLOG_IOC_GET_INFO').subsystem, null);
  const custom = r.findings.find((f) => f.rule === 'custom-ioctl' && f.ioctls[0] === 'TERNLOG_IOC_GET_INFO')!;
  assert.match(custom.message, /no subsystem's interface fits it/);
});

test('a description that names several classes is a multi-function device: it decides no ioctl', async () => {
  const r = await asNew(path.join(DIR, 'power-controller.h'));
  // "battery charging, the RTC": power supply and RTC, so neither is the whole
  assert.equal(r.model.subsystems().whole.subsystem, null);
  for (const i of r.model.ioctls) assert.equal(r.model.subsystemOf(i).subsystem, null, i.name);
  assert.deepEqual(r.findings.filter((f) => f.rule === 'private-interface-has-subsystem'), []);
});

test("the opening comment is the file's own, before its code: not the GPL's text, not a define's trailing comment", () => {
  const gpl = '/*\n * This program is free software; you can redistribute it under the GNU General Public License.\n */\n';
  assert.equal(openingComment(`${gpl}/*\n * A fan controller for a test board.\n */\n#define X 1\n`), 'A fan controller for a test board.');
  assert.equal(openingComment('#ifndef _X_H\n#define _X_H\n#include <linux/types.h>\n/* A light sensor for a test board. */\n'), 'A light sensor for a test board.');
  assert.equal(openingComment('struct s { int a; };\n#define Y_ON 1 /* interrupt on, periodic-capable comparator */\n'), null);
});

test("a scalar's values named after the ioctl, and one member that says what the whole device is", async () => {
  const hinge = await asNew(path.join(DIR, 'convertible.h'));
  const fold = hinge.model.subsystemOf(hinge.model.ioctls.find((i) => i.name === 'HINGE_IOCTL_GET_FOLD_STATE')!);
  // HINGE_FOLD_STATE_TABLET: a tablet-mode switch is input's SW_TABLET_MODE
  assert.equal(fold.subsystem, 'input');
  assert.deepEqual(fold.evidence.map((e) => [e.source, e.text]), [['value', 'tablet']]);
  const skiff = await asNew(path.join(DIR, 'compress-engine.h'));
  // a PASID member: the device works in processes' address spaces, so every ioctl is uacce's
  assert.equal(skiff.model.subsystems().whole.subsystem, 'uacce');
  for (const i of skiff.model.ioctls) assert.equal(skiff.model.subsystemOf(i).subsystem, 'uacce', i.name);
  const [whole] = skiff.findings.filter((f) => f.rule === 'private-interface-has-subsystem');
  assert.match(whole.message, /These 4 private ioctls .* uacce .*member `pasid`/);
});

test("a library's copy of a subsystem's ioctls is that subsystem's; the tree's folders say whose a file is", async () => {
  // glibc's <sys/mount.h> defines the block layer's BLK* ioctls again
  const mount = await asNew(path.join(SYSTEM_INCLUDE, 'x86_64-linux-gnu/sys/mount.h'));
  const blkroset = mount.model.subsystemOf(mount.model.ioctls.find((i) => i.name === 'BLKROSET')!);
  assert.equal(blkroset.subsystem, 'block');
  assert.match(blkroset.evidence[0].text, /^a copy of linux\/fs\.h's ioctl: /);
  assert.deepEqual(mount.findings.filter((f) => f.rule === 'custom-ioctl'), []);
  // glibc's copies keep ioctls the kernel dropped (QIC-02's MTIOCGETCONFIG, the raw driver's
  // RAW_SETBIND): the old subsystem's, not a driver's new interface
  for (const [file, name, owner] of [['sys/mtio.h', 'MTIOCGETCONFIG', 'scsi'], ['sys/raw.h', 'RAW_SETBIND', 'block']] as const) {
    const r = await asNew(path.join(SYSTEM_INCLUDE, 'x86_64-linux-gnu', file));
    const a = r.model.subsystemOf(r.model.ioctls.find((i) => i.name === name)!);
    assert.deepEqual([a.subsystem, a.shared !== undefined], [owner, true], file);
    assert.match(a.evidence[0].text, /^glibc's copy of linux\//);
    assert.deepEqual(r.findings.filter((f) => f.rule === 'custom-ioctl').map((f) => f.message), [], file);
  }
  // the TPM core registering /dev/tpmN is TPM itself, not a device that belongs in TPM
  const tree = linuxSource();
  for (const file of ['drivers/char/tpm/tpm-chip.c', 'drivers/misc/uacce/uacce.c']) {
    const r = await analyzeFile(path.join(tree, file));
    assert.equal(r.model.subsystems().whole.evidence.some((e) => e.source === 'folder'), true, file);
    assert.deepEqual(r.findings.filter((f) => f.rule === 'private-interface-has-subsystem').map((f) => f.message), [], file);
  }
  // a staging camera driver's private ioctls: V4L2's, by its folder among other words
  const isp = await asNew(path.join(tree, 'drivers/staging/media/atomisp/include/linux/atomisp.h'));
  assert.equal(isp.model.subsystems().whole.subsystem, 'v4l2');
  assert.ok(isp.model.subsystems().whole.evidence.some((e) => e.source === 'folder' && e.text === 'drivers/staging/media/'));
});

test("what a subsystem has no interface for is none's, though the device is the subsystem's", async () => {
  const card = await asNew(path.join(DIR, 'cipher-card.h'));
  const answer = (name: string) => card.model.subsystemOf(card.model.ioctls.find((i) => i.name === name)!);
  const custom = (name: string) => card.findings.find((f) => f.rule === 'custom-ioctl' && f.ioctls.includes(name))!.message;
  assert.equal(card.model.subsystems().whole.subsystem, 'crypto');
  // a random-number read is /dev/hwrng's; a cipher request is the crypto API's
  assert.equal(answer('WREN_IOCTL_GET_RNG').subsystem, 'crypto');
  assert.match(custom('WREN_IOCTL_GET_RNG'), /^WREN_IOCTL_GET_RNG reads random data or entropy: \/dev\/hwrng /);
  assert.equal(answer('WREN_IOCTL_ENCRYPT').subsystem, 'crypto');
  // the queue's status: nothing in AF_ALG or /proc/crypto says it, so no subsystem covers it
  const status = answer('WREN_IOCTL_QUEUE_STATUS');
  assert.equal(status.subsystem, null);
  assert.equal(status.declined, 'crypto');
  assert.match(custom('WREN_IOCTL_QUEUE_STATUS'), /^WREN_IOCTL_QUEUE_STATUS asks about the crypto hardware itself: the device is one Kernel crypto API .* but the crypto API's interfaces .* describe algorithms, not the hardware behind them: .*; so no subsystem's interface fits it/);
  assert.doesNotMatch(custom('WREN_IOCTL_QUEUE_STATUS'), /hwrng and the kernel pool/);
  // in JSON: no subsystem, the device's evidence, and whose device it is
  const json = JSON.parse(runCli(['--format', 'json', '--as-new', path.join(DIR, 'cipher-card.h')]).stdout);
  const entry = (json.files[0].ioctls as Array<{ name: string; subsystem: string | null; subsystemDeclined: string | null; subsystemEvidence: unknown[] }>).find((i) => i.name === 'WREN_IOCTL_QUEUE_STATUS')!;
  assert.deepEqual([entry.subsystem, entry.subsystemDeclined, entry.subsystemEvidence.length > 0], [null, 'crypto', true]);
  assert.equal(json.files[0].subsystem, 'crypto');
  // and in the hover
  const hover = describeIoctl(card.model, card.model.ioctls.find((i) => i.name === 'WREN_IOCTL_QUEUE_STATUS')!);
  assert.match(hover, /\*\*Subsystem:\*\* none fits: the device is Kernel crypto API \(AF_ALG\) and hwrng's \(.*\), but the crypto API's interfaces/);
  // the same in a real header: zcrypt's status masks are the AP bus's, not AF_ALG's
  const zcrypt = await asNew(path.join(linuxSource(), 'arch/s390/include/uapi/asm/zcrypt.h'));
  for (const name of ['ZCRYPT_DEVICE_STATUS', 'ZCRYPT_STATUS_MASK', 'ZCRYPT_PERDEV_REQCNT']) {
    assert.equal(zcrypt.model.subsystemOf(zcrypt.model.ioctls.find((i) => i.name === name)!).subsystem, null, name);
  }
  assert.equal(zcrypt.model.subsystemOf(zcrypt.model.ioctls.find((i) => i.name === 'ZSECSENDCPRB')!).subsystem, 'crypto');
});

test("a device with its own TLB of the process's pages is uacce's, whatever its contexts", async () => {
  // SGI GRU: contexts on process virtual addresses, TLB faults and flushes through the driver
  const gru = await asNew(path.join(linuxSource(), 'drivers/misc/sgi-gru/grulib.h'));
  const whole = gru.model.subsystems().whole;
  assert.equal(whole.subsystem, 'uacce');
  assert.deepEqual(whole.evidence.map((e) => [e.source, e.text]), [['name', 'tlb']]);
  for (const i of gru.model.ioctls.filter((x) => x.file === gru.model.path)) assert.equal(gru.model.subsystemOf(i).subsystem, 'uacce', i.name);
  assert.deepEqual(gru.findings.filter((f) => f.rule === 'accel-outside-subsystem').map((f) => f.message), []);
});

test("an fbdev driver's private ioctls are a display's: DRM/KMS, by the <chip>fb naming and display words", async () => {
  for (const [file, name, does] of [
    ['video/sisfb.h', 'SISFB_GET_INFO', /^SISFB_GET_INFO reads display, output or mode information: KMS objects and their properties already do this/],
    ['linux/matroxfb.h', 'MATROXFB_SET_OUTPUT_MODE', /^MATROXFB_SET_OUTPUT_MODE sets a display mode, output, mirroring or blanking: KMS already does this/],
    ['linux/arcfb.h', 'FBIO_WAITEVENT', /^FBIO_WAITEVENT waits for vertical blank or a display event: DRM_IOCTL_WAIT_VBLANK/],
  ] as const) {
    const r = await asNew(path.join(SYSTEM_INCLUDE, file));
    assert.equal(r.model.subsystems().whole.subsystem, 'drm-kms', file);
    const custom = r.findings.find((f) => f.rule === 'custom-ioctl' && f.ioctls.includes(name))!;
    assert.match(custom.message, does);
    assert.equal(custom.pages[0].page, 'subsystem-display');
    const whole = r.findings.find((f) => f.rule === 'private-interface-has-subsystem')!;
    assert.match(whole.message, /DRM display drivers \(KMS\).*DRIVER_MODESET.*fbdev emulation/);
  }
  // the words, not the folder: a seven-segment display is no framebuffer, and a 2D engine's misc
  // device in the fbdev folder is no display
  const d7s = await asNew(path.join(linuxSource(), 'arch/sparc/include/uapi/asm/display7seg.h'));
  assert.equal(d7s.model.subsystems().whole.subsystem, null);
  const gcu = await analyzeFile(path.join(linuxSource(), 'drivers/video/fbdev/pxa3xx-gcu.c'));
  assert.deepEqual(gcu.findings.filter((f) => f.rule === 'private-interface-has-subsystem').map((f) => f.message), []);
});
