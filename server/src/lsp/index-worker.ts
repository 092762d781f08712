import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { initAnalysis } from '../analysis/pipeline';
import { HeaderCache, type CacheLimits } from '../core/include/header-cache';
import type { RootOptions } from '../core/include/roots';
import { indexHeaderFile, type IndexedHeader } from '../core/index/header-index';

/**
 * Indexing runs on a worker thread of its own: analysing a whole tree makes a lot of garbage and
 * grows the parser's memory, and all of that goes when the worker ends, instead of staying in
 * the server for as long as the editor is open. The server's thread stays free for the editor.
 */

const WORKER_KIND = 'uapi-lint-index-worker';

export interface IndexedFile {
  file: string;
  /** Undefined when the file could not be read. */
  header?: IndexedHeader;
  /** Why the analysis failed (an internal error). */
  error?: string;
}

type FromWorker = { done: IndexedFile } | { batchDone: true };

/** One worker thread, given batches of headers; tells each result as it comes. */
export class IndexWorker {
  private readonly worker: Worker;
  private batchDone: (() => void) | undefined;
  private failed: ((e: Error) => void) | undefined;

  constructor(rootOptions: RootOptions, limits: CacheLimits, onDone: (r: IndexedFile) => void) {
    // the server's bundle is the worker's entry too
    this.worker = new Worker(__filename, { workerData: { kind: WORKER_KIND, rootOptions, limits } });
    this.worker.on('message', (m: FromWorker) => {
      if ('done' in m) onDone(m.done);
      else this.batchDone?.();
    });
    this.worker.on('error', (e) => this.failed?.(e));
    this.worker.on('exit', (code) => this.failed?.(new Error(`the indexing thread exited with status ${code}`)));
  }

  /** Analyse these headers; resolves when all are told. */
  run(files: string[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.batchDone = resolve;
      this.failed = reject;
      this.worker.postMessage(files);
    });
  }

  async stop(): Promise<void> {
    this.failed = undefined;
    await this.worker.terminate();
  }
}

function serve(): void {
  const { rootOptions, limits } = workerData as { rootOptions: RootOptions; limits: CacheLimits };
  const cache = new HeaderCache(rootOptions, limits);
  const ready = initAnalysis();
  parentPort!.on('message', async (files: string[]) => {
    await ready;
    for (const file of files) {
      let done: IndexedFile;
      try {
        done = { file, header: indexHeaderFile(file, cache) };
      } catch (e) {
        done = { file, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
      }
      parentPort!.postMessage({ done } satisfies FromWorker);
    }
    parentPort!.postMessage({ batchDone: true } satisfies FromWorker);
  });
}

if (!isMainThread && (workerData as { kind?: string } | undefined)?.kind === WORKER_KIND) serve();
