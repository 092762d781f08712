import * as path from 'node:path';
import type { Rule } from './rule';
import { driverOf, rangeOf, treePath } from './driver-facts';

/**
 * A dispatched command defined outside any uAPI header (in the driver source itself, or a
 * header of the driver's folder): userspace has no header to take its number and argument
 * from, so every program copies the definition, and the ABI is reviewed nowhere. uAPI lives in
 * include/uapi/ (Documentation/driver-api/ioctl.rst; the kernel exports only those headers).
 */
export const ioctlNotInUapi: Rule = {
  id: 'ioctl-not-in-uapi',
  defaultSeverity: 'warning',
  description: 'A dispatched command (case label) defined outside any uAPI header.',
  criteria: 'uapi-headers',
  documents: ['source'],
  check(model, report) {
    const driver = driverOf(model);
    if (!driver) return;
    const seen = new Set<string>();
    const debugfs = new Set(driver.fops.filter((f) => f.debugfs).map((f) => f.unlockedIoctl));
    const inTree = treePath(model.path) !== null;
    for (const d of driver.dispatch.dispatched) {
      // a debugfs file's ioctls are a developer's tool, which Documentation/filesystems/debugfs.rst exempts from ABI rules
      if (d.via !== 'switch' || seen.has(d.name) || debugfs.has(d.entry)) continue;
      const def = model.tu.macros.peek(d.name);
      if (!def?.file || driver.isUapiHeader(def.file)) continue;
      // outside a kernel tree a header beside the driver may well be the one userspace shares:
      // only a command the source defines itself is known not to be uAPI
      if (def.file !== model.path && !inTree) continue;
      seen.add(d.name);
      const where = def.file === model.path ? 'this file' : path.basename(def.file);
      const what = d.ioctl ? 'an ioctl' : 'a command number';
      report({
        range: rangeOf(model, d.span),
        message:
          `${d.name} is ${what} defined in ${where}, not in a uAPI header: userspace has no header to take it from, so every ` +
          'program copies its number and argument layout. Define it in the driver\'s header under include/uapi/ (with its argument struct).',
        ioctls: [d.name],
      });
    }
  },
};
