import { memberRule } from './struct-members';

/** `int`, `uint32_t`, `u32` in an ioctl struct: the uAPI spells fixed widths `__u32`/`__s32`. */
export const uapiNonKernelInt = memberRule({
  id: 'uapi-non-kernel-int',
  defaultSeverity: 'warning',
  description: 'A member typed int, short, long long, uint32_t or u32 instead of the uAPI\'s fixed-width __u32/__s64 types.',
  applies: (v) => v.category === 'c-int',
  message: (_s, spelled, v, where) =>
    `${where}: ${spelled} is not a uAPI type; the kernel's headers for userspace spell fixed widths ${v.replacement} ` +
    '(C\'s own types leave the width to the ABI, <stdint.h> is not available to every user, u32 is kernel-internal).',
  fixTitle: (spelled, v) => `Change ${spelled} to ${v.replacement}`,
});
