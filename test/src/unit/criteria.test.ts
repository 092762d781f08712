import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { EXAMPLES, FIXTURES, ROOT } from '../support/paths';
import { analyzeFile } from '../support/analyze';
import { CATALOGUE } from '../../../server/out/knowledge/catalogue';
import { RULES } from '../../../server/out/rules/index';
import { SUBSYSTEMS } from '../../../server/out/knowledge/subsystems';
import { analyzeDocument, initAnalysis } from '../../../server/out/analysis/pipeline';
import { HeaderCache } from '../../../server/out/core/include/header-cache';

/** Every criteria page a rule or catalogue entry links to exists, and cites kernel documents. */

const DIR = path.join(ROOT, 'docs', 'criteria');

test('rules and catalogue entries link to pages that exist', () => {
  for (const page of [...RULES.map((r) => r.criteria), ...CATALOGUE.map((e) => e.criteria), ...SUBSYSTEMS.map((s) => s.family)]) {
    assert.ok(fs.existsSync(path.join(DIR, `${page}.md`)), `docs/criteria/${page}.md`);
  }
});

test('every page cites the kernel documentation it rests on', () => {
  for (const file of fs.readdirSync(DIR)) {
    const text = fs.readFileSync(path.join(DIR, file), 'utf8');
    assert.match(text, /^## Sources$/m, file);
    const sources = text.slice(text.indexOf('## Sources'));
    assert.match(sources, /<https:\/\/docs\.kernel\.org\/[\w/.-]+\.html>/, `${file} cites docs.kernel.org`);
  }
});

test('every page a finding links to exists, and none a rule asked for was dropped', async () => {
  const asked = new Set<string>();
  const linked = new Set<string>();
  const headers = [
    ...fs.readdirSync(path.join(FIXTURES, 'advisor')).map((f) => path.join(FIXTURES, 'advisor', f)),
    ...fs.readdirSync(EXAMPLES).map((f) => path.join(EXAMPLES, f)),
    path.join(FIXTURES, 'purposes.h'),
    ...fs.readdirSync(path.join(FIXTURES, 'subsystems')).filter((f) => f.endsWith('.h')).map((f) => path.join(FIXTURES, 'subsystems', f)),
  ];
  for (const h of headers) {
    for (const f of (await analyzeFile(h)).findings) {
      assert.ok(f.href && fs.existsSync(new URL(f.href)), `${f.rule}: ${f.href}`);
      for (const p of f.pages) {
        assert.ok(fs.existsSync(new URL(p.href)), p.href);
        assert.equal(p.href, pathToFileURL(path.join(DIR, `${p.page}.md`)).href);
        linked.add(p.page);
      }
      asked.add(f.rule);
    }
  }
  // the advisor's pages: families, the accel subsystem and what it requires
  for (const page of ['custom-ioctl', 'accel-subsystem', 'open-userspace', 'open-documentation', 'subsystem-review', 'buffers', 'dma-buf-sharing', 'synchronisation', 'submission', 'query-info', 'device-management', 'subsystems', 'firmware-passthrough', 'subsystem-sensors', 'subsystem-fpga-firmware']) {
    assert.ok(linked.has(page), `some finding links ${page}`);
  }
  assert.ok(asked.has('drm-reimplements-core') && asked.has('accel-outside-subsystem'));
});

test("every subsystem's page is linked first from a finding on a private ioctl of that class", async () => {
  await initAnalysis();
  const cache = new HeaderCache({});
  for (const s of SUBSYSTEMS.filter((x) => x.id !== 'drm-accel')) {
    // a private ioctl named by the subsystem's strongest name word, as a driver author would
    const word = [...s.evidence].filter((w) => !w.sources || w.sources.includes('name')).sort((a, b) => (b.weight ?? 2) - (a.weight ?? 2))[0].word;
    const text = `#include <linux/ioctl.h>\n#include <linux/types.h>\n#define QUUX_IOCTL_${word} _IOW(0xf3, 0x01, __u32)\n`;
    const file = path.join(FIXTURES, 'subsystems', `quux-${s.id}.h`);
    const r = analyzeDocument(file, text, { cache, rules: { treatAllAsNew: true } });
    const custom = r.findings.find((f) => f.rule === 'custom-ioctl');
    assert.ok(custom, `${s.id}: QUUX_IOCTL_${word} is a custom ioctl`);
    assert.equal(custom.pages[0].page, s.family, `${s.id}: ${custom.message}`);
    assert.ok(fs.existsSync(new URL(custom.pages[0].href)), custom.pages[0].href);
    const whole = r.findings.find((f) => f.rule === 'private-interface-has-subsystem');
    assert.ok(whole && whole.pages[0].page === s.family, `${s.id}: the whole device`);
  }
});
