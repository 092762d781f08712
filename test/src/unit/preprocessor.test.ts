import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { tokenize, tokensToText } from '../../../server/out/core/preprocess/tokens';
import { Expander, ExpansionError } from '../../../server/out/core/preprocess/expand';
import { MacroTable } from '../../../server/out/core/preprocess/macros';
import { analyzeFile } from '../support/analyze';

function table(defs: Record<string, string>): MacroTable {
  const t = new MacroTable();
  for (const [head, body] of Object.entries(defs)) {
    const m = /^(\w+)(?:\(([^)]*)\))?$/.exec(head)!;
    const params = m[2] === undefined ? undefined : m[2].split(',').map((p) => p.trim()).filter(Boolean);
    const variadic = params?.includes('...');
    t.define({ name: m[1], params: params?.map((p) => (p === '...' ? '__VA_ARGS__' : p)), variadic, body: tokenize(body), bodyText: body });
  }
  return t;
}

function expand(src: string, defs: Record<string, string>, opaque?: (n: string) => boolean): string {
  return tokensToText(new Expander(table(defs), { opaque }).expand(tokenize(src)));
}

test('tokens of a macro body continued over lines point at where they are written (LF and CRLF)', () => {
  for (const nl of ['\n', '\r\n']) {
    // as a directive's rest is tokenized: its offset in the file is the base
    const source = ` \\${nl}\t_IOWR(BENCH_MAGIC, \\${nl}\t\t3, struct x) /* a \\ b */ + A\\${nl}B \\`;
    const base = 1000;
    const tokens = tokenize(source, base);
    assert.deepEqual(tokens.map((t) => t.text), ['_IOWR', '(', 'BENCH_MAGIC', ',', '3', ',', 'struct', 'x', ')', '+', 'AB', '\\']);
    for (const t of tokens) {
      const at = t.offset - base;
      // a token split by a continuation (AB) starts where its first character is
      if (t.text === 'AB') assert.equal(source.slice(at, at + 3 + nl.length), `A\\${nl}B`);
      else assert.equal(source.slice(at, at + t.text.length), t.text, `${JSON.stringify(t.text)} at ${at} with ${JSON.stringify(nl)}`);
    }
  }
});

test('object-like and function-like expansion with argument pre-expansion', () => {
  assert.equal(expand('F(A)', { A: '1 + 2', 'F(x)': '(x) * 2' }), '(1 + 2) * 2');
  assert.equal(expand('F', { 'F(x)': 'x' }), 'F'); // no call: left alone
  assert.equal(expand('G(1, 2)', { 'G(a, b)': 'a ## b', 'H': 'x' }), '12');
  assert.equal(expand('S(a + b)', { 'S(x)': '#x' }), '"a + b"');
  assert.equal(expand('V(1, 2, 3)', { 'V(...)': 'f(__VA_ARGS__)' }), 'f(1, 2, 3)');
});

test('the C standard\'s example of hide sets (C11 6.10.3.5): no infinite recursion', () => {
  const defs = { x: '3', 'f(a)': 'f(x * (a))', z: 'z[0]' };
  assert.equal(expand('f(z)', { ...defs }), 'f(3 * (z[0]))');
  assert.equal(expand('A', { A: 'B', B: 'A' }), 'A');
});

test('opaque names keep their call but their arguments are expanded', () => {
  assert.equal(expand('W(1, T)', { 'W(n, t)': '_IOWR(M, n, t)', M: "'w'", T: 'struct t' }, (n) => n === '_IOWR'), "_IOWR('w', 1, struct t)");
});

test('runaway expansion stops with a reason', () => {
  // each step doubles the text: 2^30 tokens if it were allowed to finish
  const defs: Record<string, string> = { L0: 'x' };
  for (let i = 1; i <= 30; i++) defs[`L${i}`] = `L${i - 1} L${i - 1}`;
  assert.throws(() => expand('L30', defs), ExpansionError);
});

test('conditionals follow C, whatever tree-sitter made of the braces', async () => {
  const text = [
    '#ifndef G', '#define G', '#ifdef __cplusplus', 'extern "C" {', '#endif',
    '#if defined(__x86_64__) && __SIZEOF_LONG__ == 8', '#define ON_LP64 _IO(1, 1)', '#elif 1', '#define NEVER1 _IO(1, 2)', '#else', '#define NEVER2 _IO(1, 3)', '#endif',
    '#if !defined G', '#define NEVER3 _IO(1, 4)', '#endif',
    '#define TMP 2', '#undef TMP', '#if TMP == 0', '#define AFTER_UNDEF _IO(1, 5)', '#endif',
    '#ifdef __cplusplus', '}', '#endif', '#endif', '',
  ].join('\n');
  const { model } = await analyzeFile('/tmp/conditionals.h', text);
  assert.deepEqual(model.ioctls.map((i) => i.name), ['ON_LP64', 'AFTER_UNDEF']);
});

test('unbalanced conditionals and unevaluable conditions are reported, not fatal', async () => {
  const { findings } = await analyzeFile('/tmp/unbalanced.h', '#endif\n#if 1 +\n#define A _IO(1,1)\n#endif\n#if 1\n');
  const messages = findings.filter((f) => f.rule === 'preprocessor-problem').map((f) => f.message);
  assert.equal(messages.length, 3, messages.join('\n'));
  assert.match(messages[0], /#endif without #if/);
  assert.match(messages[1], /cannot evaluate '#if 1 \+'/);
  assert.match(messages[2], /#if without #endif/);
});
