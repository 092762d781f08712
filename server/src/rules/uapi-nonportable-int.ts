import { memberRule } from './struct-members';

/** `long`, `size_t`, `__kernel_long_t` in an ioctl struct: 8 bytes on 64-bit ABIs, 4 on 32-bit ones. */
export const uapiNonportableInt = memberRule({
  id: 'uapi-nonportable-int',
  defaultSeverity: 'warning',
  description: 'A long-sized member (long, size_t, __kernel_long_t, ...) in an ioctl struct: its size differs between 32- and 64-bit ABIs.',
  applies: (v) => v.category === 'long',
  message: (_s, spelled, v, where) =>
    `${where}: ${spelled} is 8 bytes on 64-bit ABIs and 4 on 32-bit ones, so 32-bit userspace sees another layout ` +
    `and needs compat code; use ${v.replacement}.`,
  fixTitle: (spelled, v) => `Change ${spelled} to ${v.replacement}`,
});
