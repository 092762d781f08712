import type { Rule } from './rule';
import { explainSubsystem, type WholeAnswer } from '../core/ioctl/subsystem';
import { isExisting } from './ioctl-facts';
import { driverOf, list, rangeOf, resolvedDispatch } from './driver-facts';
import { privateIoctls, subsystemNamed } from './subsystem-facts';
import type { Subsystem } from '../knowledge/subsystems';

/**
 * A private device interface (a header's own ioctls, or a driver's misc or character device)
 * for a device that a kernel subsystem already serves: a light sensor's belongs in IIO, a fan's
 * in hwmon, an FPGA loader's in the FPGA manager. One finding per header or driver, saying which
 * subsystem the whole device belongs in and, for a multi-function device, which ioctls go where.
 * Accelerators are left to accel-outside-subsystem and misc-device-accelerator.
 */

function groupsLine(answer: WholeAnswer, names: ReadonlySet<string>): string {
  const groups = answer.groups
    .map((g) => ({ subsystem: g.subsystem, ioctls: g.ioctls.filter((n) => names.has(n)) }))
    .filter((g) => g.ioctls.length > 0);
  if (groups.length < 2) return '';
  return ` By group: ${groups.map((g) => `${list(g.ioctls, 4)} (${g.subsystem ?? 'no subsystem'})`).join('; ')}.`;
}

function belongs(s: Subsystem): string {
  return `such a device belongs there, as ${s.become}; userspace then uses ${s.userspace}`;
}

export const privateInterfaceHasSubsystem: Rule = {
  id: 'private-interface-has-subsystem',
  defaultSeverity: 'warning',
  description: 'A private device interface (header or driver) for a device class that a kernel subsystem already serves, with the subsystem it belongs in.',
  criteria: 'subsystems',
  documents: ['header', 'source'],
  // a driver's dispatched ioctls are resolved through its headers: kept off the editor's first pass
  usesLayouts: true,
  check(model, report, options) {
    if (model.kind === 'header') {
      const own = privateIoctls(model);
      if (!own.length) return;
      const answer = model.subsystems();
      const s = subsystemNamed(answer.whole.subsystem);
      if (!s || s.id === 'drm-accel') return;
      const upstream = own.every((i) => isExisting(i, options));
      report({
        range: own[0].nameRange,
        message:
          `${own.length === 1 ? `${own[0].name} is a private ioctl` : `These ${own.length} private ioctls are the interface`} of a device served by ${s.title} ` +
          `(${explainSubsystem(answer.whole)}): ${belongs(s)}.${groupsLine(answer, new Set(own.map((i) => i.name)))}` +
          `${upstream ? ' (These ioctls are upstream already.)' : ''}`,
        ioctls: own.map((i) => i.name),
        severity: upstream ? 'info' : undefined,
        pages: [s.family, 'subsystems'],
      });
      return;
    }
    const driver = driverOf(model);
    if (!driver) return;
    const regs = driver.registrations.filter((r) => r.kind === 'misc' || r.kind === 'cdev');
    if (!regs.length) return;
    const dispatched = resolvedDispatch(driver).filter((d) => !d.compatOnly && !model.subsystemOf(d.ioctl).shared);
    const answer = model.subsystems();
    const s = subsystemNamed(answer.whole.subsystem);
    if (!s || s.id === 'drm-accel') return;
    // in the subsystem's own folder with no private ioctl, it is the subsystem's own code giving
    // userspace its nodes (tpm-chip.c's /dev/tpmN, uacce.c's queues), not a device beside it
    if (!dispatched.length && answer.whole.evidence.some((e) => e.source === 'folder')) return;
    const r = regs[0];
    const how = r.kind === 'misc' ? `a misc device (${r.call})` : `a character device (${r.call})`;
    const joined = answer.whole.evidence.filter((e) => e.source === 'registers').map((e) => `${e.text}()`);
    const upstream = dispatched.length > 0 && dispatched.every((d) => isExisting(d.ioctl, options));
    report({
      range: rangeOf(model, r.calleeSpan),
      message:
        `This driver registers ${how}${dispatched.length ? ` for ${dispatched.length} private ioctls` : ''} of a device served by ${s.title} ` +
        `(${explainSubsystem(answer.whole)}): ${belongs(s)}.` +
        (joined.length ? ` It already registers with ${s.title} (${joined.join(', ')}): the private device node repeats what that interface gives.` : '') +
        groupsLine(answer, new Set(dispatched.map((d) => d.name))) +
        `${upstream ? ' (These ioctls are upstream already.)' : ''}`,
      ioctls: dispatched.map((d) => d.name),
      severity: upstream ? 'info' : undefined,
      pages: [s.family, 'subsystems'],
    });
  },
};
