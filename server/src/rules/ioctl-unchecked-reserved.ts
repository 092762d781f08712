import type { Rule } from './rule';
import type { DocumentModel } from '../core/document';
import type { RecordDecl } from '../core/model/declarations';
import type { ArgumentStruct } from '../core/driver/handlers';
import { FLAGS_MEMBER, RESERVED_MEMBER } from '../knowledge/member-names';
import { driverOf, list, rangeOf, resolvedDispatch } from './driver-facts';

/**
 * A handler that takes a struct from userspace with pad, reserved or unused members, or a
 * flags member, and never checks them: reserved space must be zero and unknown flag bits
 * rejected (-EINVAL), or whatever garbage userspace leaves there becomes ABI and the member can
 * never be given a meaning (Documentation/process/botching-up-ioctls.rst, "Basics"). Checks in
 * helpers of the same file count, and so do `memchr_inv()` and its kin. A struct handed whole
 * to a function of another file is not judged: that function may check it.
 */

interface Member {
  path: string[];
  kind: 'reserved' | 'flags';
  /** Masked with the known bits, so unknown ones are dropped rather than rejected. */
  masked?: boolean;
}

const MAX_NESTING = 4;

/** The reserved and flags members of a record, nested records included (anonymous ones flattened). */
function interesting(rec: RecordDecl, prefix: string[], depth: number, out: Member[]): Member[] {
  for (const f of rec.fields ?? []) {
    if (f.type.kind === 'record' && depth < MAX_NESTING) {
      interesting(f.type.record, f.name ? [...prefix, f.name] : prefix, depth + 1, out);
      continue;
    }
    if (!f.name) continue;
    if (RESERVED_MEMBER.test(f.name)) out.push({ path: [...prefix, f.name], kind: 'reserved' });
    else if (FLAGS_MEMBER.test(f.name)) out.push({ path: [...prefix, f.name], kind: 'flags' });
  }
  return out;
}

/** Members the handler never checks (written-only members are outputs and need no check). */
export function uncheckedMembers(model: DocumentModel, arg: ArgumentStruct): Member[] {
  if (arg.escapes) return [];
  const rec = model.host.index.record(arg.kind, arg.tag);
  if (!rec?.fields) return [];
  return interesting(rec, [], 0, []).filter((m) => {
    const key = m.path.join('.');
    const uses = [...arg.members].filter(([k]) => k === key || k.startsWith(key + '.') || key.startsWith(k + '.'));
    if (uses.some(([, u]) => u.tested || u.unknownBits || u.passedOn)) return false;
    // an output: the handler fills it and never reads it
    if (uses.length && uses.every(([, u]) => u.written && !u.read)) return false;
    m.masked = uses.some(([, u]) => u.masked);
    return true;
  });
}

export const ioctlUncheckedReserved: Rule = {
  id: 'ioctl-unchecked-reserved',
  defaultSeverity: 'warning',
  description: 'A handler copies a struct with reserved, pad or flags members from userspace and never checks them.',
  criteria: 'ioctl-handler',
  documents: ['source'],
  usesLayouts: true,
  check(model, report) {
    const driver = driverOf(model);
    if (!driver) return;
    const bySite = new Map<number, { arg: ArgumentStruct; ioctls: string[] }>();
    for (const d of resolvedDispatch(driver)) {
      // only what userspace passes in is checked: an _IOR argument is written by the kernel
      if (d.ioctl.dir !== 'w' && d.ioctl.dir !== 'rw') continue;
      const arg = driver.handler(d).argument;
      if (!arg) continue;
      const known = bySite.get(arg.site.start);
      if (known) known.ioctls.push(d.name);
      else bySite.set(arg.site.start, { arg, ioctls: [d.name] });
    }
    for (const { arg, ioctls } of bySite.values()) {
      const unchecked = uncheckedMembers(model, arg);
      if (!unchecked.length) continue;
      const reserved = unchecked.filter((m) => m.kind === 'reserved').map((m) => m.path.join('.'));
      const flags = unchecked.filter((m) => m.kind === 'flags' && !m.masked).map((m) => m.path.join('.'));
      const masked = unchecked.filter((m) => m.kind === 'flags' && m.masked).map((m) => m.path.join('.'));
      const what = [
        reserved.length ? `${list(reserved)} (must be zero)` : '',
        flags.length ? `${list(flags)} (unknown bits must be rejected)` : '',
        masked.length ? `${list(masked)} (it masks off unknown bits instead of rejecting them, so they can never be given a meaning)` : '',
      ].filter(Boolean).join(' or ');
      const how = arg.copy ? `copies ${arg.kind} ${arg.tag} from userspace` : `gets ${arg.kind} ${arg.tag} from userspace (the core copied it)`;
      report({
        range: rangeOf(model, arg.site),
        message:
          `${list(ioctls, 4)}: ${arg.fn}() ${how} and never checks ${what}. Fail the ioctl with -EINVAL when reserved space is not ` +
          'zero or a flag bit is unknown; otherwise whatever userspace leaves there becomes ABI and the member can never be used.',
        ioctls,
      });
    }
  },
};
