import { Worker } from 'node:worker_threads';

/**
 * Runs jobs in a worker thread with a time limit: a job that hangs is reported and its worker
 * terminated (V8 stops it even inside a loop), instead of the caller waiting forever. A worker
 * that dies (out of memory, a fatal error) is replaced for the next job.
 */

export type Outcome<R> =
  | { kind: 'done'; reply: R; ms: number }
  | { kind: 'timeout'; ms: number }
  | { kind: 'crash'; message: string; ms: number };

export interface RunnerOptions {
  /** Heap limit of the worker: a runaway allocation ends as a crash of the job, not of the caller. */
  maxOldGenerationSizeMb?: number;
}

export class WorkerRunner<M, R> {
  private worker: Worker | undefined;

  constructor(
    private readonly file: string,
    private readonly options: RunnerOptions = {},
  ) {}

  /** Run one job; it has `timeoutMs` to answer. */
  run(message: M, timeoutMs: number): Promise<Outcome<R>> {
    const worker = (this.worker ??= new Worker(this.file, {
      // the stack of node's main thread (984 KB), where the language server runs: a worker's
      // default of 4 MB would hide recursion that overflows there
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxOldGenerationSizeMb ?? 2048, stackSizeMb: 0.96 },
      stdout: false,
      stderr: false,
    }));
    const started = performance.now();
    return new Promise((resolve) => {
      let settled = false;
      const finish = (outcome: Outcome<R>, discard: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (discard) {
          if (this.worker === worker) this.worker = undefined;
          void worker.terminate();
        }
        resolve(outcome);
      };
      const ms = () => performance.now() - started;
      const onMessage = (reply: R) => finish({ kind: 'done', reply, ms: ms() }, false);
      const onError = (e: Error) => finish({ kind: 'crash', message: e.stack ?? String(e), ms: ms() }, true);
      const onExit = (code: number) => finish({ kind: 'crash', message: `the worker exited with code ${code}`, ms: ms() }, true);
      const timer = setTimeout(() => finish({ kind: 'timeout', ms: ms() }, true), timeoutMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage(message);
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }
}
