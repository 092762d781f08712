import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeFile } from '../support/analyze';

/**
 * Input no real header has, which must still end with an answer and a reason, never an
 * exception or a runaway: deep nesting, huge lines, macro bombs, cycles.
 */

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uapi-lint-hostile-'));

async function unresolvedOf(name: string, text: string): Promise<string[]> {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  const { model } = await analyzeFile(file, text);
  return model.ioctls.map((i) => {
    const values = model.abiValues(i);
    return i.unresolved ?? values.x86_64.unresolved ?? 'resolved';
  });
}

test('10,000 nested parentheses', async () => {
  const deep = '('.repeat(10000) + '1' + ')'.repeat(10000);
  assert.deepEqual(await unresolvedOf('parens.h', `#define X _IO(${deep}, 1)\n`), ['type: the expression nests more than 256 levels deep']);
});

test('3,000 nested struct definitions, and a struct that contains itself', async () => {
  let text = 'struct s0 { ';
  for (let i = 1; i < 3000; i++) text += `struct s${i} { `;
  text += 'int x; ' + '} m; '.repeat(2999) + "};\n#define Z _IOR('z', 1, struct s0)\n";
  const [deep] = await unresolvedOf('structs.h', text);
  assert.match(deep, /nested more than 256 levels deep/);
  assert.ok(deep.length < 1000, 'the reason stays readable');
  const [self] = await unresolvedOf('self.h', "struct self { struct self inner; };\n#define S _IOR('s', 1, struct self)\n");
  assert.match(self, /struct self contains itself/);
});

test('a macro that doubles 40 times, ioctls that together spend the header\'s budget, and an 800,000-token line', async () => {
  let bomb = '#define M0 x\n';
  for (let i = 1; i < 40; i++) bomb += `#define M${i} M${i - 1} M${i - 1}\n`;
  bomb += "#define BOMB _IO('b', M39)\n";
  // M1..M39 cannot reach an _IO* call, so they are not expanded as ioctl candidates: the one
  // expansion of BOMB is stopped by its own limit
  assert.deepEqual(await unresolvedOf('bomb.h', bomb), ['macro expansion took more than 10000 steps']);
  // a hundred ioctls of 8,191 replacements each: each within its own limits, together over the
  // header's, after which the rest are not expanded
  let many = '#define N0 +1\n';
  for (let i = 1; i <= 12; i++) many += `#define N${i} N${i - 1} N${i - 1}\n`;
  for (let i = 0; i < 100; i++) many += `#define MANY${i} _IO('m', N12)\n`;
  const spent = 'the macro expansions of this header went over their work limit in all (2000000 token operations); the rest are not expanded';
  fs.writeFileSync(path.join(dir, 'bomb-many.h'), many);
  const got = (await analyzeFile(path.join(dir, 'bomb-many.h'), many)).model.ioctls.map((i) => i.unresolved ?? 'resolved');
  const first = got.indexOf(spent);
  assert.ok(first > 0, `some expanded before the budget was spent: ${first}`);
  assert.deepEqual(got, [...Array(first).fill('resolved'), ...Array(100 - first).fill(spent)]);
  // function-like macros are no ioctl candidates: one expansion, stopped by its own limit
  let calls = '#define F0(x) x\n';
  for (let i = 1; i < 40; i++) calls += `#define F${i}(x) F${i - 1}(x) F${i - 1}(x)\n`;
  assert.deepEqual(await unresolvedOf('bomb-calls.h', calls + "#define FBOMB _IO('b', F39(1))\n"), ['macro expansion took more than 10000 steps']);
  // 20,000 macros each naming the next: whether one may reach an _IO* call is followed without
  // recursion (the fuzzer's 10,000-deep chain once overflowed the stack here)
  const chain = (last: string) => Array.from({ length: 20000 }, (_, i) => `#define C${i} C${i + 1}\n`).join('') + `#define C20000 ${last}\n`;
  assert.deepEqual(await unresolvedOf('chain.h', chain('x')), []);
  assert.deepEqual(await unresolvedOf('chain-io.h', chain("_IO('c', 1)")), [
    'the macro expansions of this header went over their work limit in all (2000000 token operations); the rest are not expanded',
  ]);
  const long = `#define L _IO('l', ${'1+'.repeat(400000)}1)\n`;
  assert.deepEqual(await unresolvedOf('long.h', long), ['the text to expand has 800006 tokens, over the limit of 100000']);
});

test('10,000 nested #if groups, include cycles, enumerators defined by each other', async () => {
  const ifs = '#if 1\n'.repeat(10000) + "#define I _IO('i', 1)\n" + '#endif\n'.repeat(10000);
  assert.deepEqual(await unresolvedOf('ifs.h', ifs), ['resolved']);
  fs.writeFileSync(path.join(dir, 'cycle_b.h'), '#include "cycle_a.h"\n');
  const a = "#include \"cycle_b.h\"\n#define A _IO('a', 1)\n";
  fs.writeFileSync(path.join(dir, 'cycle_a.h'), a);
  const cycle = await analyzeFile(path.join(dir, 'cycle_a.h'), a);
  assert.equal(cycle.model.ioctls.length, 1);
  assert.ok(cycle.findings.some((f) => f.rule === 'include-not-found' && /nest deeper than 200 levels/.test(f.message)));
  assert.deepEqual(await unresolvedOf('enums.h', "enum { E1 = E2 + 1, E2 = E1 + 1 };\n#define EC _IO('e', E1)\n"), [
    "nr: enumerator 'E1': enumerator 'E2': the value of 'E1' depends on itself",
  ]);
});

test('invalid UTF-8 and NUL bytes', async () => {
  const text = Buffer.from([...Buffer.from('/* '), 0xff, 0xfe, 0xc3, ...Buffer.from(" */\n#define U _IO('u', 1)\n")]).toString('utf8');
  assert.deepEqual(await unresolvedOf('utf8.h', text), ['resolved']);
  const { findings } = await analyzeFile(path.join(dir, 'nul.h'), "#define N _IO('n', 1)\n\0\0\0");
  assert.deepEqual(findings.map((f) => f.rule), ['file-skipped']);
});

test('an enum of 30,000 members, and 20,000 enumerators each defined by the one before', async () => {
  const names = Array.from({ length: 30000 }, (_, i) => `B${i}`);
  const { model } = await analyzeFile(path.join(dir, 'bigenum.h'), `enum big { ${names.join(', ')} };\n#define BE _IO('b', B29999 & 0xff)\n`);
  assert.deepEqual(model.ioctls.map((i) => [i.nr, i.unresolved]), [[29999 & 0xff, null]]);
  const chain = Array.from({ length: 19999 }, (_, i) => `C${i + 1} = C${i} + 1`);
  const c = await analyzeFile(path.join(dir, 'chain.h'), `enum c { C0 = 1, ${chain.join(', ')} };\n#define CE _IO('c', C19999 & 0xff)\n`);
  assert.deepEqual(c.model.ioctls.map((i) => [i.nr, i.unresolved]), [[20000 & 0xff, null]]);
});

test('a chain of 20,000 typedefs, and macro calls nested 20,000 deep in arguments', async () => {
  let typedefs = 'typedef unsigned int T0;\n';
  for (let i = 1; i < 20000; i++) typedefs += `typedef T${i - 1} T${i};\n`;
  typedefs += "struct s { T19999 x; };\n#define TD _IOR('t', 1, struct s)\n";
  assert.deepEqual(await unresolvedOf('typedefs.h', typedefs), ['size: struct s.x: types nest more than 256 levels deep']);
  const nested = `#define F(x) x\n#define NC _IO('n', ${'F('.repeat(20000)}1${')'.repeat(20000)})\n`;
  assert.deepEqual(await unresolvedOf('nested.h', nested), ['macro arguments nest more than 256 levels deep']);
});

// a mutated header of the fuzzer ran out of memory on one such line: every keyword's line was
// read and tokenized to the end of the line before the ones inside another's were dropped
test("30,000 '#if' on one line: the keywords inside the first one's line are not read", { timeout: 30_000 }, async () => {
  const text = "#define Q _IO('q', 1)\n" + '#if 1 '.repeat(30000) + "\n#define R _IO('r', 2)\n";
  const { model } = await analyzeFile(path.join(dir, 'one-line-ifs.h'), text);
  assert.deepEqual(model.ioctls.map((i) => i.name), ['Q']);
  const line = { start: text.indexOf('\n') + 1, end: text.indexOf('\n', text.indexOf('\n') + 1) };
  const onIt = model.file.directives.filter((d) => d.start >= line.start && d.start < line.end);
  assert.deepEqual(onIt.map((d) => [d.kind, d.end]), [['if', line.end]], 'one directive on the line, to its end');
});

// a mutated bpfilter.h of the fuzzer (a macro named by a megabyte of capitals) analysed for over
// 95 s: the split of an acronym from a capitalised word after it backtracked over the whole run
// of capitals from each of its letters, looking for a lower-case letter that never came
test('an ioctl named by a megabyte of capitals, and one numbered by such a macro', { timeout: 30_000 }, async () => {
  const name = 'A'.repeat(1 << 20);
  const { model } = await analyzeFile(path.join(dir, 'capitals.h'), `#define ${name} _IOR('c', 1, int)\n#define ${name}B 2\n#define CAPS_IOC_SET _IOW('c', ${name}B, int)\n`);
  assert.deepEqual(model.ioctls.map((i) => [i.name.length, i.nr]), [[name.length, 1], ['CAPS_IOC_SET'.length, 2]]);
});
