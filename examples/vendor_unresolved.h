/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Example written for uapi-lint: ioctls whose numbers depend on a header that is not on the
 * include path. uapi-lint names the missing header and marks the ioctls unresolved instead of
 * guessing their numbers.
 */
#ifndef _UAPI_VENDOR_FROB_H
#define _UAPI_VENDOR_FROB_H

#include <linux/types.h>
#include <vendor/frob_base.h>

struct frob_config {
	__u32 mode;
	__u32 flags;
};

/* FROB_MAGIC and FROB_NR_BASE come from vendor/frob_base.h */
#define FROB_IOCTL_SET_CONFIG	_IOW(FROB_MAGIC, FROB_NR_BASE + 1, struct frob_config)
#define FROB_IOCTL_RESET	_IO(FROB_MAGIC, FROB_NR_BASE + 2)

#endif /* _UAPI_VENDOR_FROB_H */
