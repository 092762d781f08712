import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { modelDocument } from '../../../server/out/core/document';
import { initAnalysis } from '../../../server/out/analysis/pipeline';
import { parseSourceFile, type SourceFile } from '../../../server/out/core/include/source-file';
import { HeaderCache } from '../../../server/out/core/include/header-cache';
import { preprocess, type TranslationUnit } from '../../../server/out/core/preprocess/preprocessor';
import { predefinedMacros } from '../../../server/out/core/preprocess/target';
import { AbiResolver } from '../../../server/out/core/abi/abi-resolver';
import { ABIS } from '../../../server/out/core/abi/abis';
import { FIXTURES, SYSTEM_INCLUDE } from '../support/paths';
import { LINUX_SOURCE } from '../support/linux-source';

/**
 * What makes re-analysis cheap must not change its result: an incremental parse gives what a
 * fresh parse gives, and a replayed include what walking it gives.
 */

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// what people type in a header, including what changes the blanking and the directive structure
const TYPED = ['x', ' ', '\n', ';', '{', '}', '(', ')', '/*', '*/', '#define Z 1\n', '#if 0\n', '#endif\n', '__user ', '__attribute__((packed)) ', 'struct s { __u32 a; };\n', '\\\n', '"', "'", 'é'];

/** Everything the analysis takes from a parse (`collected`: what is collected as the file is parsed, not the declarations). */
function parsed(f: SourceFile, collected = false): unknown {
  return {
    directives: f.directives.map((d) => [d.kind, d.start, d.end, d.rest, d.restOffset, d.tokens]),
    enumerators: f.enumerators,
    records: [...(f.recordMembers ?? new Map()).entries()],
    comments: f.lineComments,
    suppressions: f.suppressions,
    errors: f.hasSyntaxErrors,
    declarations: collected ? undefined : JSON.stringify(f.declarations),
  };
}

/**
 * Version after version of `source`, each edit from `edit`, parsed incrementally (an open
 * document's pieces reused) and fresh: the fresh parse without a kept tree reads the whole tree
 * at once, as included headers are read, so the two ways of collecting are compared too.
 */
function compareVersions(source: string, steps: number, seed: number, edit: (text: string, next: () => number) => string, kind: { source?: boolean; collected?: boolean } = {}): { reused: number } {
  const next = random(seed);
  let text = fs.readFileSync(source, 'utf8');
  let previous: SourceFile | undefined;
  let reused = 0;
  const options = kind.source ? { source: true } : { recordMembers: true };
  for (let step = 0; step < steps; step++) {
    text = edit(text, next);
    const incremental = parseSourceFile(source, text, { ...options, keepTree: true, edited: true, previous });
    // a piece before the edit keeps its directives' tokens (after it, they are moved copies)
    if (previous?.pieces && incremental.pieces) {
      const before = new Set(previous.pieces.flatMap((q) => q.directives.map((d) => d.tokens)));
      reused += incremental.pieces.filter((p) => p.directives.length && before.has(p.directives[0].tokens)).length;
    }
    previous?.dispose();
    previous = incremental;
    const fresh = parseSourceFile(source, text, options);
    assert.deepEqual(parsed(incremental, kind.collected), parsed(fresh, kind.collected), `${path.basename(source)}, edit ${step}`);
    if (kind.source) assert.deepEqual(incremental.driver, fresh.driver, `${path.basename(source)}, edit ${step}: the driver syntax`);
    if (!kind.collected) {
      const kept = parseSourceFile(source, text, { ...options, keepTree: true });
      assert.equal(incremental.tree!.rootNode.toString(), kept.tree!.rootNode.toString(), `${path.basename(source)}, edit ${step}: the trees`);
      kept.dispose();
    }
  }
  previous?.dispose();
  return { reused };
}

/** One random insertion of something typed, or a deletion of up to 12 characters, anywhere. */
function anywhere(text: string, next: () => number): string {
  const at = Math.floor(next() * (text.length + 1));
  if (next() < 0.6) return text.slice(0, at) + TYPED[Math.floor(next() * TYPED.length)] + text.slice(at);
  return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(next() * 12)));
}

test('an incremental parse gives what a fresh parse gives, over 600 random edits', async () => {
  await initAnalysis();
  const sources = [path.join(FIXTURES, 'design', 'breaks_rules.h'), path.join(FIXTURES, 'extraction-forms.h'), path.join(SYSTEM_INCLUDE, 'linux', 'dma-buf.h')];
  for (const [k, source] of sources.entries()) compareVersions(source, 200, 1000 + k, anywhere);
});

test('typing in one place of a large header or driver source: each version as a fresh parse gives it', async (t) => {
  await initAnalysis();
  // typing: a run of edits at one place, then another place; what a piece reuses is checked
  // against the whole tree on every keystroke
  const typing = (): ((text: string, next: () => number) => string) => {
    let at = -1;
    let left = 0;
    return (text, next) => {
      if (left-- <= 0) {
        at = Math.floor(next() * text.length);
        left = 5 + Math.floor(next() * 20);
      }
      at = Math.min(at, text.length);
      if (next() < 0.75) {
        const typed = next() < 0.8 ? 'abcxyz_ 0;,'[Math.floor(next() * 11)] : TYPED[Math.floor(next() * TYPED.length)];
        text = text.slice(0, at) + typed + text.slice(at);
        at += typed.length;
        return text;
      }
      at = Math.max(0, at - 1);
      return text.slice(0, at) + text.slice(at + 1);
    };
  };
  // enumerators, many structs, conditional groups
  const headers = ['kvm.h', 'ethtool.h'].map((h) => path.join(SYSTEM_INCLUDE, 'linux', h)).filter((f) => fs.existsSync(f));
  assert.ok(headers.length >= 2, 'linux-libc-dev headers are installed');
  let reused = 0;
  for (const [k, h] of headers.entries()) reused += compareVersions(h, 80, 3000 + k, typing(), { collected: true }).reused;
  // the point of the pieces: most of a keystroke's version is taken over, not read again
  assert.ok(reused > 80 * headers.length * 10, `${reused} pieces with directives reused`);
  const drivers = ['drivers/misc/fastrpc.c'].map((f) => path.join(LINUX_SOURCE, f)).filter((f) => fs.existsSync(f));
  if (!drivers.length) {
    t.diagnostic(`no driver sources: ${LINUX_SOURCE} is not unpacked (bash .ci/run unpacks it)`);
    return;
  }
  for (const [k, d] of drivers.entries()) compareVersions(d, 50, 4000 + k, typing(), { source: true, collected: true });
});

/** Everything a translation unit holds, in order. */
function unitShape(tu: TranslationUnit): unknown {
  return {
    files: [...tu.files.values()].map((a) => [a.file.path, a.inactive, a.defines.map((d) => d.name), a.includes.map((i) => [i.spec, i.path, i.searched])]),
    macros: [...tu.macros.values()].map((m) => [m.name, m.bodyText, m.file]),
    undefined: [...tu.undefined.values()].map((m) => m.name),
    problems: tu.problems.map((p) => [p.file, p.kind, p.message, p.range]),
  };
}

test("a replayed include gives exactly the walk's result, on every ABI, for 80 system headers", async () => {
  await initAnalysis();
  const dir = path.join(SYSTEM_INCLUDE, 'linux');
  const headers = fs.readdirSync(dir).filter((f) => f.endsWith('.h')).sort().filter((_, i) => i % 7 === 0).slice(0, 80);
  const cache = new HeaderCache({});
  let replayed = 0;
  for (const h of headers) {
    const file = parseSourceFile(path.join(dir, h), fs.readFileSync(path.join(dir, h), 'utf8'));
    for (const abi of ABIS) {
      const options = { model: abi.model, predefined: predefinedMacros(abi), resolver: new AbiResolver(cache, abi) };
      const walked = unitShape(preprocess(file, options));
      const replays = cache.replaysFor(abi.name);
      const recorded = unitShape(preprocess(file, { ...options, replays }));
      const size = replays.size;
      const again = unitShape(preprocess(file, { ...options, replays }));
      assert.deepEqual(recorded, walked, `${h} on ${abi.name}, recording`);
      assert.deepEqual(again, walked, `${h} on ${abi.name}, replaying`);
      assert.equal(replays.size, size, 'a replay records nothing new');
      replayed += size;
    }
  }
  assert.ok(replayed > 100, `${replayed} includes recorded`);
});

test('a replay is not used when a macro it looked up differs: the include is walked again', async () => {
  await initAnalysis();
  // the fixtures are an include root: a header outside the roots is not read
  const cache = new HeaderCache({ workspaceFolders: [FIXTURES] });
  const abi = ABIS[0];
  const header = path.join(FIXTURES, 'include', 'acme', 'acme_ioctl_base.h');
  const main = (text: string) => parseSourceFile('/virtual/main.h', text);
  const options = { model: abi.model, predefined: predefinedMacros(abi), resolver: new AbiResolver(cache, abi), replays: cache.replaysFor(abi.name) };
  const plain = preprocess(main(`#include "${header}"\n`), options);
  // the same include after a definition the header tests: its result must follow that macro
  const text = fs.readFileSync(header, 'utf8');
  const guard = /#ifndef\s+(\w+)/.exec(text)?.[1];
  assert.ok(guard, 'the fixture header has an include guard');
  const guarded = preprocess(main(`#define ${guard}\n#include "${header}"\n`), options);
  assert.ok(plain.files.get(header)!.defines.length > 0);
  assert.equal(guarded.files.get(header)!.defines.length, 0, 'the guard was defined before: nothing is defined again');
  assert.equal(preprocess(main(`#include "${header}"\n`), options).files.get(header)!.defines.length, plain.files.get(header)!.defines.length);
});

test('a document analysed version after version decodes its ioctls as a fresh analysis does, over 400 random edits', async () => {
  await initAnalysis();
  const cache = new HeaderCache({});
  const fresh = new HeaderCache({});
  // what the extraction depends on: magic and nr macros, enums, wrappers, includes
  const typed = ["'y'", '0x', '1', '+ 2', 'X', ' ', '\n', '#define XF_MAGIC ', '#undef XF_BASE\n', 'XF_NR_', 'enum { XF_NR_EXTRA = 9 };\n', '#include <linux/ioctl.h>\n', ')', '(', ','];
  const shape = (m: ReturnType<typeof modelDocument>) =>
    m.ioctls.map((i) => [i.name, i.macro, i.dir, i.type, i.nr, i.argType, i.expansion, i.via, i.unresolved, i.nameRange, i.range, i.definition]);
  for (const [k, source] of [path.join(FIXTURES, 'extraction-forms.h'), path.join(FIXTURES, 'advisor', 'drm_orbit.h')].entries()) {
    const next = random(2000 + k);
    let text = fs.readFileSync(source, 'utf8');
    let previous: SourceFile | undefined;
    for (let step = 0; step < 200; step++) {
      // edit on a directive line most of the time: that is where the ioctls are
      const lines = text.split('\n');
      const directives = lines.map((l, i) => (l.startsWith('#') ? i : -1)).filter((i) => i >= 0);
      const line = next() < 0.8 && directives.length ? directives[Math.floor(next() * directives.length)] : Math.floor(next() * lines.length);
      const col = Math.floor(next() * (lines[line].length + 1));
      if (next() < 0.6) lines[line] = lines[line].slice(0, col) + typed[Math.floor(next() * typed.length)] + lines[line].slice(col);
      else lines[line] = lines[line].slice(0, col) + lines[line].slice(col + 1 + Math.floor(next() * 4));
      text = lines.join('\n');
      const edited = modelDocument(source, text, cache, { previous });
      previous?.dispose();
      previous = edited.file;
      assert.deepEqual(shape(edited), shape(modelDocument(source, text, fresh)), `${path.basename(source)}, edit ${step}`);
    }
    previous?.dispose();
  }
});
