import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseSourceFile, type SourceFile } from './source-file';
import { includeRootsFor, type RootOptions } from './roots';
import { ParseTooSlow } from '../parse/parser';
import type { IncludeReplay, IncludeResolver } from '../preprocess/preprocessor';
import { monotonicMs } from '../clock';

/**
 * Parsed headers by absolute path, re-read when their size or modification time changes.
 * Open editor buffers take precedence over the disk (`setOverlay`).
 */

export interface CacheLimits {
  /** Files larger than this are not analysed. */
  maxFileBytes: number;
  /**
   * Parsed headers kept at most (the least recently used go first): enough for the includes of
   * everything open, bounded when a whole tree is indexed.
   */
  maxCachedFiles: number;
}

export const DEFAULT_CACHE_LIMITS: CacheLimits = { maxFileBytes: 4 * 1024 * 1024, maxCachedFiles: 200 };

interface Entry {
  mtimeMs: number;
  size: number;
  file: SourceFile;
  /** When the file's size and time were last compared with the disk (monotonicMs()). */
  checked: number;
}

/**
 * How long a parsed header is trusted without looking at the disk again. Every analysis reaches
 * the same includes (ten times, once per ABI); the editor's file watcher invalidates at once.
 */
const TRUST_MS = 2000;

/** `5.2 MB`, `12.0 KB`, `100 bytes`. */
export function formatBytes(n: number): string {
  if (n >= 1048576) return `${(n / 1048576).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} byte${n === 1 ? '' : 's'}`;
}

/** Why a file of `size` bytes is not analysed, or undefined when its size is fine. */
export function tooLarge(size: number, limits: CacheLimits): string | undefined {
  if (size <= limits.maxFileBytes) return undefined;
  return `is ${formatBytes(size)}, over the ${formatBytes(limits.maxFileBytes)} limit for analysis (uapiLint.maxFileSize, --max-file-size)`;
}

/**
 * A header's text as the analysis reads it from the disk: one over the size limit is not read at
 * all, and comes back empty with the reason. Throws when the file cannot be read.
 */
export function readHeaderText(filePath: string, limits: CacheLimits): { text: string; skipped?: string } {
  const skipped = tooLarge(fs.statSync(filePath).size, limits);
  return skipped ? { text: '', skipped } : { text: fs.readFileSync(filePath, 'utf8') };
}

/** Why a buffer is not analysed, or undefined when it is fine. */
export function unreadableReason(bytes: Buffer | string, limits: CacheLimits): string | undefined {
  const size = typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.length;
  const large = tooLarge(size, limits);
  if (large) return large;
  const head = typeof bytes === 'string' ? bytes.slice(0, 8192) : bytes.subarray(0, 8192).toString('latin1');
  if (head.includes('\0')) return 'is binary (it contains NUL bytes)';
  return undefined;
}

export class HeaderCache implements IncludeResolver {
  private readonly entries = new Map<string, Entry>();
  private readonly overlays = new Map<string, SourceFile>();
  private readonly exists = new Map<string, boolean>();
  /** Include roots per folder: finding them stats the folders up to / (kernel-tree detection). */
  private readonly rootsByDir = new Map<string, string[]>();
  /** Recorded walks of includes, per target (see `IncludeReplay`); they rest on what is cached here. */
  private readonly replays = new Map<string, Map<string, IncludeReplay>>();
  /** Real paths (links followed) of roots and of files found under them. */
  private readonly realPaths = new Map<string, string>();
  /** Files an include named that lie outside the roots of the file that included them: why they are not read. */
  private readonly outside = new Map<string, string>();
  private options: RootOptions;
  private currentLimits: CacheLimits;

  constructor(rootOptions: RootOptions = {}, limits: CacheLimits = DEFAULT_CACHE_LIMITS) {
    this.options = rootOptions;
    this.currentLimits = limits;
  }

  get limits(): CacheLimits {
    return this.currentLimits;
  }

  /** A new size limit: files read under the old one are read again (they may be over it now). */
  set limits(limits: CacheLimits) {
    if (limits.maxFileBytes !== this.currentLimits.maxFileBytes) this.invalidate();
    this.currentLimits = limits;
  }

  get rootOptions(): RootOptions {
    return this.options;
  }

  set rootOptions(options: RootOptions) {
    this.options = options;
    this.rootsByDir.clear();
    this.replays.clear();
  }

  /** The recorded include walks for one target (an ABI name). */
  replaysFor(target: string): Map<string, IncludeReplay> {
    let r = this.replays.get(target);
    if (!r) this.replays.set(target, (r = new Map()));
    return r;
  }

  private rootsFor(fromFile: string): string[] {
    const dir = path.dirname(fromFile);
    let roots = this.rootsByDir.get(dir);
    if (!roots) {
      roots = includeRootsFor(fromFile, this.options);
      this.rootsByDir.set(dir, roots);
    }
    return roots;
  }

  /** An open editor buffer replaces the file on disk for everyone who includes it. */
  setOverlay(file: SourceFile): void {
    this.overlays.set(file.path, file);
  }

  deleteOverlay(filePath: string): void {
    this.overlays.delete(filePath);
  }

  /** Forget what is known about the disk (after file-system changes). */
  invalidate(filePath?: string): void {
    if (filePath) this.forget(filePath);
    else this.entries.clear();
    this.exists.clear();
    this.rootsByDir.clear();
    this.realPaths.clear();
    if (!filePath) this.replays.clear();
  }

  /** Drop one parsed file, and the recorded include walks that went through it. */
  private forget(filePath: string): void {
    this.entries.delete(filePath);
    for (const byPath of this.replays.values()) {
      for (const [key, replay] of byPath) if (replay.files.some((a) => a.file.path === filePath)) byPath.delete(key);
    }
  }

  /** How many parsed files are kept now. */
  get size(): number {
    return this.entries.size;
  }

  /** The folders searched, in order: "..." starts in the including file's folder, <...> ends there. */
  searched(fromFile: string, quoted: boolean): string[] {
    const roots = this.rootsFor(fromFile);
    // a document of a virtual file system has no folder of its own among them
    if (!path.isAbsolute(fromFile)) return roots;
    return quoted ? roots : roots.slice(1).concat(roots[0]);
  }

  resolve(spec: string, quoted: boolean, fromFile: string, next: boolean): string | undefined {
    const found = this.find(spec, quoted, fromFile, next);
    if (found) this.checkInsideRoots(found, fromFile);
    return found;
  }

  private find(spec: string, quoted: boolean, fromFile: string, next: boolean): string | undefined {
    if (path.isAbsolute(spec)) return this.isFile(spec) ? spec : undefined;
    let roots = this.searched(fromFile, quoted);
    if (next) {
      // #include_next: continue after the root the current file was found in
      const all = path.isAbsolute(fromFile) ? this.rootsFor(fromFile).slice(1) : this.rootsFor(fromFile);
      roots = all.slice(all.findIndex((r) => fromFile.startsWith(r + path.sep)) + 1);
    }
    for (const root of roots) {
      const candidate = path.join(root, spec);
      if (this.isFile(candidate)) return candidate;
    }
    // Debian and others install the kernel's DRM uAPI headers with libdrm, in
    // /usr/include/libdrm, rather than in /usr/include/drm
    const system = this.rootOptions.systemInclude ?? '/usr/include';
    if (!next && system && spec.startsWith('drm/')) {
      const candidate = path.join(system, 'libdrm', spec.slice(4));
      if (this.isFile(candidate)) return candidate;
    }
    return undefined;
  }

  /**
   * Only files under the include roots are read: not `#include "/etc/passwd"`, nor
   * `"../../../home/x/.ssh/id_rsa"`, nor a link in the workspace that points out of it.
   * A file outside is still found (so the include is not reported missing), but `load` refuses it.
   */
  private checkInsideRoots(file: string, fromFile: string): void {
    const real = this.realPath(file);
    const roots = this.rootsFor(fromFile);
    if (roots.some((r) => real.startsWith(this.realPath(r) + path.sep))) {
      this.outside.delete(file);
    } else {
      this.outside.set(file, `is outside the include roots (${roots.join(', ') || 'none'}), so it is not read`);
    }
  }

  private realPath(p: string): string {
    let r = this.realPaths.get(p);
    if (r === undefined) {
      try {
        r = fs.realpathSync.native(p);
      } catch {
        r = p;
      }
      this.realPaths.set(p, r);
    }
    return r;
  }

  protected isFile(p: string): boolean {
    if (this.overlays.has(p)) return true;
    // a NUL byte cannot be in a path (node throws); it is no file
    if (p.includes('\0')) return false;
    let known = this.exists.get(p);
    if (known === undefined) {
      // most candidates do not exist: ask without an exception, which is costly; other
      // errors still throw (a name that goes on after a file, 'x.h/', is ENOTDIR)
      try {
        known = fs.statSync(p, { throwIfNoEntry: false })?.isFile() ?? false;
      } catch {
        known = false;
      }
      this.exists.set(p, known);
    }
    return known;
  }

  load(filePath: string): SourceFile | { error: string } {
    const overlay = this.overlays.get(filePath);
    if (overlay) return overlay;
    const refused = this.outside.get(filePath);
    if (refused) return { error: refused };
    const now = monotonicMs();
    const known = this.entries.get(filePath);
    if (known) {
      // most recently used last: the Map's order is the eviction order
      this.entries.delete(filePath);
      this.entries.set(filePath, known);
      if (now - known.checked < TRUST_MS) return known.file;
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(filePath);
    } catch (e) {
      return { error: `cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})` };
    }
    if (known && known.mtimeMs === stat.mtimeMs && known.size === stat.size) {
      known.checked = now;
      return known.file;
    }
    const large = tooLarge(stat.size, this.limits);
    if (large) return { error: large };
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(filePath);
    } catch (e) {
      return { error: `cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})` };
    }
    const reason = unreadableReason(bytes, this.limits);
    if (reason) return { error: reason };
    let file: SourceFile;
    try {
      file = parseSourceFile(filePath, bytes.toString('utf8'));
    } catch (e) {
      if (e instanceof ParseTooSlow) return { error: e.message };
      throw e;
    }
    if (known) this.forget(filePath);
    this.entries.set(filePath, { mtimeMs: stat.mtimeMs, size: stat.size, file, checked: now });
    while (this.entries.size > this.limits.maxCachedFiles) this.forget(this.entries.keys().next().value!);
    return file;
  }
}
