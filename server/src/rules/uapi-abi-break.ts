import type { UapiChange } from '../core/baseline/abi-diff';
import type { Rule } from './rule';

/**
 * What the branch changed in a header that breaks binaries built against its base version, on
 * any of the ten ABIs: an ioctl removed or renumbered, a struct an ioctl reaches that shrank or
 * whose members moved, changed size, width or signedness, or went away, an enum constant with
 * another value. The comparison is core/baseline/abi-diff.ts; the rule only words it.
 */
export const uapiAbiBreak: Rule = {
  id: 'uapi-abi-break',
  defaultSeverity: 'error',
  comparesWithBase: true,
  description: 'A change since the git base that breaks existing userspace: an ioctl removed or renumbered, a struct member moved, resized, retyped or removed, a constant changed.',
  criteria: 'uapi-stability',
  usesLayouts: true,
  check(model, report, options) {
    for (const c of options.base?.changes ?? []) {
      if (c.verdict !== 'break') continue;
      report({ range: c.range, message: describeChange(c, options.base!.baseline.label), ioctls: c.ioctls, fileLevel: c.kind === 'ioctl-removed' });
    }
  },
};

/** `ABIs` as a finding names them: all ten, or the list. */
export function abiList(c: UapiChange): string {
  return c.abis.length >= 10 ? 'every ABI' : c.abis.join(', ');
}

export function describeChange(c: UapiChange, base: string): string {
  const what = c.kind === 'constant-changed' ? 'changed value' : c.kind === 'ioctl-removed' ? 'was removed' : c.kind === 'ioctl-renumbered' ? 'has another command number' : c.kind === 'struct-extended' ? 'grew' : 'changed layout';
  const users = c.ioctls.length && c.kind.startsWith('struct') ? `, used by ${c.ioctls.slice(0, 4).join(', ')}${c.ioctls.length > 4 ? ` and ${c.ioctls.length - 4} more` : ''}` : '';
  const why =
    c.kind === 'struct-extended'
      ? ' The size is part of the command number of an ioctl that is not copied by size, so binaries built against the base send a number the kernel no longer knows; append to a struct only where the kernel copies it by size (DRM, copy_struct_from_user), or add a new ioctl.'
      : ' Binaries built against the base header stop working with this kernel: keep the old layout and number, and add what is new in reserved space, at the end of a struct copied by size, or in a new ioctl.';
  return `${c.subject}${users} ${what} since ${base} on ${abiList(c)}: ${c.details.join('; ')}.${layoutsPhrase(c)}${why}`;
}

/** ` Layout on x86_64: at the base ...; now ....`, when the change has layouts. */
export function layoutsPhrase(c: UapiChange): string {
  return c.layouts ? ` Layout on ${c.layouts.abi}: at the base ${c.layouts.base}; now ${c.layouts.current}.` : '';
}
