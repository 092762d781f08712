import * as zlib from 'node:zlib';

/**
 * CRC-32 of bytes, or of a string's UTF-8, as 8 hex digits; undefined on a node without
 * `zlib.crc32` (before 20.15, e.g. the Electron of VS Code 1.91). For telling accidental change
 * from none cheaply: node's zlib loads in ~1 ms, its crypto in ~7 ms, which the language server's
 * start-up would pay for a digest of its own bundle and of each header it parses.
 */
export function crc32(data: string | Uint8Array): string | undefined {
  const crc = (zlib as { crc32?: (data: string | Uint8Array) => number }).crc32;
  return crc === undefined ? undefined : crc(data).toString(16).padStart(8, '0');
}
