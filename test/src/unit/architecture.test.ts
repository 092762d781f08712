import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { ROOT } from '../support/paths';
import { tsFiles } from '../support/ts-files';

/**
 * The layers point one way (README, "Architecture"): core <- rules <- analysis <- lsp, cli,
 * with knowledge (data) below them all, and no import cycle anywhere. Type-only imports count:
 * they tie the layers together as much as any other.
 */

const SOURCES = [path.join(ROOT, 'server', 'src'), path.join(ROOT, 'client', 'src')];

/** Every file's project-internal imports (`import`, `export ... from`, `require('./x')`). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of SOURCES.flatMap(tsFiles)) {
    const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
    const targets: string[] = [];
    for (const ref of info.importedFiles) {
      if (!ref.fileName.startsWith('.')) continue;
      const base = path.resolve(path.dirname(file), ref.fileName);
      const target = [`${base}.ts`, path.join(base, 'index.ts')].find((c) => fs.existsSync(c));
      if (target) targets.push(target);
    }
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** Strongly connected components of more than one file (or a file importing itself): Tarjan. */
function cycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(scc);
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

const rel = (f: string) => path.relative(ROOT, f);

test('the import graph of the server and the client has no cycle', () => {
  const graph = importGraph();
  assert.ok(graph.size > 100, `read ${graph.size} files`);
  const found = cycles(graph);
  assert.deepEqual(
    found.map((c) => c.map(rel).sort()),
    [],
    `import cycles:\n${found.map((c) => `  ${c.length} files: ${c.map(rel).sort().join(', ')}`).join('\n')}`,
  );
});

/** Which layer a file is in: its top folder under server/src. */
function layerOf(file: string): string {
  const r = path.relative(path.join(ROOT, 'server', 'src'), file).split(path.sep);
  if (r[0] === '..') return 'client';
  return r.length === 1 ? 'entry' : r[0];
}

// What each layer may import besides itself. The entries (main.ts, boot.ts) wire everything.
const ALLOWED: Record<string, string[]> = {
  knowledge: [],
  // the user's git, run safely: below the pipeline, beside core, used only where trust allows
  git: [],
  core: ['knowledge'],
  rules: ['core', 'knowledge'],
  analysis: ['rules', 'core', 'knowledge', 'git'],
  lsp: ['analysis', 'rules', 'core', 'knowledge', 'git', 'entry'],
  cli: ['analysis', 'rules', 'core', 'knowledge', 'git'],
  client: [],
};

test('layers point one way: core <- rules <- analysis <- lsp, cli (knowledge and git below)', () => {
  const wrong: string[] = [];
  for (const [file, targets] of importGraph()) {
    const from = layerOf(file);
    const allowed = ALLOWED[from];
    if (!allowed) continue; // main.ts, boot.ts, code-cache.ts, invocation.ts
    for (const t of targets) {
      const to = layerOf(t);
      if (to !== from && !allowed.includes(to)) wrong.push(`${rel(file)} (${from}) imports ${rel(t)} (${to})`);
    }
  }
  assert.deepEqual(wrong, []);
});

test('the checks above see a cycle and a wrong-way import when there is one', () => {
  const a = '/x/server/src/core/a.ts';
  const b = '/x/server/src/core/b.ts';
  const c = '/x/server/src/core/c.ts';
  assert.deepEqual(cycles(new Map([[a, [b]], [b, [c]], [c, [a]]])).map((s) => s.sort()), [[a, b, c]]);
  assert.deepEqual(cycles(new Map([[a, [b]], [b, [c]], [c, []]])), []);
  assert.equal(layerOf(path.join(ROOT, 'server', 'src', 'rules', 'x.ts')), 'rules');
  assert.ok(!ALLOWED.core.includes(layerOf(path.join(ROOT, 'server', 'src', 'rules', 'x.ts'))));
});
