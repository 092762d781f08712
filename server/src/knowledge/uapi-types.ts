/**
 * How the kernel's ioctl rules see C types in a uAPI struct, as data. Sources:
 * Documentation/process/botching-up-ioctls.rst (fixed-width __u32/__s64 types, 64-bit pointers,
 * no time_t) and Documentation/driver-api/ioctl.rst (no long, no pointers, no bool, no enums or
 * bitfields in the layout: their sizes and orders are the compiler's or the ABI's choice).
 */

export type TypeCategory =
  /** Differs between 32- and 64-bit ABIs. */
  | 'long'
  | 'pointer'
  | 'bool'
  /** Plain `char`: signed on x86, unsigned on arm, powerpc and s390. */
  | 'char'
  /** C's own integer types, `<stdint.h>` and kernel-internal ones: right size, wrong spelling. */
  | 'c-int'
  | 'enum'
  | 'time';

export interface TypeVerdict {
  category: TypeCategory;
  /** The fixed-width uAPI type to use instead, when there is a direct one. */
  replacement?: string;
}

/** Base type spellings (keywords and the names tree-sitter knows as primitive types). */
const BASE: Record<string, TypeVerdict> = {
  long: { category: 'long', replacement: '__s64' },
  'long int': { category: 'long', replacement: '__s64' },
  'signed long': { category: 'long', replacement: '__s64' },
  'unsigned long': { category: 'long', replacement: '__u64' },
  'unsigned long int': { category: 'long', replacement: '__u64' },
  'long unsigned int': { category: 'long', replacement: '__u64' },
  size_t: { category: 'long', replacement: '__u64' },
  ssize_t: { category: 'long', replacement: '__s64' },
  ptrdiff_t: { category: 'long', replacement: '__s64' },
  intptr_t: { category: 'long', replacement: '__s64' },
  uintptr_t: { category: 'long', replacement: '__u64' },
  bool: { category: 'bool', replacement: '__u8' },
  _Bool: { category: 'bool', replacement: '__u8' },
  char: { category: 'char', replacement: '__u8' },
  'signed char': { category: 'c-int', replacement: '__s8' },
  'unsigned char': { category: 'c-int', replacement: '__u8' },
  short: { category: 'c-int', replacement: '__s16' },
  'short int': { category: 'c-int', replacement: '__s16' },
  'signed short': { category: 'c-int', replacement: '__s16' },
  'unsigned short': { category: 'c-int', replacement: '__u16' },
  'unsigned short int': { category: 'c-int', replacement: '__u16' },
  int: { category: 'c-int', replacement: '__s32' },
  signed: { category: 'c-int', replacement: '__s32' },
  'signed int': { category: 'c-int', replacement: '__s32' },
  unsigned: { category: 'c-int', replacement: '__u32' },
  'unsigned int': { category: 'c-int', replacement: '__u32' },
  'long long': { category: 'c-int', replacement: '__s64' },
  'long long int': { category: 'c-int', replacement: '__s64' },
  'signed long long': { category: 'c-int', replacement: '__s64' },
  'unsigned long long': { category: 'c-int', replacement: '__u64' },
  'unsigned long long int': { category: 'c-int', replacement: '__u64' },
  int8_t: { category: 'c-int', replacement: '__s8' },
  int16_t: { category: 'c-int', replacement: '__s16' },
  int32_t: { category: 'c-int', replacement: '__s32' },
  int64_t: { category: 'c-int', replacement: '__s64' },
  uint8_t: { category: 'c-int', replacement: '__u8' },
  uint16_t: { category: 'c-int', replacement: '__u16' },
  uint32_t: { category: 'c-int', replacement: '__u32' },
  uint64_t: { category: 'c-int', replacement: '__u64' },
};

/** Typedef names. */
const NAMES: Record<string, TypeVerdict> = {
  __kernel_long_t: { category: 'long', replacement: '__s64' },
  __kernel_ulong_t: { category: 'long', replacement: '__u64' },
  __kernel_size_t: { category: 'long', replacement: '__u64' },
  __kernel_ssize_t: { category: 'long', replacement: '__s64' },
  __kernel_ptrdiff_t: { category: 'long', replacement: '__s64' },
  __kernel_off_t: { category: 'long', replacement: '__s64' },
  off_t: { category: 'long', replacement: '__s64' },
  time_t: { category: 'time' },
  __kernel_time_t: { category: 'time' },
  __kernel_old_time_t: { category: 'time' },
  suseconds_t: { category: 'time' },
  __kernel_suseconds_t: { category: 'time' },
  __kernel_old_suseconds_t: { category: 'time' },
  clock_t: { category: 'time' },
  __kernel_clock_t: { category: 'time' },
  u8: { category: 'c-int', replacement: '__u8' },
  u16: { category: 'c-int', replacement: '__u16' },
  u32: { category: 'c-int', replacement: '__u32' },
  u64: { category: 'c-int', replacement: '__u64' },
  s8: { category: 'c-int', replacement: '__s8' },
  s16: { category: 'c-int', replacement: '__s16' },
  s32: { category: 'c-int', replacement: '__s32' },
  s64: { category: 'c-int', replacement: '__s64' },
};

/** Struct tags whose layout depends on the ABI's time_t and long. */
const TIME_STRUCTS = new Set(['timespec', 'timeval', 'itimerspec', 'itimerval', 'timezone', 'tm', 'timeb']);

export function baseVerdict(words: readonly string[]): TypeVerdict | undefined {
  return BASE[words.join(' ')];
}

export function nameVerdict(name: string): TypeVerdict | undefined {
  // a primitive spelled as a name (`_Bool`, `uint32_t` from a typedef) counts as that primitive
  return NAMES[name] ?? BASE[name];
}

export function isTimeStruct(tag: string): boolean {
  return TIME_STRUCTS.has(tag);
}
