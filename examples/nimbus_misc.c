// SPDX-License-Identifier: GPL-2.0-only
/*
 * Example written for uapi-lint: the kernel side of the made-up "Nimbus" NPU of
 * nimbus_private.h, as an out-of-tree driver would start it: a misc device whose ioctls read as
 * an accelerator's, sharing buffers through dma-buf. `npx uapi-lint examples/nimbus_misc.c`
 * shows what a DRM or char/misc maintainer would ask about it.
 */
#include <linux/dma-buf.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "nimbus_private.h"

struct nimbus_device {
	struct miscdevice misc;
	struct mutex lock;
	u64 next_seqno;
};

static struct nimbus_device nimbus;

struct nimbus_buffer {
	struct dma_buf *dmabuf;
	size_t size;
};

static int nimbus_alloc(struct nimbus_device *nd, void __user *argp)
{
	struct nimbus_alloc args;

	if (copy_from_user(&args, argp, sizeof(args)))
		return -EFAULT;
	if (!args.size)
		return -EINVAL;
	/* ... allocate args.size bytes of device memory ... */
	args.handle = 1;
	if (copy_to_user(argp, &args, sizeof(args)))
		return -EFAULT;
	return 0;
}

static int nimbus_export(struct nimbus_device *nd, void __user *argp)
{
	DEFINE_DMA_BUF_EXPORT_INFO(exp_info);
	struct nimbus_export args;
	struct dma_buf *dmabuf;

	if (copy_from_user(&args, argp, sizeof(args)))
		return -EFAULT;
	exp_info.size = PAGE_SIZE;
	exp_info.flags = O_RDWR;
	dmabuf = dma_buf_export(&exp_info);
	if (IS_ERR(dmabuf))
		return PTR_ERR(dmabuf);
	args.fd = dma_buf_fd(dmabuf, O_RDWR);
	if (args.fd < 0)
		return args.fd;
	return copy_to_user(argp, &args, sizeof(args)) ? -EFAULT : 0;
}

static int nimbus_submit(struct nimbus_device *nd, void __user *argp)
{
	struct nimbus_submit args;

	if (copy_from_user(&args, argp, sizeof(args)))
		return -EFAULT;
	if (!args.bo_count)
		return -EINVAL;
	mutex_lock(&nd->lock);
	args.seqno = ++nd->next_seqno;
	mutex_unlock(&nd->lock);
	return copy_to_user(argp, &args, sizeof(args)) ? -EFAULT : 0;
}

static int nimbus_wait(struct nimbus_device *nd, void __user *argp)
{
	struct nimbus_wait args;

	if (copy_from_user(&args, argp, sizeof(args)))
		return -EFAULT;
	if (args.seqno > nd->next_seqno)
		return -EINVAL;
	return 0;
}

static long nimbus_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct nimbus_device *nd = &nimbus;
	void __user *argp = (void __user *)arg;

	switch (cmd) {
	case NIMBUS_IOCTL_ALLOC:
		return nimbus_alloc(nd, argp);
	case NIMBUS_IOCTL_EXPORT:
		return nimbus_export(nd, argp);
	case NIMBUS_IOCTL_SUBMIT:
		return nimbus_submit(nd, argp);
	case NIMBUS_IOCTL_WAIT:
		return nimbus_wait(nd, argp);
	default:
		return -EINVAL;
	}
}

static const struct file_operations nimbus_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= nimbus_ioctl,
	.llseek		= noop_llseek,
};

static int __init nimbus_init(void)
{
	mutex_init(&nimbus.lock);
	nimbus.misc.minor = MISC_DYNAMIC_MINOR;
	nimbus.misc.name = "nimbus";
	nimbus.misc.fops = &nimbus_fops;
	return misc_register(&nimbus.misc);
}

static void __exit nimbus_exit(void)
{
	misc_deregister(&nimbus.misc);
}

module_init(nimbus_init);
module_exit(nimbus_exit);
MODULE_DESCRIPTION("Nimbus NPU (an example written for uapi-lint)");
MODULE_LICENSE("GPL");
