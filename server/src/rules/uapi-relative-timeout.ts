import { memberNameRule } from './member-name-rule';

/**
 * A timeout the kernel counts from the call: when the ioctl is interrupted and restarted, the
 * wait starts again. An absolute CLOCK_MONOTONIC deadline in nanoseconds survives restarts.
 */
export const uapiRelativeTimeout = memberNameRule({
  id: 'uapi-relative-timeout',
  defaultSeverity: 'warning',
  description: 'A timeout member that is not documented as absolute: restarted ioctls would wait again from the start.',
  check: ({ field }, doc) => {
    if (!/(^|_)timeout(_[a-z]+)?$|^timeout/i.test(field.name!)) return undefined;
    if (/absolute|deadline|CLOCK_MONOTONIC/i.test(`${field.name} ${doc}`)) return undefined;
    return 'a relative timeout starts again whenever a signal interrupts and restarts the ioctl; take an absolute ' +
      'CLOCK_MONOTONIC deadline in nanoseconds (__s64), and say so in its kernel-doc.';
  },
});
