/**
 * What a custom ioctl is for, as the purpose classifier names it, and the evidence that points
 * to each purpose. Patterns match whole words of a name split at '_' (`NIMBUS_IOCTL_ALLOC` is
 * NIMBUS, IOCTL, ALLOC), of the argument struct's name, of its member names, and of the
 * kernel-doc comment. Weights say how strongly a word speaks for a purpose.
 */

export const PURPOSES = [
  'query-info', 'buffer-alloc', 'buffer-free', 'buffer-mmap', 'buffer-export', 'buffer-import',
  'buffer-cache-sync', 'memory-map-device', 'submit', 'wait', 'fence', 'event-notify', 'context',
  'debug-trace', 'stats', 'config-power', 'firmware', 'reset', 'client-name', 'other',
] as const;

export type PurposeId = (typeof PURPOSES)[number];

/** Where a piece of evidence was found, and the weight it has there. */
export type EvidenceSource = 'name' | 'prefix' | 'remark' | 'struct' | 'member' | 'doc' | 'handler' | 'direction';

export const SOURCE_WEIGHT: Readonly<Record<EvidenceSource, number>> = { name: 3, prefix: 2, remark: 2, struct: 2, member: 1, doc: 1, handler: 3, direction: 1 };

export interface PurposeSignal {
  purpose: Exclude<PurposeId, 'other'>;
  /** Words (upper case, as in macro names) or word sequences joined with '_'. */
  words: string[];
  /** Multiplies the source weight: 2 for words that leave no doubt. */
  strength?: number;
  /** Only count these words in some places (members named `fd` say export or import). */
  sources?: EvidenceSource[];
  /** Only as the name's last word, where a name says what it does (`FLASH_INFO`, `SMBIOS_CMD`). */
  last?: boolean;
}

export const SIGNALS: readonly PurposeSignal[] = [
  { purpose: 'query-info', words: ['QUERY', 'GET_PARAM', 'GETPARAM', 'GET_CAP', 'CAPS', 'CAPABILITIES', 'DEVINFO', 'DEV_QUERY', 'PROPERTIES', 'TOPOLOGY', 'GET_INFO'], strength: 2 },
  // an argument struct called `_info` or a comment's "info" names what the argument holds (the
  // info to start an enclave with, to assign a PCI device with), and most structs carry a
  // `version` or `id`: only the ioctl's name asks for information by these words
  { purpose: 'query-info', words: ['INFO'], sources: ['name'], strength: 2 },
  { purpose: 'query-info', words: ['VERSION'], sources: ['name', 'struct'], strength: 2 },
  // what is left or allowed (AVAILABLE_MEMORY, MMAPAVAIL, MAX_COMMAND): reading a limit is a query, setting one configures
  { purpose: 'query-info', words: ['AVAILABLE', 'AVAIL', 'MAX', 'MAXIMUM'], sources: ['name', 'struct'], strength: 2 },
  { purpose: 'query-info', words: ['INFO', 'STATUS', 'STATE', 'VERSION', 'CAPS', 'CAPABILITIES', 'PROPERTIES', 'LEN', 'LENGTH', 'AVAILABLE', 'AVAIL'], sources: ['name'], strength: 3, last: true },
  { purpose: 'query-info', words: ['PARAM', 'CAP', 'VALUE', 'STATUS', 'METADATA', 'FEATURES', 'IS_ACTIVE'], sources: ['name', 'member'] },
  { purpose: 'query-info', words: ['ID'], sources: ['name'] },
  // a clock's counter is the time it reads (kfd's GET_CLOCK_COUNTERS correlates GPU and CPU clocks), not a statistic
  { purpose: 'query-info', words: ['CLOCK_COUNTER', 'CLOCK_COUNTERS'], sources: ['name'], strength: 2 },
  // looking something up is asking for it (PKEY_FINDCARD, BTRFS_IOC_INO_LOOKUP, BTRFS_IOC_TREE_SEARCH)
  { purpose: 'query-info', words: ['FIND', 'LOOKUP', 'SEARCH'], sources: ['name'] },
  // ALLOC and FREE say that something is allocated or freed, not what: an interrupt, a context and
  // an event are allocated too (IRQ_ALLOC), so the bare verb yields to the thing a name names
  { purpose: 'buffer-alloc', words: ['ALLOC', 'ALLOCATE', 'MALLOC'] },
  { purpose: 'buffer-alloc', words: ['CREATE_BO', 'BO_CREATE', 'CREATE_BUF', 'CREATE_BUFFER', 'BUF_CREATE', 'NEW_BUF', 'ALLOC_BO', 'BO_ALLOC', 'ALLOC_BUF', 'BUF_ALLOC'], strength: 2 },
  // memory is what ALLOC and FREE name most (ALLOC_MEMORY_OF_GPU): a buffer, not a mapping; a
  // comment's "free memory" may be about anything
  { purpose: 'buffer-alloc', words: ['ALLOC_MEMORY', 'MEMORY_ALLOC', 'ALLOC_MEM', 'MEM_ALLOC'], sources: ['name', 'struct'], strength: 2 },
  { purpose: 'buffer-alloc', words: ['SIZE'], sources: ['member'] },
  { purpose: 'buffer-free', words: ['FREE', 'DEALLOC', 'DEALLOCATE'] },
  // closing a GEM object's handle (or a BO's) drops the process's reference to the buffer: DRM's free
  { purpose: 'buffer-free', words: ['DESTROY_BO', 'BO_DESTROY', 'FREE_BO', 'BO_FREE', 'RELEASE_BUF', 'BUF_FREE', 'FREE_BUF', 'DESTROY_BUF', 'GEM_CLOSE', 'CLOSE_BO', 'BO_CLOSE'], strength: 2 },
  { purpose: 'buffer-free', words: ['FREE_MEMORY', 'MEMORY_FREE', 'FREE_MEM', 'MEM_FREE'], sources: ['name', 'struct'], strength: 2 },
  // not GET_OFFSET: which offset it gets is the driver's (an NVRAM partition's, a counter's in its page)
  { purpose: 'buffer-mmap', words: ['MMAP', 'MUNMAP', 'MMAP_OFFSET', 'MAP_OFFSET', 'BO_INFO'], strength: 2 },
  { purpose: 'buffer-mmap', words: ['OFFSET'], sources: ['member'] },
  { purpose: 'buffer-export', words: ['EXPORT', 'SHARE', 'GET_FD', 'TO_FD', 'HANDLE_TO_FD', 'EXPORT_DMABUF'], strength: 2 },
  { purpose: 'buffer-export', words: ['DMABUF', 'DMA_BUF', 'FD'], sources: ['struct', 'member', 'doc'] },
  { purpose: 'buffer-import', words: ['IMPORT', 'FROM_FD', 'FD_TO_HANDLE', 'ATTACH_FD', 'ATTACH_DMABUF'], strength: 2 },
  { purpose: 'buffer-cache-sync', words: ['SYNC_BO', 'BO_SYNC', 'CACHE', 'FLUSH', 'INVALIDATE', 'PREP_BO', 'FINI_BO', 'CPU_ACCESS', 'CPU_PREP', 'CPU_FINI'], strength: 2 },
  // a member `pin` is an interrupt's or a GPIO's pin far more often than pinned memory
  { purpose: 'memory-map-device', words: ['PIN', 'UNPIN'], sources: ['name', 'struct'] },
  { purpose: 'memory-map-device', words: ['USERPTR', 'VM_BIND', 'IOVA', 'DMA_MAP', 'MAP_DEVICE', 'MEMORY'], strength: 1 },
  // the name's MAP is what the ioctl does, and weighs more than an argument struct called `_mmap`
  // that may serve several (RIO_MAP_INBOUND takes struct rio_mmap)
  { purpose: 'memory-map-device', words: ['MAP', 'UNMAP'], sources: ['name'], strength: 2 },
  { purpose: 'memory-map-device', words: ['MAP', 'UNMAP'], sources: ['struct', 'member', 'doc'] },
  { purpose: 'memory-map-device', words: ['MEMSEG', 'MEM_SEG', 'TLB', 'FLUSH_TLB', 'WINDOW'], sources: ['name'], strength: 2 },
  // a GPU's virtual address space in the name: GEM_VA maps a buffer object at a device address
  { purpose: 'memory-map-device', words: ['VA', 'GPUVA'], sources: ['name'], strength: 2 },
  { purpose: 'memory-map-device', words: ['VA', 'IOVA', 'VADDR', 'DEVICE_ADDR', 'DEV_ADDR', 'USER_ADDR', 'DMA_ADDR'], sources: ['member'] },
  { purpose: 'submit', words: ['SUBMIT', 'EXEC', 'EXECUTE', 'RUN', 'CS', 'INVOKE', 'DISPATCH', 'LAUNCH', 'ENQUEUE', 'DOORBELL', 'EXEC_CMD', 'JOB'], strength: 2 },
  { purpose: 'submit', words: ['SMM'], sources: ['name', 'struct'] },
  { purpose: 'submit', words: ['SEND', 'INSN', 'INSNLIST', 'TRANSFER', 'XFER', 'TRANSACT', 'SEND_MSG', 'SEND_COMMAND', 'REQUEST', 'TRANSMIT'], sources: ['name'] },
  // an argument that is a message is one sent to the device (struct qaic_manage_msg)
  { purpose: 'submit', words: ['MESSAGE', 'MSG'], sources: ['name', 'struct'] },
  { purpose: 'submit', words: ['QUEUE_MESSAGE', 'QUEUE_BULK', 'SEND_MSG', 'SEND_CMD', 'SEND_COMMAND'], sources: ['name'], strength: 2 },
  { purpose: 'submit', words: ['CMD', 'COMMAND'], sources: ['name'], last: true },
  { purpose: 'submit', words: ['CMD', 'COMMANDS', 'BO_HANDLES', 'BUFFERS_PTR', 'CMD_BUF', 'CMDBUF'], sources: ['member', 'struct'] },
  { purpose: 'wait', words: ['WAIT', 'POLL', 'WAIT_BO', 'BO_WAIT', 'WAIT_CS', 'COMPLETE', 'COMPLETION'], strength: 2 },
  { purpose: 'wait', words: ['TIMEOUT', 'TIMEOUT_MS', 'TIMEOUT_NS', 'TIMEOUT_US', 'SEQNO'], sources: ['member'] },
  { purpose: 'fence', words: ['FENCE', 'SYNCOBJ', 'SYNC_FILE', 'SIGNAL', 'SEMAPHORE', 'SEM', 'TIMELINE'], strength: 2 },
  { purpose: 'event-notify', words: ['EVENT', 'EVENTFD', 'NOTIFY', 'NOTIFICATION', 'INTERRUPT', 'IRQ'], strength: 2 },
  { purpose: 'event-notify', words: ['EVENT_FD', 'EVENTFD'], sources: ['member'] },
  { purpose: 'event-notify', words: ['EVENTS', 'IRQFD', 'IOEVENTFD', 'NOTIF', 'IRQS', 'IE', 'PIE', 'AIE', 'UIE', 'WAITEVENT', 'REGISTER_IPC', 'UNREGISTER_IPC', 'NOTIF_REGISTER', 'NOTIF_UNREGISTER', 'IPC'], sources: ['name'], strength: 2 },
  // a watch added queues events about what it watches (inotify_add_watch(), COUNTER_ADD_WATCH_IOCTL);
  // not WATCH alone: a watch queue's SET_SIZE configures the queue
  { purpose: 'event-notify', words: ['ADD_WATCH', 'REMOVE_WATCH', 'RM_WATCH'], sources: ['name'], strength: 2 },
  { purpose: 'context', words: ['CTX', 'CONTEXT', 'HWCTX', 'CMDQ', 'QUEUE', 'SESSION', 'CHANNEL', 'CREATE_QUEUE', 'DESTROY_QUEUE', 'OPEN_SESSION', 'CLOSE_SESSION'], strength: 2 },
  { purpose: 'context', words: ['EPT', 'CREATE_EPT', 'CONNECT', 'ACCEPT', 'ACCEPTREQ', 'LISTEN', 'CREATE_VM', 'DESTROY_VM', 'VM_CREATE', 'VM_DESTROY', 'ENDPOINT', 'CREATE_SERVICE', 'OPEN_SERVICE', 'CLOSE_SERVICE', 'CLIENT'], sources: ['name'] },
  { purpose: 'context', words: ['ATTACH', 'DETACH', 'INIT_CREATE', 'QP', 'Q'], sources: ['name'] },
  // what an ioctl opens is a session, a window or a channel of its own (VAS_TX_WIN_OPEN)
  { purpose: 'context', words: ['OPEN'], sources: ['name'] },
  { purpose: 'debug-trace', words: ['TRAP', 'TRAP_HANDLER', 'EXCEPTION', 'INJECT', 'TEST', 'KTEST', 'SELFTEST', 'SELF_TEST', 'SINGLE_STEP', 'BREAKPOINT', 'REG', 'REGS', 'GETREGS', 'REG32', 'REG64', 'READ_REG', 'WRITE_REG'], sources: ['name'] },
  // a fake event, a fake interrupt: made up for a test, whatever is faked
  { purpose: 'debug-trace', words: ['FAKE'], sources: ['name'], strength: 2 },
  { purpose: 'debug-trace', words: ['DEBUG', 'DBG', 'TRACE', 'REG_READ', 'REG_WRITE', 'PEEK', 'POKE', 'DUMP', 'PROFILE', 'PROFILER', 'LOG'], strength: 2 },
  { purpose: 'stats', words: ['CTR', 'HWCTR', 'REQCNT', 'STATS', 'STAT', 'STATISTICS', 'COUNTER', 'COUNTERS', 'PERF', 'METRIC', 'METRICS', 'USAGE', 'TELEMETRY', 'UTILIZATION'], strength: 2 },
  { purpose: 'config-power', words: ['POWER', 'CLOCK', 'CLK', 'FREQ', 'FREQUENCY', 'SET_MODE', 'CONFIG', 'CONFIGURE', 'SET_STATE', 'THERMAL', 'TEMP', 'TEMPERATURE', 'VOLTAGE', 'PM', 'SET_PARAM'], strength: 2 },
  { purpose: 'config-power', words: ['ON', 'OFF', 'START', 'STOP', 'STANDBY', 'SUSPEND', 'RESUME', 'WAKE', 'SLEEP', 'ACTIVE_STATE', 'BRIGHTNESS'], sources: ['name'] },
  // a policy or a set of parameters is how the device is to behave (SET_MEMORY_POLICY, HW_PARAMS,
  // ADD_LDPC_CODE_PARAMS), whatever it applies to; a getter of them is still a query
  { purpose: 'config-power', words: ['POLICY', 'PARAMS', 'PARAMETERS'], sources: ['name'], strength: 2 },
  { purpose: 'config-power', words: ['START_DEV', 'STOP_DEV', 'ENABLE', 'DISABLE', 'TURBO', 'BYPASS', 'MODE', 'ORDER'], sources: ['name'] },
  { purpose: 'firmware', words: ['LOAD_CODE', 'UNLOAD_CODE', 'MICROCODE', 'UCODE', 'CAPSULE', 'STAGE', 'ACTIVATE', 'PR'], sources: ['name'], strength: 2 },
  { purpose: 'firmware', words: ['BITSTREAM'], sources: ['name', 'struct'], strength: 2 },
  { purpose: 'firmware', words: ['FW', 'FIRMWARE', 'LOAD_IMAGE', 'DOWNLOAD_IMAGE', 'DOWNLOAD', 'FLASH', 'IMAGE', 'BOOT', 'MAILBOX'], strength: 2 },
  { purpose: 'reset', words: ['REBOOT', 'RESET', 'RECOVER', 'RECOVERY', 'HANG', 'RESTART', 'WEDGED'], strength: 2 },
  { purpose: 'client-name', words: ['SET_NAME', 'CLIENT_NAME', 'PROCESS_NAME', 'SET_CLIENT_NAME', 'SET_LABEL'], strength: 2 },
  { purpose: 'client-name', words: ['NAME', 'COMM', 'LABEL'], sources: ['member'] },
];

/**
 * Kernel calls that, made by the code that handles an ioctl (when the driver source is at hand),
 * say what the ioctl does: a handler that calls dma_buf_fd() exports a buffer whatever it is
 * called. From include/linux/dma-buf.h, dma-fence.h, sync_file.h, mm.h, dma-mapping.h,
 * eventfd.h, firmware.h and completion.h (Linux 6.12).
 */
export const HANDLER_CALLS: ReadonlyArray<{ purpose: Exclude<PurposeId, 'other'>; calls: RegExp }> = [
  { purpose: 'buffer-export', calls: /^(?:dma_buf_fd|dma_buf_export|drm_gem_prime_handle_to_fd)$/ },
  { purpose: 'buffer-import', calls: /^(?:dma_buf_get|dma_buf_attach|dma_buf_dynamic_attach|drm_gem_prime_fd_to_handle)$/ },
  { purpose: 'wait', calls: /^(?:dma_fence_wait\w*|dma_resv_wait_timeout|wait_for_completion\w*|wait_event_interruptible_timeout|wait_event_timeout)$/ },
  { purpose: 'fence', calls: /^(?:dma_fence_init|sync_file_create|dma_fence_signal\w*|drm_syncobj_create|drm_syncobj_replace_fence)$/ },
  { purpose: 'buffer-mmap', calls: /^(?:remap_pfn_range|io_remap_pfn_range|vm_insert_pages?|vmf_insert_pfn|dma_mmap_coherent|dma_mmap_attrs)$/ },
  { purpose: 'memory-map-device', calls: /^(?:pin_user_pages\w*|get_user_pages\w*|dma_map_sg\w*|dma_map_sgtable|iommu_map\w*)$/ },
  { purpose: 'buffer-alloc', calls: /^(?:dma_alloc_coherent|dma_alloc_attrs|drm_gem_handle_create|drm_gem_shmem_create\w*|drm_gem_dma_create\w*)$/ },
  { purpose: 'firmware', calls: /^(?:request_firmware\w*|firmware_request\w*)$/ },
  { purpose: 'event-notify', calls: /^(?:eventfd_ctx_fdget|eventfd_ctx_fileget)$/ },
];

/**
 * The words of a getter and of a setter (`I8K_GET_FAN`, `ATOMISP_IOC_S_XNR`, `SONYPI_IOCGTEMP`):
 * when nothing else says what an ioctl is for, a getter reads the device's state and a setter
 * configures it.
 */
export const GETTER_WORDS: ReadonlySet<string> = new Set(['GET', 'G', 'READ', 'RD', 'GETRES', 'GETSTAT', 'GETCOUNTER', 'GETFREQ', 'GETBITS', 'FETCH', 'ENUM']);
// not PUT: in the kernel a put drops a reference (UACCE_CMD_PUT_Q releases its queue), it sets nothing
export const SETTER_WORDS: ReadonlySet<string> = new Set(['SET', 'S', 'WRITE', 'WR', 'SETUP', 'APPLY', 'SELECT', 'TOGGLE']);

/**
 * Words that name a machine of its own: a virtual machine, a guest, an enclave, a hypervisor's
 * partition. Starting or stopping one runs a machine (its lifecycle, which no purpose names), not
 * a mode of the device, so the power verbs beside them say nothing.
 */
export const MACHINE_WORDS: ReadonlySet<string> = new Set(['VM', 'GUEST', 'ENCLAVE', 'PARTITION']);
export const LIFECYCLE_VERBS: ReadonlySet<string> = new Set(['START', 'STOP', 'SUSPEND', 'RESUME', 'ON', 'OFF']);

/**
 * Verbs whose purpose is their object's: when a name's verb and one of these objects meet (in
 * the name or the family's name before it), what the verb says is said of the object. (And the
 * other way round where the object is what a verb returns: the state a DUMP returns.)
 */
export const VERB_OBJECTS: ReadonlyArray<{
  verbs: ReadonlySet<string>;
  objects: ReadonlySet<string>;
  purpose: Exclude<PurposeId, 'other'>;
  /** Whether the family's name may be the object (a perf event is a counter), not only the name's own words. */
  family?: boolean;
  /** Or the argument's members that make the object, all of them (a buffer's handle and its offset). */
  members?: readonly string[];
}> = [
  // a buffer attached to a device is mapped for the device's DMA (dma_buf_attach, then a mapping):
  // not a context the process attaches to
  { verbs: new Set(['ATTACH', 'DETACH']), objects: new Set(['BO', 'BOS', 'BUF', 'BUFFER', 'MEM', 'MEMORY']), purpose: 'memory-map-device' },
  // resetting a counter zeroes a statistic; the device is not reset (PERF_EVENT_IOC_RESET)
  { verbs: new Set(['RESET', 'CLEAR', 'ZERO']), objects: new Set(['COUNTER', 'COUNTERS', 'CTR', 'STATS', 'STATISTICS', 'PERF']), purpose: 'stats', family: true },
  // DRM's MAP of a buffer's handle returns the offset to mmap it at (drm_gem_create_mmap_offset):
  // the process maps the buffer, the device maps nothing (MODE_MAP_DUMB, QXL_MAP, VIRTGPU_MAP)
  { verbs: new Set(['MAP']), objects: new Set(), members: ['handle', 'offset'], purpose: 'buffer-mmap' },
  // poking a DSP's code writes its program, a firmware load (emu10k1's FX8010 code); peeking it
  // reads the program back: not register debugging
  { verbs: new Set(['POKE', 'PEEK']), objects: new Set(['CODE', 'MICROCODE', 'UCODE', 'PROGRAM']), purpose: 'firmware' },
  // what a dump returns is state read out for debugging, not information asked for
  // (GRU_DUMP_CHIPLET_STATE): the state, the status or the registers are the dump's
  { verbs: new Set(['STATE', 'STATUS', 'INFO', 'REGS', 'REG']), objects: new Set(['DUMP']), purpose: 'debug-trace' },
  // mapping a control to another control (a driver's control table) configures; no memory is
  // mapped. Not by the family's name: there CTRL is a controller (ASPEED_LPC_CTRL_IOCTL_MAP maps memory)
  { verbs: new Set(['MAP', 'UNMAP']), objects: new Set(['CTRL', 'CONTROL', 'CTRLS', 'CONTROLS']), purpose: 'config-power' },
];

/**
 * Verbs of a command that does something rather than read something: old drivers declare such
 * commands _IOR for the int they pass (WDIOC_KEEPALIVE, USBDEVFS_CLEAR_HALT), so beside one the
 * direction makes no getter.
 */
export const ACTION_WORDS: ReadonlySet<string> = new Set([
  'CLEAR', 'RELEASE', 'ASSIGN', 'DEASSIGN', 'COPY', 'COMMIT', 'PREPARE', 'EXPIRE', 'KEEPALIVE', 'PING',
  'REGISTER', 'UNREGISTER', 'KICK', 'TRIGGER', 'ABORT', 'CANCEL',
]);

/** Words of an ioctl name that say nothing about its purpose. */
export const NEUTRAL_WORDS: ReadonlySet<string> = new Set(['IOCTL', 'IOC', 'DRM', 'ARGS', 'ARG', 'DATA', 'IN', 'OUT', 'V1', 'V2', 'GET', 'SET', 'DO']);

/** What an ioctl of each purpose does, as a reviewer would say it after the ioctl's name. */
export const PURPOSE_PHRASES: Readonly<Record<PurposeId, string>> = {
  'query-info': 'queries device information or capabilities',
  'buffer-alloc': 'allocates a buffer',
  'buffer-free': 'frees a buffer',
  'buffer-mmap': 'maps a buffer into the process',
  'buffer-export': 'exports a buffer as a file descriptor',
  'buffer-import': 'imports a buffer from a file descriptor',
  'buffer-cache-sync': 'synchronises CPU caches for a buffer',
  'memory-map-device': 'maps memory into the device\'s address space',
  submit: 'submits work to the device',
  wait: 'waits for work to complete',
  fence: 'creates or signals a completion fence',
  'event-notify': 'delivers device events to userspace',
  context: 'creates or manages a device context or queue',
  'debug-trace': 'exposes debugging or tracing',
  stats: 'reports usage statistics',
  'config-power': 'configures device power, clocks or modes',
  firmware: 'loads or manages firmware',
  reset: 'resets or recovers the device',
  'client-name': 'names the client for accounting',
  other: 'is a private interface whose purpose uapi-lint cannot tell from its name, argument or documentation',
};
