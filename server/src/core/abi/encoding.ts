import type { IoctlDir } from '../ioctl/forms';
import type { EncodingFamily } from './abis';

/**
 * How `_IOC(dir, type, nr, size)` assembles a command on each family of architectures
 * (include/uapi/asm-generic/ioctl.h; arch/{powerpc,mips,sparc,parisc}/include/uapi/asm/ioctl.h).
 * The fields are shifted and OR-ed without masking, exactly as the macro does, so a size
 * that does not fit spills into the direction bits as it would in C.
 */

export interface Encoding {
  sizeBits: number;
  dirBits: number;
  none: number;
  read: number;
  write: number;
}

export const ENCODINGS: Readonly<Record<EncodingFamily, Encoding>> = {
  generic: { sizeBits: 14, dirBits: 2, none: 0, read: 2, write: 1 },
  powerpc: { sizeBits: 13, dirBits: 3, none: 1, read: 2, write: 4 },
  mips: { sizeBits: 13, dirBits: 3, none: 1, read: 2, write: 4 },
  // sparc's _IOC_SIZE reads 14 bits when dir is not NONE (the NONE bit doubles as a size bit);
  // encoding is the same as powerpc's
  sparc: { sizeBits: 13, dirBits: 3, none: 1, read: 2, write: 4 },
  // parisc swaps READ and WRITE
  parisc: { sizeBits: 14, dirBits: 2, none: 0, read: 1, write: 2 },
};

export function dirValue(dir: IoctlDir, e: Encoding): number {
  switch (dir) {
    case 'none':
      return e.none;
    case 'r':
      return e.read;
    case 'w':
      return e.write;
    case 'rw':
      return e.read | e.write;
  }
}

/** The command number as `(unsigned int)_IOC(...)` gives it. */
export function encode(dirBits: bigint, type: bigint, nr: bigint, size: bigint, e: Encoding): number {
  const v = (dirBits << BigInt(16 + e.sizeBits)) | (size << 16n) | (type << 8n) | nr;
  return Number(BigInt.asUintN(32, v));
}

export interface DecodedCommand {
  dir: IoctlDir | null;
  /** The raw direction bits, for a value no direction matches. */
  dirBits: number;
  type: number;
  nr: number;
  size: number;
}

/** Split a command number into its fields, as `_IOC_DIR/_IOC_TYPE/_IOC_NR/_IOC_SIZE` do. */
export function decode(value: number, family: EncodingFamily): DecodedCommand {
  const e = ENCODINGS[family];
  const v = value >>> 0;
  const dirBits = (v >>> (16 + e.sizeBits)) & ((1 << e.dirBits) - 1);
  let size = (v >>> 16) & ((1 << e.sizeBits) - 1);
  if (family === 'sparc' && dirBits !== e.none) size = (v >>> 16) & 0x3fff;
  let dir: IoctlDir | null = null;
  if (dirBits === e.none) dir = 'none';
  else if (dirBits === e.read) dir = 'r';
  else if (dirBits === e.write) dir = 'w';
  else if (dirBits === (e.read | e.write)) dir = 'rw';
  return { dir, dirBits, type: (v >>> 8) & 0xff, nr: v & 0xff, size };
}
