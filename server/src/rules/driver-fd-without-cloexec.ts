import type { Rule } from './rule';
import { driverOf, rangeOf } from './driver-facts';

/**
 * A file descriptor the driver creates for userspace without O_CLOEXEC, with flags it chose
 * itself: the descriptor leaks into every program the process runs before it can set
 * FD_CLOEXEC, a race no userspace can close (Documentation/process/botching-up-ioctls.rst,
 * "Leaking resources"). Flags that come from elsewhere (userspace's own request) are left alone.
 */
export const driverFdWithoutCloexec: Rule = {
  id: 'driver-fd-without-cloexec',
  defaultSeverity: 'warning',
  description: 'dma_buf_fd, anon_inode_getfd, get_unused_fd_flags and friends called with constant flags that lack O_CLOEXEC.',
  criteria: 'file-descriptors',
  documents: ['source'],
  check(model, report) {
    const driver = driverOf(model);
    if (!driver) return;
    for (const c of driver.fdCreations) {
      if (c.cloexec !== 'missing' || !c.flags) continue;
      const flags = c.flags;
      const range = rangeOf(model, flags);
      report({
        range,
        message:
          `${c.call}() makes a file descriptor for userspace with flags ${flags.text.trim()}, without O_CLOEXEC: it leaks into every ` +
          'program the process executes before userspace can close it. Add O_CLOEXEC, or take the flags userspace asks for (and allow O_CLOEXEC among them).',
        fixes: () => [{ title: 'Add O_CLOEXEC to the flags', edits: [{ range, newText: flags.text.trim() === '0' ? 'O_CLOEXEC' : `${flags.text.trim()} | O_CLOEXEC` }], preferred: true }],
      });
    }
  },
};
