import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { tokenize } from '../../../server/out/core/preprocess/tokens';
import { parseExpression } from '../../../server/out/core/preprocess/expression';
import { evaluate, LP64, type EvalEnv } from '../../../server/out/core/preprocess/evaluate';

/** C semantics of integer constant expressions, checked against what gcc computes. */

function value(src: string, env: Partial<EvalEnv> = {}): bigint | string {
  const isTypeName = (n: string) => env.typedefType?.(n) !== undefined;
  const r = evaluate(parseExpression(tokenize(src), { isTypeName }), { model: LP64, ...env });
  return r.ok ? r.value.value : r.reason;
}

const ILP32 = { longBits: 32 as const, charSigned: true };

test('integer literals take the first type that holds them (C11 6.4.4.1)', () => {
  assert.equal(value('0xFFFFFFFF > 0'), 1n); // unsigned int, not negative
  assert.equal(value('-1 < 0xFFFFFFFF'), 0n); // -1 converts to unsigned int
  assert.equal(value('-1 < 4294967295'), 1n); // decimal: long on LP64
  assert.equal(value('-1 < 4294967295', { model: ILP32 }), 1n); // long long on ILP32
  assert.equal(value('-1L < 1UL'), 0n);
  assert.equal(value('010 + 0b11 + 0x1f'), 8n + 3n + 31n);
});

test('shifts, wrap-around and undefined operations', () => {
  assert.equal(value('1U << 31'), 0x80000000n);
  assert.equal(value('1 << 31'), -0x80000000n); // gcc folds to INT_MIN
  assert.equal(value('(3U << 30) | (0x18 << 16) | (0x64 << 8) | 0x44'), 0xc0186444n);
  assert.equal(value('0U - 1'), 0xffffffffn);
  assert.equal(value('-7 / 2'), -3n); // truncation toward zero
  assert.equal(value('-7 % 2'), -1n);
  assert.match(value('1 << 32') as string, /undefined/);
  assert.match(value('1 / 0') as string, /division by zero/);
  assert.equal(value('0 && 1 / 0'), 0n); // not evaluated
});

test('character constants as gcc reads them on x86', () => {
  assert.equal(value("'d'"), 0x64n);
  assert.equal(value("'\\x7e'"), 0x7en);
  assert.equal(value("'\\377'"), -1n); // plain char is signed on x86
  assert.equal(value("'\\377'", { model: { longBits: 32, charSigned: false } }), 255n); // unsigned on arm
  assert.equal(value("'ab'"), 0x6162n);
  assert.equal(value("'\\n'"), 10n);
});

test('casts, ternaries and identifiers', () => {
  assert.equal(value('(unsigned char)300'), 44n);
  assert.equal(value('(__u16)-1', { typedefType: (n) => (n === '__u16' ? { bits: 16, signed: false } : undefined) }), 0xffffn);
  assert.equal(value('1 ? 2 : 3'), 2n);
  assert.equal(value('0 ? 1 : -1U') , 0xffffffffn);
  assert.equal(value('A + 1', { identifier: (n) => (n === 'A' ? { ok: true, value: { value: 41n, type: { bits: 32, signed: true } } } : undefined) }), 42n);
  assert.match(value('B') as string, /'B' is not defined/);
  assert.match(value('sizeof(struct foo)') as string, /needs the type's layout/);
});

test('#if arithmetic: unknown names are 0, values are intmax_t', () => {
  assert.equal(value('UNKNOWN_NAME', { preprocessor: true }), 0n);
  assert.equal(value('0xFFFFFFFF + 1 == 0x100000000', { preprocessor: true }), 1n);
  assert.equal(value('-1 < 0U', { preprocessor: true }), 0n); // both uintmax_t
});
