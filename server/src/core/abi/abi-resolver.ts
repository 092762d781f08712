import * as fs from 'node:fs';
import * as path from 'node:path';
import type { IncludeResolver, TranslationUnit } from '../preprocess/preprocessor';
import type { HeaderCache } from '../include/header-cache';
import type { SourceFile } from '../include/source-file';
import type { Abi } from './abis';

/**
 * Include resolution for one ABI. The machine usually has only its own architecture's `asm/`
 * headers (Debian: /usr/include/x86_64-linux-gnu/asm). For another ABI those are the wrong
 * headers, so they are never used: `asm/X.h` comes from that ABI's own folder if there is one
 * (a kernel tree's arch/<arch>/include/uapi), otherwise from `asm-generic/X.h`, which is what
 * architectures without their own version use. What such stand-ins define is reported as
 * uncertain instead of used blindly (`standIns`).
 */

const realpaths = new Map<string, string>();

function real(p: string): string {
  let r = realpaths.get(p);
  if (r === undefined) {
    try {
      r = fs.realpathSync.native(p);
    } catch {
      r = p;
    }
    realpaths.set(p, r);
  }
  return r;
}

/**
 * The asm-generic files a translation unit used in place of its ABI's own `asm/` headers, with
 * the header each stands for: the includes that name `asm/X.h` and reached `asm-generic/X.h`.
 */
export function standIns(tu: TranslationUnit): Map<string, string> {
  const out = new Map<string, string>();
  for (const activity of tu.files.values()) {
    for (const inc of activity.includes) {
      if (inc.path && inc.spec.startsWith('asm/') && inc.path.endsWith(`/asm-generic/${inc.spec.slice(4)}`)) out.set(inc.path, inc.spec);
    }
  }
  return out;
}

export class AbiResolver implements IncludeResolver {
  constructor(
    private readonly cache: HeaderCache,
    private readonly abi: Abi,
  ) {}

  /** True if `file` belongs to another architecture's headers. */
  private foreign(file: string): boolean {
    // only asm/ folders (or links to them), multiarch folders and kernel arch/ trees can be foreign
    if (!/\/(asm|arch)\/|-linux-gnu/.test(file)) return false;
    const r = real(file);
    const triplet = /\/([a-z0-9_]+-linux-gnu[a-z]*)\//.exec(r)?.[1];
    if (triplet && !this.abi.multiarch.includes(triplet)) return true;
    const arch = /\/arch\/([^/]+)\/include\//.exec(r)?.[1];
    return arch !== undefined && arch !== this.abi.kernelArch;
  }

  resolve(spec: string, quoted: boolean, fromFile: string, next: boolean): string | undefined {
    const found = this.cache.resolve(spec, quoted, fromFile, next);
    if (!found || !this.foreign(found)) return found;
    // a kernel tree: the same header in this ABI's arch folder
    const own = real(found).replace(/\/arch\/[^/]+\/include\//, `/arch/${this.abi.kernelArch}/include/`);
    if (own !== real(found) && fs.existsSync(own)) return own;
    if (spec.startsWith('asm/')) {
      const generic = this.cache.resolve(`asm-generic/${spec.slice(4)}`, false, fromFile, false);
      if (generic && !this.foreign(generic)) return generic;
    }
    return undefined;
  }

  searched(fromFile: string, quoted: boolean): string[] {
    return this.cache.searched(fromFile, quoted).filter((r) => !this.foreign(r + path.sep));
  }

  load(file: string): SourceFile | { error: string } {
    return this.cache.load(file);
  }
}
