import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { contributedGrammars, registry, tokenize, type Token } from './support/textmate';
import { analyzeFile } from './support/analyze';
import { FIXTURES, ROOT } from './support/paths';

/**
 * The ioctl injection grammar (syntaxes/), tokenised by vscode-textmate inside VS Code's real C
 * and C++ grammars, on a fixture header written for the project and on real uAPI headers.
 */

const FIXTURE = path.join(FIXTURES, 'grammar', 'ioctl_forms.h');
const TEXT = fs.readFileSync(FIXTURE, 'utf8');
const LINES = TEXT.split('\n');
const OURS = /\.uapi-lint$/;

/** The line (0-based) that contains `marker`. */
function lineOf(marker: string): number {
  const i = LINES.findIndex((l) => l.includes(marker));
  assert.ok(i >= 0, `fixture line with ${marker}`);
  return i;
}

/** The scopes of the token that is exactly `text` on line `line` (the `nth` such token). */
function scopesAt(tokens: Token[][], line: number, text: string, nth = 0): string[] {
  const found = tokens[line].filter((t) => t.text === text);
  assert.ok(found.length > nth, `token ${JSON.stringify(text)} on line ${line + 1}: ${JSON.stringify(tokens[line].map((t) => t.text))}`);
  return found[nth].scopes;
}

function assertScope(tokens: Token[][], line: number, text: string, scope: string, nth = 0): void {
  const scopes = scopesAt(tokens, line, text, nth);
  assert.ok(scopes.includes(scope), `${JSON.stringify(text)} on line ${line + 1} has ${scope}; it has ${scopes.join(' ')}`);
}

test('package.json registers the grammar as an injection into C and C++', () => {
  const [g] = contributedGrammars();
  assert.ok(g, 'contributes.grammars');
  assert.deepEqual([...(g.injectTo ?? [])].sort(), ['source.c', 'source.cpp']);
  const raw = JSON.parse(fs.readFileSync(path.join(ROOT, g.path), 'utf8')) as { scopeName: string; injectionSelector: string };
  assert.equal(raw.scopeName, g.scopeName);
  assert.match(raw.injectionSelector, /source\.c\b/);
  assert.match(raw.injectionSelector, /source\.cpp\b/);
});

for (const language of ['source.c', 'source.cpp']) {
  test(`${language}: _IO* definitions scope the name, the macro, magic, nr and argument type`, async () => {
    const tokens = await tokenize(registry(), language, TEXT);
    const alloc = lineOf('#define QRK_IOCTL_ALLOC');
    assertScope(tokens, alloc, 'QRK_IOCTL_ALLOC', 'entity.name.function.preprocessor.ioctl.uapi-lint');
    assertScope(tokens, alloc, '_IOWR', 'support.function.ioctl.uapi-lint');
    assertScope(tokens, alloc, "'Q'", 'constant.character.ioctl.magic.uapi-lint');
    assertScope(tokens, alloc, "'Q'", 'meta.ioctl.magic.uapi-lint');
    assertScope(tokens, alloc, '0x01', 'constant.numeric.ioctl.nr.uapi-lint');
    assertScope(tokens, alloc, 'struct', 'storage.type.struct.uapi-lint');
    assertScope(tokens, alloc, 'qrk_alloc', 'entity.name.type.ioctl.argument.uapi-lint');

    const reset = lineOf('#define QRK_IOCTL_RESET');
    assertScope(tokens, reset, '_IO', 'support.function.ioctl.uapi-lint');
    assertScope(tokens, reset, 'QRK_MAGIC', 'variable.other.constant.ioctl.magic.uapi-lint');
    assertScope(tokens, reset, '2', 'constant.numeric.ioctl.nr.uapi-lint');

    // a comment after the call stays a comment, not an argument
    const version = lineOf('#define QRK_IOCTL_GET_VERSION');
    assertScope(tokens, version, '__u32', 'entity.name.type.ioctl.argument.uapi-lint');
    assertScope(tokens, version, ' returns the version ', 'comment.block.uapi-lint');
    assert.ok(!scopesAt(tokens, version, ' returns the version ').some((s) => s.startsWith('meta.ioctl.')));

    const flags = lineOf('#define QRK_IOCTL_SET_FLAGS');
    assertScope(tokens, flags, 'unsigned', 'meta.ioctl.argument-type.uapi-lint');
    assertScope(tokens, flags, 'long', 'meta.ioctl.argument-type.uapi-lint');

    // _IOC(dir, magic, nr, size): four positions, sizeof's operand is the argument type
    const raw = lineOf('#define QRK_IOCTL_RAW');
    assertScope(tokens, raw, '_IOC', 'support.function.ioctl.uapi-lint');
    assertScope(tokens, raw, '_IOC_READ', 'constant.language.ioctl.direction.uapi-lint');
    assertScope(tokens, raw, '_IOC_WRITE', 'meta.ioctl.direction.uapi-lint');
    assertScope(tokens, raw, "'Q'", 'constant.character.ioctl.magic.uapi-lint');
    assertScope(tokens, raw, '0x05', 'constant.numeric.ioctl.nr.uapi-lint');
    assertScope(tokens, raw, 'sizeof', 'meta.ioctl.size.uapi-lint');
    assertScope(tokens, raw, 'qrk_alloc', 'entity.name.type.ioctl.argument.uapi-lint');

    // a definition continued over three lines
    const long = lineOf('#define QRK_IOCTL_LONG');
    assertScope(tokens, long + 1, '_IOWR', 'support.function.ioctl.uapi-lint');
    assertScope(tokens, long + 1, '0x06', 'constant.numeric.ioctl.nr.uapi-lint');
    assertScope(tokens, long + 2, 'qrk_alloc', 'entity.name.type.ioctl.argument.uapi-lint');
  });

  test(`${language}: DRM_IOWR and driver wrapper definitions`, async () => {
    const tokens = await tokenize(registry(), language, TEXT);
    const submit = lineOf('#define DRM_IOCTL_QRK_SUBMIT');
    assertScope(tokens, submit, 'DRM_IOCTL_QRK_SUBMIT', 'entity.name.function.preprocessor.ioctl.uapi-lint');
    assertScope(tokens, submit, 'DRM_IOWR', 'support.function.ioctl.drm.uapi-lint');
    // DRM_IO* take no magic: the first argument is the nr, a sum here
    assertScope(tokens, submit, 'DRM_COMMAND_BASE', 'variable.other.constant.ioctl.nr.uapi-lint');
    assertScope(tokens, submit, '+', 'meta.ioctl.nr.uapi-lint');
    assertScope(tokens, submit, 'DRM_QRK_SUBMIT', 'variable.other.constant.ioctl.nr.uapi-lint');
    assertScope(tokens, submit, 'qrk_alloc', 'entity.name.type.ioctl.argument.uapi-lint');
    const ping = lineOf('#define DRM_IOCTL_QRK_PING');
    assertScope(tokens, ping, 'DRM_IO', 'support.function.ioctl.drm.uapi-lint');
    assertScope(tokens, ping, '0x08', 'constant.numeric.ioctl.nr.uapi-lint');

    const queue = lineOf('#define QRKFD_IOCTL_CREATE_QUEUE');
    assertScope(tokens, queue, 'QRKFD_IOCTL_CREATE_QUEUE', 'entity.name.function.preprocessor.ioctl.uapi-lint');
    assertScope(tokens, queue, 'QRKFD_IOWR', 'support.function.ioctl.wrapper.uapi-lint');
    assertScope(tokens, queue, '0x09', 'constant.numeric.ioctl.nr.uapi-lint');
    assertScope(tokens, queue, 'qrk_alloc', 'entity.name.type.ioctl.argument.uapi-lint');

    // the kernel's long form: the name alone, the wrapper call on the continuation line
    const destroy = lineOf('#define QRKFD_IOCTL_DESTROY_QUEUE');
    assertScope(tokens, destroy + 1, 'QRKFD_IOWR', 'support.function.ioctl.wrapper.uapi-lint');
    assertScope(tokens, destroy + 1, '0x0b', 'constant.numeric.ioctl.nr.uapi-lint');
    assertScope(tokens, destroy + 1, 'qrk_alloc', 'entity.name.type.ioctl.argument.uapi-lint');

    // the wrapper's own definition: its name is the host's, the _IOWR call in its body is ours
    const wrapper = lineOf('#define QRKFD_IOWR(');
    assert.ok(!scopesAt(tokens, wrapper, 'QRKFD_IOWR').some((s) => OURS.test(s)));
    assertScope(tokens, wrapper, '_IOWR', 'support.function.ioctl.uapi-lint');
    assertScope(tokens, wrapper, 'QRKFD_IOCTL_BASE', 'variable.other.constant.ioctl.magic.uapi-lint');
  });

  test(`${language}: ordinary code, comments and strings are left to the host grammar`, async () => {
    const tokens = await tokenize(registry(), language, TEXT);
    // the host grammar is really there: it scopes a plain #define as it always does
    const lang = language.slice('source.'.length);
    assertScope(tokens, lineOf('#define QRK_MAX_QUEUES'), 'QRK_MAX_QUEUES', `entity.name.function.preprocessor.${lang}`);

    // an unfinished definition is scoped on its own line only
    const unfinished = lineOf('#define QRK_IOCTL_UNFINISHED');
    assertScope(tokens, unfinished, 'qrk_alloc', 'entity.name.type.ioctl.argument.uapi-lint');
    assert.deepEqual(tokens[unfinished + 1].flatMap((t) => t.scopes).filter((s) => OURS.test(s)), []);

    const from = lineOf('ordinary code: nothing here');
    for (let line = from; line < LINES.length; line++) {
      for (const t of tokens[line]) {
        const ours = t.scopes.filter((s) => OURS.test(s));
        assert.deepEqual(ours, [], `line ${line + 1} ${JSON.stringify(LINES[line])}: ${JSON.stringify(t.text)} is ${ours.join(' ')}`);
      }
    }
    // without the injection the same fixture has none of our scopes at all
    const plain = await tokenize(registry(false), language, TEXT);
    assert.deepEqual(plain.flat().flatMap((t) => t.scopes).filter((s) => OURS.test(s)), []);
  });
}

/**
 * On real uAPI headers the names the grammar scopes as ioctl definitions are ioctls the analysis
 * finds; every definition written as an `_IO*`/`DRM_IO*`/wrapper call has its call scoped, and
 * its name too when the call is on the `#define` line (a name alone on its line cannot be told
 * from any other macro's).
 */
test('real headers: the grammar scopes the ioctl definitions the analysis finds, and no other', async (t) => {
  const headers = ['/usr/include/linux/kfd_ioctl.h', '/usr/include/linux/fs.h', '/usr/include/libdrm/i915_drm.h', '/usr/include/libdrm/amdgpu_drm.h'];
  const reg = registry();
  let checked = 0;
  for (const file of headers) {
    const text = fs.readFileSync(file, 'utf8');
    const tokens = await tokenize(reg, 'source.c', text);
    const scoped = new Set(
      tokens.flat().filter((t) => t.scopes.includes('entity.name.function.preprocessor.ioctl.uapi-lint')).map((t) => t.text),
    );
    const { model } = await analyzeFile(file, text);
    const ioctls = model.ioctls.filter((i) => i.file === file);
    const names = new Set(ioctls.map((i) => i.name));
    for (const name of scoped) assert.ok(names.has(name), `${file}: ${name} is scoped but is no ioctl`);
    let calls = 0;
    for (const i of ioctls) {
      const callee = /^\s*([A-Za-z_]\w*)\s*\(/.exec(i.definition.replace(/\\\n/g, ' '))?.[1];
      if (!callee) continue; // an alias of another ioctl macro
      calls++;
      if (i.range.start.row === i.range.end.row) assert.ok(scoped.has(i.name), `${file}: ${i.name} (${i.definition}) is not scoped`);
      const call = tokens
        .slice(i.range.start.row, i.range.end.row + 1)
        .flat()
        .find((t) => t.text === callee);
      assert.ok(call?.scopes.some((s) => s.startsWith('support.function.ioctl.')), `${file}: the ${callee} call of ${i.name} is not scoped`);
    }
    checked += calls;
    t.diagnostic(`${file}: ${calls} ioctl calls scoped, ${scoped.size} of ${names.size} names`);
  }
  // kfd_ioctl.h alone defines dozens through AMDKFD_IOWR; i915 and amdgpu through DRM_IOWR
  assert.ok(checked > 100, `${checked} definitions checked`);
});
