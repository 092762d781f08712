import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomInt } from 'node:crypto';
import { loadCorpus } from './corpus';
import { makeCase } from './case';
import { DEFAULT_BOUND, FuzzSession, probeSeedOf, type Verdict } from './session';
import { FAILURES_DIR, saveFailure } from './failures';
import { reduceCase } from './reduce';
import { ROOT } from '../support/paths';

/**
 * `npm run fuzz [-- --iterations N --seed S ...]`: mutate real headers and driver sources and
 * the project's fixtures and patch series, run the whole analysis (a review, for a series) on
 * each in a worker with a time limit, and save what fails.
 */

const USAGE = `usage: npm run fuzz -- [options]
  --iterations N        cases to run (default 1000)
  --seed S              seed of the run (default: a random one, printed)
  --from I              first iteration (default 0); with --iterations 1, replays one case
  --jobs J              workers in parallel (default 1)
  --bound MS            one analysis of one file may take MS (default 5000) ...
  --bound-per-mb MS     ... plus MS per megabyte of the file (default 20000)
  --no-reduce           save failing inputs as they are, not reduced to the lines that fail
  --no-save             report failures only
  --failures DIR        where failing inputs go (default test/fuzz-failures)`;

interface Options {
  iterations: number;
  seed: number;
  from: number;
  jobs: number;
  bound: { baseMs: number; perMbMs: number };
  reduce: boolean;
  save: boolean;
  failures: string;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { iterations: 1000, seed: randomInt(0, 2 ** 31), from: 0, jobs: 1, bound: { ...DEFAULT_BOUND }, reduce: true, save: true, failures: FAILURES_DIR };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s);
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const int = () => {
      const v = value();
      if (!/^\d+$/.test(v)) throw new Error(`${flag} takes a whole number, not '${v}'`);
      return Number(v);
    };
    switch (flag) {
      case '--iterations': o.iterations = int(); break;
      case '--seed': o.seed = int() >>> 0; break;
      case '--from': o.from = int(); break;
      case '--jobs': o.jobs = Math.max(1, int()); break;
      case '--bound': o.bound.baseMs = int(); break;
      case '--bound-per-mb': o.bound.perMbMs = int(); break;
      case '--no-reduce': o.reduce = false; break;
      case '--no-save': o.save = false; break;
      case '--failures': o.failures = path.resolve(value()); break;
      case '-h':
      case '--help':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option '${argv[i]}'\n${USAGE}`);
    }
  }
  return o;
}

interface Slowest {
  ms: number;
  bytes: number;
  id: string;
  source: string;
  mutations: string[];
}

async function main(): Promise<number> {
  const o = parseArgs(process.argv.slice(2));
  const corpus = loadCorpus();
  if (corpus.system.length + corpus.project.length + corpus.sources.length + corpus.series.length === 0) throw new Error('no inputs to start from');
  const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'uapi-lint-fuzz-'));
  const rel = (p: string) => (p.startsWith(ROOT + path.sep) ? path.relative(ROOT, p) : p);
  console.log(
    `uapi-lint fuzz: seed ${o.seed}, iterations ${o.from}..${o.from + o.iterations - 1}, bound per analysis ${o.bound.baseMs} ms + ${o.bound.perMbMs} ms/MB, ${o.jobs} job(s); ` +
      `${corpus.system.length} system headers, ${corpus.project.length} project headers, ${corpus.sources.length} driver sources, ${corpus.series.length} patch series`,
  );

  const started = performance.now();
  const times: number[] = [];
  const failures: Array<{ id: string; kind: Verdict['kind']; saved?: string }> = [];
  const mutationCounts = new Map<string, number>();
  let slowest: Slowest | undefined;
  let next = o.from;
  let done = 0;
  const end = o.from + o.iterations;

  const lane = async () => {
    const session = new FuzzSession({ bound: o.bound, tmpRoot });
    try {
      while (next < end) {
        const iteration = next++;
        const c = { ...makeCase(o.seed, iteration, corpus), probeSeed: probeSeedOf(o.seed, iteration) };
        for (const m of c.mutations) {
          const name = m.slice(0, m.indexOf(':'));
          mutationCounts.set(name, (mutationCounts.get(name) ?? 0) + 1);
        }
        const verdict = await session.check(c);
        times.push(verdict.ms);
        if (!slowest || verdict.ms > slowest.ms) slowest = { ms: verdict.ms, bytes: c.bytes.length, id: c.id, source: c.source, mutations: c.mutations };
        if (verdict.kind !== 'ok') {
          console.log(`\nFAIL ${verdict.kind} ${c.id}: ${rel(c.source)}\n  ${c.mutations.join('\n  ')}\n  ${(verdict.message ?? '').split('\n').slice(0, 8).join('\n  ')}`);
          let saved: string | undefined;
          if (o.save) {
            let bytes = c.bytes;
            let reducedFrom: { bytes: number; lines: number } | undefined;
            if (o.reduce) {
              const r = await reduceCase(session, c, verdict.kind, { attempts: 300, ms: 180_000 });
              if (r.bytes.length < c.bytes.length) {
                reducedFrom = { bytes: c.bytes.length, lines: c.bytes.toString('latin1').split('\n').length };
                bytes = r.bytes;
              }
              console.log(`  reduced from ${c.bytes.length} to ${bytes.length} bytes in ${r.attempts} attempts`);
            }
            saved = saveFailure(o.failures, { ...c, bytes }, verdict, reducedFrom);
            console.log(`  saved as ${rel(saved)}`);
          }
          failures.push({ id: c.id, kind: verdict.kind, saved });
        }
        done++;
        if (done % 100 === 0 || done === o.iterations) {
          const s = slowest!;
          console.log(`${done}/${o.iterations}  ${failures.length} failures  slowest ${Math.round(s.ms)} ms (${s.id}, ${rel(s.source)})`);
        }
      }
    } finally {
      await session.close();
    }
  };
  await Promise.all(Array.from({ length: o.jobs }, lane));
  fs.rmSync(tmpRoot, { recursive: true, force: true });

  const sorted = [...times].sort((a, b) => a - b);
  const pct = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0);
  const byKind = new Map<string, number>();
  for (const f of failures) byKind.set(f.kind, (byKind.get(f.kind) ?? 0) + 1);
  console.log(`\nseed ${o.seed}: ${done} cases in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  console.log(`failures: ${failures.length}${failures.length ? ' (' + [...byKind].map(([k, n]) => `${n} ${k}`).join(', ') + ')' : ''}`);
  console.log(`time per case (slower of the two analyses): median ${pct(0.5)} ms, p99 ${pct(0.99)} ms, max ${pct(1)} ms`);
  if (slowest) console.log(`slowest: ${Math.round(slowest.ms)} ms, ${slowest.id}, ${rel(slowest.source)}, ${slowest.bytes} bytes after mutation\n  ${slowest.mutations.join('\n  ')}`);
  console.log(`mutations: ${[...mutationCounts].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ')}`);
  return failures.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`fuzz: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(2);
  },
);
