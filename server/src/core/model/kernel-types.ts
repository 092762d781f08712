import type { IntType } from '../preprocess/evaluate';
import { FALLBACK_TYPEDEFS } from '../../knowledge/fallback-typedefs';

const BITS: Record<string, 8 | 16 | 32 | 64> = { char: 8, short: 16, int: 32, 'long long': 64 };

/**
 * Integer type of a fixed-width kernel typedef, for casts in constant expressions (`(__u32)x`).
 * These are the same on every Linux ABI.
 */
export function fixedWidthIntType(name: string): IntType | undefined {
  const f = FALLBACK_TYPEDEFS[name];
  if (!f) return undefined;
  const words = f.words.filter((w) => w !== 'unsigned' && w !== 'signed');
  const bits = BITS[words.join(' ')];
  return bits ? { bits, signed: !f.words.includes('unsigned') } : undefined;
}

export function isFixedWidthTypedef(name: string): boolean {
  return name in FALLBACK_TYPEDEFS;
}
