import * as path from 'node:path';
import type { Rule } from './rule';
import type { IoctlDefinition } from '../core/ioctl/extract';
import { lastObjectLikeDefines } from '../core/preprocess/macros';
import { mentionedBySiblings } from '../core/driver/siblings';
import { driverOf, list, rangeOf } from './driver-facts';

/**
 * An ioctl of the driver's own uAPI header (one whose other ioctls this file dispatches) that
 * no dispatch of this file handles: userspace that calls it gets -ENOTTY. Commands the other
 * C files of the same folder name are left out (a driver of several files may dispatch them
 * there), and the finding is only `info`.
 */
export const ioctlNotDispatched: Rule = {
  id: 'ioctl-not-dispatched',
  defaultSeverity: 'info',
  description: "An ioctl of the driver's own uAPI header that no dispatch of this file handles.",
  criteria: 'uapi-headers',
  documents: ['source'],
  usesLayouts: true,
  check(model, report) {
    const driver = driverOf(model);
    if (!driver) return;
    const dispatched = driver.dispatch.dispatched.filter((d) => d.ioctl);
    const names = new Set(dispatched.map((d) => d.name));
    // an alias (`#define PCITEST_LEGACY_IRQ PCITEST_INTX_IRQ`) is dispatched with what it names;
    // DRM's core dispatches by number alone (DRM_IOCTL_NR), so a table entry covers every ioctl of its number
    const same = (d: (typeof dispatched)[number], b: IoctlDefinition) => {
      const a = d.ioctl!;
      if (a.type !== b.type || a.nr !== b.nr) return false;
      return (d.via === 'table' && d.entry === 'drm_ioctl') || (a.dir === b.dir && a.argType === b.argType);
    };
    // the headers this file dispatches from: its own uAPI
    const headers = [...new Set(dispatched.map((d) => d.ioctl!.file))].filter((h) => h !== model.path);
    for (const header of headers) {
      const defines = model.tu.files.get(header)?.defines ?? [];
      const magics = new Set(dispatched.filter((d) => d.ioctl!.file === header).map((d) => d.ioctl!.type));
      let missing: IoctlDefinition[] = [];
      for (const def of lastObjectLikeDefines(defines).values()) {
        if (names.has(def.name)) continue;
        const ioctl = model.ioctlNamed(def.name);
        // only the families (magics) this file dispatches from the header: DRM's 'd' and a perf stream's 'i' are two interfaces
        if (!ioctl || ioctl.file !== header || !ioctl.macro || !magics.has(ioctl.type)) continue;
        if (!dispatched.some((d) => same(d, ioctl))) missing.push(ioctl);
      }
      // another file of the driver names it (a DRM table names DRM_IOCTL_FOO as FOO)
      const drmShort = (n: string) => n.replace(/^DRM_IOCTL_/, '');
      const elsewhere = mentionedBySiblings(model.path, [...missing.map((i) => i.name), ...missing.map((i) => drmShort(i.name))]);
      missing = missing.filter((i) => !elsewhere.has(i.name) && !elsewhere.has(drmShort(i.name)));
      if (!missing.length) continue;
      // where the file includes it, else where it dispatches
      const include = model.tu.files.get(model.tu.main)?.includes.find((i) => i.path === header);
      const range = include ? include.range : rangeOf(model, dispatched.find((d) => d.ioctl!.file === header)!.span);
      const short = /\/(include\/uapi|usr\/include)\//.test(header) ? header.replace(/^.*\/(include\/uapi|usr\/include)\//, '') : path.relative(path.dirname(model.path), header);
      report({
        range,
        message:
          `${list(missing.map((i) => i.name))} ${missing.length === 1 ? 'is' : 'are'} defined in ${short} beside the ioctls this file dispatches, ` +
          `but no dispatch here handles ${missing.length === 1 ? 'it' : 'them'}: userspace gets -ENOTTY. Dispatch ${missing.length === 1 ? 'it' : 'them'}, ` +
          'or remove unused commands from the uAPI (if another file of the driver dispatches them, this is for information).',
        ioctls: missing.map((i) => i.name),
      });
    }
  },
};
