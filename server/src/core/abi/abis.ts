import type { IntModel } from '../preprocess/evaluate';

/**
 * The Linux ABIs whose ioctl numbers and layouts are computed: the C data model of each (sizes
 * and alignments of the basic types, as their GCC targets lay them out), the ioctl encoding
 * family of the architecture, and the macros its compiler predefines (for the header's own
 * conditionals). Sources: the psABI documents of each architecture and GCC's target headers;
 * ioctl encodings from arch/<arch>/include/uapi/asm/ioctl.h.
 */

export type AbiName = 'x86_64' | 'i386' | 'arm64' | 'arm' | 'riscv64' | 'powerpc64' | 'mips' | 's390x' | 'sparc64' | 'parisc';

/** ioctl command encodings (include/uapi/asm-generic/ioctl.h and the arch overrides). */
export type EncodingFamily = 'generic' | 'powerpc' | 'mips' | 'sparc' | 'parisc';

/** [size, alignment] in bytes. */
export type SizeAlign = readonly [number, number];

export interface Abi {
  name: AbiName;
  /** Human name for messages and hovers. */
  title: string;
  family: EncodingFamily;
  /** The kernel's arch/ folder name, for kernel trees. */
  kernelArch: string;
  /** Debian multiarch triplets whose asm/ headers belong to this ABI. */
  multiarch: readonly string[];
  model: IntModel;
  types: {
    char: SizeAlign;
    short: SizeAlign;
    int: SizeAlign;
    long: SizeAlign;
    longLong: SizeAlign;
    pointer: SizeAlign;
    float: SizeAlign;
    double: SizeAlign;
    longDouble: SizeAlign;
    bool: SizeAlign;
    int128: SizeAlign | null;
  };
  /** `__attribute__((aligned))` without an argument: __BIGGEST_ALIGNMENT__. */
  biggestAlignment: number;
  predefined: Record<string, string>;
}

const COMMON: Record<string, string> = {
  __STDC__: '1',
  __STDC_VERSION__: '201710L',
  __STDC_HOSTED__: '1',
  __GNUC__: '12',
  __GNUC_MINOR__: '2',
  __GNUC_PATCHLEVEL__: '0',
  __linux__: '1',
  __linux: '1',
  __gnu_linux__: '1',
  __unix__: '1',
  __unix: '1',
  __ELF__: '1',
  __CHAR_BIT__: '8',
  __SIZEOF_SHORT__: '2',
  __SIZEOF_INT__: '4',
  __SIZEOF_LONG_LONG__: '8',
  __SCHAR_MAX__: '0x7f',
  __SHRT_MAX__: '0x7fff',
  __INT_MAX__: '0x7fffffff',
  __LONG_LONG_MAX__: '0x7fffffffffffffffLL',
  __ORDER_LITTLE_ENDIAN__: '1234',
  __ORDER_BIG_ENDIAN__: '4321',
  __ORDER_PDP_ENDIAN__: '3412',
};

const LP64_MACROS = {
  __LP64__: '1',
  _LP64: '1',
  __SIZEOF_LONG__: '8',
  __SIZEOF_POINTER__: '8',
  __SIZEOF_SIZE_T__: '8',
  __LONG_MAX__: '0x7fffffffffffffffL',
};
const ILP32_MACROS = {
  __SIZEOF_LONG__: '4',
  __SIZEOF_POINTER__: '4',
  __SIZEOF_SIZE_T__: '4',
  __LONG_MAX__: '0x7fffffffL',
};
const LITTLE = { __BYTE_ORDER__: '__ORDER_LITTLE_ENDIAN__' };
const BIG = { __BYTE_ORDER__: '__ORDER_BIG_ENDIAN__' };
const UNSIGNED_CHAR = { __CHAR_UNSIGNED__: '1' };

const LP64_TYPES = {
  char: [1, 1], short: [2, 2], int: [4, 4], long: [8, 8], longLong: [8, 8], pointer: [8, 8],
  float: [4, 4], double: [8, 8], longDouble: [16, 16], bool: [1, 1], int128: [16, 16],
} as const;
const ILP32_TYPES = {
  char: [1, 1], short: [2, 2], int: [4, 4], long: [4, 4], longLong: [8, 8], pointer: [4, 4],
  float: [4, 4], double: [8, 8], longDouble: [8, 8], bool: [1, 1], int128: null,
} as const;

export const ABIS: readonly Abi[] = [
  {
    name: 'x86_64', title: 'x86-64', family: 'generic', kernelArch: 'x86', multiarch: ['x86_64-linux-gnu', 'i386-linux-gnu'],
    model: { longBits: 64, charSigned: true },
    types: LP64_TYPES, biggestAlignment: 16,
    predefined: { ...COMMON, ...LP64_MACROS, ...LITTLE, __x86_64__: '1', __x86_64: '1', __amd64__: '1', __amd64: '1' },
  },
  {
    // i386 aligns 64-bit integers and doubles to 4 bytes inside structs (SysV i386 psABI)
    name: 'i386', title: 'i386', family: 'generic', kernelArch: 'x86', multiarch: ['x86_64-linux-gnu', 'i386-linux-gnu'],
    model: { longBits: 32, charSigned: true },
    types: { ...ILP32_TYPES, longLong: [8, 4], double: [8, 4], longDouble: [12, 4] }, biggestAlignment: 16,
    predefined: { ...COMMON, ...ILP32_MACROS, ...LITTLE, __i386__: '1', __i386: '1', __ILP32__: '1', _ILP32: '1' },
  },
  {
    name: 'arm64', title: 'arm64 (AArch64)', family: 'generic', kernelArch: 'arm64', multiarch: ['aarch64-linux-gnu'],
    model: { longBits: 64, charSigned: false },
    types: LP64_TYPES, biggestAlignment: 16,
    predefined: { ...COMMON, ...LP64_MACROS, ...LITTLE, ...UNSIGNED_CHAR, __aarch64__: '1', __AARCH64EL__: '1', __ARM_64BIT_STATE: '1' },
  },
  {
    // EABI: 64-bit integers and doubles are 8-byte aligned, unlike i386
    name: 'arm', title: 'arm (EABI)', family: 'generic', kernelArch: 'arm', multiarch: ['arm-linux-gnueabihf', 'arm-linux-gnueabi'],
    model: { longBits: 32, charSigned: false },
    types: ILP32_TYPES, biggestAlignment: 8,
    predefined: { ...COMMON, ...ILP32_MACROS, ...LITTLE, ...UNSIGNED_CHAR, __arm__: '1', __ARM_EABI__: '1', __ARMEL__: '1' },
  },
  {
    name: 'riscv64', title: 'riscv64', family: 'generic', kernelArch: 'riscv', multiarch: ['riscv64-linux-gnu'],
    model: { longBits: 64, charSigned: false },
    types: LP64_TYPES, biggestAlignment: 16,
    predefined: { ...COMMON, ...LP64_MACROS, ...LITTLE, ...UNSIGNED_CHAR, __riscv: '1', __riscv_xlen: '64' },
  },
  {
    name: 'powerpc64', title: 'powerpc64', family: 'powerpc', kernelArch: 'powerpc', multiarch: ['powerpc64-linux-gnu', 'powerpc64le-linux-gnu'],
    model: { longBits: 64, charSigned: false },
    types: LP64_TYPES, biggestAlignment: 16,
    predefined: { ...COMMON, ...LP64_MACROS, ...BIG, ...UNSIGNED_CHAR, __powerpc__: '1', __powerpc64__: '1', __PPC__: '1', __PPC64__: '1', _ARCH_PPC64: '1' },
  },
  {
    name: 'mips', title: 'mips (o32)', family: 'mips', kernelArch: 'mips', multiarch: ['mips-linux-gnu', 'mipsel-linux-gnu'],
    model: { longBits: 32, charSigned: true },
    types: ILP32_TYPES, biggestAlignment: 8,
    predefined: { ...COMMON, ...ILP32_MACROS, ...BIG, __mips__: '1', __mips: '32', _ABIO32: '1', _MIPS_SIM: '_ABIO32', _MIPS_SZLONG: '32', _MIPS_SZPTR: '32', _MIPS_SZINT: '32', __MIPSEB__: '1' },
  },
  {
    name: 's390x', title: 's390x', family: 'generic', kernelArch: 's390', multiarch: ['s390x-linux-gnu'],
    model: { longBits: 64, charSigned: false },
    types: { ...LP64_TYPES, longDouble: [16, 8] }, biggestAlignment: 8,
    predefined: { ...COMMON, ...LP64_MACROS, ...BIG, ...UNSIGNED_CHAR, __s390__: '1', __s390x__: '1', __zarch__: '1' },
  },
  {
    name: 'sparc64', title: 'sparc64', family: 'sparc', kernelArch: 'sparc', multiarch: ['sparc64-linux-gnu'],
    model: { longBits: 64, charSigned: true },
    types: LP64_TYPES, biggestAlignment: 16,
    predefined: { ...COMMON, ...LP64_MACROS, ...BIG, __sparc__: '1', __sparc: '1', __sparc_v9__: '1', __sparcv9: '1', __arch64__: '1' },
  },
  {
    name: 'parisc', title: 'parisc (32-bit)', family: 'parisc', kernelArch: 'parisc', multiarch: ['hppa-linux-gnu'],
    model: { longBits: 32, charSigned: true },
    types: ILP32_TYPES, biggestAlignment: 8,
    predefined: { ...COMMON, ...ILP32_MACROS, ...BIG, __hppa__: '1', __hppa: '1', _PA_RISC1_1: '1' },
  },
];

export const ABI_BY_NAME: ReadonlyMap<AbiName, Abi> = new Map(ABIS.map((a) => [a.name, a]));
export const HOST_ABI = ABI_BY_NAME.get('x86_64')!;
