import * as fs from 'node:fs';
import * as path from 'node:path';
import { Rng } from './rng';
import { mutate } from './mutations';
import type { Corpus } from './corpus';

/** One fuzz input: a mutated header, driver source or patch series, where the analysis believes it is, and what it includes. */
export interface FuzzCase {
  /** `s<seed>-i<iteration>`. */
  id: string;
  seed: number;
  iteration: number;
  /** The header the input was made from. */
  source: string;
  /** The mutations applied, in order. */
  mutations: string[];
  /** The mutated header. */
  bytes: Buffer;
  /**
   * Headers written next to it (by file name). When there are any, the header itself is
   * written into a folder of its own, and its original folder becomes an include root.
   */
  extras: Record<string, Buffer>;
}

/** The marker mutations use for the file name of the mutated header (self-inclusion). */
const MAIN_MARKER = '@MAIN@';

function withName(bytes: Buffer, name: string): Buffer {
  const text = bytes.toString('latin1');
  return text.includes(MAIN_MARKER) ? Buffer.from(text.replaceAll(MAIN_MARKER, name), 'latin1') : bytes;
}

/**
 * Which inputs a case starts from: the machine's uAPI headers half the time, driver sources a
 * fifth, patch series and the project's own headers the rest (whatever is there to start from).
 */
function poolOf(rng: Rng, corpus: Corpus): string[] {
  const pools: Array<[number, string[]]> = [
    [0.5, corpus.system],
    [0.2, corpus.sources],
    [0.15, corpus.series],
    [0.15, corpus.project],
  ];
  const present = pools.filter(([, p]) => p.length > 0);
  let x = rng.below(1000) / 1000 * present.reduce((t, [w]) => t + w, 0);
  for (const [w, p] of present) {
    if (x < w) return p;
    x -= w;
  }
  return present[present.length - 1][1];
}

/** The case of iteration `iteration` of a run seeded with `seed`. */
export function makeCase(seed: number, iteration: number, corpus: Corpus): FuzzCase {
  const rng = Rng.forCase(seed, iteration);
  const source = rng.pick(poolOf(rng, corpus));
  const m = mutate(rng, fs.readFileSync(source));
  const name = path.basename(source);
  const extras: Record<string, Buffer> = {};
  for (const [n, b] of Object.entries(m.extras)) extras[n] = withName(b, name);
  return { id: `s${seed}-i${iteration}`, seed, iteration, source, mutations: m.labels, bytes: withName(m.bytes, name), extras };
}

/** Where a case is analysed: its own path, and the extra include roots. */
export interface Placement {
  path: string;
  includePaths: string[];
  /** Files to write before the analysis (absolute path to content). */
  files: Array<[string, Buffer]>;
}

export function placeCase(c: Pick<FuzzCase, 'id' | 'source' | 'bytes' | 'extras'>, tmpRoot: string): Placement {
  if (Object.keys(c.extras).length === 0) return { path: c.source, includePaths: [], files: [] };
  const dir = path.join(tmpRoot, c.id);
  const main = path.join(dir, path.basename(c.source));
  return {
    path: main,
    includePaths: [path.dirname(c.source)],
    files: [[main, c.bytes], ...Object.entries(c.extras).map(([n, b]) => [path.join(dir, n), b] as [string, Buffer])],
  };
}
