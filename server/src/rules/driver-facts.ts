import * as path from 'node:path';
import type { DocumentModel } from '../core/document';
import type { DispatchedIoctl } from '../core/driver/dispatch';
import type { DriverModel } from '../core/driver/model';
import type { Span } from '../core/driver/syntax';
import type { IoctlDefinition } from '../core/ioctl/extract';
import { findKernelTree } from '../core/include/roots';
import type { SourceRange } from '../core/source';
import type { PurposeId } from '../knowledge/purposes';

/** What several driver rules need: positions, the dispatched ioctls with their definitions, the driver's place. */

export function rangeOf(model: DocumentModel, span: Span): SourceRange {
  return model.file.lines.range(span.start, span.end);
}

/** The driver model of a source that has one. */
export function driverOf(model: DocumentModel): DriverModel | undefined {
  return model.kind === 'source' ? model.driver : undefined;
}

/** Dispatched ioctls whose definition the source can see, one per name (the native dispatch first). */
export function resolvedDispatch(driver: DriverModel): Array<DispatchedIoctl & { ioctl: IoctlDefinition }> {
  const byName = new Map<string, DispatchedIoctl & { ioctl: IoctlDefinition }>();
  for (const d of driver.dispatch.dispatched) {
    if (!d.ioctl) continue;
    const known = byName.get(d.name);
    if (!known || (known.compatOnly && !d.compatOnly)) byName.set(d.name, d as DispatchedIoctl & { ioctl: IoctlDefinition });
  }
  return [...byName.values()];
}

/** The file's path inside its kernel tree (`drivers/misc/fastrpc.c`), or null outside one. */
export function treePath(file: string): { tree: string; rel: string } | null {
  if (!path.isAbsolute(file)) return null;
  const tree = findKernelTree(path.dirname(file));
  return tree ? { tree, rel: path.relative(tree, file).split(path.sep).join('/') } : null;
}

/** The purposes that together make an accelerator's uAPI (as accel-outside-subsystem reads a header). */
export const ACCEL_GROUPS: Readonly<Record<'buffers' | 'submission' | 'completion', readonly PurposeId[]>> = {
  buffers: ['buffer-alloc', 'buffer-free', 'buffer-mmap', 'buffer-export', 'buffer-import', 'buffer-cache-sync', 'memory-map-device'],
  submission: ['submit'],
  completion: ['wait', 'fence', 'event-notify'],
};

export function list(names: readonly string[], max = 8): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

/**
 * The ioctl takes an integer, not a pointer: an `_IO` command whose arm reads the handler's
 * `unsigned long` argument itself (compat_ptr() must not touch it: ioctl.rst, "compat_ptr()").
 */
export function takesInteger(model: DocumentModel, d: DispatchedIoctl & { ioctl: IoctlDefinition }): boolean {
  if (d.via !== 'switch' || d.ioctl.dir !== 'none') return false;
  const f = model.driver?.dispatch && model.file.driver?.functions.get(d.dispatcher);
  if (!f) return false;
  const arm = model.file.text.slice(d.armSpan.start, d.armSpan.end);
  return d.argNames.some((n) => {
    const v = f.params.find((p) => p.name === n) ?? f.body?.locals.find((l) => l.name === n);
    return !!v && v.pointers === 0 && /long|int/.test(v.type) && new RegExp(`\\b${n}\\b`).test(arm);
  });
}
