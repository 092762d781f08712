import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileSections, parseMaintainers, patternDepth } from '../../../server/out/core/maintainers/maintainers';
import { parseMailmap, mailmapEmail } from '../../../server/out/core/maintainers/mailmap';
import { escapeName, fileEmails, formatEmail, parseEmail } from '../../../server/out/core/maintainers/email';
import { getMaintainers, subsystemName, type MaintainersInput } from '../../../server/out/core/maintainers/recipients';
import { perlRegex } from '../../../server/out/core/maintainers/perl-regex';

/**
 * The subtle parts of get_maintainer.pl (Linux 6.12) that uapi-lint reproduces, on a small tree
 * written here (the oracle test compares with the script itself on Linux's tree): which F:
 * patterns get a folder's `/`, the slash count, X: over F: and N:, the depth that orders
 * sections, Perl regexes (`(?i)`, `$` before a line's newline, Unicode `\b`), the string sort of
 * keyword sections, the 50-character cut of titles in roles, .mailmap, and quoted names.
 */

const MAINTAINERS = `List of maintainers

AAA KEYWORD SECTION
M:	Ada Quill <ada.quill@example.org>
S:	Maintained
F:	a1/
F:	a2/
F:	a3/
F:	a4/
F:	a5/
K:	alpha

BBB KEYWORD SECTION
M:	Bram Otter <bram.otter@example.org>
K:	beta

CCC A SECTION WHOSE TITLE IS LONGER THAN FIFTY AND GOES ON
M:	Cora Finch <cora.finch@example.org>
R:	"J. Random Hacker" <jr@example.org>
R:	Zoë Müller <zoe@example.org>
L:	ccc-list@lists.example.org
L:	ccc-closed@lists.example.org (subscribers-only)
L:	ccc-moderated@lists.example.org (moderated for non-subscribers)
S:	Odd Fixes
F:	drivers/dotted.dir
F:	drivers/plain
F:	drivers/star*
F:	drivers/*.c
X:	drivers/plain/excluded/

DDD LAST F: DECIDES THE DEPTH
M:	Dev Marlowe <old.dev@example.org>
S:	Supported
F:	drivers/plain/deep/file.c
F:	drivers/

EEE DEPTH TWO
M:	Elin Sparrow <elin.sparrow@example.org>
M:	Ada Quill <ada.quill@example.org>
S:	Maintained
F:	drivers/plain/
N:	excluded
X:	drivers/plain/deep/x-only.c

FFF CASELESS KEYWORDS
M:	Fen Harrow <fen.harrow@example.org>
S:	Maintained
K:	(?i)pidfd
K:	\\b(?i:clang)\\b
K:	\\bdma_(?:buf|fence|resv)\\b
K:	line-end$

THE REST
M:	Linus Torvalds <torvalds@linux-foundation.org>
L:	linux-kernel@vger.kernel.org
S:	Buried alive in reporters
F:	*
F:	*/
`;

const MAILMAP = `# proper name and address for an old one
Dev Marlowe <dev.marlowe@example.org> <old.dev@example.org>
`;

function makeTree(): string {
  const tree = fs.mkdtempSync(path.join(os.tmpdir(), 'uapi-lint-maintainers-'));
  for (const d of ['drivers/dotted.dir', 'drivers/plain/deep', 'drivers/plain/excluded', 'drivers/star', 'a1']) fs.mkdirSync(path.join(tree, d), { recursive: true });
  fs.writeFileSync(path.join(tree, 'MAINTAINERS'), MAINTAINERS);
  fs.writeFileSync(path.join(tree, '.mailmap'), MAILMAP);
  return tree;
}

test('F: patterns: a folder gets its / only when -d finds the converted pattern (no dot, no *), and the slash count must match otherwise', () => {
  const tree = makeTree();
  try {
    const m = parseMaintainers(MAINTAINERS, 'MAINTAINERS', tree);
    const names = (p: string) => fileSections(m, p).map((s) => s.name.slice(0, 3));
    // drivers/dotted.dir is a folder, but -d tests drivers/dotted\.dir: no `/`, so not below it
    assert.deepEqual(names('drivers/dotted.dir/a.c'), ['DDD', 'THE']);
    assert.deepEqual(names('drivers/dotted.dir/'), ['DDD', 'THE'], 'the folder itself, as -f gives it');
    // drivers/plain is found: drivers/plain/, everything below
    assert.ok(names('drivers/plain/x/y/z.c').includes('CCC'));
    // drivers/star* is never a folder: drivers/star/a.c has one slash too many
    assert.deepEqual(names('drivers/star/a.c'), ['DDD', 'THE']);
    assert.ok(names('drivers/starlight.c').includes('CCC'));
    // drivers/*.c: same slash count only
    assert.ok(names('drivers/a.c').includes('CCC'));
    assert.ok(!names('drivers/sub/a.c').includes('CCC'));
    // anchored at the start only: drivers/a.cX matches F: drivers/*.c
    assert.ok(names('drivers/a.cX').includes('CCC'));
    assert.ok(!names('drivers/a.h').includes('CCC'));
  } finally {
    fs.rmSync(tree, { recursive: true, force: true });
  }
});

test('X: wins over F: and N:; the last matching F: of a section sets its depth, not the deepest', () => {
  const tree = makeTree();
  try {
    const m = parseMaintainers(MAINTAINERS, 'MAINTAINERS', tree);
    const names = (p: string) => fileSections(m, p).map((s) => s.name.slice(0, 3));
    // CCC's X: drivers/plain/excluded/ removes it; EEE's N: excluded matches (depth 0, but its F: drivers/plain/ comes first and the N: line last)
    assert.deepEqual(names('drivers/plain/excluded/e.c'), ['DDD', 'EEE', 'THE']);
    // DDD: F: drivers/plain/deep/file.c matches, then F: drivers/ (depth 1) overwrites it: below EEE (2) and CCC (2)
    assert.deepEqual(names('drivers/plain/deep/file.c'), ['CCC', 'EEE', 'DDD', 'THE']);
    // EEE's X: takes it out
    assert.deepEqual(names('drivers/plain/deep/x-only.c'), ['CCC', 'DDD', 'THE']);
    assert.equal(patternDepth('drivers/'), 1);
    assert.equal(patternDepth('drivers/plain/deep/file\\.c'), 4);
    assert.equal(patternDepth('.*/'), -1);
  } finally {
    fs.rmSync(tree, { recursive: true, force: true });
  }
});

test('recipients: roles, 50-character titles, lists (subscribers-only left out), .mailmap, quoted names, Linus removed, dedup', () => {
  const tree = makeTree();
  try {
    const m = parseMaintainers(MAINTAINERS, 'MAINTAINERS', tree);
    // CCC and EEE have the same depth (2): get_maintainer.pl takes them in Perl's hash order, uapi-lint in MAINTAINERS order
    const r = getMaintainers({ maintainers: m, mailmap: parseMailmap(MAILMAP) }, [{ kind: 'file', path: 'drivers/plain/deep/file.c' }]);
    // cut to 47 characters, the blank at the end dropped, and '...'
    const cut = 'CCC A SECTION WHOSE TITLE IS LONGER THAN FIFTY...';
    assert.equal(subsystemName(m.sections[2]), cut);
    assert.deepEqual(
      r.recipients.map((x) => `${x.formatted} (${x.role})`),
      [
        `Cora Finch <cora.finch@example.org> (odd fixer:${cut})`,
        `"J. Random Hacker" <jr@example.org> (reviewer:${cut})`,
        `"Zoë Müller" <zoe@example.org> (reviewer:${cut})`,
        'Elin Sparrow <elin.sparrow@example.org> (maintainer:EEE DEPTH TWO)',
        'Ada Quill <ada.quill@example.org> (maintainer:EEE DEPTH TWO)',
        // the M: line's old address, mapped by .mailmap
        'Dev Marlowe <dev.marlowe@example.org> (supporter:DDD LAST F: DECIDES THE DEPTH)',
        `ccc-list@lists.example.org (open list:${cut})`,
        `ccc-moderated@lists.example.org (moderated list:${cut})`,
        'linux-kernel@vger.kernel.org (open list)',
      ],
    );
    assert.deepEqual(
      r.sections.map((s) => s.section.name.slice(0, 3)),
      ['CCC', 'EEE', 'DDD', 'THE'],
    );
    const reversed = getMaintainers({ maintainers: m }, [{ kind: 'file', path: 'drivers/plain/deep/file.c' }], { sameDepthOrder: (a, b) => b.line - a.line });
    assert.deepEqual(
      reversed.sections.map((s) => s.section.name.slice(0, 3)),
      ['EEE', 'CCC', 'DDD', 'THE'],
    );
    assert.equal(reversed.recipients[0].formatted, 'Elin Sparrow <elin.sparrow@example.org>');
  } finally {
    fs.rmSync(tree, { recursive: true, force: true });
  }
});

test('keyword sections come after the file sections, in the string order of their line index ("12" before "9")', () => {
  const m = parseMaintainers(MAINTAINERS);
  // AAA's K: is entry 9 of get_maintainer.pl's @typevalue (titles and fields, the preamble's line too), BBB's entry 12
  const k = m.sections.flatMap((s) => s.fields.filter((f) => f.type === 'K').map((f) => `${s.name.slice(0, 3)} ${f.index}`));
  assert.deepEqual(k.slice(0, 2), ['AAA 9', 'BBB 12']);
  const patch: MaintainersInput = { kind: 'patch', name: 'p', text: 'Subject: [PATCH] alpha and beta\n\n---\n--- a/x/y.c\n+++ b/x/y.c\n' };
  const r = getMaintainers({ maintainers: m }, [patch]);
  assert.deepEqual(
    r.sections.map((s) => `${s.section.name.slice(0, 3)} ${s.matchedBy}`),
    ['THE file', 'BBB keyword', 'AAA keyword'],
  );
  assert.deepEqual(r.recipients[0], { ...r.recipients[0], formatted: 'Bram Otter <bram.otter@example.org>', role: 'unknown:BBB KEYWORD SECTION:Keyword:beta', kind: 'unknown', via: 'keyword' });
});

test('patch lines: K: on the mail and message anywhere, then only on + and - lines; (?i); $ before the newline; Fixes: and @@ lines not searched', () => {
  const m = parseMaintainers(MAINTAINERS);
  const hits = (text: string) => {
    const r = getMaintainers({ maintainers: m }, [{ kind: 'patch', name: 'p', text }]);
    return r.sections.filter((s) => s.matchedBy === 'keyword').flatMap((s) => s.keywords.map((k) => `${k.keyword} @${k.matches[0].line}`));
  };
  const diff = (lines: string) => `--- a/x/y.c\n+++ b/x/y.c\n@@ -1,3 +1,3 @@ struct dma_buf *x\n${lines}`;
  assert.deepEqual(hits('Subject: [PATCH] use a PIDFD\n\n'), ['(?i)pidfd @1']);
  assert.deepEqual(hits('Subject: Clang fixes\n'), ['\\b(?i:clang)\\b @1']);
  assert.deepEqual(hits('Subject: clangs\n'), []);
  assert.deepEqual(hits(diff(' struct dma_buf *b;\n+int x;\n')), [], 'a context line and a hunk header do not count');
  assert.deepEqual(hits(diff('+struct dma_fence *f;\n')), ['\\bdma_(?:buf|fence|resv)\\b @4']);
  assert.deepEqual(hits(diff('-dma_buf_attach(a, b);\n')), [], 'dma_buf_attach is no bare token');
  assert.deepEqual(hits('Fixes: 0123456789ab ("keep the dma_buf")\n'), []);
  // `$` matches before the line's newline, as in Perl
  assert.deepEqual(hits('a line-end\nnext\n'), ['line-end$ @1']);
  // the Unicode rules of \b: ’ is no word character, é is one
  assert.deepEqual(hits('the dma_buf’s size\n'), ['\\bdma_(?:buf|fence|resv)\\b @1']);
  assert.deepEqual(hits('the édma_buf\n'), []);
  // a `--- ` line in the message names a file and switches to the diff's rule
  assert.deepEqual(hits('Subject: x\n\n--- cut here ---\nstruct dma_buf\n'), []);
  const r = getMaintainers({ maintainers: m }, [{ kind: 'patch', name: 'p', text: 'rename from a/b.c\nrename to a/c.c\n mode change 100644 => 100755 s/t.sh\ndiff --git a/d/e.c b/d/f.c\n--- /dev/null\n' }]);
  assert.deepEqual(r.files, ['a/b.c', 'a/c.c', 'd/e.c', 'd/f.c', 'dev/null', 's/t.sh']);
});

test('Perl regexes in JavaScript: /x, $ and \\Z before a final newline, . and \\s as Perl has them, unsupported constructs refused', () => {
  const re = (p: string, extended = true) => perlRegex(p, { extended })!;
  assert.ok(re('a b # comment').test('ab'));
  assert.ok(re('a\\ b').test('a b'));
  assert.ok(re('[ ]x').test(' x'), 'a blank in a class is kept under /x');
  assert.ok(re('end$').test('the end\n'));
  assert.ok(!re('end$').test('the end\n\n'));
  assert.ok(re('end\\Z').test('end\n'));
  assert.ok(!re('end\\z').test('end\n'));
  assert.ok(re('a.b').test('a\rb') && !re('a.b').test('a\nb'));
  assert.ok(re('a\\sb').test('a\u0085b') && !re('a\\sb').test('a\ufeffb'));
  assert.ok(re('x(?i)abc').test('xABC') && !re('X(?i)abc').test('xabc'));
  assert.ok(re('[a-c](?i:[d-f])').test('aE'));
  assert.ok(re('\\bwort\\b').test('ein wort.') && !re('\\bwort\\b').test('einwortä'));
  assert.equal(perlRegex('a++'), undefined);
  assert.equal(perlRegex('(?>a)'), undefined);
  assert.ok(re('a{2}b{,1}c{').test('aac{'));
});

test('addresses: escape_name quotes what is not ASCII letters, digits, _, space, -; mailmap by Name <addr> then by addr; names found in a .yaml', () => {
  assert.equal(escapeName('Christian König'), '"Christian König"');
  assert.equal(escapeName('Anne-Marie Doe_2'), 'Anne-Marie Doe_2');
  assert.equal(escapeName('Say "hi" J.'), '"Say \\"hi\\" J."');
  assert.deepEqual(parseEmail('"Lee, Chun-Yi" <jlee@example.org>'), { name: '"Lee, Chun-Yi"', address: 'jlee@example.org' });
  assert.equal(formatEmail('', 'list@example.org'), 'list@example.org');
  const mm = parseMailmap('New Name <new@x.org> Old Name <old@x.org>\n<real@x.org> <alias@x.org>\nOnly Name <only@x.org>\n');
  assert.equal(mailmapEmail(mm, 'Old Name <old@x.org>'), 'New Name <new@x.org>');
  assert.equal(mailmapEmail(mm, 'Someone <old@x.org>'), 'Someone <old@x.org>', 'the full form is keyed by the old name too');
  assert.equal(mailmapEmail(mm, 'A <alias@x.org>'), 'A <real@x.org>');
  assert.equal(mailmapEmail(mm, 'Whoever <only@x.org>'), 'Only Name <only@x.org>');
  assert.deepEqual(fileEmails('maintainers:\n  - Jane Q. Public <jane@example.org>\n  - Rob Roy <rob@example.org>\n'), ['"Jane Q. Public" <jane@example.org>', 'Rob Roy <rob@example.org>']);
});
