import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { CLI } from './support/paths';
import { linuxSource } from './support/linux-source';

/**
 * The driver review on real kernel code: Linux 6.12's drivers/misc and drivers/accel whole, and
 * DRM drivers picked for the cases they exercise, read from Debian's linux-source-6.12 (unpacked
 * by .ci/run). The table below is the truth set: every finding of the driver rules expected on
 * these files, labelled by reading the driver's code, and the places where a rule must stay
 * silent, each with the reason. Both ways are checked: every expected finding is there, and no
 * finding of a driver rule appears on a labelled file unless a row expects it.
 */

const DRIVER_RULES = new Set([
  'misc-device-accelerator', 'shared-api-review', 'ioctl-unchecked-reserved', 'ioctl-unknown-command-errno', 'ioctl-compat',
  'ioctl-copy-size-mismatch', 'driver-fd-without-cloexec', 'ioctl-not-dispatched', 'ioctl-not-in-uapi',
]);

interface Row {
  file: string;
  rule: string;
  /** An ioctl the finding names, or words of its message. */
  key: string;
  present: boolean;
  why: string;
}

const F = (file: string, rule: string, key: string, why: string): Row => ({ file, rule, key, present: true, why });
const SILENT = (file: string, rule: string, key: string, why: string): Row => ({ file, rule, key, present: false, why });

const FASTRPC = 'drivers/misc/fastrpc.c';
const GENWQE = 'drivers/misc/genwqe/card_dev.c';
const PCITEST = 'drivers/misc/pci_endpoint_test.c';
const GRU = 'drivers/misc/sgi-gru/grufile.c';
const KFD = 'drivers/gpu/drm/amd/amdkfd/kfd_chardev.c';
const VIRTIO = 'drivers/gpu/drm/virtio/virtgpu_ioctl.c';
const TEGRA = 'drivers/gpu/drm/tegra/drm.c';

const ROWS: Row[] = [
  // fastrpc: a DSP offload engine on a misc device
  F(FASTRPC, 'misc-device-accelerator', 'FASTRPC_IOCTL_INVOKE', 'misc_register() for buffers (ALLOC_DMA_BUFF, MMAP, MEM_MAP) and work submission (INVOKE): an accelerator'),
  F(FASTRPC, 'shared-api-review', 'DMA BUFFER SHARING FRAMEWORK', 'drivers/misc exporting dma-bufs; `struct dma_buf` in the file matches MAINTAINERS K: \\bdma_(?:buf|fence|resv)\\b'),
  F(FASTRPC, 'ioctl-unchecked-reserved', 'FASTRPC_IOCTL_ALLOC_DMA_BUFF', 'fastrpc_dmabuf_alloc() copies fastrpc_alloc_dma_buf and never reads bp.flags'),
  F(FASTRPC, 'ioctl-unchecked-reserved', 'FASTRPC_IOCTL_MEM_MAP', 'fastrpc_req_mem_map() never tests req.reserved[4] and uses req.flags unchecked'),
  F(FASTRPC, 'ioctl-unchecked-reserved', 'FASTRPC_IOCTL_MEM_UNMAP', 'fastrpc_req_mem_unmap() never tests req.reserved[5]'),
  F(FASTRPC, 'ioctl-unchecked-reserved', 'FASTRPC_IOCTL_GET_DSP_INFO', 'fastrpc_get_dsp_info() copies the capability struct and never tests cap.reserved[4]'),
  SILENT(FASTRPC, 'ioctl-unchecked-reserved', 'FASTRPC_IOCTL_MMAP', 'fastrpc_req_mmap() compares req.flags with the two known values and rejects the rest'),
  F(FASTRPC, 'driver-fd-without-cloexec', 'O_ACCMODE', 'dma_buf_fd(buf->dmabuf, O_ACCMODE): constant flags without O_CLOEXEC'),
  F(FASTRPC, 'ioctl-compat', 'FASTRPC_IOCTL_MEM_MAP', 'compat_ioctl is the native handler, but fastrpc_mem_map/mem_unmap end in an unpadded __s32 after __u64s: 64 vs 60 and 48 vs 44 bytes on x86_64/i386 (gcc agrees)'),
  F(FASTRPC, 'ioctl-not-dispatched', 'FASTRPC_IOCTL_FREE_DMA_BUFF', 'misc/fastrpc.h defines FREE_DMA_BUFF and no case of fastrpc_device_ioctl() handles it'),
  SILENT(FASTRPC, 'ioctl-unknown-command-errno', 'fastrpc', 'the default: sets err = -ENOTTY'),
  // genwqe: an accelerator card behind a cdev
  F(GENWQE, 'misc-device-accelerator', 'GENWQE_EXECUTE_DDCB', 'cdev_add() for pinned memory (PIN_MEM) and DDCB execution (EXECUTE_DDCB): an accelerator'),
  F(GENWQE, 'ioctl-unchecked-reserved', 'GENWQE_PIN_MEM', 'genwqe_pin_mem() never reads struct genwqe_mem.flags'),
  F(GENWQE, 'ioctl-unchecked-reserved', 'GENWQE_UNPIN_MEM', 'genwqe_unpin_mem() never reads struct genwqe_mem.flags'),
  F(GENWQE, 'ioctl-unknown-command-errno', 'genwqe_ioctl()', "genwqe_ioctl()'s default: returns -EINVAL"),
  F(GENWQE, 'ioctl-not-dispatched', 'GENWQE_READ_REG16', 'READ_REG16/WRITE_REG16 are in genwqe_card.h and no case handles them (no other .c of the folder names them)'),
  SILENT(GENWQE, 'ioctl-compat', 'genwqe_fops', 'compat_ioctl = genwqe_compat_ioctl, a handler of its own'),
  // the others in drivers/misc
  F('drivers/misc/bcm-vk/bcm_vk_dev.c', 'ioctl-compat', 'VK_IOCTL_LOAD_IMAGE', 'bcm_vk_fops has .unlocked_ioctl and no .compat_ioctl; both commands are layout-safe, so compat_ptr_ioctl would do'),
  F('drivers/misc/bcm-vk/bcm_vk_dev.c', 'ioctl-unknown-command-errno', 'bcm_vk_ioctl()', 'default: only breaks, and ret keeps its initial -EINVAL'),
  SILENT('drivers/misc/bcm-vk/bcm_vk_dev.c', 'misc-device-accelerator', 'VK_IOCTL', 'two ioctls (load image, reset): no buffers or submission'),
  F('drivers/misc/cxl/file.c', 'ioctl-unknown-command-errno', 'afu_ioctl()', "afu_ioctl()'s switch has no default: and the function then returns -EINVAL"),
  SILENT('drivers/misc/cxl/file.c', 'ioctl-not-dispatched', 'CXL_IOCTL_DOWNLOAD_IMAGE', 'dispatched in flash.c of the same folder'),
  F('drivers/misc/ibmvmc.c', 'ioctl-not-in-uapi', 'VMC_IOCTL_SETHMCID', 'VMC_IOCTL_* are defined in drivers/misc/ibmvmc.h, which is not exported to userspace'),
  F('drivers/misc/ibmvmc.c', 'ioctl-not-in-uapi', 'VMC_IOCTL_QUERY', 'same private header'),
  F('drivers/misc/ibmvmc.c', 'ioctl-not-in-uapi', 'VMC_IOCTL_REQUESTVMC', 'same private header'),
  F('drivers/misc/ibmvmc.c', 'ioctl-unknown-command-errno', 'ibmvmc_ioctl()', "ibmvmc_ioctl()'s default: returns -EINVAL"),
  F('drivers/misc/ibmvmc.c', 'ioctl-compat', 'VMC_IOCTL_SETHMCID', "no .compat_ioctl, and SETHMCID's argument is a pointer type (8 vs 4 bytes)"),
  F('drivers/misc/ocxl/file.c', 'ioctl-unknown-command-errno', 'afu_ioctl()', "ocxl's afu_ioctl() default: sets rc = -EINVAL"),
  SILENT('drivers/misc/ocxl/file.c', 'ioctl-not-dispatched', 'OCXL_IOCTL_ENABLE_P9_WAIT', 'its case is inside #ifdef CONFIG_PPC64, which is read'),
  F(PCITEST, 'ioctl-copy-size-mismatch', 'PCITEST_COPY', 'pcitest.h declares _IOW(..., unsigned long) but the handler copies struct pci_endpoint_test_xfer_param (16 bytes)'),
  F(PCITEST, 'ioctl-copy-size-mismatch', 'PCITEST_WRITE', 'same'),
  F(PCITEST, 'ioctl-copy-size-mismatch', 'PCITEST_READ', 'same'),
  F(PCITEST, 'ioctl-unchecked-reserved', 'PCITEST_COPY', 'param.flags is only tested for FLAG_USE_DMA; unknown bits are never rejected'),
  F(PCITEST, 'ioctl-unchecked-reserved', 'PCITEST_WRITE', 'same'),
  F(PCITEST, 'ioctl-unchecked-reserved', 'PCITEST_READ', 'same'),
  F(PCITEST, 'ioctl-unknown-command-errno', 'pci_endpoint_test_ioctl()', 'the switch has no default:; ret keeps its initial -EINVAL'),
  F(PCITEST, 'ioctl-compat', 'PCITEST_WRITE', 'no .compat_ioctl; the unsigned long argument makes the numbers differ'),
  SILENT(PCITEST, 'ioctl-not-dispatched', 'PCITEST_LEGACY_IRQ', '#define PCITEST_LEGACY_IRQ PCITEST_INTX_IRQ, which is dispatched'),
  F('drivers/misc/phantom.c', 'ioctl-copy-size-mismatch', 'PHN_SET_REG', 'phantom.h encodes `struct phm_reg *` (a pointer) as the argument; the handler copies the 8-byte struct (4-byte pointer on i386)'),
  F('drivers/misc/phantom.c', 'ioctl-copy-size-mismatch', 'PHN_SET_REGS', 'the 40-byte struct phm_regs against an 8-byte pointer'),
  F('drivers/misc/phantom.c', 'ioctl-copy-size-mismatch', 'PHN_GET_REG', 'copy in and copy out of the struct against the pointer size'),
  F('drivers/misc/phantom.c', 'ioctl-copy-size-mismatch', 'PHN_GET_REGS', 'same, for the array struct'),
  SILENT('drivers/misc/phantom.c', 'ioctl-compat', 'phantom', 'compat_ioctl = phantom_compat_ioctl, a handler of its own'),
  F(GRU, 'ioctl-copy-size-mismatch', 'GRU_CREATE_CONTEXT', 'grulib.h encodes `void *` as the argument; the handler copies a 32-byte struct'),
  F(GRU, 'ioctl-copy-size-mismatch', 'GRU_GET_CONFIG_INFO', 'the 80-byte gru_config_info copied out against a void * size'),
  F(GRU, 'ioctl-unknown-command-errno', 'gru_file_unlocked_ioctl()', 'no default:; err keeps -EBADRQC'),
  ...['GRU_CREATE_CONTEXT', 'GRU_SET_CONTEXT_OPTION', 'GRU_USER_GET_EXCEPTION_DETAIL', 'GRU_USER_UNLOAD_CONTEXT', 'GRU_USER_FLUSH_TLB', 'GRU_USER_CALL_OS', 'GRU_GET_GSEG_STATISTICS', 'GRU_KTEST', 'GRU_GET_CONFIG_INFO', 'GRU_DUMP_CHIPLET_STATE'].map((n) =>
    F(GRU, 'ioctl-not-in-uapi', n, 'defined in drivers/misc/sgi-gru/grulib.h, a driver-private header'),
  ),
  F(GRU, 'ioctl-compat', 'GRU_CREATE_CONTEXT', 'no .compat_ioctl; `void *` arguments give other numbers on i386'),
  F('drivers/misc/uacce/uacce.c', 'ioctl-unknown-command-errno', 'uacce_fops_unl_ioctl()', 'the default: returns -EINVAL when the device has no ops->ioctl'),
  SILENT('drivers/misc/uacce/uacce.c', 'ioctl-compat', 'uacce_fops', '.compat_ioctl is set inside #ifdef CONFIG_COMPAT, which is read'),
  F('drivers/misc/vmw_vmci/vmci_host.c', 'ioctl-unknown-command-errno', 'vmci_host_unlocked_ioctl()', 'the default: returns -EINVAL'),
  F('drivers/misc/xilinx_sdfec.c', 'ioctl-compat', 'XSDFEC_ADD_LDPC_CODE_PARAMS', 'compat_ptr_ioctl, but struct xsdfec_ldpc_params is 96 bytes on x86_64 and 76 on i386 (gcc agrees)'),
  SILENT('drivers/misc/xilinx_sdfec.c', 'ioctl-compat', 'integer argument', 'the _IO commands (START_DEV, ...) never read the argument'),
  SILENT('drivers/misc/xilinx_sdfec.c', 'misc-device-accelerator', 'XSDFEC', 'configuration and statistics of a FEC block: no buffers or submission'),
  // drivers/accel
  F('drivers/accel/ivpu/ivpu_drv.c', 'ioctl-compat', 'DRM_IOCTL_IVPU_SUBMIT', 'drm_compat_ioctl passes driver ioctls on unchanged; drm_ivpu_submit is 32 bytes on x86_64 and 28 on i386 (gcc agrees), and ivpu is built for X86_64'),
  SILENT('drivers/accel/ivpu/ivpu_drv.c', 'misc-device-accelerator', 'ivpu', 'an accel driver already (DRIVER_COMPUTE_ACCEL)'),
  SILENT('drivers/accel/qaic/qaic_drv.c', 'ioctl-unchecked-reserved', 'QAIC', 'its handlers are in other files (qaic_data.c, qaic_control.c), not judged from here'),
  SILENT('drivers/accel/habanalabs/common/habanalabs_ioctl.c', 'ioctl-unchecked-reserved', 'DRM_IOCTL_HL_INFO', '_hl_info_ioctl(), reached with `data`, rejects a non-zero args->pad'),
  SILENT('drivers/accel/habanalabs/common/habanalabs_ioctl.c', 'ioctl-not-dispatched', 'DRM_IOCTL_HL_CB', 'habanalabs_drv.c of the same folder dispatches them (DRM_IOCTL_DEF_DRV(HL_CB, ...))'),
  SILENT('drivers/accel/habanalabs/common/memory.c', 'shared-api-review', 'dma-buf', 'dma-buf use inside drivers/accel is reviewed there as a matter of course'),
  // DRM drivers
  F('drivers/gpu/drm/panfrost/panfrost_drv.c', 'ioctl-unchecked-reserved', 'DRM_IOCTL_PANFROST_GET_BO_OFFSET', 'panfrost_ioctl_get_bo_offset() never tests args->pad'),
  SILENT('drivers/gpu/drm/panfrost/panfrost_drv.c', 'ioctl-unchecked-reserved', 'DRM_IOCTL_PANFROST_SUBMIT', 'panfrost_ioctl_submit() rejects args->requirements & ~PANFROST_JD_REQ_FS'),
  F('drivers/gpu/drm/etnaviv/etnaviv_drv.c', 'ioctl-unchecked-reserved', 'DRM_IOCTL_ETNAVIV_WAIT_FENCE', 'rejects flags & ~ETNA_WAIT_NONBLOCK but never tests args->pad'),
  F('drivers/gpu/drm/etnaviv/etnaviv_drv.c', 'ioctl-unchecked-reserved', 'DRM_IOCTL_ETNAVIV_GEM_WAIT', 'same: flags checked, pad not'),
  ...['DRM_IOCTL_VIRTGPU_MAP', 'DRM_IOCTL_VIRTGPU_GET_CAPS', 'DRM_IOCTL_VIRTGPU_RESOURCE_CREATE_BLOB', 'DRM_IOCTL_VIRTGPU_CONTEXT_INIT'].map((n) => F(VIRTIO, 'ioctl-unchecked-reserved', n, 'the handler never tests its pad member')),
  F(VIRTIO, 'ioctl-unchecked-reserved', 'DRM_IOCTL_VIRTGPU_RESOURCE_CREATE', 'rc->flags is passed to the host unvalidated'),
  F(VIRTIO, 'ioctl-unchecked-reserved', 'DRM_IOCTL_VIRTGPU_WAIT', 'only VIRTGPU_WAIT_NOWAIT is tested; other flag bits are ignored'),
  ...['DRM_IOCTL_TEGRA_GEM_MMAP', 'DRM_IOCTL_TEGRA_SYNCPT_INCR', 'DRM_IOCTL_TEGRA_OPEN_CHANNEL', 'DRM_IOCTL_TEGRA_GEM_SET_TILING', 'DRM_IOCTL_TEGRA_GEM_GET_TILING'].map((n) =>
    F(TEGRA, 'ioctl-unchecked-reserved', n, 'the handler never tests its pad member'),
  ),
  ...['AMDKFD_IOC_CREATE_QUEUE', 'AMDKFD_IOC_DESTROY_QUEUE', 'AMDKFD_IOC_GET_QUEUE_WAVE_STATE', 'AMDKFD_IOC_SET_MEMORY_POLICY', 'AMDKFD_IOC_SET_TRAP_HANDLER', 'AMDKFD_IOC_GET_CLOCK_COUNTERS', 'AMDKFD_IOC_GET_PROCESS_APERTURES_NEW', 'AMDKFD_IOC_DESTROY_EVENT', 'AMDKFD_IOC_SET_EVENT', 'AMDKFD_IOC_RESET_EVENT', 'AMDKFD_IOC_SET_SCRATCH_BACKING_VA', 'AMDKFD_IOC_AVAILABLE_MEMORY', 'AMDKFD_IOC_ALLOC_QUEUE_GWS'].map((n) =>
    F(KFD, 'ioctl-unchecked-reserved', n, "kfd's table handler (void *data) never tests the args' pad member"),
  ),
  F(KFD, 'ioctl-unchecked-reserved', 'AMDKFD_IOC_ALLOC_MEMORY_OF_GPU', 'args->flags goes into the allocation without a check against the known KFD_IOC_ALLOC_MEM_FLAGS_*'),
  F('drivers/gpu/drm/i915/i915_perf.c', 'ioctl-unknown-command-errno', 'i915_perf_ioctl_locked()', 'no default:; the function returns -EINVAL after the switch'),
  SILENT('drivers/gpu/drm/i915/i915_perf.c', 'ioctl-not-dispatched', 'DRM_IOCTL_I915', "the DRM ioctls of i915_drm.h are another interface (magic 'd') than the perf stream's ('i')"),
  SILENT('drivers/gpu/drm/i915/i915_driver.c', 'ioctl-not-dispatched', 'DRM_IOCTL_I915_GEM_EXECBUFFER2', 'EXECBUFFER2_WR has the same number, and drm_ioctl() dispatches by number'),
  SILENT('drivers/gpu/drm/i915/gvt/dmabuf.c', 'driver-fd-without-cloexec', 'DRM_CLOEXEC', 'DRM_CLOEXEC is O_CLOEXEC'),
  F('drivers/gpu/drm/xe/xe_oa.c', 'ioctl-unknown-command-errno', 'xe_oa_ioctl_locked()', 'no default:; -EINVAL after the switch'),
  F('drivers/gpu/drm/xe/xe_oa.c', 'ioctl-compat', 'xe_oa_fops', 'the OA stream fd has .unlocked_ioctl and no .compat_ioctl'),
  F('drivers/gpu/drm/xe/xe_oa.c', 'driver-fd-without-cloexec', 'anon_inode_getfd', 'anon_inode_getfd("[xe_oa]", ..., 0): no O_CLOEXEC'),
  F('drivers/gpu/drm/panthor/panthor_drv.c', 'ioctl-unchecked-reserved', 'DRM_IOCTL_PANTHOR_VM_BIND', 'only DRM_PANTHOR_VM_BIND_ASYNC is tested; PANTHOR_VM_BIND_FLAGS is defined but never used to reject unknown bits'),
  F('drivers/gpu/drm/omapdrm/omap_drv.c', 'ioctl-unchecked-reserved', 'DRM_IOCTL_OMAP_GEM_NEW', 'flags are masked with OMAP_BO_USER_MASK (unknown bits dropped, not rejected) and __pad is never tested'),
  F('drivers/gpu/drm/omapdrm/omap_drv.c', 'ioctl-unchecked-reserved', 'DRM_IOCTL_OMAP_GEM_INFO', 'pad and __pad never tested'),
  F('drivers/gpu/drm/radeon/radeon_drv.c', 'ioctl-not-dispatched', 'DRM_IOCTL_RADEON_GEM_PREAD', 'radeon_drm.h defines GEM_PREAD/PWRITE and no file of the driver dispatches them'),
  ...['drivers/gpu/drm/v3d/v3d_drv.c', 'drivers/gpu/drm/vc4/vc4_drv.c', 'drivers/gpu/drm/msm/msm_drv.c', 'drivers/gpu/drm/armada/armada_drv.c'].map((f) =>
    SILENT(f, 'ioctl-compat', 'i386', "Kconfig builds it only for ARM, where arm64 and arm agree; only i386's 4-byte __u64 alignment differs"),
  ),
  F('drivers/gpu/drm/amd/amdgpu/amdgpu_debugfs.c', 'ioctl-unknown-command-errno', 'amdgpu_debugfs_regs2_ioctl()', 'the default: returns -EINVAL'),
  F('drivers/gpu/drm/amd/amdgpu/amdgpu_debugfs.c', 'ioctl-unknown-command-errno', 'amdgpu_debugfs_gprwave_ioctl()', 'the default: returns -EINVAL'),
  SILENT('drivers/gpu/drm/amd/amdgpu/amdgpu_debugfs.c', 'ioctl-not-in-uapi', 'AMDGPU_DEBUGFS', 'the ioctls of a debugfs file (its fops are only given to debugfs_create_file()) are not uAPI'),
  SILENT('drivers/gpu/drm/amd/amdgpu/amdgpu_debugfs.c', 'ioctl-compat', 'amdgpu_debugfs', 'a debugfs file'),
];

/** What the review is run on: the two whole folders, and each labelled DRM file. */
function targets(tree: string): string[] {
  const extra = [...new Set(ROWS.map((r) => r.file).filter((f) => !f.startsWith('drivers/misc/') && !f.startsWith('drivers/accel/')))];
  return [path.join(tree, 'drivers', 'misc'), path.join(tree, 'drivers', 'accel'), ...extra.map((f) => path.join(tree, f))];
}

interface Found {
  rule: string;
  message: string;
  ioctls: string[];
}

const matches = (f: Found, r: Row) => f.rule === r.rule && (f.ioctls.includes(r.key) || f.message.includes(r.key));

test('drivers/misc, drivers/accel and the labelled DRM drivers: no crash, every file reviewed, the labelled findings both ways', { timeout: 600_000 }, () => {
  const tree = linuxSource();
  // a hang is stopped well before CI's limit
  const r = spawnSync(process.execPath, [CLI, '--format', 'json', '--fail-on', 'none', ...targets(tree)], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, timeout: 540_000 });
  assert.equal(r.error, undefined, String(r.error));
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  const json = JSON.parse(r.stdout) as { files: Array<{ path: string; diagnostics: Found[]; driver?: unknown }> };
  const byFile = new Map(json.files.map((f) => [path.relative(tree, f.path).split(path.sep).join('/'), f]));
  // every .c and .h of the two folders has an entry, and none hit a limit
  const sources = [...byFile.keys()].filter((f) => f.startsWith('drivers/misc/') || f.startsWith('drivers/accel/'));
  assert.ok(sources.length > 400, `${sources.length} files`);
  for (const [file, entry] of byFile) {
    assert.deepEqual(entry.diagnostics.filter((d) => d.rule === 'file-skipped').map((d) => d.message), [], `${file} was analysed within the limits`);
    if (file.endsWith('.c')) assert.ok(entry.driver, `${file} has a driver entry`);
  }
  const missing: string[] = [];
  const unexpected: string[] = [];
  for (const row of ROWS) {
    const entry = byFile.get(row.file);
    assert.ok(entry, `${row.file} was reviewed`);
    const hit = entry.diagnostics.some((f) => matches(f, row));
    if (row.present && !hit) missing.push(`${row.file}: ${row.rule} ${row.key} (${row.why})`);
    if (!row.present && hit) unexpected.push(`${row.file}: ${row.rule} ${row.key} should be silent (${row.why})`);
  }
  // a driver rule's finding on a labelled file that no row expects is a false alarm (or an unlabelled truth)
  for (const file of new Set(ROWS.map((r) => r.file))) {
    for (const f of byFile.get(file)?.diagnostics ?? []) {
      if (!DRIVER_RULES.has(f.rule)) continue;
      if (!ROWS.some((r) => r.present && r.file === file && matches(f, r))) unexpected.push(`${file}: ${f.rule} ${f.ioctls.join(',')}: ${f.message.slice(0, 160)}`);
    }
  }
  assert.deepEqual(missing, [], 'expected findings');
  assert.deepEqual(unexpected, [], 'findings no row expects');
  const expected = ROWS.filter((x) => x.present).length;
  console.log(`# labelled rows: ${ROWS.length} (${expected} expected findings, ${ROWS.length - expected} places that must stay silent) on ${new Set(ROWS.map((x) => x.file)).size} files; ${json.files.length} files reviewed`);
});
