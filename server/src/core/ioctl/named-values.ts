import type { EnumeratorDecl } from '../model/enums';
import { splitWords } from './words';

/**
 * The values a scalar argument takes, when the header names them after the ioctl: an enum
 * whose constants all start with the driver's prefix and the ioctl's object
 * (`SDTX_IOCTL_GET_DEVICE_MODE` takes `SDTX_DEVICE_MODE_TABLET`, `_LAPTOP`, `_STUDIO`). What is
 * left of each constant (TABLET, LAPTOP, STUDIO) says what the argument is, as a struct's
 * member names do.
 */
export function namedValuesOf(ioctlName: string, enumerators: readonly EnumeratorDecl[]): string[] {
  const byPrefix = listsByPrefix(enumerators);
  if (!byPrefix.size) return [];
  const words = splitWords(ioctlName);
  // the driver's prefix and every tail of the rest: SDTX + IOCTL_GET_DEVICE_MODE, GET_DEVICE_MODE, DEVICE_MODE, MODE
  for (let k = 1; k < words.length; k++) {
    const list = byPrefix.get(`${words[0]}_${words.slice(k).join('_')}`);
    if (list) return list;
  }
  return [];
}

/** A file's enumerator lists by their common prefix of whole words, as the rest of each name. */
const cache = new WeakMap<readonly EnumeratorDecl[], Map<string, string[]>>();

function listsByPrefix(enumerators: readonly EnumeratorDecl[]): Map<string, string[]> {
  let map = cache.get(enumerators);
  if (map) return map;
  map = new Map();
  const seen = new Set<EnumeratorDecl[]>();
  for (const e of enumerators) {
    if (seen.has(e.list)) continue;
    seen.add(e.list);
    // two values at least: one constant is a name, not a choice
    if (e.list.length < 2) continue;
    const split = e.list.map((x) => x.name.split('_'));
    let n = 0;
    while (split.every((s) => s.length > n + 1 && s[n] === split[0][n])) n++;
    // the driver's prefix and an object: SDTX_DEVICE_MODE, not SDTX alone
    if (n < 2) continue;
    const prefix = split[0].slice(0, n).join('_');
    if (!map.has(prefix)) map.set(prefix, split.map((s) => s.slice(n).join('_')));
  }
  cache.set(enumerators, map);
  return map;
}
