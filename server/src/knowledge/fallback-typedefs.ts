/**
 * The kernel's fixed-width uAPI types, as include/uapi/asm-generic/int-ll64.h and
 * include/uapi/linux/types.h define them for userspace on every Linux architecture. Used only
 * when no reachable header defines the name (a bare header without <linux/types.h>); the
 * headers' own typedefs win otherwise.
 */
export const FALLBACK_TYPEDEFS: Readonly<Record<string, { words: string[]; aligned?: number }>> = {
  __u8: { words: ['unsigned', 'char'] },
  __s8: { words: ['signed', 'char'] },
  __u16: { words: ['unsigned', 'short'] },
  __s16: { words: ['short'] },
  __u32: { words: ['unsigned', 'int'] },
  __s32: { words: ['int'] },
  __u64: { words: ['unsigned', 'long', 'long'] },
  __s64: { words: ['long', 'long'] },
  __le16: { words: ['unsigned', 'short'] },
  __be16: { words: ['unsigned', 'short'] },
  __le32: { words: ['unsigned', 'int'] },
  __be32: { words: ['unsigned', 'int'] },
  __le64: { words: ['unsigned', 'long', 'long'] },
  __be64: { words: ['unsigned', 'long', 'long'] },
  __sum16: { words: ['unsigned', 'short'] },
  __wsum: { words: ['unsigned', 'int'] },
  // <stddef.h> is the compiler's own header, not in /usr/include: its __SIZE_TYPE__ and
  // __PTRDIFF_TYPE__ are long-sized on every Linux ABI
  size_t: { words: ['unsigned', 'long'] },
  ptrdiff_t: { words: ['long'] },
  wchar_t: { words: ['int'] },
  __aligned_u64: { words: ['unsigned', 'long', 'long'], aligned: 8 },
  __aligned_s64: { words: ['long', 'long'], aligned: 8 },
  __aligned_be64: { words: ['unsigned', 'long', 'long'], aligned: 8 },
  __aligned_le64: { words: ['unsigned', 'long', 'long'], aligned: 8 },
};
