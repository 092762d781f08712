import {
  COMPAT_PTR_IOCTL, DRM_COMPAT_HANDLER, DRM_DRIVER_FEATURES, DRM_FOPS_MACROS, DRM_IOCTL_HANDLER, REGISTRATION_CALLS,
  type RegistrationKind,
} from '../../knowledge/driver-apis';
import type { DriverSyntax, Expr, FunctionSyntax, InitEntry, Span } from './syntax';

/**
 * How a driver source exposes its device: the `file_operations` it defines, the DRM driver
 * descriptions, and the calls that register a misc device, a character device or a DRM device
 * (include/linux/miscdevice.h, include/linux/cdev.h, include/drm/drm_drv.h).
 */

export interface FopsModel {
  name: string;
  /** The name where the fops is defined (the variable, or the macro's argument). */
  nameSpan: Span;
  /** The whole definition. */
  span: Span;
  /** DRM's macro that made or filled it (`DEFINE_DRM_ACCEL_FOPS`, `DRM_GEM_FOPS`), if one did. */
  drmMacro: string | null;
  accel: boolean;
  /** `.field = value` as written. */
  fields: Map<string, { value: string; entry: InitEntry }>;
  unlockedIoctl: string | null;
  /** null when the fops has none (32-bit callers get -ENOTTY for everything). */
  compatIoctl: string | null;
  /** The initializer's entries (where a quick fix adds one); absent for a macro-made fops. */
  entries?: InitEntry[];
  /** Given only to debugfs_create_file(): a debugfs file, whose ioctls are no uAPI. */
  debugfs?: boolean;
}

export interface DrmDriverModel {
  name: string;
  nameSpan: Span;
  span: Span;
  features: string[];
  /** The `.ioctls` table's name. */
  ioctls: string | null;
  fops: string | null;
}

export interface Registration {
  kind: RegistrationKind;
  /** The call (`misc_register`, `cdev_device_add`, `drm_dev_register`, `module_misc_device`). */
  call: string;
  span: Span;
  calleeSpan: Span;
  /** The function it is made in (null at file scope). */
  inFunction: string | null;
  /** The device's file operations, when the file shows which. */
  fops: string | null;
  /** The DRM driver description, for a DRM or accel device. */
  drmDriver: string | null;
}

function field(entries: InitEntry[] | undefined, name: string): InitEntry | undefined {
  return entries?.find((e) => e.field === name);
}

/** The name an initializer value designates: `&fops` -> fops, `foo_ioctl` -> foo_ioctl. */
export function designated(e: Expr | undefined): string | null {
  return e?.access && e.access.path.length === 0 ? e.access.name : null;
}

export function readFops(syntax: DriverSyntax): FopsModel[] {
  const out: FopsModel[] = [];
  for (const g of syntax.globals) {
    if (g.type !== 'struct file_operations' || g.pointers || !g.init?.list) continue;
    const entries = g.init.list;
    const fields = new Map<string, { value: string; entry: InitEntry }>();
    for (const e of entries) if (e.field) fields.set(e.field, { value: e.value.text, entry: e });
    // `{ .owner = THIS_MODULE, DRM_ACCEL_FOPS, }`: DRM's members written by a macro
    const macro = entries.find((e) => !e.field && e.value.access && DRM_FOPS_MACROS[e.value.access.name] && !DRM_FOPS_MACROS[e.value.access.name].defines);
    const drmMacro = macro ? macro.value.access!.name : null;
    out.push({
      name: g.name,
      nameSpan: g.nameSpan,
      span: { start: g.start, end: g.end },
      drmMacro,
      accel: drmMacro ? DRM_FOPS_MACROS[drmMacro].accel : false,
      fields,
      unlockedIoctl: designated(field(entries, 'unlocked_ioctl')?.value) ?? (drmMacro ? DRM_IOCTL_HANDLER : null),
      compatIoctl: designated(field(entries, 'compat_ioctl')?.value) ?? (drmMacro ? DRM_COMPAT_HANDLER : null),
      entries,
    });
  }
  for (const c of syntax.topLevelCalls) {
    const m = DRM_FOPS_MACROS[c.callee];
    const name = designated(c.args[0]);
    if (!m?.defines || !name) continue;
    out.push({
      name,
      nameSpan: { start: c.args[0].start, end: c.args[0].end },
      span: { start: c.start, end: c.end },
      drmMacro: c.callee,
      accel: m.accel,
      fields: new Map(),
      unlockedIoctl: DRM_IOCTL_HANDLER,
      compatIoctl: DRM_COMPAT_HANDLER,
    });
  }
  return out;
}

export function readDrmDrivers(syntax: DriverSyntax): DrmDriverModel[] {
  const out: DrmDriverModel[] = [];
  for (const g of syntax.globals) {
    if (g.type !== 'struct drm_driver' || g.pointers || !g.init?.list) continue;
    const entries = g.init.list;
    const featuresText = field(entries, 'driver_features')?.value.text ?? '';
    const features = DRM_DRIVER_FEATURES.filter((f) => new RegExp(`\\b${f}\\b`).test(featuresText));
    out.push({
      name: g.name,
      nameSpan: g.nameSpan,
      span: { start: g.start, end: g.end },
      features,
      ioctls: designated(field(entries, 'ioctls')?.value),
      fops: designated(field(entries, 'fops')?.value),
    });
  }
  return out;
}

/** The fops a misc device is given: its initializer's `.fops`, or an assignment to `<device>.fops`. */
function miscFops(syntax: DriverSyntax, object: Expr | undefined, fn: FunctionSyntax | undefined): string | null {
  const acc = object?.access;
  if (!acc) return null;
  if (acc.path.length === 0) {
    const g = syntax.globals.find((x) => x.name === acc.name && x.type === 'struct miscdevice');
    const f = designated(field(g?.init?.list, 'fops')?.value);
    if (f) return f;
  }
  const wanted = [...acc.path, 'fops'].join('.');
  const assigned = (f: FunctionSyntax | undefined) =>
    f?.body?.assignments.find((a) => a.left.access?.name === acc.name && a.left.access.path.join('.') === wanted && designated(a.right));
  const a = assigned(fn) ?? [...syntax.functions.values()].map(assigned).find(Boolean);
  return a ? designated(a.right) : null;
}

/** The fops a cdev is given by `cdev_init(&cdev, &fops)` or `cdev->ops = &fops`. */
function cdevFops(syntax: DriverSyntax, object: Expr | undefined): string | null {
  const key = object?.access ? [object.access.name, ...object.access.path].join('.') : null;
  for (const f of syntax.functions.values()) {
    for (const c of f.body?.calls ?? []) {
      if (c.callee !== 'cdev_init') continue;
      const o = c.args[0]?.access;
      if (!key || (o && [o.name, ...o.path].join('.') === key)) return designated(c.args[1]);
    }
    for (const a of f.body?.assignments ?? []) {
      const l = a.left.access;
      if (l && key && [l.name, ...l.path].join('.') === `${key}.ops`) return designated(a.right);
    }
  }
  return null;
}

export function readRegistrations(syntax: DriverSyntax, fops: FopsModel[], drm: DrmDriverModel[]): Registration[] {
  const out: Registration[] = [];
  const onlyFops = fops.length === 1 ? fops[0].name : null;
  const drmKind = (d: DrmDriverModel | undefined): RegistrationKind => {
    if (!d) return fops.some((f) => f.accel) ? 'accel' : 'drm';
    if (d.features.includes('DRIVER_COMPUTE_ACCEL')) return 'accel';
    return fops.find((f) => f.name === d.fops)?.accel ? 'accel' : 'drm';
  };
  const add = (name: string, span: Span, calleeSpan: Span, args: Expr[], fn: FunctionSyntax | undefined) => {
    const call = REGISTRATION_CALLS.find((c) => c.name === name);
    if (!call) return;
    const object = call.objectArg !== undefined ? args[call.objectArg] : undefined;
    if (call.kind === 'misc' && call.registers) {
      out.push({ kind: 'misc', call: name, span, calleeSpan, inFunction: fn?.name ?? null, fops: miscFops(syntax, object, fn) ?? onlyFops, drmDriver: null });
    } else if (call.kind === 'cdev' && call.registers) {
      const given = call.fopsArg !== undefined ? designated(args[call.fopsArg]) : cdevFops(syntax, object);
      out.push({ kind: 'cdev', call: name, span, calleeSpan, inFunction: fn?.name ?? null, fops: given ?? onlyFops, drmDriver: null });
    } else if (call.kind === 'drm' && call.registers) {
      // drm_dev_register(drm, 0) names the device; the description is the file's (or the allocation's)
      const allocation = fn?.body?.calls.find((c) => REGISTRATION_CALLS.some((r) => r.kind === 'drm' && !r.registers && r.name === c.callee));
      const allocCall = allocation ? REGISTRATION_CALLS.find((r) => r.name === allocation.callee) : undefined;
      const named = allocation && allocCall?.objectArg !== undefined ? designated(allocation.args[allocCall.objectArg]) : null;
      const d = drm.find((x) => x.name === named) ?? (drm.length === 1 ? drm[0] : undefined);
      out.push({ kind: drmKind(d), call: name, span, calleeSpan, inFunction: fn?.name ?? null, fops: d?.fops ?? null, drmDriver: d?.name ?? named });
    }
  };
  for (const c of syntax.topLevelCalls) add(c.callee, { start: c.start, end: c.end }, c.calleeSpan, c.args, undefined);
  for (const f of syntax.functions.values()) {
    for (const c of f.body?.calls ?? []) add(c.callee, { start: c.start, end: c.end }, c.calleeSpan, c.args, f);
  }
  // a DRM driver whose device is registered in another file still shows how it is exposed
  if (!out.some((r) => r.kind === 'drm' || r.kind === 'accel')) {
    for (const d of drm) out.push({ kind: drmKind(d), call: 'struct drm_driver', span: d.span, calleeSpan: d.nameSpan, inFunction: null, fops: d.fops, drmDriver: d.name });
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}

/** Whether a compat handler is the generic pointer-converting one or DRM's. */
export function compatKind(fops: FopsModel): 'none' | 'compat_ptr_ioctl' | 'drm' | 'native' | 'own' {
  if (!fops.compatIoctl) return 'none';
  if (fops.compatIoctl === COMPAT_PTR_IOCTL) return 'compat_ptr_ioctl';
  if (fops.compatIoctl === DRM_COMPAT_HANDLER) return 'drm';
  if (fops.compatIoctl === fops.unlockedIoctl) return 'native';
  return 'own';
}

