/**
 * Macros of the kernel's stable uAPI that a driver header uses from a header the machine may
 * not have: Debian's linux-libc-dev ships no `drm/` folder, so a bare `foo_accel.h` that does
 * `#include "drm.h"` would otherwise leave every DRM_IOWR() unresolved. They are used only when
 * no reachable header defines the name. Values: include/uapi/drm/drm.h.
 */
export const FALLBACK_MACROS: ReadonlyArray<{ name: string; params?: string[]; body: string; source: string }> = [
  { name: 'DRM_IOCTL_BASE', body: "'d'", source: 'include/uapi/drm/drm.h' },
  { name: 'DRM_IO', params: ['nr'], body: '_IO(DRM_IOCTL_BASE,nr)', source: 'include/uapi/drm/drm.h' },
  { name: 'DRM_IOR', params: ['nr', 'type'], body: '_IOR(DRM_IOCTL_BASE,nr,type)', source: 'include/uapi/drm/drm.h' },
  { name: 'DRM_IOW', params: ['nr', 'type'], body: '_IOW(DRM_IOCTL_BASE,nr,type)', source: 'include/uapi/drm/drm.h' },
  { name: 'DRM_IOWR', params: ['nr', 'type'], body: '_IOWR(DRM_IOCTL_BASE,nr,type)', source: 'include/uapi/drm/drm.h' },
  { name: 'DRM_COMMAND_BASE', body: '0x40', source: 'include/uapi/drm/drm.h' },
  { name: 'DRM_COMMAND_END', body: '0xA0', source: 'include/uapi/drm/drm.h' },
];
