import * as path from 'node:path';
import { WorkerRunner } from './worker-runner';
import { placeCase, type FuzzCase } from './case';
import type { AnalysisJob, AnalysisReply } from './analysis-worker';

/**
 * Judges one case: the whole analysis must not throw, must finish within the bound (twice),
 * and must give the same output both times.
 */

export type VerdictKind = 'ok' | 'throw' | 'hang' | 'crash' | 'slow' | 'nondeterministic';

export interface Verdict {
  kind: VerdictKind;
  /** The slower of the two analyses (or the time until the worker was stopped). */
  ms: number;
  message?: string;
}

export type CheckedCase = Pick<FuzzCase, 'id' | 'source' | 'bytes' | 'extras'> & { probeSeed: number };

export interface SessionOptions {
  /**
   * The bound on one analysis of one file, in milliseconds: `baseMs` plus `perMbMs` for each
   * megabyte. The analysis is linear in the size of the input, so a bound that grows with it
   * tells a slow algorithm from a big file.
   */
  bound: { baseMs: number; perMbMs: number };
  /** Where cases with extra headers are written. */
  tmpRoot: string;
}

/** 5 s for a file and what it includes, and 20 s more per megabyte of the file. */
export const DEFAULT_BOUND: SessionOptions['bound'] = { baseMs: 5000, perMbMs: 20_000 };

export function boundFor(bound: SessionOptions['bound'], bytes: number): number {
  return Math.round(bound.baseMs + (bound.perMbMs * bytes) / (1024 * 1024));
}

export class FuzzSession {
  private readonly runner: WorkerRunner<AnalysisJob, AnalysisReply>;

  constructor(private readonly options: SessionOptions) {
    this.runner = new WorkerRunner(path.join(__dirname, 'analysis-worker.js'));
  }

  /**
   * `quick`: stop the worker once the first analysis is over the bound (reducing an input that
   * is too slow needs to know only that it still is).
   */
  async check(c: CheckedCase, quick = false): Promise<Verdict> {
    const placed = placeCase(c, this.options.tmpRoot);
    const bound = boundFor(this.options.bound, c.bytes.length);
    // both analyses, plus the worker's start-up, before a case counts as hung
    const outcome = await this.runner.run(
      { path: placed.path, bytes: c.bytes, includePaths: placed.includePaths, files: placed.files, probeSeed: c.probeSeed },
      quick ? bound + 5000 : 2 * bound + 5000,
    );
    if (outcome.kind === 'timeout') return { kind: 'hang', ms: outcome.ms, message: `no answer after ${Math.round(outcome.ms)} ms` };
    if (outcome.kind === 'crash') return { kind: 'crash', ms: outcome.ms, message: outcome.message };
    const reply = outcome.reply;
    if (!reply.ok) return { kind: 'throw', ms: outcome.ms, message: reply.error };
    const ms = Math.max(...reply.runs.map((r) => r.ms));
    if (reply.difference) return { kind: 'nondeterministic', ms, message: reply.difference };
    if (ms > bound) return { kind: 'slow', ms, message: `took ${Math.round(ms)} ms, over the bound of ${bound} ms for ${c.bytes.length} bytes` };
    return { kind: 'ok', ms };
  }

  close(): Promise<void> {
    return this.runner.close();
  }
}

/** The hover positions of a case follow from its seed and iteration. */
export function probeSeedOf(seed: number, iteration: number): number {
  return (Math.imul(seed, 31) + iteration) >>> 0;
}
