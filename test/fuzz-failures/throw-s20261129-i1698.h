#include <linux/libc-compat.h//>
