import { memberRule, rangeOf } from './struct-members';

/** time_t, struct timespec, struct timeval: their size changed with the y2038 work and differs by ABI. */
export const uapiTimeType = memberRule({
  id: 'uapi-time-type',
  defaultSeverity: 'warning',
  description: 'A time_t, struct timespec or struct timeval member: their layout depends on the ABI and the C library.',
  applies: (v) => v.category === 'time',
  message: (_s, spelled, _v, where) =>
    `${where}: ${spelled} has a different size on 32- and 64-bit ABIs and, on 32-bit ones, between C libraries ` +
    '(the y2038 change); use a __s64 count of nanoseconds, or struct __kernel_timespec.',
  // a proposal: the member's meaning changes, so the kernel and userspace code must follow
  fix: (model, { field }) =>
    field.name && field.siblings === 1 && field.type.kind !== 'array' && field.typeStart !== undefined
      ? {
          title: `Replace with __s64 ${field.name}_ns (nanoseconds: update the code that uses ${field.name})`,
          edits: [{ range: rangeOf(model, Math.min(field.start, field.typeStart), field.nameEnd), newText: `__s64 ${field.name}_ns` }],
        }
      : undefined,
});
