import type { Rule } from './rule';
import type { DocumentModel } from '../core/document';
import type { FopsModel } from '../core/driver/registration';
import { compatKind } from '../core/driver/registration';
import type { AbiName } from '../core/abi/abis';
import { hex } from '../core/describe';
import { COMPAT_PTR_IOCTL, DRM_COMPAT_HANDLER, DRM_IOCTL_HANDLER } from '../knowledge/driver-apis';
import { driverOf, list, rangeOf, resolvedDispatch, takesInteger } from './driver-facts';
import { targetArchitectures, type ArchFamily } from '../core/driver/kconfig';

/**
 * 32-bit processes on a 64-bit kernel reach a driver through `compat_ioctl`
 * (Documentation/driver-api/ioctl.rst, "32-bit compat mode"). Without one they get -ENOTTY for
 * every command. `compat_ptr_ioctl` (or the native handler, or DRM's drm_compat_ioctl, which
 * passes a driver's own ioctls on unchanged) is right only when every command's number and
 * argument layout are the same for the 64-bit ABI and its 32-bit compat ABI, and no command
 * takes an integer: compat_ptr() must not be applied to one.
 */

const PAIRS: ReadonlyArray<{ family: ArchFamily; pair: [AbiName, AbiName] }> = [
  { family: 'x86', pair: ['x86_64', 'i386'] },
  { family: 'arm', pair: ['arm64', 'arm'] },
];

interface Difference {
  name: string;
  detail: string;
}

function differences(model: DocumentModel, ioctls: ReturnType<typeof resolvedDispatch>): Difference[] {
  const out: Difference[] = [];
  // a driver that Kconfig builds only for ARM never meets an i386 caller
  const families = targetArchitectures(model.path);
  const pairs = PAIRS.filter((p) => !families || families.has(p.family)).map((p) => p.pair);
  for (const d of ioctls) {
    const v = model.abiValues(d.ioctl);
    for (const [wide, narrow] of pairs) {
      const a = v[wide];
      const b = v[narrow];
      if (a.value === null || b.value === null || a.value === b.value) continue;
      const sizes = a.size !== b.size && a.size !== null && b.size !== null ? ` (${d.ioctl.argType ?? 'argument'}: ${a.size} bytes against ${b.size})` : '';
      out.push({ name: d.name, detail: `${d.name} is ${hex(a.value)} on ${wide} and ${hex(b.value)} on ${narrow}${sizes}` });
      break;
    }
  }
  return out;
}

/** The line of `.unlocked_ioctl = ...,` in a fops initializer, for the new entry to go after. */
function insertAfterUnlocked(model: DocumentModel, fops: FopsModel, handler: string) {
  const entry = fops.fields.get('unlocked_ioctl')?.entry;
  if (!entry) return undefined;
  const text = model.file.text;
  const lineStart = text.lastIndexOf('\n', entry.start - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  const lineEnd = text.indexOf('\n', entry.end);
  if (lineEnd < 0) return undefined;
  // `.unlocked_ioctl	= foo,` aligned with a tab: the new line follows its style
  const written = text.slice(entry.start, entry.end);
  const sep = /unlocked_ioctl(\s*=\s*)/.exec(written)?.[1] ?? ' = ';
  const at = model.file.lines.position(lineEnd + 1);
  const edits = [{ range: { start: at, end: at }, newText: `${indent}.compat_ioctl${sep}${handler},\n` }];
  // the last entry of an initializer may go without its comma: it needs one now
  if (!/^\s*,/.test(text.slice(entry.end, lineEnd))) {
    const end = model.file.lines.position(entry.end);
    edits.unshift({ range: { start: end, end }, newText: ',' });
  }
  return edits;
}

export const ioctlCompat: Rule = {
  id: 'ioctl-compat',
  defaultSeverity: 'warning',
  description: '32-bit callers are broken: no compat_ioctl, or compat_ptr_ioctl while a command differs between the 64-bit and compat ABIs.',
  criteria: 'compat-ioctl',
  documents: ['source'],
  usesLayouts: true,
  check(model, report) {
    const driver = driverOf(model);
    if (!driver) return;
    const all = resolvedDispatch(driver);
    for (const fops of driver.fops) {
      // a debugfs file is a developer's tool, not uAPI (no 32-bit promise either)
      if (!fops.unlockedIoctl || fops.debugfs) continue;
      const mine = all.filter((d) => d.entry === fops.unlockedIoctl && !d.compatOnly);
      // commands whose definition the source cannot see (an enum constant, a missing header): not judged, and no fix
      const undecoded = driver.dispatch.dispatched.filter((d) => d.entry === fops.unlockedIoctl && !d.ioctl).map((d) => d.name);
      const kind = compatKind(fops);
      const diffs = differences(model, mine);
      const integers = mine.filter((d) => takesInteger(model, d)).map((d) => d.name);
      const where = fops.fields.get('unlocked_ioctl')?.entry ?? fops.nameSpan;
      if (kind === 'none') {
        const drm = fops.unlockedIoctl === DRM_IOCTL_HANDLER;
        const enough = !diffs.length && !undecoded.length && (drm || !integers.length);
        const handler = drm ? DRM_COMPAT_HANDLER : COMPAT_PTR_IOCTL;
        report({
          range: rangeOf(model, where),
          message:
            `${fops.name} has .unlocked_ioctl = ${fops.unlockedIoctl} but no .compat_ioctl: a 32-bit process on a 64-bit kernel ` +
            `gets -ENOTTY for every command. ` +
            (enough
              ? `Every dispatched command has the same number and layout on the 64-bit and compat ABIs${integers.length ? '' : ' and takes a pointer'}, so .compat_ioctl = ${handler} is enough.`
              : [
                  diffs.length ? `Some commands differ between the ABIs (${list(diffs.map((x) => x.detail), 3)}), so they need a compat handler that converts them.` : '',
                  integers.length && !drm ? `${list(integers)} take${integers.length === 1 ? 's' : ''} an integer, which compat_ptr_ioctl must not convert: the compat handler must pass it on unchanged.` : '',
                  undecoded.length ? `Whether compat_ptr_ioctl is enough cannot be told for ${list(undecoded)}, which could not be decoded here.` : '',
                ].filter(Boolean).join(' ')),
          ioctls: mine.map((d) => d.name),
          fixes: enough ? () => [insertAfterUnlocked(model, fops, handler)].filter((e) => e !== undefined).map((edits) => ({ title: `Add .compat_ioctl = ${handler}`, edits: edits!, preferred: true })) : undefined,
        });
        continue;
      }
      if (kind === 'own') continue; // a handler of its own converts what it must
      const compatWhere = fops.fields.get('compat_ioctl')?.entry ?? fops.nameSpan;
      const named = kind === 'compat_ptr_ioctl' ? 'compat_ptr_ioctl' : kind === 'drm' ? `${DRM_COMPAT_HANDLER} (which passes a driver's own ioctls on unchanged)` : `the native handler ${fops.unlockedIoctl}`;
      if (diffs.length) {
        report({
          range: rangeOf(model, compatWhere),
          message:
            `${fops.name}'s compat_ioctl is ${named}, but ${diffs.length === 1 ? 'a command has' : `${diffs.length} commands have`} another number (and argument layout) ` +
            `for 32-bit callers: ${list(diffs.map((x) => x.detail), 3)}. A 32-bit process sends the 32-bit number, which matches no case: ` +
            'give the structs the same layout on every ABI (explicit padding, __u64 for pointers) or convert them in a compat handler.',
          ioctls: diffs.map((x) => x.name),
        });
      }
      if (kind === 'compat_ptr_ioctl' && integers.length) {
        report({
          range: rangeOf(model, compatWhere),
          message:
            `${fops.name}'s compat_ioctl is compat_ptr_ioctl, but ${list(integers)} take${integers.length === 1 ? 's' : ''} an integer argument, ` +
            'which compat_ptr() must not convert (ioctl.rst: on s390 it clears the top bit): handle those in a compat handler that passes the value unchanged.',
          ioctls: integers,
        });
      }
    }
  },
};
