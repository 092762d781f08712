import { memberNameRule } from './member-name-rule';

/**
 * A struct through which the kernel returns a file descriptor needs a flags member to ask for
 * O_CLOEXEC (DRM_CLOEXEC), or the fd leaks into every child process between creation and fcntl().
 */
export const uapiFdWithoutCloexec = memberNameRule({
  id: 'uapi-fd-without-cloexec',
  defaultSeverity: 'warning',
  description: 'A returned file descriptor member with no flags member to request O_CLOEXEC.',
  check: ({ field, record, ioctls }, _doc, model) => {
    if (!/^(fd|[a-z0-9_]*_fd)$/i.test(field.name!)) return undefined;
    // only where the kernel writes the struct back
    const returns = ioctls.some((n) => ['r', 'rw'].includes(model.ioctls.find((i) => i.name === n)?.dir ?? ''));
    if (!returns) return undefined;
    if ((record.fields ?? []).some((f) => f.name && /flags?$/i.test(f.name))) return undefined;
    return 'a file descriptor the kernel returns must be creatable with O_CLOEXEC; add a flags member that takes ' +
      'O_CLOEXEC (as DRM_IOCTL_PRIME_HANDLE_TO_FD takes DRM_CLOEXEC).';
  },
});
