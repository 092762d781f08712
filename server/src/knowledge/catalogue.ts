import type { PurposeId } from './purposes';

/**
 * The existing kernel interfaces uapi-lint suggests instead of a custom ioctl, in one place.
 * Each entry: what custom operations it replaces, the DRM core ioctls or kernel facility, an
 * upstream driver that works that way, and the criteria page that explains it. Facts come from
 * include/uapi/drm/drm.h, Documentation/gpu/drm-uapi.rst, Documentation/gpu/drm-usage-stats.rst,
 * Documentation/accel/, the include/uapi/drm/*_accel.h headers and drivers/accel/ (ivpu_fw.c,
 * ivpu_sysfs.c, ivpu_coredump.c, rocket_job.c, ethosu_job.c, aie2_ctx.c).
 */

export interface CatalogueEntry {
  id: string;
  title: string;
  /** The clause a finding ends with: what covers this already ("DRM_IOCTL_GEM_CLOSE already does this"). */
  advice: string;
  /** The custom operations it replaces, in a reviewer's words. */
  replaces: string;
  /** DRM core ioctls or kernel facilities. */
  facility: string[];
  /** An upstream driver that does it this way. */
  upstream: string;
  /** Page under docs/criteria (without .md). */
  criteria: string;
  purposes: PurposeId[];
}

export const CATALOGUE: readonly CatalogueEntry[] = [
  {
    id: 'drm-query',
    advice: 'DRM_IOCTL_VERSION, DRM_IOCTL_GET_CAP and one driver GET_PARAM ioctl cover this',
    title: 'DRM version and capability queries, and one driver GET_PARAM',
    replaces: 'private "get version", "get info", "query capabilities" ioctls, one per item',
    facility: ['DRM_IOCTL_VERSION', 'DRM_IOCTL_GET_CAP', 'one driver GET_PARAM/DEV_QUERY ioctl keyed by a parameter id'],
    upstream: 'ivpu DRM_IOCTL_IVPU_GET_PARAM; ethosu DEV_QUERY; amdxdna GET_INFO',
    criteria: 'query-info',
    purposes: ['query-info'],
  },
  {
    id: 'gem-bo-create',
    advice: 'GEM buffer objects (a driver BO_CREATE returning a GEM handle, on the GEM shmem or DMA helpers) cover this',
    title: 'GEM buffer objects',
    replaces: 'private buffer allocation ioctls returning driver-specific ids',
    facility: ['a driver BO_CREATE ioctl returning a GEM handle', 'GEM shmem or DMA helpers'],
    upstream: 'ivpu BO_CREATE, qaic CREATE_BO, rocket CREATE_BO, amdxdna CREATE_BO (GEM shmem helpers), ethosu BO_CREATE (GEM DMA helpers)',
    criteria: 'buffers',
    purposes: ['buffer-alloc'],
  },
  {
    id: 'gem-close',
    advice: 'DRM_IOCTL_GEM_CLOSE already does this',
    title: 'DRM_IOCTL_GEM_CLOSE',
    replaces: 'private "free buffer" or "destroy buffer" ioctls',
    facility: ['DRM_IOCTL_GEM_CLOSE'],
    upstream: 'every accel driver: none has a private buffer-free ioctl',
    criteria: 'buffers',
    purposes: ['buffer-free'],
  },
  {
    id: 'gem-mmap-offset',
    advice: 'GEM mmap offsets (a fake offset for mmap() on the DRM fd) already do this',
    title: 'GEM mmap offsets',
    replaces: 'private "map buffer to userspace" ioctls',
    facility: ['a driver ioctl returning a fake mmap offset', 'mmap() on the DRM/accel file descriptor (drm_gem_mmap)'],
    upstream: 'ivpu BO_INFO mmap_offset, qaic MMAP_BO, ethosu BO_MMAP_OFFSET',
    criteria: 'buffers',
    purposes: ['buffer-mmap'],
  },
  {
    id: 'prime-export',
    advice: 'DRM PRIME (DRM_IOCTL_PRIME_HANDLE_TO_FD) already does this',
    title: 'PRIME export (dma-buf)',
    replaces: 'private "export buffer as fd" or "share buffer" ioctls',
    facility: ['DRM_IOCTL_PRIME_HANDLE_TO_FD (flags DRM_CLOEXEC, DRM_RDWR)'],
    upstream: 'every accel driver through the DRM core',
    criteria: 'dma-buf-sharing',
    purposes: ['buffer-export'],
  },
  {
    id: 'prime-import',
    advice: 'DRM PRIME (DRM_IOCTL_PRIME_FD_TO_HANDLE) already does this',
    title: 'PRIME import (dma-buf)',
    replaces: 'private "import buffer from fd" or "attach dma-buf" ioctls',
    facility: ['DRM_IOCTL_PRIME_FD_TO_HANDLE'],
    upstream: 'every accel driver through the DRM core',
    criteria: 'dma-buf-sharing',
    purposes: ['buffer-import'],
  },
  {
    id: 'bo-sync',
    advice: 'a driver SYNC_BO ioctl, or DMA_BUF_IOCTL_SYNC on a dma-buf, covers this',
    title: 'Driver SYNC_BO, and DMA_BUF_IOCTL_SYNC',
    replaces: 'private cache flush/invalidate or CPU-access ioctls',
    facility: ['a driver SYNC_BO (or PREP_BO/FINI_BO) ioctl', 'DMA_BUF_IOCTL_SYNC on an imported dma-buf'],
    upstream: 'amdxdna SYNC_BO; rocket PREP_BO and FINI_BO',
    criteria: 'buffers',
    purposes: ['buffer-cache-sync'],
  },
  {
    id: 'gpuvm-vm-bind',
    advice: 'a driver VM_BIND ioctl on drm_gpuvm covers this',
    title: 'drm_gpuvm and VM_BIND',
    replaces: 'private "map into device address space", "pin user memory" ioctls',
    facility: ['a driver VM_BIND ioctl built on drm_gpuvm', 'GEM objects created from user memory'],
    upstream: 'xe and nouveau (drm_gpuvm behind a VM_BIND ioctl); no accel driver uses drm_gpuvm yet; amdxdna CREATE_BO takes a user address',
    criteria: 'submission',
    purposes: ['memory-map-device'],
  },
  {
    id: 'sched-submit',
    advice: 'a driver SUBMIT ioctl on drm_sched, with syncobj in/out fences, covers this',
    title: 'Driver SUBMIT with drm_sched and syncobj fences',
    replaces: 'private "run", "execute", "command submission" ioctls with private completion tracking',
    facility: ['a driver SUBMIT ioctl taking a __u64 pointer to GEM handles and a count', 'drm_sched for scheduling', 'syncobj handles as in/out fences'],
    upstream: 'ivpu SUBMIT, rocket SUBMIT, ethosu SUBMIT, amdxdna EXEC_CMD',
    criteria: 'submission',
    purposes: ['submit'],
  },
  {
    id: 'syncobj-wait',
    advice: 'DRM_IOCTL_SYNCOBJ_WAIT (or a BO_WAIT with an absolute timeout) already does this',
    title: 'DRM_IOCTL_SYNCOBJ_WAIT, or a BO_WAIT with an absolute timeout',
    replaces: 'private "wait for job" ioctls, especially with relative timeouts',
    facility: ['DRM_IOCTL_SYNCOBJ_WAIT', 'DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT', 'a driver BO_WAIT with an absolute __s64 timeout in ns'],
    upstream: 'ivpu BO_WAIT and ethosu BO_WAIT (absolute timeout_ns)',
    criteria: 'synchronisation',
    purposes: ['wait'],
  },
  {
    id: 'syncobj',
    advice: 'DRM sync objects (DRM_IOCTL_SYNCOBJ_*) and sync_file already do this',
    title: 'DRM sync objects and sync_file',
    replaces: 'private fence create/signal/export ioctls',
    facility: ['DRM_IOCTL_SYNCOBJ_CREATE/DESTROY/SIGNAL/RESET/QUERY', 'DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD/FD_TO_HANDLE with sync_file', 'SYNC_IOC_MERGE on sync_files'],
    upstream: 'amdxdna returns a syncobj handle from CREATE_HWCTX',
    criteria: 'synchronisation',
    purposes: ['fence'],
  },
  {
    id: 'syncobj-eventfd',
    advice: 'DRM_IOCTL_SYNCOBJ_EVENTFD and DRM events read from the fd already do this',
    title: 'DRM_IOCTL_SYNCOBJ_EVENTFD and DRM events',
    replaces: 'private "register eventfd" or "notify me" ioctls',
    facility: ['DRM_IOCTL_SYNCOBJ_EVENTFD', 'struct drm_event records read() from the DRM fd, with poll()'],
    upstream: 'the DRM core (drm_read, drm_poll in every accel driver\'s file operations)',
    criteria: 'synchronisation',
    purposes: ['event-notify'],
  },
  {
    id: 'context-queue',
    advice: 'a driver context or queue object tied to the DRM file covers this',
    title: 'Driver context or queue objects tied to the file descriptor',
    replaces: 'global or process-wide context ioctls',
    facility: ['driver CTX_CREATE/CMDQ_CREATE/HWCTX_CREATE with a matching destroy, freed when the fd closes'],
    upstream: 'ivpu CMDQ_CREATE/CMDQ_DESTROY, amdxdna CREATE_HWCTX/DESTROY_HWCTX',
    criteria: 'submission',
    purposes: ['context'],
  },
  {
    id: 'debug-facilities',
    advice: 'debugfs, tracepoints, a perf PMU or devcoredump cover this without a stable uAPI',
    title: 'debugfs, tracepoints, perf, devcoredump',
    replaces: 'register peek/poke, debug and trace ioctls',
    facility: ['debugfs (no stable ABI)', 'tracepoints', 'a perf PMU', 'devcoredump for crash state'],
    upstream: 'ivpu tracepoints (ivpu_trace.h) and devcoredump (ivpu_coredump.c); amdxdna trace events; qaic devcoredump of firmware crash dumps',
    criteria: 'device-management',
    purposes: ['debug-trace'],
  },
  {
    id: 'fdinfo-stats',
    advice: 'fdinfo usage statistics (drm-usage-stats) already report this',
    title: 'fdinfo usage statistics',
    replaces: 'private "get usage" or "get statistics" ioctls',
    facility: ['drm-usage-stats keys in /proc/<pid>/fdinfo (drm_show_fdinfo)'],
    upstream: 'ivpu and amdxdna report memory use in fdinfo (drm_show_memory_stats)',
    criteria: 'device-management',
    purposes: ['stats'],
  },
  {
    id: 'sysfs-power',
    advice: 'sysfs, hwmon, devfreq and runtime PM cover this',
    title: 'sysfs, hwmon and devfreq',
    replaces: 'private power, clock, thermal and mode ioctls',
    facility: ['sysfs attributes', 'hwmon for sensors', 'devfreq for frequency scaling', 'runtime PM'],
    upstream: 'ivpu sysfs npu_busy_time_us and sched_mode; habanalabs sysfs (clk_max_freq_mhz, max_power) and hwmon',
    criteria: 'device-management',
    purposes: ['config-power'],
  },
  {
    id: 'firmware-loading',
    advice: 'request_firmware() and the firmware upload API already do this',
    title: 'request_firmware and the firmware upload API',
    replaces: 'private "download image" or "flash firmware" ioctls',
    facility: ['request_firmware() from /lib/firmware', 'the firmware upload class (firmware_upload_register)'],
    upstream: 'ivpu, amdxdna and habanalabs load their firmware with request_firmware',
    criteria: 'device-management',
    purposes: ['firmware'],
  },
  {
    id: 'reset-recovery',
    advice: 'drm_sched timeouts, devcoredump and the WEDGED uevent cover this',
    title: 'drm_sched timeouts, devcoredump and the WEDGED uevent',
    replaces: 'private reset and "is the device alive" ioctls',
    facility: ['drm_sched job timeouts (timedout_job)', 'devcoredump', 'the WEDGED= uevent (drm_dev_wedged_event)', 'fence errors'],
    upstream: 'rocket, ethosu and amdxdna reset hung jobs from drm_sched timedout_job; ivpu and qaic write devcoredumps',
    criteria: 'device-management',
    purposes: ['reset'],
  },
  {
    id: 'set-client-name',
    advice: 'DRM_IOCTL_SET_CLIENT_NAME already does this',
    title: 'DRM_IOCTL_SET_CLIENT_NAME',
    replaces: 'private "set process name" ioctls',
    facility: ['DRM_IOCTL_SET_CLIENT_NAME'],
    upstream: 'the DRM core, for every driver',
    criteria: 'device-management',
    purposes: ['client-name'],
  },
  {
    id: 'accel-subsystem',
    advice: 'a driver in the accel subsystem (DRIVER_COMPUTE_ACCEL, ioctls from DRM_COMMAND_BASE) is where such uAPI is reviewed',
    title: 'The accel subsystem',
    replaces: 'a private character device with its own ioctl magic for an accelerator',
    facility: ['DRIVER_COMPUTE_ACCEL', '/dev/accel/accel* device nodes', 'driver ioctls at DRM_COMMAND_BASE + n'],
    upstream: 'habanalabs, ivpu, qaic, amdxdna, rocket, ethosu (drivers/accel)',
    criteria: 'accel-subsystem',
    purposes: ['other'],
  },
];

/** Catalogue entries for a purpose, best first; the accel subsystem always closes the list. */
export function suggestionsFor(purpose: PurposeId): CatalogueEntry[] {
  const direct = CATALOGUE.filter((e) => e.purposes.includes(purpose) && e.id !== 'accel-subsystem');
  return [...direct, CATALOGUE.find((e) => e.id === 'accel-subsystem')!];
}
