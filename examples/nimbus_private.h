/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Example written for uapi-lint: the uAPI of a made-up "Nimbus" NPU driver that lives in
 * drivers/misc with a private ioctl magic. Every operation here already has a DRM core or
 * accel equivalent, which is what uapi-lint points out.
 */
#ifndef _UAPI_MISC_NIMBUS_NPU_H
#define _UAPI_MISC_NIMBUS_NPU_H

#include <linux/types.h>
#include <linux/ioctl.h>

#define NIMBUS_MAGIC 'N'
#define NIMBUS_IOWR(nr, type) _IOWR(NIMBUS_MAGIC, nr, type)

enum nimbus_ioctl_nr {
	NIMBUS_NR_QUERY = 0x01,
	NIMBUS_NR_ALLOC,
	NIMBUS_NR_FREE,
	NIMBUS_NR_EXPORT,
	NIMBUS_NR_SUBMIT = 0x10,
	NIMBUS_NR_WAIT,
};

/**
 * struct nimbus_alloc - allocate a device buffer
 * @size: bytes to allocate
 * @flags: NIMBUS_ALLOC_* flags
 * @handle: returned buffer handle
 * @pad: must be zero
 */
struct nimbus_alloc {
	__u64 size;
	__u32 flags;
	__u32 handle;
};

/**
 * struct nimbus_export - share a buffer with another device as a dma-buf
 * @handle: buffer to export
 * @fd: returned dma-buf file descriptor
 */
struct nimbus_export {
	__u32 handle;
	__s32 fd;
};

/**
 * struct nimbus_submit - run a job
 * @cmd_buf: handle of the command buffer
 * @bo_handles: user pointer to an array of buffer handles
 * @bo_count: entries in @bo_handles
 * @seqno: returned job sequence number
 */
struct nimbus_submit {
	__u32 cmd_buf;
	__u32 bo_count;
	__u64 bo_handles;
	__u64 seqno;
};

/**
 * struct nimbus_wait - wait for a job
 * @seqno: job to wait for
 * @timeout_ms: relative timeout in milliseconds
 */
struct nimbus_wait {
	__u64 seqno;
	__u32 timeout_ms;
	__u32 pad;
};

#define NIMBUS_IOCTL_QUERY	_IOR(NIMBUS_MAGIC, NIMBUS_NR_QUERY, __u64)
#define NIMBUS_IOCTL_ALLOC	NIMBUS_IOWR(NIMBUS_NR_ALLOC, struct nimbus_alloc)
#define NIMBUS_IOCTL_FREE	_IOW(NIMBUS_MAGIC, NIMBUS_NR_FREE, __u32)
#define NIMBUS_IOCTL_EXPORT	NIMBUS_IOWR(NIMBUS_NR_EXPORT, struct nimbus_export)
#define NIMBUS_IOCTL_SUBMIT \
	NIMBUS_IOWR(NIMBUS_NR_SUBMIT, struct nimbus_submit)
#define NIMBUS_IOCTL_WAIT	_IOW(NIMBUS_MAGIC, NIMBUS_NR_WAIT, struct nimbus_wait)

#endif /* _UAPI_MISC_NIMBUS_NPU_H */
