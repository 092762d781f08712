import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../support/paths';
import type { CheckedCase, Verdict } from './session';

/**
 * Failing inputs, kept under test/fuzz-failures/ as the header itself (`NAME.h`) and what is
 * known about it (`NAME.json`: seed, iteration, mutations, the failure), so that the regression
 * test replays every one of them.
 */

export const FAILURES_DIR = path.join(ROOT, 'test', 'fuzz-failures');

export interface FailureRecord {
  id: string;
  kind: Verdict['kind'];
  message: string;
  seed: number;
  iteration: number;
  /** The header it was made from: absolute for a system header, relative to the repository for its own. */
  source: string;
  mutations: string[];
  probeSeed: number;
  /** Headers written next to it, base64. */
  extras: Record<string, string>;
  /** Size of the input before it was reduced to the lines that still fail. */
  reducedFrom?: { bytes: number; lines: number };
}

export interface SavedFailure {
  record: FailureRecord;
  file: string;
  case: CheckedCase;
}

export function saveFailure(dir: string, c: CheckedCase & { seed: number; iteration: number; mutations: string[] }, verdict: Verdict, reducedFrom?: FailureRecord['reducedFrom']): string {
  fs.mkdirSync(dir, { recursive: true });
  const name = `${verdict.kind}-${c.id}`;
  const extras: Record<string, string> = {};
  for (const [n, b] of Object.entries(c.extras)) extras[n] = b.toString('base64');
  const record: FailureRecord = {
    id: c.id,
    kind: verdict.kind,
    message: (verdict.message ?? '').slice(0, 4000),
    seed: c.seed,
    iteration: c.iteration,
    source: c.source.startsWith(ROOT + path.sep) ? path.relative(ROOT, c.source) : c.source,
    mutations: c.mutations,
    probeSeed: c.probeSeed,
    extras,
    reducedFrom,
  };
  fs.writeFileSync(path.join(dir, `${name}.h`), c.bytes);
  fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(record, null, 2) + '\n');
  return path.join(dir, `${name}.h`);
}

export function loadFailures(dir: string = FAILURES_DIR): SavedFailure[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith('.json')).sort();
  } catch {
    return [];
  }
  return names.map((n) => {
    const record = JSON.parse(fs.readFileSync(path.join(dir, n), 'utf8')) as FailureRecord;
    const file = path.join(dir, n.replace(/\.json$/, '.h'));
    const extras: Record<string, Buffer> = {};
    for (const [e, b] of Object.entries(record.extras)) extras[e] = Buffer.from(b, 'base64');
    const source = path.resolve(ROOT, record.source);
    return { record, file, case: { id: record.id, source, bytes: fs.readFileSync(file), extras, probeSeed: record.probeSeed } };
  });
}
