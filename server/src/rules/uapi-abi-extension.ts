import type { Rule } from './rule';
import { abiList, layoutsPhrase } from './uapi-abi-break';

/**
 * Members appended to a struct whose ioctl the kernel copies by size: not a break, but new uAPI
 * with a rule of its own that the driver must follow (Documentation/gpu/drm-uapi.rst,
 * "IOCTL Support on Device Nodes"; copy_struct_from_user() in include/linux/uaccess.h): old
 * userspace passes the shorter struct and gets zeros in the new members, so zero must mean "as
 * before", and new userspace on an old kernel must get an error for non-zero members it set.
 */
export const uapiAbiExtension: Rule = {
  id: 'uapi-abi-extension',
  defaultSeverity: 'info',
  comparesWithBase: true,
  description: 'Members appended since the git base to a struct the kernel copies by size (DRM, copy_struct_from_user): an extension, with the rule it must follow.',
  criteria: 'uapi-stability',
  usesLayouts: true,
  check(model, report, options) {
    for (const c of options.base?.changes ?? []) {
      if (c.verdict !== 'extension') continue;
      const users = c.ioctls.slice(0, 4).join(', ') + (c.ioctls.length > 4 ? ` and ${c.ioctls.length - 4} more` : '');
      report({
        range: c.range,
        message:
          `${c.subject} grew since ${options.base!.baseline.label} on ${abiList(c)} (${c.details.join('; ')}), an extension because the kernel copies ${users} by size. ` +
          `The extension rule: zero in every new member must mean what the old struct meant, since old userspace leaves them zero; and a flag or member the kernel does not know must be rejected, so new userspace can tell.${layoutsPhrase(c)}`,
        ioctls: c.ioctls,
      });
    }
  },
};
