import { SUBSYSTEMS } from './subsystems';

/**
 * The kernel's driver-facing interfaces that a reviewer of a driver's uAPI looks for, as data:
 * how a character device is registered, the DRM driver description, the calls that copy from
 * and to userspace or create file descriptors, and the shared APIs that bring in reviewers of
 * their own. Sources: include/linux/miscdevice.h, include/linux/cdev.h, include/linux/fs.h,
 * include/drm/drm_drv.h, include/drm/drm_ioctl.h, include/drm/drm_gem.h,
 * include/drm/drm_accel.h, include/linux/uaccess.h, include/linux/dma-buf.h,
 * Documentation/driver-api/ioctl.rst (Linux 6.12).
 */

export type RegistrationKind = 'misc' | 'cdev' | 'drm' | 'accel';

/** A call that registers a device node, and which argument names what. */
export interface RegistrationCall {
  name: string;
  kind: 'misc' | 'cdev' | 'drm';
  /** The argument that is (the address of) the `struct miscdevice`/`cdev`/`drm_driver`, if any. */
  objectArg?: number;
  /** The argument that is the `struct file_operations`, if the call takes one. */
  fopsArg?: number;
  /** Registers the node itself (as opposed to preparing it: `cdev_init`, `drm_dev_alloc`). */
  registers: boolean;
}

export const REGISTRATION_CALLS: readonly RegistrationCall[] = [
  { name: 'misc_register', kind: 'misc', objectArg: 0, registers: true },
  { name: 'module_misc_device', kind: 'misc', objectArg: 0, registers: true },
  { name: 'cdev_init', kind: 'cdev', objectArg: 0, fopsArg: 1, registers: false },
  { name: 'cdev_add', kind: 'cdev', objectArg: 0, registers: true },
  { name: 'cdev_device_add', kind: 'cdev', objectArg: 0, registers: true },
  { name: 'register_chrdev', kind: 'cdev', fopsArg: 2, registers: true },
  { name: '__register_chrdev', kind: 'cdev', fopsArg: 4, registers: true },
  { name: 'drm_dev_alloc', kind: 'drm', objectArg: 0, registers: false },
  { name: 'devm_drm_dev_alloc', kind: 'drm', objectArg: 1, registers: false },
  { name: '__devm_drm_dev_alloc', kind: 'drm', objectArg: 1, registers: false },
  { name: 'drm_dev_register', kind: 'drm', registers: true },
];

/** `file_operations` that DRM's macros define: each gives drm_ioctl and drm_compat_ioctl. */
export const DRM_FOPS_MACROS: Readonly<Record<string, { accel: boolean; defines: boolean }>> = {
  DEFINE_DRM_GEM_FOPS: { accel: false, defines: true },
  DEFINE_DRM_GEM_DMA_FOPS: { accel: false, defines: true },
  DEFINE_DRM_ACCEL_FOPS: { accel: true, defines: true },
  // written inside a `file_operations` initializer
  DRM_GEM_FOPS: { accel: false, defines: false },
  DRM_ACCEL_FOPS: { accel: true, defines: false },
};

/** The generic handlers DRM's file_operations use. */
export const DRM_IOCTL_HANDLER = 'drm_ioctl';
export const DRM_COMPAT_HANDLER = 'drm_compat_ioctl';
/** fs/ioctl.c: calls `unlocked_ioctl` with `compat_ptr(arg)`. */
export const COMPAT_PTR_IOCTL = 'compat_ptr_ioctl';

/** `struct drm_driver.driver_features` bits (include/drm/drm_drv.h). */
export const DRM_DRIVER_FEATURES = [
  'DRIVER_GEM', 'DRIVER_MODESET', 'DRIVER_RENDER', 'DRIVER_ATOMIC', 'DRIVER_SYNCOBJ', 'DRIVER_SYNCOBJ_TIMELINE',
  'DRIVER_COMPUTE_ACCEL', 'DRIVER_GEM_GPUVA', 'DRIVER_CURSOR_HOTSPOT', 'DRIVER_USE_AGP', 'DRIVER_LEGACY',
  'DRIVER_PCI_DMA', 'DRIVER_SG', 'DRIVER_HAVE_DMA', 'DRIVER_HAVE_IRQ',
] as const;

/** `struct drm_ioctl_desc.flags` (include/drm/drm_ioctl.h). */
export const DRM_IOCTL_FLAGS = ['DRM_AUTH', 'DRM_MASTER', 'DRM_ROOT_ONLY', 'DRM_UNLOCKED', 'DRM_RENDER_ALLOW'] as const;

/** `DRM_IOCTL_DEF_DRV(ioctl, func, flags)`: the entry of a DRM driver's ioctl table. */
export const DRM_IOCTL_DEF = 'DRM_IOCTL_DEF_DRV';

/** Copies between userspace and the kernel, with the argument positions that matter. */
export interface CopyCall {
  name: string;
  direction: 'from-user' | 'to-user';
  /** The kernel object copied into (from-user) or out of (to-user). */
  kernelArg: number;
  /** The user pointer. */
  userArg: number;
  /** The size the kernel copies (for copy_struct_from_user, the kernel's size). */
  sizeArg: number | null;
  /** It copies what userspace passed up to the kernel's size, zero-filling or checking the rest. */
  extensible?: boolean;
}

export const COPY_CALLS: readonly CopyCall[] = [
  { name: 'copy_from_user', direction: 'from-user', kernelArg: 0, userArg: 1, sizeArg: 2 },
  { name: '__copy_from_user', direction: 'from-user', kernelArg: 0, userArg: 1, sizeArg: 2 },
  { name: 'copy_struct_from_user', direction: 'from-user', kernelArg: 0, userArg: 2, sizeArg: 1, extensible: true },
  { name: 'copy_to_user', direction: 'to-user', kernelArg: 1, userArg: 0, sizeArg: 2 },
  { name: '__copy_to_user', direction: 'to-user', kernelArg: 1, userArg: 0, sizeArg: 2 },
];

/** Calls that test memory for zero: what a handler uses to check a reserved array. */
export const ZERO_CHECKS: Readonly<Record<string, number>> = { memchr_inv: 0, mem_is_zero: 0, check_zeroed_user: 0 };

/** Calls that make a new file descriptor, and the argument with its `O_*` flags. */
export const FD_CREATORS: Readonly<Record<string, number>> = {
  dma_buf_fd: 1,
  anon_inode_getfd: 3,
  anon_inode_getfd_secure: 3,
  anon_inode_create_getfd: 3,
  get_unused_fd_flags: 0,
};

/**
 * Calls whose result is their first argument seen another way: a user pointer made of the
 * ioctl's argument (`compat_ptr(arg)`, `u64_to_user_ptr(x)`), a field of the command
 * (`_IOC_NR(cmd)`), or the same value made safe (`array_index_nospec`, `untagged_addr`).
 */
export const CARRIER_CALLS: ReadonlySet<string> = new Set(['compat_ptr', 'u64_to_user_ptr', '_IOC_NR', '_IOC_TYPE', 'array_index_nospec', 'untagged_addr']);

/** Shared kernel APIs a driver may use, each with the header that declares it. */
export type SharedApiId = 'dma-buf' | 'dma-fence' | 'dma-resv' | 'sync-file' | 'drm-sched' | 'gem' | 'gup' | 'iommu-sva' | 'remap-pfn-range';

export interface SharedApi {
  id: SharedApiId;
  title: string;
  /** Names (functions, types, macros) that belong to it. */
  pattern: RegExp;
  /** The header that declares it, in a kernel tree: MAINTAINERS's F: lines name its owners. */
  header: string;
  /** Using it brings the dma-buf review with it (shared-api-review). */
  needsReview: boolean;
}

export const SHARED_APIS: readonly SharedApi[] = [
  { id: 'dma-buf', title: 'dma-buf', pattern: /^(?:dma_buf\w*|DEFINE_DMA_BUF_EXPORT_INFO)$/, header: 'include/linux/dma-buf.h', needsReview: true },
  { id: 'dma-fence', title: 'dma-fence', pattern: /^dma_fence\w*$/, header: 'include/linux/dma-fence.h', needsReview: true },
  { id: 'dma-resv', title: 'dma-resv', pattern: /^dma_resv\w*$/, header: 'include/linux/dma-resv.h', needsReview: true },
  { id: 'sync-file', title: 'sync_file', pattern: /^sync_file\w*$/, header: 'include/linux/sync_file.h', needsReview: false },
  { id: 'drm-sched', title: 'the DRM GPU scheduler', pattern: /^(?:drm_sched\w*|drm_gpu_scheduler)$/, header: 'include/drm/gpu_scheduler.h', needsReview: false },
  { id: 'gem', title: 'GEM helpers', pattern: /^drm_gem\w*$/, header: 'include/drm/drm_gem.h', needsReview: false },
  { id: 'gup', title: 'pinning user pages', pattern: /^(?:pin_user_pages\w*|get_user_pages\w*)$/, header: 'include/linux/mm.h', needsReview: false },
  { id: 'iommu-sva', title: 'IOMMU shared virtual addressing', pattern: /^iommu_sva\w*$/, header: 'include/linux/iommu.h', needsReview: false },
  { id: 'remap-pfn-range', title: 'remap_pfn_range', pattern: /^remap_pfn_range$/, header: 'include/linux/mm.h', needsReview: false },
];

/**
 * Every word above that the driver syntax looks for in a source, as one alternation (the
 * syntax reader confirms each match is code, not a comment or a string).
 */
export const DRIVER_API_WORDS = new RegExp(
  [
    ...REGISTRATION_CALLS.map((c) => c.name),
    ...Object.keys(FD_CREATORS),
    'dma_buf\\w*', 'DEFINE_DMA_BUF_EXPORT_INFO', 'dma_fence\\w*', 'dma_resv\\w*', 'sync_file\\w*', 'drm_sched\\w*', 'drm_gpu_scheduler',
    'drm_gem\\w*', 'pin_user_pages\\w*', 'get_user_pages\\w*', 'iommu_sva\\w*', 'remap_pfn_range',
    // where file operations are handed to debugfs rather than a device node
    'debugfs_create_file\\w*',
    // the calls by which a driver joins a subsystem (knowledge/subsystems.ts)
    ...SUBSYSTEMS.flatMap((s) => s.registers).filter((r) => /^\w+$/.test(r)),
  ].join('|'),
);

/**
 * The dma-buf entry of MAINTAINERS as Linux 6.12 has it, for a driver outside a kernel tree
 * (inside one, the tree's own MAINTAINERS is read).
 */
export const FALLBACK_DMA_BUF_SECTION = {
  name: 'DMA BUFFER SHARING FRAMEWORK',
  maintainers: ['Sumit Semwal <sumit.semwal@linaro.org>', 'Christian König <christian.koenig@amd.com>'],
  lists: ['linux-media@vger.kernel.org', 'dri-devel@lists.freedesktop.org', 'linaro-mm-sig@lists.linaro.org (moderated for non-subscribers)'],
  keyword: '\\bdma_(?:buf|fence|resv)\\b',
  release: 'Linux 6.12',
};

/** Folders whose maintainers review dma-buf use as a matter of course (shared-api-review stays quiet there). */
export const DMA_BUF_HOME_FOLDERS = ['drivers/gpu/', 'drivers/accel/', 'drivers/dma-buf/', 'drivers/media/'];
