import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { EXAMPLES, FIXTURES, ROOT } from '../support/paths';
import { analyzeFile } from '../support/analyze';
import { CATALOGUE } from '../../../server/out/knowledge/catalogue';
import { RULES } from '../../../server/out/rules/index';

/** Every criteria page a rule or catalogue entry links to exists, and cites kernel documents. */

const DIR = path.join(ROOT, 'docs', 'criteria');

test('rules and catalogue entries link to pages that exist', () => {
  for (const page of [...RULES.map((r) => r.criteria), ...CATALOGUE.map((e) => e.criteria)]) {
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
  for (const page of ['custom-ioctl', 'accel-subsystem', 'open-userspace', 'open-documentation', 'subsystem-review', 'buffers', 'dma-buf-sharing', 'synchronisation', 'submission', 'query-info', 'device-management']) {
    assert.ok(linked.has(page), `some finding links ${page}`);
  }
  assert.ok(asked.has('drm-reimplements-core') && asked.has('accel-outside-subsystem'));
});
