import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { initAnalysis } from '../analysis/pipeline';
import type { CliOptions } from './options';
import { lintFile, newCache, type LintResult } from './lint';

/**
 * The command line on many files: worker threads each analyse the next file not yet
 * taken (each with its own parser and cache), and the results are put back in the order of
 * the files, so the output is the same as on one thread.
 */

interface Job {
  index: number;
  file: string;
}

interface Done {
  index: number;
  result: LintResult;
}

const WORKER_KIND = 'uapi-lint-cli-worker';

export async function* lintOnWorkers(files: string[], options: CliOptions, jobs: number): AsyncGenerator<LintResult> {
  const results = new Map<number, LintResult>();
  let next = 0;
  let wake: (() => void) | undefined;
  let failure: Error | undefined;
  const workers: Worker[] = [];
  const give = (w: Worker) => {
    if (next < files.length) {
      const job: Job = { index: next, file: files[next] };
      next++;
      w.postMessage(job);
    }
  };
  for (let k = 0; k < jobs; k++) {
    // this very file is the worker's entry: in the bundle, the bundle itself
    const w = new Worker(__filename, { workerData: { kind: WORKER_KIND, options } });
    w.on('message', (m: Done) => {
      results.set(m.index, m.result);
      give(w);
      wake?.();
    });
    w.on('error', (e) => {
      failure ??= e;
      wake?.();
    });
    w.on('exit', (code) => {
      if (code !== 0) failure ??= new Error(`a worker thread exited with status ${code}`);
      wake?.();
    });
    workers.push(w);
    // two files in hand each, so no thread waits for the next one to arrive
    give(w);
    give(w);
  }
  try {
    for (let i = 0; i < files.length; i++) {
      while (!results.has(i)) {
        if (failure) throw failure;
        await new Promise<void>((resolve) => (wake = resolve));
      }
      const r = results.get(i)!;
      results.delete(i);
      yield r;
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** The worker side: analyse what the main thread hands over, one file at a time. */
async function serve(): Promise<void> {
  await initAnalysis();
  const options = (workerData as { options: CliOptions }).options;
  const cache = newCache(options);
  parentPort!.on('message', (job: Job) => {
    const done: Done = { index: job.index, result: lintFile(job.file, options, cache) };
    parentPort!.postMessage(done);
  });
}

if (!isMainThread && (workerData as { kind?: string } | undefined)?.kind === WORKER_KIND) void serve();
