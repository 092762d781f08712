import type { Subsystem } from '../knowledge/subsystems';
import { SUBSYSTEM_BY_ID } from '../core/ioctl/subsystem';
import type { DocumentModel } from '../core/document';
import type { IoctlDefinition } from '../core/ioctl/extract';
import { DRM_MAGIC } from './ioctl-facts';

/** What the subsystem rules share: the catalogue entry of an answer, and a header's private ioctls. */

/** The device-class subsystem an answer names (not a core interface), if any. */
export function subsystemNamed(id: string | null): Subsystem | undefined {
  return id === null ? undefined : SUBSYSTEM_BY_ID.get(id);
}

/** The header's own private ioctls: not in the DRM number space, not a subsystem's own uAPI. */
export function privateIoctls(model: DocumentModel): IoctlDefinition[] {
  return model.ioctls.filter((i) => i.file === model.path && i.type !== null && i.type !== DRM_MAGIC && !model.subsystemOf(i).shared);
}
