import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FIXTURES } from '../support/paths';
import { analyzeFile } from '../support/analyze';
import { runCli } from '../support/cli';
import { PURPOSES } from '../../../server/out/knowledge/purposes';
import { CATALOGUE, suggestionsFor } from '../../../server/out/knowledge/catalogue';
import { classify, explain } from '../../../server/out/core/ioctl/classify';

/** The purpose classifier on a fixture with one ioctl per purpose (the comment above says which). */

const FIXTURE = path.join(FIXTURES, 'purposes.h');

test('every purpose id is recognised, and each has a suggestion', async () => {
  const text = fs.readFileSync(FIXTURE, 'utf8');
  const expected = new Map<string, string>();
  const lines = text.split('\n');
  lines.forEach((l, k) => {
    const define = /^#define (ZEPHYR_IOCTL_\w+)/.exec(l);
    const said = /^\/\* ([a-z-]+) \*\/$/.exec(lines[k - 1] ?? '');
    if (define && said) expected.set(define[1], said[1]);
  });
  assert.deepEqual([...new Set(expected.values())].sort(), [...PURPOSES].sort(), 'the fixture covers every purpose');
  const { model } = await analyzeFile(FIXTURE);
  for (const ioctl of model.ioctls) {
    const c = model.purposeOf(ioctl);
    assert.equal(c.purpose, expected.get(ioctl.name), `${ioctl.name}: ${explain(c)}`);
    assert.ok(suggestionsFor(c.purpose).length >= 1);
  }
  // what a user sees: the CLI's JSON
  const run = runCli(['--format', 'json', FIXTURE]);
  const [file] = JSON.parse(run.stdout).files as Array<{ ioctls: Array<{ name: string; purpose: string; suggestions: string[] }> }>;
  assert.equal(file.ioctls.length, expected.size);
  for (const i of file.ioctls) {
    assert.equal(i.purpose, expected.get(i.name), i.name);
    assert.ok(i.suggestions.length >= 1 && i.suggestions.every((id) => CATALOGUE.some((e) => e.id === id)), i.name);
  }
});

test('the evidence says why', () => {
  const c = classify({ name: 'FOO_IOCTL_EXPORT_BUF', argType: 'struct foo_dmabuf', members: ['handle', 'fd', 'flags'], doc: null });
  assert.equal(c.purpose, 'buffer-export');
  assert.equal(explain(c), 'name EXPORT, struct name `dmabuf`, member `fd`');
  assert.equal(classify({ name: 'FOO_IOCTL_FROB', argType: null, members: [], doc: null }).purpose, 'other');
});

test('the catalogue: unique ids, every purpose but other has its own entry, the accel subsystem closes every list', () => {
  assert.equal(new Set(CATALOGUE.map((e) => e.id)).size, CATALOGUE.length);
  for (const p of PURPOSES) {
    const s = suggestionsFor(p);
    assert.equal(s[s.length - 1].id, 'accel-subsystem');
    if (p !== 'other') assert.ok(s.length >= 2, `${p} has an entry of its own`);
  }
});

test('glued words, what ALLOC allocates, a typedef argument and a lone member word', () => {
  const c = (name: string, more: Partial<Parameters<typeof classify>[0]> = {}) =>
    classify({ name, argType: null, members: [], doc: null, ...more }).purpose;
  // old drivers glue their words: a frequency of the interrupt, a setting of the buffer, an
  // availability of mmap, a getter of the mode after the driver's two letters
  assert.equal(c('HPET_IRQFREQ', { dir: 'w' }), 'config-power');
  assert.equal(c('COMEDI_BUFCONFIG', { dir: 'r' }), 'config-power');
  assert.equal(c('MMTIMER_MMAPAVAIL'), 'query-info');
  assert.equal(c('PPGETMODE', { dir: 'r' }), 'query-info');
  // a driver's own glued name says nothing of each of its ioctls
  assert.equal(c('PCITEST_SET_IRQTYPE', { dir: 'w' }), 'config-power');
  // what is allocated says what for: an interrupt, a buffer
  assert.equal(c('OCXL_IOCTL_IRQ_ALLOC', { dir: 'r' }), 'event-notify');
  assert.equal(c('FOO_IOCTL_ALLOC_MEMORY', { argType: 'struct foo_alloc_memory', members: ['size', 'handle'] }), 'buffer-alloc');
  // a typedef's name is read as a struct's tag
  assert.equal(c('TOSHIBA_ACPI_SCI', { argType: 'SMMRegisters', dir: 'rw' }), 'submit');
  // one member word is in too many structs to say what an ioctl is for
  assert.equal(c('FOO_IOCTL_CRIU_OP', { argType: 'struct foo_criu_args', members: ['size', 'op'], dir: 'rw' }), 'other');
  // a put drops a reference, it sets nothing
  assert.equal(c('UACCE_CMD_PUT_Q'), 'context');
});
