import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Where `#include` looks, with no configuration: the including file's folder, the kernel tree
 * it sits in (if any), the workspace folders, extra folders the user named, then the system's
 * /usr/include and its multiarch folder (where Debian keeps `asm/`).
 */

export interface RootOptions {
  workspaceFolders?: string[];
  /** Extra roots (`-I DIR`, `uapiLint.includePaths`). */
  includePaths?: string[];
  /** The system include folder; '' disables it. */
  systemInclude?: string;
}

const KERNEL_ARCH: Record<string, string> = {
  x64: 'x86', ia32: 'x86', arm64: 'arm64', arm: 'arm', riscv64: 'riscv', ppc64: 'powerpc',
  s390x: 's390', mips: 'mips', mipsel: 'mips', loong64: 'loongarch',
};

function isDir(p: string): boolean {
  try {
    // most folders asked about do not exist (a kernel tree is looked for above every header):
    // answered without an exception, which costs far more than the stat
    return fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false;
  } catch {
    return false; // ENOTDIR, EACCES
  }
}

const multiarchCache = new Map<string, string[]>();

/** `/usr/include/<triplet>` folders that hold `asm/` (Debian multiarch). */
export function multiarchFolders(systemInclude: string): string[] {
  let found = multiarchCache.get(systemInclude);
  if (!found) {
    found = [];
    try {
      // names only: /usr/include holds some 250 entries, and only a triplet's folder is asked about
      for (const name of fs.readdirSync(systemInclude)) {
        if (/-linux-/.test(name) && isDir(path.join(systemInclude, name, 'asm'))) found.push(path.join(systemInclude, name));
      }
    } catch {
      /* no system include folder */
    }
    // the host's own triplet first
    const host = process.arch === 'x64' ? 'x86_64' : process.arch === 'arm64' ? 'aarch64' : process.arch;
    found.sort((a, b) => Number(path.basename(b).startsWith(host)) - Number(path.basename(a).startsWith(host)));
    multiarchCache.set(systemInclude, found);
  }
  return found;
}

/** The top of a kernel source tree containing `dir`, if there is one. */
export function findKernelTree(dir: string): string | undefined {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (isDir(path.join(d, 'include', 'uapi')) && isDir(path.join(d, 'arch'))) return d;
    if (path.dirname(d) === d) return undefined;
  }
}

export function kernelTreeRoots(tree: string, arch = KERNEL_ARCH[process.arch] ?? 'x86'): string[] {
  return [
    path.join(tree, 'include', 'uapi'),
    path.join(tree, 'arch', arch, 'include', 'uapi'),
    path.join(tree, 'arch', arch, 'include', 'generated', 'uapi'),
    path.join(tree, 'include', 'generated', 'uapi'),
    path.join(tree, 'include'),
  ].filter(isDir);
}

/**
 * Include roots for a file, in search order, without duplicates. A document that is not a file
 * (its "path" is a URI of a virtual file system) has no folder of its own and no kernel tree.
 */
export function includeRootsFor(file: string, options: RootOptions): string[] {
  const roots: string[] = [];
  if (path.isAbsolute(file)) {
    roots.push(path.dirname(file));
    const tree = findKernelTree(path.dirname(file));
    if (tree) roots.push(...kernelTreeRoots(tree));
  }
  roots.push(...(options.workspaceFolders ?? []), ...(options.includePaths ?? []));
  const system = options.systemInclude ?? '/usr/include';
  if (system) roots.push(system, ...multiarchFolders(system));
  return [...new Set(roots.map((r) => path.resolve(r)))];
}
