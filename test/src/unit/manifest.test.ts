import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../support/paths';

/** The extension manifest (package.json): settings, commands and bins are complete and wired. */

interface Manifest {
  bin: Record<string, string>;
  contributes: {
    configuration: { properties: Record<string, { default?: unknown; scope?: string; description?: string; markdownDescription?: string }> };
    commands: Array<{ command: string; title: string; category?: string }>;
    menus?: { commandPalette?: Array<{ command: string }> };
  };
}

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;
const client = fs.readFileSync(path.join(ROOT, 'client', 'src', 'extension.ts'), 'utf8');

test('every setting is under uapiLint.* with a description, a default and a scope', () => {
  const settings = Object.entries(manifest.contributes.configuration.properties);
  assert.ok(settings.length >= 5);
  for (const [key, s] of settings) {
    assert.match(key, /^uapiLint\.[a-z][A-Za-z.]*$/, key);
    assert.ok((s.description ?? s.markdownDescription ?? '').length > 20, `${key}: description`);
    assert.ok('default' in s, `${key}: default`);
    assert.ok(['application', 'machine', 'window', 'resource', 'language-overridable', 'machine-overridable'].includes(s.scope ?? ''), `${key}: scope`);
  }
});

test('every contributed command is registered by the client, with a title in the uapi-lint category', () => {
  const registered = new Set([...client.matchAll(/registerCommand\('([^']+)'/g)].map((m) => m[1]));
  for (const c of manifest.contributes.commands) {
    assert.ok(registered.has(c.command), `${c.command} is registered in client/src/extension.ts`);
    assert.equal(c.category, 'uapi-lint');
    assert.ok(c.title.length > 0);
  }
  for (const id of ['uapiLint.decodeNumber', 'uapiLint.openCriteriaPage', 'uapiLint.showIoctls', 'uapiLint.showWorkspaceIoctls']) {
    assert.ok(manifest.contributes.commands.some((c) => c.command === id), id);
  }
  const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
  for (const m of manifest.contributes.menus?.commandPalette ?? []) assert.ok(contributed.has(m.command), m.command);
});

test('the bins exist and are executable node scripts', () => {
  assert.deepEqual(Object.keys(manifest.bin).sort(), ['uapi-lint', 'uapi-lint-lsp']);
  for (const file of Object.values(manifest.bin)) {
    const abs = path.join(ROOT, file);
    assert.match(fs.readFileSync(abs, 'utf8'), /^#!\/usr\/bin\/env node\n/);
    assert.ok(fs.statSync(abs).mode & 0o111, `${file} is executable`);
  }
});
