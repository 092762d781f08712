import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../support/paths';
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
