import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FIXTURES } from '../support/paths';
import { DRIVER_TREE, DRIVERS } from '../support/driver-fixtures';
import { analyzeFile } from '../support/analyze';
import { runCli } from '../support/cli';
import type { DocumentModel } from '../../../server/out/core/document';
import type { DriverModel } from '../../../server/out/core/driver/model';
import type { DispatchedIoctl } from '../../../server/out/core/driver/dispatch';

/**
 * The driver model of C sources written for the project (test/fixtures/driver-tree, a small
 * kernel tree, and test/fixtures/out-of-tree-driver): how each driver registers its device,
 * which ioctls it dispatches where, what its handlers do with their argument, the shared APIs
 * it uses and the file descriptors it makes. Positions are checked against the fixture text.
 */

const TREE = DRIVER_TREE;

interface Loaded {
  text: string;
  model: DocumentModel;
  driver: DriverModel;
}

async function load(file: string): Promise<Loaded> {
  const text = fs.readFileSync(file, 'utf8');
  const { model } = await analyzeFile(file, text);
  assert.equal(model.kind, 'source', `${file} is read as a driver source`);
  assert.ok(model.driver, `${file} has a driver model`);
  // written to be read whole: no syntax error as the analysis parses kernel C
  assert.equal(model.file.hasSyntaxErrors, false, `${file} parses`);
  return { text, model, driver: model.driver! };
}

/** 1-based line and 0-based column of the one occurrence of `needle` (offset `within` it). */
function where(text: string, needle: string, within = 0): { line: number; column: number; offset: number } {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `fixture has ${JSON.stringify(needle)}`);
  assert.equal(text.indexOf(needle, at + 1), -1, `${JSON.stringify(needle)} occurs once in the fixture`);
  const offset = at + within;
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') - 1, offset };
}

const lineOf = (m: DocumentModel, offset: number) => m.file.lines.position(offset).row + 1;
const spanText = (l: Loaded, s: { start: number; end: number }) => l.text.slice(s.start, s.end);
const byName = (driver: DriverModel, name: string): DispatchedIoctl => {
  const d = driver.dispatch.dispatched.find((x) => x.name === name);
  assert.ok(d, `${name} is dispatched`);
  return d!;
};

test('kestrel (misc): misc_register of kdev->miscdev, whose fops are assigned in probe; no compat_ioctl', async () => {
  const k = await load(DRIVERS.kestrel);
  assert.deepEqual(
    k.driver.registrations.map((r) => ({ kind: r.kind, call: r.call, fops: r.fops, inFunction: r.inFunction, drmDriver: r.drmDriver })),
    [{ kind: 'misc', call: 'misc_register', fops: 'kestrel_fops', inFunction: 'kestrel_probe', drmDriver: null }],
  );
  const reg = k.driver.registrations[0];
  const call = where(k.text, 'misc_register(&kdev->miscdev)');
  assert.equal(reg.calleeSpan.start, call.offset);
  assert.equal(spanText(k, reg.calleeSpan), 'misc_register');
  assert.equal(spanText(k, reg.span), 'misc_register(&kdev->miscdev)');
  assert.equal(lineOf(k.model, reg.calleeSpan.start), call.line);

  assert.deepEqual(
    k.driver.fops.map((f) => ({ name: f.name, unlocked: f.unlockedIoctl, compat: f.compatIoctl, drmMacro: f.drmMacro, accel: f.accel })),
    [{ name: 'kestrel_fops', unlocked: 'kestrel_ioctl', compat: null, drmMacro: null, accel: false }],
  );
  assert.equal(k.driver.fops[0].fields.get('owner')?.value, 'THIS_MODULE');
  assert.deepEqual(k.driver.drmDrivers, []);
});

test('kestrel: every case label of the switch resolved to its ioctl, with the function the arm calls', async () => {
  const k = await load(DRIVERS.kestrel);
  const { dispatched, tables, unresolvedLabels } = k.driver.dispatch;
  assert.deepEqual(
    dispatched.map((d) => [d.name, d.via, d.dispatcher, d.entry, d.handler, d.compatOnly]),
    [
      ['KESTREL_IOCTL_ALLOC_BUF', 'switch', 'kestrel_ioctl', 'kestrel_ioctl', 'kestrel_alloc_buf', false],
      ['KESTREL_IOCTL_SUBMIT', 'switch', 'kestrel_ioctl', 'kestrel_ioctl', 'kestrel_submit', false],
      ['KESTREL_IOCTL_WAIT', 'switch', 'kestrel_ioctl', 'kestrel_ioctl', 'kestrel_wait', false],
      ['KESTREL_IOCTL_QUERY', 'switch', 'kestrel_ioctl', 'kestrel_ioctl', 'kestrel_query', false],
      ['KESTREL_IOCTL_SET_PRIORITY', 'switch', 'kestrel_ioctl', 'kestrel_ioctl', 'kestrel_set_priority', false],
      ['KESTREL_IOCTL_DEBUG', 'switch', 'kestrel_ioctl', 'kestrel_ioctl', 'kestrel_debug', false],
    ],
  );
  assert.deepEqual(tables, []);
  assert.deepEqual(unresolvedLabels, []);
  // each name is the case label itself
  for (const d of dispatched) {
    assert.equal(spanText(k, d.span), d.name);
    assert.match(k.text.slice(d.armSpan.start, d.armSpan.end), new RegExp(`^case ${d.name}:`));
  }
  // the argument is known by both names in the dispatcher: the integer and the user pointer
  assert.deepEqual(new Set(byName(k.driver, 'KESTREL_IOCTL_SUBMIT').argNames), new Set(['arg', 'argp']));
  // definitions: from the uAPI header, except the one the source defines itself
  const submit = byName(k.driver, 'KESTREL_IOCTL_SUBMIT').ioctl!;
  assert.equal(path.relative(TREE, submit.file), 'include/uapi/misc/kestrel.h');
  assert.deepEqual([submit.dir, submit.type, submit.nr, submit.argType], ['w', 'k'.charCodeAt(0), 2, 'struct kestrel_submit']);
  const debug = byName(k.driver, 'KESTREL_IOCTL_DEBUG').ioctl!;
  assert.equal(debug.file, DRIVERS.kestrel);
  assert.deepEqual([debug.dir, debug.nr, debug.argType], ['w', 0x40, '__u32']);
  assert.equal(byName(k.driver, 'KESTREL_IOCTL_SET_PRIORITY').ioctl!.dir, 'none');
  // the command the driver never dispatches is not in the list
  assert.ok(!dispatched.some((d) => d.name === 'KESTREL_IOCTL_RESET'));
});

test('kestrel: an unknown command ends in the default arm\'s -EINVAL', async () => {
  const k = await load(DRIVERS.kestrel);
  const [d, ...more] = k.driver.dispatch.dispatchers;
  assert.equal(more.length, 0);
  assert.equal(d.fn, 'kestrel_ioctl');
  assert.equal(d.entry, 'kestrel_ioctl');
  assert.equal(d.role, 'unlocked');
  assert.ok(d.defaultCase, 'the switch has a default:');
  assert.equal(d.insertDefault, undefined);
  assert.deepEqual(d.delegated, []);
  assert.deepEqual(d.unknown.map((u) => [u.errno, spanText(k, u.span)]), [['EINVAL', '-EINVAL']]);
  assert.equal(lineOf(k.model, d.unknown[0].span.start), where(k.text, 'default:\n\t\treturn -EINVAL;').line + 1);
  assert.equal(spanText(k, d.switch.condition), 'cmd');
});

test('kestrel: what each handler does with its argument struct', async () => {
  const k = await load(DRIVERS.kestrel);
  const alloc = k.driver.handler(byName(k.driver, 'KESTREL_IOCTL_ALLOC_BUF'));
  assert.deepEqual(
    alloc.copies.map((c) => [c.call.name, c.fn, c.target?.name, c.target?.type, c.size?.text, c.fromArgument]),
    [
      ['copy_from_user', 'kestrel_alloc_buf', 'args', 'struct kestrel_alloc_buf', 'sizeof(args)', true],
      ['copy_to_user', 'kestrel_alloc_buf', 'args', 'struct kestrel_alloc_buf', 'sizeof(args)', true],
    ],
  );
  const a = alloc.argument!;
  assert.deepEqual([a.fn, a.name, a.kind, a.tag, a.escapes], ['kestrel_alloc_buf', 'args', 'struct', 'kestrel_alloc_buf', null]);
  assert.equal(a.copy, alloc.copies[0]);
  assert.equal(a.site.start, where(k.text, 'int fd;\n\n\tif (copy_from_user(&args', 'int fd;\n\n\tif ('.length).offset);
  // size is range-checked, fd only written (an output); flags, reserved and pad are never looked at
  assert.equal(a.members.get('size')?.tested, true);
  assert.deepEqual([a.members.get('fd')?.written, a.members.get('fd')?.read], [true, false]);
  for (const m of ['flags', 'reserved', 'pad']) assert.equal(a.members.get(m), undefined, m);

  const submit = k.driver.handler(byName(k.driver, 'KESTREL_IOCTL_SUBMIT'));
  assert.deepEqual(submit.copies.map((c) => [c.call.name, c.size?.text]), [['copy_from_user', 'sizeof(struct kestrel_submit_v2)']]);
  const s = submit.argument!;
  // the struct copied into, not the ioctl's
  assert.equal(s.tag, 'kestrel_submit_v2');
  assert.equal(s.members.get('pad')?.tested, true);
  assert.equal(s.members.get('flags')?.unknownBits, true);
  assert.equal(s.members.get('flags')?.tested, false);

  // a to-user copy only: no argument struct coming in
  const query = k.driver.handler(byName(k.driver, 'KESTREL_IOCTL_QUERY'));
  assert.equal(query.argument, null);
  assert.deepEqual(query.copies.map((c) => [c.call.direction, c.target?.name]), [['to-user', 'q']]);
  // the integer command copies nothing
  assert.deepEqual(k.driver.handler(byName(k.driver, 'KESTREL_IOCTL_SET_PRIORITY')).copies, []);
});

test('kestrel: dma-buf uses and the dma-buf fd it makes without O_CLOEXEC', async () => {
  const k = await load(DRIVERS.kestrel);
  const apis = new Set(k.driver.sharedApis.map((u) => u.api));
  assert.deepEqual(apis, new Set(['dma-buf']));
  const names = k.driver.sharedApis.map((u) => [u.name, u.kind]);
  for (const n of [['dma_buf', 'type'], ['dma_buf_ops', 'type'], ['DEFINE_DMA_BUF_EXPORT_INFO', 'call'], ['dma_buf_export', 'call'], ['dma_buf_fd', 'call'], ['dma_buf_put', 'call']]) {
    assert.ok(names.some((x) => x[0] === n[0] && x[1] === n[1]), `${n[0]} as a ${n[1]}`);
  }
  // in file order, and the first is the struct member (line of `struct dma_buf *dmabuf;`)
  const starts = k.driver.sharedApis.map((u) => u.start);
  assert.deepEqual(starts, [...starts].sort((x, y) => x - y));
  assert.equal(k.driver.sharedApis[0].start, where(k.text, 'struct dma_buf *dmabuf;', 'struct '.length).offset);
  // the words in comments are not uses
  assert.ok(!k.driver.sharedApis.some((u) => lineOf(k.model, u.start) < 10));

  assert.deepEqual(
    k.driver.fdCreations.map((c) => [c.call, c.fn, c.flags?.text, c.cloexec]),
    [['dma_buf_fd', 'kestrel_alloc_buf', 'O_RDWR', 'missing']],
  );
  assert.equal(k.driver.fdCreations[0].flags!.start, where(k.text, 'dma_buf_fd(buf->dmabuf, O_RDWR)', 'dma_buf_fd(buf->dmabuf, '.length).offset);
});

test('kestrel: the uAPI header is read, the kernel-internal headers of the tree are not', async () => {
  const k = await load(DRIVERS.kestrel);
  const files = [...k.model.tu.files.keys()];
  assert.ok(files.includes(path.join(TREE, 'include/uapi/misc/kestrel.h')));
  // the driver's own header beside it is read too
  assert.ok(files.includes(path.join(TREE, 'drivers/misc/kestrel/kestrel_hw.h')));
  // include/linux/miscdevice.h exists in the tree, and is left unread with what it defines
  const internal = path.join(TREE, 'include/linux/miscdevice.h');
  assert.ok(fs.existsSync(internal));
  assert.ok(!files.includes(internal));
  assert.ok(!files.some((f) => f.startsWith(path.join(TREE, 'include/linux') + path.sep)));
  assert.equal(k.model.tu.macros.peek('MISC_DYNAMIC_MINOR'), undefined);
  assert.ok(k.model.tu.macros.peek('KESTREL_IOCTL_RESET'));
});

test('lumen (misc): module_misc_device at file scope; compat_ptr_ioctl; -ENOTTY; checks through helpers', async () => {
  const l = await load(DRIVERS.lumen);
  assert.deepEqual(
    l.driver.registrations.map((r) => ({ kind: r.kind, call: r.call, fops: r.fops, inFunction: r.inFunction })),
    [{ kind: 'misc', call: 'module_misc_device', fops: 'lumen_fops', inFunction: null }],
  );
  assert.equal(lineOf(l.model, l.driver.registrations[0].calleeSpan.start), where(l.text, 'module_misc_device(lumen_miscdev);').line);
  // the event fd's file_operations have no ioctl at all
  assert.deepEqual(
    l.driver.fops.map((f) => [f.name, f.unlockedIoctl, f.compatIoctl]).sort(),
    [['lumen_event_fops', null, null], ['lumen_fops', 'lumen_ioctl', 'compat_ptr_ioctl']],
  );
  assert.deepEqual(
    l.driver.dispatch.dispatched.map((d) => [d.name, d.handler]),
    [
      ['LUMEN_IOCTL_GET_CALIB', 'lumen_get_calib'],
      ['LUMEN_IOCTL_SET_CALIB', 'lumen_set_calib'],
      ['LUMEN_IOCTL_GET_INFO', 'lumen_get_info'],
      ['LUMEN_IOCTL_EVENT_FD', 'lumen_open_event_fd'],
    ],
  );
  assert.deepEqual(l.driver.dispatch.dispatchers.flatMap((d) => d.unknown.map((u) => [u.errno, spanText(l, u.span)])), [['ENOTTY', '-ENOTTY']]);

  // the whole struct handed to lumen_check_calib(): its tests there count, memchr_inv() among them
  const calib = l.driver.handler(byName(l.driver, 'LUMEN_IOCTL_SET_CALIB')).argument!;
  assert.equal(calib.tag, 'lumen_calib');
  assert.equal(calib.escapes, null);
  assert.equal(calib.members.get('flags')?.unknownBits, true);
  assert.equal(calib.members.get('pad')?.tested, true);
  assert.equal(calib.members.get('reserved')?.tested, true);
  assert.equal(l.text.slice(calib.members.get('reserved')!.at.start, calib.members.get('reserved')!.at.end), 'calib->reserved');
  // a member handed to lumen_event_flags_valid(), which masks it with a complement
  const ev = l.driver.handler(byName(l.driver, 'LUMEN_IOCTL_EVENT_FD')).argument!;
  assert.equal(ev.members.get('flags')?.unknownBits, true);
  assert.equal(ev.members.get('pad')?.tested, true);
  assert.deepEqual([ev.members.get('fd')?.written, ev.members.get('fd')?.read], [true, false]);

  assert.deepEqual(l.driver.fdCreations.map((c) => [c.call, c.fn, c.flags?.text, c.cloexec]), [['anon_inode_getfd', 'lumen_open_event_fd', 'O_RDONLY | O_CLOEXEC', 'set']]);
  assert.deepEqual(l.driver.sharedApis, []);
});

test('wren (cdev): cdev_device_add with the fops of cdev_init; a switch without default falls out with -EINVAL', async () => {
  const w = await load(DRIVERS.wren);
  assert.deepEqual(
    w.driver.registrations.map((r) => ({ kind: r.kind, call: r.call, fops: r.fops, inFunction: r.inFunction })),
    [{ kind: 'cdev', call: 'cdev_device_add', fops: 'wren_fops', inFunction: 'wren_probe' }],
  );
  assert.equal(lineOf(w.model, w.driver.registrations[0].calleeSpan.start), where(w.text, 'cdev_device_add(&wdev->cdev').line);
  // the arm copies inline: no handler function
  assert.deepEqual(w.driver.dispatch.dispatched.map((d) => [d.name, d.handler]), [['WREN_IOCTL_GET_VERSION', null], ['WREN_IOCTL_SET_PINS', 'wren_set_pins']]);
  const [d] = w.driver.dispatch.dispatchers;
  assert.equal(d.defaultCase, null);
  // the value `ret` has when the switch is left: its initializer
  assert.deepEqual(d.unknown.map((u) => [u.errno, spanText(w, u.span)]), [['EINVAL', '-EINVAL']]);
  assert.equal(d.unknown[0].span.start, where(w.text, 'long ret = -EINVAL;', 'long ret = '.length).offset);
  assert.equal(d.insertDefault?.variable, 'ret');
  assert.equal(d.insertDefault?.indent, '\t');
  assert.equal(w.text[d.insertDefault!.at], '}');
  assert.equal(d.insertDefault!.at, d.switch.end - 1);
  assert.deepEqual(w.driver.fops.map((f) => [f.name, f.unlockedIoctl, f.compatIoctl]), [['wren_fops', 'wren_ioctl', null]]);
});

test('orbit (accel): devm_drm_dev_alloc + drm_dev_register, DEFINE_DRM_ACCEL_FOPS, the wrapper macro expanded', async () => {
  const o = await load(DRIVERS.orbit);
  assert.deepEqual(
    o.driver.registrations.map((r) => ({ kind: r.kind, call: r.call, fops: r.fops, drmDriver: r.drmDriver, inFunction: r.inFunction })),
    [{ kind: 'accel', call: 'drm_dev_register', fops: 'orbit_fops', drmDriver: 'orbit_drm_driver', inFunction: 'orbit_probe' }],
  );
  assert.equal(lineOf(o.model, o.driver.registrations[0].calleeSpan.start), where(o.text, 'drm_dev_register(&odev->drm, 0)').line);
  assert.deepEqual(
    o.driver.drmDrivers.map((d) => ({ name: d.name, features: d.features, ioctls: d.ioctls, fops: d.fops })),
    [{ name: 'orbit_drm_driver', features: ['DRIVER_GEM', 'DRIVER_COMPUTE_ACCEL'], ioctls: 'orbit_ioctls', fops: 'orbit_fops' }],
  );
  const [fops] = o.driver.fops;
  assert.deepEqual([fops.name, fops.drmMacro, fops.accel, fops.unlockedIoctl, fops.compatIoctl], ['orbit_fops', 'DEFINE_DRM_ACCEL_FOPS', true, 'drm_ioctl', 'drm_compat_ioctl']);
  assert.equal(spanText(o, fops.nameSpan), 'orbit_fops');

  const [table, ...others] = o.driver.dispatch.tables;
  assert.equal(others.length, 0);
  assert.deepEqual([table.name, table.drm], ['orbit_ioctls', true]);
  // ORBIT_IOCTL(SUBMIT, submit, DRM_RENDER_ALLOW) is DRM_IOCTL_DEF_DRV(ORBIT_SUBMIT, orbit_ioctl_submit, ...)
  assert.deepEqual(
    o.driver.dispatch.dispatched.map((d) => [d.name, d.via, d.dispatcher, d.entry, d.handler, d.flags]),
    ['GET_PARAM', 'CREATE_BO', 'MMAP_BO', 'SUBMIT', 'WAIT'].map((n) => [
      `DRM_IOCTL_ORBIT_${n}`, 'table', 'orbit_ioctls', 'drm_ioctl', `orbit_ioctl_${n.toLowerCase()}`, ['DRM_RENDER_ALLOW'],
    ]),
  );
  for (const d of o.driver.dispatch.dispatched) {
    assert.equal(spanText(o, d.span), d.name.replace('DRM_IOCTL_ORBIT_', ''));
    assert.match(spanText(o, d.armSpan), /^ORBIT_IOCTL\(/);
    assert.equal(path.relative(TREE, d.ioctl!.file), 'include/uapi/drm/orbit_accel.h');
    assert.equal(d.ioctl!.type, 'd'.charCodeAt(0));
  }
  assert.equal(byName(o.driver, 'DRM_IOCTL_ORBIT_WAIT').ioctl!.nr, 0x44);
  assert.deepEqual(o.driver.dispatch.dispatchers, []);

  // the core copied the struct: the handler's `args = data` is the argument
  const submit = o.driver.handler(byName(o.driver, 'DRM_IOCTL_ORBIT_SUBMIT'));
  assert.deepEqual(submit.copies, []);
  const s = submit.argument!;
  assert.deepEqual([s.fn, s.name, s.tag, s.copy], ['orbit_ioctl_submit', 'args', 'drm_orbit_submit', null]);
  assert.equal(s.site.start, where(o.text, 'struct drm_orbit_submit *args = data;', 'struct drm_orbit_submit *'.length).offset);
  for (const m of ['flags', 'pad', 'reserved']) assert.equal(s.members.get(m)?.tested, true, m);
  assert.equal(o.driver.handler(byName(o.driver, 'DRM_IOCTL_ORBIT_CREATE_BO')).argument!.members.get('flags')?.unknownBits, true);
  // GEM and dma-buf (the import callback's parameter)
  assert.deepEqual(new Set(o.driver.sharedApis.map((u) => u.api)), new Set(['gem', 'dma-buf']));
  assert.deepEqual(o.driver.fdCreations, []);
});

test('vega (drm): drm_dev_alloc + drm_dev_register, DEFINE_DRM_GEM_FOPS, DRM_IOCTL_DEF_DRV written directly', async () => {
  const v = await load(DRIVERS.vega);
  assert.deepEqual(
    v.driver.registrations.map((r) => ({ kind: r.kind, call: r.call, fops: r.fops, drmDriver: r.drmDriver })),
    [{ kind: 'drm', call: 'drm_dev_register', fops: 'vega_fops', drmDriver: 'vega_drm_driver' }],
  );
  assert.deepEqual(v.driver.drmDrivers[0].features, ['DRIVER_GEM', 'DRIVER_RENDER', 'DRIVER_SYNCOBJ']);
  assert.deepEqual(v.driver.fops.map((f) => [f.name, f.drmMacro, f.accel, f.compatIoctl]), [['vega_fops', 'DEFINE_DRM_GEM_FOPS', false, 'drm_compat_ioctl']]);
  assert.deepEqual(
    v.driver.dispatch.dispatched.map((d) => [d.name, d.handler, d.flags, d.ioctl?.argType]),
    [
      ['DRM_IOCTL_VEGA_GET_PARAM', 'vega_ioctl_get_param', ['DRM_RENDER_ALLOW'], 'struct drm_vega_get_param'],
      ['DRM_IOCTL_VEGA_BO_CREATE', 'vega_ioctl_bo_create', ['DRM_RENDER_ALLOW'], 'struct drm_vega_bo_create'],
      ['DRM_IOCTL_VEGA_SUBMIT', 'vega_ioctl_submit', ['DRM_RENDER_ALLOW'], 'struct drm_vega_submit'],
      ['DRM_IOCTL_VEGA_WAIT_FENCE', 'vega_ioctl_wait_fence', ['DRM_RENDER_ALLOW'], 'struct drm_vega_wait_fence'],
    ],
  );
  // BO_CREATE never looks at pad; WAIT_FENCE reads `data` as a struct of its own
  const bo = v.driver.handler(byName(v.driver, 'DRM_IOCTL_VEGA_BO_CREATE')).argument!;
  assert.equal(bo.tag, 'drm_vega_bo_create');
  assert.equal(bo.members.get('pad'), undefined);
  assert.equal(bo.members.get('size')?.tested, true);
  const wait = v.driver.handler(byName(v.driver, 'DRM_IOCTL_VEGA_WAIT_FENCE')).argument!;
  assert.equal(wait.tag, 'vega_wait_args');
  assert.equal(wait.members.get('user_fence')?.tested, true);
  assert.deepEqual(new Set(v.driver.sharedApis.map((u) => u.api)), new Set(['gem', 'dma-fence']));
});

test('mydsp (out of tree): misc_register of a static miscdevice whose initializer names the fops', async () => {
  const m = await load(DRIVERS.mydsp);
  assert.deepEqual(
    m.driver.registrations.map((r) => ({ kind: r.kind, call: r.call, fops: r.fops, inFunction: r.inFunction })),
    [{ kind: 'misc', call: 'misc_register', fops: 'mydsp_fops', inFunction: 'mydsp_init' }],
  );
  assert.deepEqual(m.driver.dispatch.dispatched.map((d) => [d.name, d.handler]), [
    ['MYDSP_IOCTL_GET_INFO', 'mydsp_get_info'],
    ['MYDSP_IOCTL_ATTACH', 'mydsp_attach_buf'],
    ['MYDSP_IOCTL_DETACH', 'mydsp_detach'],
  ]);
  // its uAPI header is in a uapi/ folder beside it: userspace can include it
  const header = byName(m.driver, 'MYDSP_IOCTL_ATTACH').ioctl!.file;
  assert.equal(header, path.join(FIXTURES, 'out-of-tree-driver/uapi/mydsp_uapi.h'));
  assert.equal(m.driver.isUapiHeader(header), true);
  assert.equal(m.driver.isUapiHeader(DRIVERS.mydsp), false);
  assert.deepEqual(new Set(m.driver.sharedApis.map((u) => u.name)), new Set(['dma_buf', 'dma_buf_attachment', 'dma_buf_detach', 'dma_buf_put', 'dma_buf_get', 'dma_buf_attach']));
});

test('the CLI\'s JSON gives a .c file\'s registrations, dispatched ioctls with handlers, and shared APIs', () => {
  const r = runCli(['--format', 'json', DRIVERS.kestrel, DRIVERS.orbit, DRIVERS.lumen]);
  assert.equal(r.stderr, '');
  const out = JSON.parse(r.stdout) as { files: Array<{ path: string; driver?: { registrations: Array<{ kind: string; call: string; line: number; column: number }>; dispatched: Array<{ name: string; handler: string | null; line: number }>; sharedApis: Array<{ api: string; name: string; line: number }> } }> };
  const [kestrel, orbit, lumen] = out.files;
  const kText = fs.readFileSync(DRIVERS.kestrel, 'utf8');
  const call = where(kText, 'misc_register(&kdev->miscdev)');
  assert.deepEqual(kestrel.driver!.registrations, [{ kind: 'misc', call: 'misc_register', line: call.line, column: call.column + 1 }]);
  assert.deepEqual(kestrel.driver!.dispatched.map((d) => d.handler), ['kestrel_alloc_buf', 'kestrel_submit', 'kestrel_wait', 'kestrel_query', 'kestrel_set_priority', 'kestrel_debug']);
  assert.equal(kestrel.driver!.dispatched[0].line, where(kText, 'case KESTREL_IOCTL_ALLOC_BUF:').line);
  // one entry per name, at its first use
  assert.deepEqual(kestrel.driver!.sharedApis.map((u) => u.api), kestrel.driver!.sharedApis.map(() => 'dma-buf'));
  assert.deepEqual(kestrel.driver!.sharedApis.map((u) => u.name), ['dma_buf', 'dma_buf_ops', 'DEFINE_DMA_BUF_EXPORT_INFO', 'dma_buf_export', 'dma_buf_fd', 'dma_buf_put']);

  assert.equal(orbit.driver!.registrations[0].kind, 'accel');
  assert.deepEqual(orbit.driver!.dispatched.map((d) => [d.name, d.handler]), [
    ['DRM_IOCTL_ORBIT_GET_PARAM', 'orbit_ioctl_get_param'],
    ['DRM_IOCTL_ORBIT_CREATE_BO', 'orbit_ioctl_create_bo'],
    ['DRM_IOCTL_ORBIT_MMAP_BO', 'orbit_ioctl_mmap_bo'],
    ['DRM_IOCTL_ORBIT_SUBMIT', 'orbit_ioctl_submit'],
    ['DRM_IOCTL_ORBIT_WAIT', 'orbit_ioctl_wait'],
  ]);
  assert.ok(orbit.driver!.sharedApis.some((u) => u.api === 'dma-buf' && u.name === 'dma_buf'));
  assert.ok(orbit.driver!.sharedApis.some((u) => u.api === 'gem'));

  assert.equal(lumen.driver!.registrations[0].call, 'module_misc_device');
  assert.deepEqual(lumen.driver!.sharedApis, []);
  // a header has no driver section
  const h = JSON.parse(runCli(['--format', 'json', path.join(TREE, 'include/uapi/misc/kestrel.h')]).stdout) as { files: Array<{ driver?: unknown }> };
  assert.equal(h.files[0].driver, undefined);
});
