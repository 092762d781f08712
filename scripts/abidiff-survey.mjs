#!/usr/bin/env node
// How the abidiff oracle of the ABI-break tests (test/src/support/abidiff-oracle.ts) fares on
// real headers: every uAPI header of Linux 6.1 as Debian installed it (/usr/include, and
// libdrm's DRM headers) that Linux 6.12's source tree also has, with a different text, compared
// on x86_64 and i386. Prints what compiled, why the rest did not, and the changes by kind.
//
//   npx tsc -b test && node scripts/abidiff-survey.mjs [--jobs 2] [--harmless] [--json out.json]
//
// --harmless also counts abidiff's harmless changes (a second abidiff per header; the objects
// are reused). Needs gcc, gcc-multilib, abigail-tools, linux-libc-dev, libdrm-dev and the
// unpacked linux-source-6.12 (.ci/run installs them).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const compiled = path.join(ROOT, 'test/out/support/abidiff-oracle.js');
if (!fs.existsSync(compiled)) {
  console.error(`${path.relative(ROOT, compiled)} is missing: run 'npx tsc -b test' first`);
  process.exit(2);
}
const { abidiffHeaders, headersInstall, installedTree, kernelSourceTree } = require(compiled);
const { linuxSource } = require(path.join(ROOT, 'test/out/support/linux-source.js'));

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const jobs = Number(option('--jobs') ?? 2);
const harmless = args.includes('--harmless');
const jsonOut = option('--json');

/** Every .h under `dir`, as `prefix/relative/path.h`. */
function headersUnder(dir, prefix) {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) return [];
  return fs
    .readdirSync(dir, { recursive: true })
    .filter((f) => f.endsWith('.h') && fs.statSync(path.join(dir, f)).isFile())
    .map((f) => `${prefix}/${f}`);
}

const kernel = linuxSource();
const BASE_DIRS = ['linux', 'misc', 'mtd', 'rdma', 'scsi', 'sound', 'video', 'xen', 'asm-generic'];
const base = new Set([
  ...BASE_DIRS.flatMap((d) => headersUnder(path.join('/usr/include', d), d)),
  ...headersUnder('/usr/include/x86_64-linux-gnu/asm', 'asm'),
  ...headersUnder('/usr/include/libdrm', 'drm'),
]);
const branch = new Set([
  ...fs.readdirSync(path.join(kernel, 'include/uapi')).flatMap((d) => headersUnder(path.join(kernel, 'include/uapi', d), d)),
  ...headersUnder(path.join(kernel, 'arch/x86/include/uapi/asm'), 'asm'),
]);

const both = [...base].filter((h) => branch.has(h)).sort();
let rawDiffering = 0;
const differing = both.filter((h) => {
  const old = fs.readFileSync(installedTree(h).file, 'utf8');
  const now = fs.readFileSync(kernelSourceTree(kernel, h).file, 'utf8');
  if (old !== now) rawDiffering++;
  return old !== headersInstall(now);
});

console.log(`headers: ${base.size} in the base (Linux 6.1, /usr/include + libdrm), ${branch.size} in the branch (linux-source-6.12 uapi), ${both.length} in both`);
console.log(`         ${rawDiffering} with another text, ${differing.length} still after headers_install's rewriting (compared)`);

const ABIS = ['x86_64', 'i386'];
const requests = ABIS.flatMap((abi) => differing.map((h) => ({ header: h, base: installedTree(h), branch: kernelSourceTree(kernel, h), abi })));

/**
 * abidiffHeaders one request at a time in `jobs` loops, so that a comparison that throws (an
 * abidiff that crashes) is counted instead of ending the survey.
 */
async function survey(rs, progress) {
  const results = new Array(rs.length);
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: jobs }, async () => {
      while (next < rs.length) {
        const i = next++;
        try {
          [results[i]] = await abidiffHeaders([rs[i]], 1);
        } catch (e) {
          results[i] = { compiled: true, error: e.message.split('\n')[0], changes: [] };
        }
        if (progress && ++done % 100 === 0) process.stderr.write(`  ${done}/${rs.length} in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
      }
    }),
  );
  return results;
}

const started = Date.now();
const results = await survey(requests, true);
const seconds = (Date.now() - started) / 1000;

let harmlessResults;
let harmlessSeconds = 0;
if (harmless) {
  const t = Date.now();
  harmlessResults = await survey(requests.map((r) => ({ ...r, options: { harmless: true } })));
  harmlessSeconds = (Date.now() - t) / 1000;
}

/** A failure's reason without the path and position that make each one unique. */
const reasonGroup = (reason) =>
  reason
    .replace(/^(base|branch) \S+: /, '$1: ')
    .replace(/\S*\/([^/\s]+\.h):\d+(:\d+)?:/, '$1:');

function summarise(title, rs) {
  console.log(`\n== ${title}`);
  for (const abi of ABIS) {
    const mine = rs.filter((_, i) => requests[i].abi === abi);
    const failed = mine.filter((r) => !r.compiled);
    const side = (s) => failed.filter((r) => r.reason.startsWith(s)).length;
    console.log(`${abi}: ${mine.length} compared, ${mine.length - failed.length} compiled on both sides, ${side('base')} failed on the base, ${side('branch')} on the branch`);
    const groups = new Map();
    for (const r of failed) {
      const g = reasonGroup(r.reason);
      groups.set(g, [...(groups.get(g) ?? []), requests[rs.indexOf(r)].header]);
    }
    for (const [g, hs] of [...groups].sort((a, b) => b[1].length - a[1].length)) console.log(`   ${String(hs.length).padStart(4)}  ${g}   (${hs.slice(0, 4).join(', ')}${hs.length > 4 ? ', …' : ''})`);
    for (const r of mine.filter((r) => r.error)) console.log(`   error: ${r.error}`);
    const changes = mine.flatMap((r) => r.changes);
    const kinds = new Map();
    for (const c of changes) {
      const k = kinds.get(c.kind) ?? { all: 0, ignored: 0 };
      k.all++;
      if (c.ignoredByCheckUapi) k.ignored++;
      kinds.set(c.kind, k);
    }
    const withChanges = mine.filter((r) => r.changes.length).length;
    const withReported = mine.filter((r) => r.changes.some((c) => !c.ignoredByCheckUapi)).length;
    const types = new Set(mine.flatMap((r, i) => r.changes.map((c) => `${requests[rs.indexOf(r)].header} ${c.type}`)));
    console.log(`   changes: ${changes.length} in ${types.size} types of ${withChanges} headers (${withReported} headers with a change check-uapi.sh's suppressions keep)`);
    for (const [k, n] of [...kinds].sort((a, b) => b[1].all - a[1].all)) console.log(`   ${String(n.all).padStart(5)}  ${k}${n.ignored ? `  (${n.ignored} ignored by check-uapi.sh's suppressions)` : ''}`);
  }
}

summarise('abidiff as check-uapi.sh runs it (--non-reachable-types)', results);
if (harmlessResults) summarise('with --harmless', harmlessResults);
console.log(`\nwall time: ${seconds.toFixed(1)} s for ${requests.length} comparisons with ${jobs} jobs${harmless ? `; --harmless pass ${harmlessSeconds.toFixed(1)} s` : ''}`);

if (jsonOut) {
  const dump = requests.map((r, i) => ({ header: r.header, abi: r.abi, ...results[i], ...(harmlessResults ? { harmless: harmlessResults[i].changes } : {}) }));
  fs.writeFileSync(jsonOut, JSON.stringify(dump, null, 1));
  console.log(`results: ${jsonOut}`);
}
