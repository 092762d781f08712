import * as fs from 'node:fs';
import * as path from 'node:path';
import { parentPort } from 'node:worker_threads';
import { initAnalysis } from '../../../server/out/analysis/pipeline';
import { newCache, wholeAnalysis, wholeReview } from './whole-analysis';
import { isSeries } from './corpus';

/**
 * The fuzz worker: analyses a case twice (a cold cache, then the same cache warm, as the
 * language server reuses it) and says how long each took and whether the two agree.
 */

export interface AnalysisJob {
  path: string;
  bytes: Uint8Array;
  includePaths: string[];
  /** Files to write before the analysis, removed after it. */
  files: Array<[string, Uint8Array]>;
  probeSeed: number;
}

export type AnalysisReply =
  | { ok: true; runs: Array<{ ms: number; chars: number }>; difference?: string }
  | { ok: false; error: string };

/** Where two outputs first differ, with some context. */
function firstDifference(a: string, b: string): string | undefined {
  if (a === b) return undefined;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - 120);
  return `at character ${i}:\n  first:  ${a.slice(from, i + 120)}\n  second: ${b.slice(from, i + 120)}`;
}

async function run(job: AnalysisJob): Promise<AnalysisReply> {
  const text = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength).toString('utf8');
  try {
    for (const [file, bytes] of job.files) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, bytes);
    }
    const input = { path: job.path, text, includePaths: job.includePaths, probeSeed: job.probeSeed };
    const cache = newCache(input);
    const runs: Array<{ ms: number; chars: number }> = [];
    const outputs: string[] = [];
    for (let i = 0; i < 2; i++) {
      const started = performance.now();
      // a patch series is reviewed as `uapi-lint review` reads it; a header or driver source analysed
      const out = isSeries(job.path) ? await wholeReview(input) : wholeAnalysis(input, cache);
      runs.push({ ms: performance.now() - started, chars: out.length });
      outputs.push(out);
    }
    return { ok: true, runs, difference: firstDifference(outputs[0], outputs[1]) };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  } finally {
    for (const [file] of job.files) fs.rmSync(file, { force: true });
  }
}

const ready = initAnalysis();
parentPort!.on('message', (job: AnalysisJob) => {
  void ready.then(async () => parentPort!.postMessage(await run(job)));
});
