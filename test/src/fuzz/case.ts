import * as fs from 'node:fs';
import * as path from 'node:path';
import { Rng } from './rng';
import { mutate } from './mutations';
import type { Corpus } from './corpus';

/** One fuzz input: a mutated header, where the analysis believes it is, and what it includes. */
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

/** The case of iteration `iteration` of a run seeded with `seed`. */
export function makeCase(seed: number, iteration: number, corpus: Corpus): FuzzCase {
  const rng = Rng.forCase(seed, iteration);
  const pool = corpus.project.length && (rng.chance(0.2) || !corpus.system.length) ? corpus.project : corpus.system;
  const source = rng.pick(pool);
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
