import * as path from 'node:path';
import { readTextInside, statInside } from '../read-inside';

/**
 * The architectures a driver can be built for, as the `depends on` lines of the Kconfig beside
 * it say: a driver that depends on `ARCH_BCM || COMPILE_TEST` or `ARM || ARM64` runs only on
 * ARM, where x86's 32-bit compat layouts never meet it; one that depends on `X86` only on x86.
 * COMPILE_TEST builds are not users. null when the Kconfig says nothing that narrows it.
 */
export type ArchFamily = 'x86' | 'arm';

const ARM_SYMBOL = /^(ARM|ARM64|ARCH_\w+|SOC_\w+|MACH_\w+|PLAT_\w+)$/;
const MAX_BYTES = 256 * 1024;

const cache = new Map<string, { mtimeMs: number; families: Set<ArchFamily> | null }>();

export function targetArchitectures(file: string): Set<ArchFamily> | null {
  if (!path.isAbsolute(file)) return null;
  const kconfig = path.join(path.dirname(file), 'Kconfig');
  const stat = statInside(kconfig, path.dirname(file));
  if (!stat || stat.size > MAX_BYTES) return null;
  const known = cache.get(kconfig);
  if (known && known.mtimeMs === stat.mtimeMs) return known.families;
  let families: Set<ArchFamily> | null = null;
  try {
    const text = readTextInside(kconfig, path.dirname(file), MAX_BYTES)?.text ?? '';
    for (const m of text.matchAll(/^\s*depends on\s+(.+?)\s*(?:#.*)?$/gm)) {
      const expr = m[1];
      const conjuncts = expr.split('&&').map((c) => c.trim());
      // `X86 && PCI`, `DRM && ARM && MMU`: a required architecture
      if (conjuncts.includes('X86') || conjuncts.includes('X86_64')) families = new Set(['x86']);
      else if (conjuncts.some((c) => c === 'ARM' || c === 'ARM64')) families = new Set(['arm']);
      else if (conjuncts.length === 1) {
        // `ARCH_BCM || ARCH_BRCMSTB || COMPILE_TEST`: every alternative an ARM platform
        const alternatives = expr.replace(/[()]/g, ' ').split('||').map((a) => a.trim()).filter((a) => a && a !== 'COMPILE_TEST');
        if (alternatives.length && alternatives.every((a) => ARM_SYMBOL.test(a))) families = new Set(['arm']);
      }
      if (families) break;
    }
  } catch {
    families = null;
  }
  cache.set(kconfig, { mtimeMs: stat.mtimeMs, families });
  return families;
}
