import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { ROOT } from '../support/paths';
import { tsFiles } from '../support/ts-files';

/**
 * Every test that waits on something outside its own code has a time limit, so that a hang
 * fails in seconds instead of at CI's limit. Read from the sources of test/src:
 *  1. a call that runs a program to its end (spawnSync, execSync, execFileSync, execFile, exec
 *     of node:child_process) passes a `timeout` option: node:test cannot stop a test that is
 *     blocked in one, and a killed program is what ends the wait;
 *  2. a test file that talks to something that stays up — a process (spawn, fork), a thread
 *     (new Worker), a browser (playwright), the diagnostics scheduler — itself or through a
 *     module of test/src it imports (the LSP client, the editor process, the fuzzer's worker),
 *     passes `{ timeout }` (written there, or a constant of the file that holds one) to each
 *     test(), it(), describe() and hook whose body can wait (async, or returning something),
 *     unless a describe() around it has one.
 */

const TESTS = path.join(ROOT, 'test', 'src');

/** A name imported from a module: which module (without `node:`) and which export. */
interface Binding {
  module: string;
  name: string;
}

const RUN_TO_END = new Set(['spawnSync', 'execSync', 'execFileSync', 'execFile', 'exec']);
const STAYS_UP: Record<string, Set<string>> = { child_process: new Set(['spawn', 'fork']), worker_threads: new Set(['Worker']) };
const TEST_CALLS = new Set(['test', 'it', 'describe', 'suite', 'before', 'after', 'beforeEach', 'afterEach']);

interface ModuleFacts {
  /** Modules of test/src it imports (values, not types only). */
  imports: string[];
  /** What it starts that stays up, e.g. `spawn (line 12)`. */
  staysUp: string[];
  /** Rule 1, broken. */
  problems: string[];
  source: ts.SourceFile;
  /** The local names of node:test's test() and hooks. */
  testNames: Set<string>;
}

const isTestFile = (file: string) => /\.(test|e2e)\.ts$/.test(file);

/** The file's top-level constants (`const LIMIT = { timeout: 60_000 }`), by name. */
function topLevelConstants(source: ts.SourceFile): Map<string, ts.Expression> {
  const constants = new Map<string, ts.Expression>();
  for (const st of source.statements) {
    if (ts.isVariableStatement(st) && st.declarationList.flags & ts.NodeFlags.Const) {
      for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name) && d.initializer) constants.set(d.name.text, d.initializer);
    }
  }
  return constants;
}

/** An options argument with a `timeout`: written there, or a top-level constant that holds one. */
function hasTimeout(arg: ts.Expression, constants: Map<string, ts.Expression>): boolean {
  if (ts.isIdentifier(arg) && constants.has(arg.text)) return hasTimeout(constants.get(arg.text)!, new Map());
  return ts.isObjectLiteralExpression(arg) && arg.properties.some((p) => p.name !== undefined && ts.isIdentifier(p.name) && p.name.text === 'timeout');
}

function scan(file: string, text: string, sources: Map<string, string>): ModuleFacts {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const facts: ModuleFacts = { imports: [], staysUp: [], problems: [], source, testNames: new Set() };
  const bindings = new Map<string, Binding>();
  const namespaces = new Map<string, string>();
  const line = (n: ts.Node) => source.getLineAndCharacterOfPosition(n.getStart(source)).line + 1;
  const constants = topLevelConstants(source);

  for (const st of source.statements) {
    let spec: string | undefined;
    if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier) && !st.importClause?.isTypeOnly) spec = st.moduleSpecifier.text;
    else if (ts.isImportEqualsDeclaration(st) && ts.isExternalModuleReference(st.moduleReference) && ts.isStringLiteral(st.moduleReference.expression)) {
      namespaces.set(st.name.text, st.moduleReference.expression.text.replace(/^node:/, ''));
      continue;
    }
    if (spec === undefined) continue;
    const module = spec.replace(/^node:/, '');
    const clause = (st as ts.ImportDeclaration).importClause;
    const named = clause?.namedBindings;
    const values = named && ts.isNamedImports(named) ? named.elements.filter((e) => !e.isTypeOnly) : [];
    if (named && ts.isNamespaceImport(named)) namespaces.set(named.name.text, module);
    for (const e of values) bindings.set(e.name.text, { module, name: (e.propertyName ?? e.name).text });
    if (module === 'test') for (const e of values) if (TEST_CALLS.has((e.propertyName ?? e.name).text)) facts.testNames.add(e.name.text);
    if (/^playwright(-core)?$/.test(module) && (values.length || clause?.name)) facts.staysUp.push(`a browser (${module}, line ${line(st)})`);
    if (/\/lsp\/diagnostics$/.test(module) && values.some((e) => (e.propertyName ?? e.name).text === 'DiagnosticsScheduler')) facts.staysUp.push(`the diagnostics scheduler (line ${line(st)})`);
    if (spec.startsWith('.')) {
      const base = path.resolve(path.dirname(file), spec);
      const target = [`${base}.ts`, path.join(base, 'index.ts')].find((c) => sources.has(c));
      if (target && (values.length || clause?.name || (named && ts.isNamespaceImport(named)) || !clause)) facts.imports.push(target);
    }
  }

  /** What a callee or a reference names: an import of a module, if it is one. */
  const resolve = (e: ts.Node): Binding | undefined => {
    if (ts.isIdentifier(e)) return bindings.get(e.text);
    if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression) && namespaces.has(e.expression.text)) return { module: namespaces.get(e.expression.text)!, name: e.name.text };
    return undefined;
  };
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const b = resolve(node.expression);
      if (b && STAYS_UP[b.module]?.has(b.name)) facts.staysUp.push(`${b.name} (line ${line(node)})`);
      if (b?.module === 'child_process' && RUN_TO_END.has(b.name) && !(node.arguments ?? []).some((a) => hasTimeout(a, constants))) {
        facts.problems.push(`${path.relative(TESTS, file)}:${line(node)}: ${b.name}() without a timeout option`);
      }
    } else if ((ts.isIdentifier(node) || ts.isPropertyAccessExpression(node)) && !ts.isImportSpecifier(node.parent) && !ts.isPropertyAccessExpression(node.parent)) {
      // a run-to-end function handed on (promisify(execFile)): its calls cannot be checked here
      const b = resolve(node);
      const called = (ts.isCallExpression(node.parent) || ts.isNewExpression(node.parent)) && node.parent.expression === node;
      if (b?.module === 'child_process' && RUN_TO_END.has(b.name) && !called) {
        facts.problems.push(`${path.relative(TESTS, file)}:${line(node)}: ${b.name} passed on; call it with a timeout option instead`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return facts;
}

/** Whether a test's body can wait: async, an expression (it may be a promise), or returning something. */
function canWait(body: ts.Expression | undefined): boolean {
  if (!body || !(ts.isArrowFunction(body) || ts.isFunctionExpression(body))) return true;
  if (body.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) return true;
  if (!ts.isBlock(body.body)) return true;
  let returns = false;
  const visit = (n: ts.Node) => {
    if (ts.isReturnStatement(n) && n.expression) returns = true;
    if (!ts.isFunctionLike(n)) ts.forEachChild(n, visit);
  };
  ts.forEachChild(body.body, visit);
  return returns;
}

/** Rule 2 in one test file: the test() and hook calls that can wait without a timeout. */
function untimedTests(file: string, facts: ModuleFacts): string[] {
  const { source, testNames } = facts;
  const constants = topLevelConstants(source);
  const testCall = (n: ts.Node): n is ts.CallExpression => {
    if (!ts.isCallExpression(n)) return false;
    const e = n.expression;
    const callee = ts.isPropertyAccessExpression(e) && ['only', 'skip', 'todo'].includes(e.name.text) ? e.expression : e; // test.only(...)
    return ts.isIdentifier(callee) && testNames.has(callee.text);
  };
  const timed = (c: ts.CallExpression) => c.arguments.some((a) => hasTimeout(a, constants));
  const out: string[] = [];
  const visit = (n: ts.Node) => {
    if (testCall(n) && !timed(n)) {
      const fn = [...n.arguments].reverse().find((a) => ts.isArrowFunction(a) || ts.isFunctionExpression(a) || ts.isIdentifier(a));
      let covered = false;
      for (let p = n.parent; p && !covered; p = p.parent) covered = testCall(p) && timed(p);
      if (!covered && canWait(fn)) {
        const title = n.arguments[0] && (ts.isStringLiteral(n.arguments[0]) || ts.isNoSubstitutionTemplateLiteral(n.arguments[0])) ? ` '${n.arguments[0].text.slice(0, 60)}'` : '';
        out.push(`${path.relative(TESTS, file)}:${source.getLineAndCharacterOfPosition(n.getStart(source)).line + 1}: ${n.expression.getText(source)}()${title} waits without a timeout option`);
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(source);
  return out;
}

/**
 * Both rules over a set of sources (absolute path -> text): what breaks them, and the test
 * files found to wait on something that stays up, with how.
 */
export function checkTimeouts(sources: Map<string, string>): { problems: string[]; waiting: Map<string, string> } {
  const facts = new Map([...sources].map(([file, text]) => [file, scan(file, text, sources)]));
  const problems = [...facts.values()].flatMap((f) => f.problems);
  const waiting = new Map<string, string>();
  for (const [file, f] of facts) {
    if (!isTestFile(file)) continue;
    // the first module of its imports (or itself) that starts something that stays up
    const seen = new Set<string>();
    const queue: Array<{ file: string; via: string[] }> = [{ file, via: [] }];
    let how: string | undefined;
    while (queue.length && !how) {
      const { file: m, via } = queue.shift()!;
      if (seen.has(m)) continue;
      seen.add(m);
      const mf = facts.get(m)!;
      if (mf.staysUp.length) how = [...via, `${path.relative(TESTS, m)}: ${mf.staysUp[0]}`].join(' -> ');
      for (const i of mf.imports) queue.push({ file: i, via: m === file ? via : [...via, path.relative(TESTS, m)] });
    }
    if (!how) continue;
    waiting.set(path.relative(TESTS, file), how);
    problems.push(...untimedTests(file, f).map((p) => `${p} (it waits on ${how})`));
  }
  return { problems, waiting };
}

test('every test that waits on a process, a thread, a browser or the language server has a time limit', () => {
  const sources = new Map(tsFiles(TESTS).map((f) => [f, fs.readFileSync(f, 'utf8')]));
  const { problems, waiting } = checkTimeouts(sources);
  assert.deepEqual(problems, []);
  // the check sees them as waiting, through the support module each uses
  for (const f of ['lsp.test.ts', 'hover.test.ts', 'neovim.test.ts', 'emacs.test.ts', 'fuzz-failures.test.ts', 'unit/diagnostics-scheduler.test.ts', 'e2e/vscode.e2e.ts']) {
    assert.ok(waiting.has(f), `${f} is seen to wait: ${[...waiting.keys()].join(', ')}`);
  }
  assert.match(waiting.get('lsp.test.ts')!, /support\/lsp-client\.ts: spawn/);
});

test('the check finds a waiting test without a timeout, directly or through a support module, and a spawnSync without one', () => {
  const dir = path.join(TESTS, 'fake');
  const support = `import { spawn, spawnSync } from 'node:child_process';
export class Server { child = spawn('server', []); }
export function run(): number | null { return spawnSync('tool', [], { timeout: 1000 }).status; }
`;
  const sources = (testFile: string) =>
    new Map([
      [path.join(dir, 'server.ts'), support],
      [path.join(dir, 'x.test.ts'), testFile],
    ]);
  const header = `import { test, describe, after } from 'node:test';\nimport { Server, run } from './server';\nimport { execSync } from 'node:child_process';\nconst LIMIT = { timeout: 1000 };\n`;
  const check = (body: string) => checkTimeouts(sources(header + body)).problems;

  assert.deepEqual(check(`test('a', { timeout: 5000 }, async () => { new Server(); });\ntest('b', LIMIT, async () => {});\n`), []);
  assert.deepEqual(check(`describe('all', { timeout: 5000 }, () => { test('a', async () => { new Server(); }); });\n`), []);
  // a synchronous body cannot wait on a promise; its programs have their own limits
  assert.deepEqual(check(`test('sync', () => { run(); });\n`), []);

  assert.match(check(`test('a', async () => { new Server(); });\n`).join('\n'), /^fake\/x\.test\.ts:5: test\(\) 'a' waits without a timeout option \(it waits on fake\/server\.ts: spawn \(line 2\)\)$/);
  assert.equal(check(`after(async () => {});\ntest('b', {}, () => Promise.resolve());\n`).length, 2);
  assert.match(check(`test('c', LIMIT, () => { execSync('make'); });\n`).join('\n'), /x\.test\.ts:5: execSync\(\) without a timeout option/);
  // a file that starts nothing that stays up is not held to rule 2
  const alone = checkTimeouts(new Map([[path.join(dir, 'y.test.ts'), `import { test } from 'node:test';\ntest('d', async () => {});\n`]]));
  assert.deepEqual(alone, { problems: [], waiting: new Map() });
  // a run-to-end function handed on cannot be checked
  const promisified = checkTimeouts(new Map([[path.join(dir, 'z.ts'), `import { execFile } from 'node:child_process';\nimport { promisify } from 'node:util';\nexport const run = promisify(execFile);\n`]]));
  assert.match(promisified.problems.join('\n'), /z\.ts:3: execFile passed on/);
});
