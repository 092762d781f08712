import type { IntType } from '../preprocess/evaluate';

/**
 * Fixed-width integer typedefs of include/uapi/asm-generic/int-ll64.h and linux/types.h, which
 * are the same on every Linux ABI. (ABI-dependent ones such as `__kernel_long_t` belong to the
 * layout tables.)
 */
export const FIXED_WIDTH_TYPEDEFS: Readonly<Record<string, IntType>> = {
  __u8: { bits: 8, signed: false },
  __s8: { bits: 8, signed: true },
  __u16: { bits: 16, signed: false },
  __s16: { bits: 16, signed: true },
  __u32: { bits: 32, signed: false },
  __s32: { bits: 32, signed: true },
  __u64: { bits: 64, signed: false },
  __s64: { bits: 64, signed: true },
  __le16: { bits: 16, signed: false },
  __be16: { bits: 16, signed: false },
  __le32: { bits: 32, signed: false },
  __be32: { bits: 32, signed: false },
  __le64: { bits: 64, signed: false },
  __be64: { bits: 64, signed: false },
  __aligned_u64: { bits: 64, signed: false },
  __aligned_s64: { bits: 64, signed: true },
  __aligned_be64: { bits: 64, signed: false },
  __aligned_le64: { bits: 64, signed: false },
  uint8_t: { bits: 8, signed: false },
  int8_t: { bits: 8, signed: true },
  uint16_t: { bits: 16, signed: false },
  int16_t: { bits: 16, signed: true },
  uint32_t: { bits: 32, signed: false },
  int32_t: { bits: 32, signed: true },
  uint64_t: { bits: 64, signed: false },
  int64_t: { bits: 64, signed: true },
};
