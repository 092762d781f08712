/**
 * The ioctl command macros of include/uapi/asm-generic/ioctl.h. The analysis does not expand
 * them: their definitions differ per architecture (field widths, direction values), so the
 * expander leaves the calls in place and the ioctl code reads their arguments.
 */

export type IoctlDir = 'none' | 'r' | 'w' | 'rw';

/** include/uapi/drm/drm.h: `DRM_IOCTL_BASE`, the magic of the DRM number space. */
export const DRM_MAGIC = 0x64;
export type IoctlMacro = '_IO' | '_IOR' | '_IOW' | '_IOWR' | '_IOC';

export interface IoctlForm {
  /** The form reported in the model (the `_BAD` variants report as their regular form). */
  macro: IoctlMacro;
  /** Fixed direction; undefined for `_IOC`, whose first argument gives it. */
  dir?: IoctlDir;
  /** Number of arguments. */
  arity: number;
}

export const IOCTL_FORMS: Readonly<Record<string, IoctlForm>> = {
  _IO: { macro: '_IO', dir: 'none', arity: 2 },
  _IOR: { macro: '_IOR', dir: 'r', arity: 3 },
  _IOW: { macro: '_IOW', dir: 'w', arity: 3 },
  _IOWR: { macro: '_IOWR', dir: 'rw', arity: 3 },
  _IOR_BAD: { macro: '_IOR', dir: 'r', arity: 3 },
  _IOW_BAD: { macro: '_IOW', dir: 'w', arity: 3 },
  _IOWR_BAD: { macro: '_IOWR', dir: 'rw', arity: 3 },
  _IOC: { macro: '_IOC', arity: 4 },
};

/** Direction names usable in `_IOC(dir, ...)`, with the generic encoding's bits. */
export const DIRECTION_SYMBOLS: Readonly<Record<string, bigint>> = {
  _IOC_NONE: 0n,
  _IOC_WRITE: 1n,
  _IOC_READ: 2n,
};

/** `_IOC_TYPECHECK(t)` is `sizeof(t)` in userspace. */
export const TYPECHECK = '_IOC_TYPECHECK';

const INTRINSICS = new Set([...Object.keys(IOCTL_FORMS), ...Object.keys(DIRECTION_SYMBOLS), TYPECHECK]);

/** Names the expander leaves in place (called for every identifier it meets). */
export function isIoctlIntrinsic(name: string): boolean {
  return INTRINSICS.has(name);
}

/** Names that look like a wrapper of the `_IO*` family (`DRM_IOWR`, `AMDKFD_IOR`, `FOO_IO`). */
export function looksLikeIoctlWrapper(name: string): boolean {
  return /(^|_)IO(R|W|WR)?$/.test(name) && !(name in IOCTL_FORMS);
}

export function dirFromBits(bits: bigint): IoctlDir | undefined {
  switch (bits) {
    case 0n:
      return 'none';
    case 1n:
      return 'w';
    case 2n:
      return 'r';
    case 3n:
      return 'rw';
  }
  return undefined;
}

/** Direction in words, from the calling program's point of view (ioctl.rst's convention). */
export function describeDir(dir: IoctlDir): string {
  switch (dir) {
    case 'none':
      return 'no data';
    case 'r':
      return 'read';
    case 'w':
      return 'write';
    case 'rw':
      return 'read/write';
  }
}

/** `'d' (0x64)`, or just the hex value when the byte is not a printable character. */
export function describeMagic(type: number): string {
  const hex = '0x' + type.toString(16).toUpperCase().padStart(2, '0');
  return type >= 0x21 && type <= 0x7e ? `'${String.fromCharCode(type)}' (${hex})` : hex;
}
