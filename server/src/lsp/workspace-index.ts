import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Connection } from 'vscode-languageserver';
import { HeaderIndex } from '../core/index/header-index';
import type { HeaderCache } from '../core/include/header-cache';
import { findKernelTree, multiarchFolders } from '../core/include/roots';
import { workspaceHeaders } from './workspace-headers';
import type { IndexStatus } from './status';

/**
 * The background indexing of the headers around the open ones: the workspace folders (in a
 * kernel tree, its uAPI folders) and the kernel's uAPI headers under the system include
 * folder. It works in short slices between the editor's requests, pauses while the user types,
 * reports LSP work-done progress, and is kept current from file-change notifications.
 */

/** Folders of /usr/include that hold the kernel's uAPI headers (Debian: linux-libc-dev, libdrm-dev). */
const SYSTEM_UAPI_FOLDERS = ['linux', 'asm-generic', 'misc', 'sound', 'rdma', 'mtd', 'scsi', 'video', 'xen', 'drm', 'libdrm'];

/** How long one slice of indexing may hold the thread before letting requests in (ms). */
const SLICE_MS = 8;

/** The headers to index: the workspace's and the system's uAPI headers, each once, in order. */
export function indexTargets(folders: readonly string[], systemInclude: string): string[] {
  const out: string[] = [];
  const system = systemInclude ? path.resolve(systemInclude) : '';
  const uapiOfSystem = () => [...SYSTEM_UAPI_FOLDERS.map((f) => path.join(system, f)), ...multiarchFolders(system).map((m) => path.join(m, 'asm'))];
  for (const folder of folders.map((f) => path.resolve(f))) {
    const tree = findKernelTree(folder);
    if (tree) {
      // a kernel tree: its uAPI headers, not the tens of thousands of kernel-internal ones
      let arches: string[] = [];
      try {
        arches = fs.readdirSync(path.join(tree, 'arch')).map((a) => path.join(tree, 'arch', a, 'include', 'uapi'));
      } catch {
        /* no arch folder after all */
      }
      out.push(...workspaceHeaders([path.join(tree, 'include', 'uapi'), ...arches]));
    } else if (system && folder === system) {
      out.push(...workspaceHeaders(uapiOfSystem()));
    } else {
      out.push(...workspaceHeaders([folder]));
    }
  }
  if (system) out.push(...workspaceHeaders(uapiOfSystem()));
  return [...new Set(out)];
}

interface Progress {
  report(percentage: number, message: string): void;
  done(): void;
}

export class WorkspaceIndexer {
  readonly index: HeaderIndex;
  private queue: string[] = [];
  private queued = new Set<string>();
  private total = 0;
  private running = false;
  private pausedUntil = 0;
  private progress: Progress | undefined;
  private lastTold = 0;
  private settled: Array<{ which: (file: string) => boolean; resolve: () => void }> = [];

  constructor(
    private readonly connection: Connection,
    cache: HeaderCache,
    /** Whether the client shows server-started progress (`window.workDoneProgress`). */
    private readonly showsProgress: () => boolean,
    /** Told as indexing goes on (every second or so) and when it is done, for status displays. */
    private readonly onProgress: () => void = () => undefined,
  ) {
    this.index = new HeaderIndex(cache);
  }

  /** Index (again) these headers, in the background. */
  enqueue(files: Iterable<string>): void {
    for (const f of files) {
      if (this.queued.has(f)) continue;
      this.queued.add(f);
      this.queue.push(f);
      this.total++;
    }
    if (!this.running && this.queue.length) {
      this.running = true;
      void this.begin().then(() => setImmediate(() => this.slice()));
    }
  }

  /** A header was deleted. */
  remove(file: string): void {
    this.index.remove(file);
  }

  /** The user is typing: let the document's own analysis have the thread. */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, performance.now() + ms);
  }

  /** Resolves once no header that `which` selects (default: any) is waiting to be indexed. */
  whenIndexed(which: (file: string) => boolean = () => true): Promise<void> {
    if (!this.queue.some(which)) return Promise.resolve();
    return new Promise((resolve) => this.settled.push({ which, resolve }));
  }

  get pending(): number {
    return this.queue.length;
  }

  private async begin(): Promise<void> {
    if (!this.showsProgress()) return;
    try {
      const p = await this.connection.window.createWorkDoneProgress();
      p.begin('Indexing headers', 0, `${this.queue.length} headers`, false);
      this.progress = { report: (pct, msg) => p.report(pct, msg), done: () => p.done() };
    } catch {
      this.progress = undefined; // the client declined: index without showing it
    }
  }

  private slice(): void {
    const now = performance.now();
    if (now < this.pausedUntil) {
      setTimeout(() => this.slice(), this.pausedUntil - now);
      return;
    }
    const until = now + SLICE_MS;
    while (this.queue.length && performance.now() < until) {
      const file = this.queue.shift()!;
      this.queued.delete(file);
      try {
        this.index.indexFile(file);
      } catch (e) {
        // one header the analysis cannot take must not stop the index
        this.index.remove(file);
        this.connection.console.error(`uapi-lint: indexing ${file} failed: ${e instanceof Error ? e.stack : String(e)}`);
      }
    }
    const done = this.total - this.queue.length;
    this.settled = this.settled.filter((w) => {
      if (this.queue.some(w.which)) return true;
      w.resolve();
      return false;
    });
    if (this.queue.length) {
      this.progress?.report(Math.floor((100 * done) / this.total), `${done} of ${this.total} headers`);
      if (performance.now() - this.lastTold > 1000) {
        this.lastTold = performance.now();
        this.onProgress();
      }
      setImmediate(() => this.slice());
      return;
    }
    this.progress?.done();
    this.progress = undefined;
    this.running = false;
    this.total = 0;
    this.onProgress();
  }

  /** The counts a status display shows. */
  status(): IndexStatus {
    return { headers: this.index.size, ioctls: this.index.ioctlCount, pending: this.queue.length };
  }
}
