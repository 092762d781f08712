import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Connection } from 'vscode-languageserver';
import { HeaderIndex } from '../core/index/header-index';
import type { HeaderCache } from '../core/include/header-cache';
import { findKernelTree, multiarchFolders } from '../core/include/roots';
import { workspaceHeaders } from './workspace-headers';
import type { IndexStatus } from './status';
import { compactMemory } from './memory';
import { IndexWorker, type IndexedFile } from './index-worker';
import { monotonicMs } from '../core/clock';

/**
 * The background indexing of the headers around the open ones: the workspace folders (in a
 * kernel tree, its uAPI folders) and the kernel's uAPI headers under the system include
 * folder. It runs on a thread of its own (see index-worker.ts), reports LSP work-done
 * progress, and is kept current from file-change notifications.
 */

/** Folders of /usr/include that hold the kernel's uAPI headers (Debian: linux-libc-dev, libdrm-dev). */
const SYSTEM_UAPI_FOLDERS = ['linux', 'asm-generic', 'misc', 'sound', 'rdma', 'mtd', 'scsi', 'video', 'xen', 'drm', 'libdrm'];

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

/** Headers handed to the indexing thread at a time: small enough for steady progress reports. */
const BATCH = 16;

export class WorkspaceIndexer {
  readonly index = new HeaderIndex();
  private queue: string[] = [];
  private queued = new Set<string>();
  private total = 0;
  private running = false;
  private progress: Progress | undefined;
  private lastTold = 0;
  private settled: Array<{ which: (file: string) => boolean; resolve: () => void }> = [];
  private readonly inFlight = new Set<string>();
  private readonly again = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly cache: HeaderCache,
    /** Whether the client shows server-started progress (`window.workDoneProgress`). */
    private readonly showsProgress: () => boolean,
    /** Told as indexing goes on (every second or so) and when it is done, for status displays. */
    private readonly onProgress: () => void = () => undefined,
  ) {}

  /** Index (again) these headers, in the background. */
  enqueue(files: Iterable<string>): void {
    for (const f of files) {
      // being analysed right now, from what the disk had before: once more after that
      if (this.inFlight.has(f)) this.again.add(f);
      if (this.queued.has(f)) continue;
      this.queued.add(f);
      this.queue.push(f);
      this.total++;
    }
    if (!this.running && this.queue.length) {
      this.running = true;
      void this.drain();
    }
  }

  /** A header was deleted. */
  remove(file: string): void {
    this.index.remove(file);
  }

  /** Resolves once no header that `which` selects (default: any) is waiting to be indexed. */
  whenIndexed(which: (file: string) => boolean = () => true): Promise<void> {
    if (!this.queue.some(which)) return Promise.resolve();
    return new Promise((resolve) => this.settled.push({ which, resolve }));
  }

  get pending(): number {
    return this.queue.length;
  }

  /** The counts a status display shows. */
  status(): IndexStatus {
    return { headers: this.index.size, ioctls: this.index.ioctlCount, pending: this.queue.length };
  }

  /** Hand the queue to an indexing thread, batch by batch, until it is empty; then end the thread. */
  private async drain(): Promise<void> {
    await this.beginProgress();
    let worker: IndexWorker | undefined;
    let failures = 0;
    while (this.queue.length) {
      const batch = this.queue.slice(0, BATCH);
      for (const f of batch) this.inFlight.add(f);
      try {
        worker ??= new IndexWorker(this.cache.rootOptions, this.cache.limits, (r) => this.take(r));
        await worker.run(batch);
      } catch (e) {
        // the thread died (out of memory, a crash in the parser): what it was given is skipped
        this.connection.console.error(`uapi-lint: the indexing thread failed: ${e instanceof Error ? e.message : String(e)}`);
        await worker?.stop();
        worker = undefined;
        for (const f of batch) this.take({ file: f, error: 'the indexing thread failed on this batch' });
        if (++failures > 3) {
          for (const f of this.queue.splice(0)) this.queued.delete(f);
        }
      }
      this.told();
    }
    await worker?.stop();
    this.progress?.done();
    this.progress = undefined;
    this.running = false;
    this.total = 0;
    this.onProgress();
    // what this thread kept of the burst (the summaries' garbage) goes too
    compactMemory();
    // headers queued while the thread was being stopped (a file changed then): enqueue() saw a
    // drain still running and started none, so this one goes on
    if (this.queue.length) {
      this.total = this.queue.length;
      this.running = true;
      void this.drain();
    }
  }

  /** One header's result from the indexing thread. */
  private take(r: IndexedFile): void {
    if (!this.queued.has(r.file)) return;
    this.queued.delete(r.file);
    const at = this.queue.indexOf(r.file);
    if (at >= 0) this.queue.splice(at, 1);
    this.inFlight.delete(r.file);
    if (r.header) this.index.set(r.header);
    else this.index.remove(r.file);
    if (r.error) this.connection.console.error(`uapi-lint: indexing ${r.file} failed: ${r.error}`);
    if (this.again.delete(r.file)) {
      this.queued.add(r.file);
      this.queue.push(r.file);
      this.total++;
    }
  }

  /** Progress to the client, waiters whose headers are done, and the status display now and then. */
  private told(): void {
    const done = this.total - this.queue.length;
    this.progress?.report(Math.floor((100 * done) / Math.max(1, this.total)), `${done} of ${this.total} headers`);
    this.settled = this.settled.filter((w) => {
      if (this.queue.some(w.which)) return true;
      w.resolve();
      return false;
    });
    if (monotonicMs() - this.lastTold > 1000) {
      this.lastTold = monotonicMs();
      this.onProgress();
    }
  }

  private async beginProgress(): Promise<void> {
    if (!this.showsProgress()) return;
    try {
      const p = await this.connection.window.createWorkDoneProgress();
      p.begin('Indexing headers', 0, `${this.queue.length} headers`, false);
      this.progress = { report: (pct, msg) => p.report(pct, msg), done: () => p.done() };
    } catch {
      this.progress = undefined; // the client declined: index without showing it
    }
  }
}
