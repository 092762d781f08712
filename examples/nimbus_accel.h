/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Example written for uapi-lint: the same made-up NPU as nimbus_private.h, done the accel way.
 * Its ioctls sit in the DRM driver range (DRM_COMMAND_BASE + n on magic 'd'), buffers are GEM
 * objects freed with DRM_IOCTL_GEM_CLOSE and shared with PRIME, so there is no private magic
 * to report. (drm/drm.h is not in Debian's linux-libc-dev; uapi-lint then says so and uses the
 * stable values of DRM_IOWR and DRM_COMMAND_BASE it knows.)
 */
#ifndef _UAPI_NIMBUS_ACCEL_H
#define _UAPI_NIMBUS_ACCEL_H

#include <drm/drm.h>

#define DRM_NIMBUS_GET_PARAM	0x00
#define DRM_NIMBUS_BO_CREATE	0x01
#define DRM_NIMBUS_SUBMIT	0x02

/**
 * struct drm_nimbus_param - query a device parameter
 * @param: DRM_NIMBUS_PARAM_*
 * @pad: must be zero
 * @value: returned value
 */
struct drm_nimbus_param {
	__u32 param;
	__u32 pad;
	__u64 value;
};

/**
 * struct drm_nimbus_bo_create - create a GEM buffer object
 * @size: bytes
 * @flags: must be zero
 * @handle: returned GEM handle
 * @mmap_offset: returned fake offset for mmap() on the accel fd
 */
struct drm_nimbus_bo_create {
	__u64 size;
	__u32 flags;
	__u32 handle;
	__u64 mmap_offset;
};

/**
 * struct drm_nimbus_submit - queue a job; completion signals a syncobj
 * @bo_handles: user pointer to an array of GEM handles
 * @bo_count: entries in @bo_handles
 * @out_syncobj: syncobj handle signalled when the job is done
 */
struct drm_nimbus_submit {
	__u64 bo_handles;
	__u32 bo_count;
	__u32 out_syncobj;
};

#define DRM_IOCTL_NIMBUS_GET_PARAM \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_NIMBUS_GET_PARAM, struct drm_nimbus_param)
#define DRM_IOCTL_NIMBUS_BO_CREATE \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_NIMBUS_BO_CREATE, struct drm_nimbus_bo_create)
#define DRM_IOCTL_NIMBUS_SUBMIT \
	DRM_IOW(DRM_COMMAND_BASE + DRM_NIMBUS_SUBMIT, struct drm_nimbus_submit)

#endif /* _UAPI_NIMBUS_ACCEL_H */
