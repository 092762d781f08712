import { FD_CREATORS, SHARED_APIS, type SharedApiId } from '../../knowledge/driver-apis';
import type { DriverContext } from './context';
import { readDispatch, type Dispatch, type DispatchedIoctl } from './dispatch';
import { HandlerReader, type HandlerFacts } from './handlers';
import { readDrmDrivers, readFops, readRegistrations, type DrmDriverModel, type FopsModel, type Registration } from './registration';
import type { Expr, Span } from './syntax';

/**
 * The driver model of one C source: how it exposes its device, which ioctls it dispatches and
 * where, what each handler does with its argument, which shared kernel APIs it uses, and the
 * file descriptors it creates. Read from the syntax of the file alone ("in the same file"), with
 * ioctls resolved through the uAPI headers it includes.
 */

export interface SharedApiUse extends Span {
  api: SharedApiId;
  /** The name as written: `dma_buf_export`, `dma_fence`. */
  name: string;
  kind: 'call' | 'type' | 'name';
}

export interface FdCreation extends Span {
  call: string;
  fn: string | null;
  flags: Expr | null;
  /** `O_CLOEXEC` is among the flags; they are only constants without it; or they come from elsewhere (userspace). */
  cloexec: 'set' | 'missing' | 'passed';
}

export interface DriverModel {
  fops: FopsModel[];
  drmDrivers: DrmDriverModel[];
  registrations: Registration[];
  dispatch: Dispatch;
  /** Every use of a shared API, in file order. */
  sharedApis: SharedApiUse[];
  fdCreations: FdCreation[];
  /** What the code that handles an ioctl does with its argument (computed when first asked). */
  handler(d: DispatchedIoctl): HandlerFacts;
  /** Whether userspace can include the file (a uAPI header). */
  isUapiHeader(file: string): boolean;
}

/** Only constants (macros, numbers, operators): flags the driver chose, not flags it was given. */
const CONSTANT_FLAGS = /^[\sA-Z0-9_|()&~+]*$/;

export function buildDriverModel(ctx: DriverContext): DriverModel {
  const syntax = ctx.syntax;
  const fops = readFops(syntax);
  // file operations handed only to debugfs_create_file(): a debugfs file, not a device node
  for (const f of fops) {
    // the fops itself, or a table of file operations it is listed in (`debugfs_regs[i]`)
    const names = new Set([f.name, ...syntax.globals.filter((g) => g.init?.list?.some((e) => e.value.access?.name === f.name)).map((g) => g.name)]);
    const uses = [...syntax.functions.values()].flatMap((fn) => fn.body?.calls ?? []).filter((c) => c.callee !== 'ARRAY_SIZE' && c.args.some((a) => a.access && names.has(a.access.name)));
    f.debugfs = uses.length > 0 && uses.every((c) => /^debugfs_create_file\w*$/.test(c.callee));
  }
  const drmDrivers = readDrmDrivers(syntax);
  const registrations = readRegistrations(syntax, fops, drmDrivers);
  const dispatch = readDispatch(ctx, fops, new Set(drmDrivers.map((d) => d.ioctls).filter((t): t is string => !!t)));

  const sharedApis: SharedApiUse[] = [];
  for (const m of syntax.mentions) {
    const api = SHARED_APIS.find((a) => a.pattern.test(m.name));
    if (api) sharedApis.push({ api: api.id, name: m.name, kind: m.kind, start: m.start, end: m.end });
  }

  const fdCreations: FdCreation[] = [];
  for (const f of syntax.functions.values()) {
    for (const c of f.body?.calls ?? []) {
      const at = FD_CREATORS[c.callee];
      if (at === undefined || c.indirect) continue;
      const flags = c.args[at] ?? null;
      const text = flags?.text ?? '';
      const cloexec = /\b(O_CLOEXEC|DRM_CLOEXEC)\b/.test(text) ? 'set' : CONSTANT_FLAGS.test(text) && text.trim() !== '' ? 'missing' : 'passed';
      fdCreations.push({ call: c.callee, fn: f.name, flags, cloexec, start: c.start, end: c.end });
    }
  }
  fdCreations.sort((a, b) => a.start - b.start);

  const handlers = new HandlerReader(ctx);
  return {
    fops,
    drmDrivers,
    registrations,
    dispatch,
    sharedApis,
    fdCreations,
    handler: (d) => handlers.facts(d),
    isUapiHeader: (file) => ctx.isUapiHeader(file),
  };
}
