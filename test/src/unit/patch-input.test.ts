import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readPatchMail, splitMailbox, subjectPrefix } from '../../../server/out/core/patch/mail';
import { fileChanges, readSeries } from '../../../server/out/core/patch/series';
import { buildPostImages } from '../../../server/out/core/patch/post-image';
import { userspaceLinks } from '../../../server/out/knowledge/submission';

/**
 * Patch input (server/src/core/patch): mails as archives carry them, diffs with git's extended
 * headers, post-images with the patch behind each line. Small mails written for these tests.
 */

const MAIL = [
  'From: =?utf-8?q?Christian_K=C3=B6nig?= <ck@example.org>',
  'Subject: [RFC PATCH v3 2/5] accel/frob:',
  ' =?utf-8?q?add_the_uAPI?=',
  'To: a@example.org,',
  '\tb@example.org',
  'Cc: "List, Dev" <dev@lists.example.org>',
  'Message-Id: <x@y>',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'Adds a buffer =3D a thing, on a line that was soft-wrapped by the mailer=',
  ' here.',
  '',
  'Link: https://gitlab.freedesktop.org/mesa/mesa/-/merge_requests/1',
  'Signed-off-by: A <a@example.org>',
  '---',
  ' include/uapi/drm/frob.h | 1 +',
  '',
  'diff --git a/include/uapi/drm/frob.h b/include/uapi/drm/frob.h',
  '--- a/include/uapi/drm/frob.h',
  '+++ b/include/uapi/drm/frob.h',
  '@@ -1,2 +1,3 @@',
  ' one',
  '+two =3D 2',
  ' three',
  '-- ',
  '2.39.5',
  '',
].join('\n');

test('a mail: RFC 2047 words, folded headers, quoted-printable body, the subject prefix, the parts', async () => {
  const m = await readPatchMail(MAIL, 'x.patch');
  assert.equal(m.from?.name, 'Christian König');
  assert.equal(m.subject, '[RFC PATCH v3 2/5] accel/frob: add the uAPI');
  assert.equal(m.title, 'accel/frob: add the uAPI');
  assert.deepEqual([m.number, m.total, m.version, m.rfc], [2, 5, 3, true]);
  assert.deepEqual(m.to.map((a) => a.address), ['a@example.org', 'b@example.org']);
  assert.deepEqual(m.cc.map((a) => a.address), ['dev@lists.example.org']);
  assert.match(m.message, /^Adds a buffer = a thing, on a line that was soft-wrapped by the mailer here\.$/m);
  assert.match(m.message, /Signed-off-by: A/);
  assert.match(m.notes, /include\/uapi\/drm\/frob\.h \| 1 \+/);
  // the signature is not part of the last hunk; the body's =3D is decoded in the diff too
  assert.ok(m.diff.endsWith(' three\n'), JSON.stringify(m.diff));
  assert.match(m.diff, /^\+two = 2$/m);
  assert.match(m.text, /^Subject: \[RFC PATCH v3 2\/5\] accel\/frob: add the uAPI$/m);
});

test('subject prefixes', () => {
  assert.deepEqual(subjectPrefix('[PATCH] x'), { title: 'x', number: undefined, total: undefined, version: undefined, rfc: false });
  assert.equal(subjectPrefix('[PATCH net-next v2 10/12] net: y').number, 10);
  assert.equal(subjectPrefix('[PATCH net-next v2 10/12] net: y').version, 2);
  assert.equal(subjectPrefix('no prefix').title, 'no prefix');
});

test('an mbox: split at From lines after a blank line, mboxrd quoting undone', () => {
  const box = 'From git@z Thu Jan  1 00:00:00 1970\nSubject: a\n\n>From the start\n\nFrom git@z Thu Jan  1 00:00:00 1970\nSubject: b\n\nbody From here\n';
  const parts = splitMailbox(box);
  assert.equal(parts.length, 2);
  assert.match(parts[0], /^From the start$/m);
  assert.match(parts[1], /^Subject: b$/m);
  assert.equal(splitMailbox('diff --git a/x b/x\n').length, 1);
});

test('file changes: new, deleted, pure rename, mode change, binary', () => {
  const diff = [
    'diff --git a/a.h b/a.h',
    'new file mode 100644',
    'index 0000000..1111111',
    '--- /dev/null',
    '+++ b/a.h',
    '@@ -0,0 +1 @@',
    '+x',
    'diff --git a/b.h b/b.h',
    'deleted file mode 100644',
    'index 1111111..0000000',
    '--- a/b.h',
    '+++ /dev/null',
    '@@ -1 +0,0 @@',
    '-y',
    'diff --git a/include/uapi/misc/old.h b/include/uapi/drm/new.h',
    'similarity index 100%',
    'rename from include/uapi/misc/old.h',
    'rename to include/uapi/drm/new.h',
    'diff --git a/fw.bin b/fw.bin',
    'index 1111111..2222222 100644',
    'GIT binary patch',
    'literal 3',
    'KcmZ>Y0000',
    '',
    '',
  ].join('\n');
  const changes = fileChanges(diff, 'test');
  assert.deepEqual(
    changes.map((c) => [c.status, c.oldPath, c.newPath, c.binary]),
    [
      ['added', null, 'a.h', false],
      ['deleted', 'b.h', null, false],
      ['renamed', 'include/uapi/misc/old.h', 'include/uapi/drm/new.h', false],
      ['modified', 'fw.bin', 'fw.bin', true],
    ],
  );
});

test('post-images: each line remembers its patch; a patch that does not apply is named', async () => {
  const p1 = 'From: a <a@b.c>\nSubject: [PATCH 1/2] one\n\nm\n---\ndiff --git a/f.h b/f.h\n--- a/f.h\n+++ b/f.h\n@@ -1,2 +1,3 @@\n a\n+b\n c\n';
  const p2 = 'From: a <a@b.c>\nSubject: [PATCH 2/2] two\n\nm\n---\ndiff --git a/f.h b/f.h\n--- a/f.h\n+++ b/f.h\n@@ -2,2 +2,3 @@\n b\n c\n+d\n';
  const series = await readSeries([
    { name: '2.patch', text: p2 },
    { name: '1.patch', text: p1 },
  ]);
  // numbered mails are put in order whatever order the files came in
  assert.deepEqual(series.patches.map((p) => p.mail.title), ['one', 'two']);
  const built = buildPostImages(series, (rel) => (rel === 'f.h' ? 'a\nc\n' : undefined));
  assert.deepEqual(built.problems, []);
  const image = built.images[0];
  assert.equal(image.after, 'a\nb\nc\nd\n');
  assert.deepEqual(image.origin, [0, 1, 0, 2]);
  assert.deepEqual(image.patches, [1, 2]);
  const bad = buildPostImages(series, () => 'something else\n');
  assert.match(bad.problems[0], /^f\.h: patch 1 does not apply to the version in the tree/);
  const missing = await readSeries([{ name: '2.patch', text: p2 }]);
  assert.equal(missing.problems.length, 0, 'one mail alone is not a broken series');
  const gap = await readSeries([
    { name: '2.patch', text: p2.replace('2/2', '2/3') },
    { name: '1.patch', text: p1.replace('1/2', '1/3') },
  ]);
  assert.ok(gap.problems.some((p) => /patch 3\/3 of the series is missing/.test(p)), gap.problems.join('\n'));
});

test('userspace links: merge requests, pull requests and repositories count; provenance and kernel trees do not', () => {
  const kinds = (t: string) => userspaceLinks(t).map((l) => l.kind);
  assert.deepEqual(kinds('Link: https://gitlab.freedesktop.org/mesa/mesa/-/merge_requests/29698'), ['merge-request']);
  assert.deepEqual(kinds('see https://github.com/intel/linux-npu-driver/pull/12.'), ['pull-request']);
  assert.deepEqual(kinds('UMD: https://github.com/intel/linux-npu-driver'), ['repository']);
  assert.deepEqual(kinds('Link: https://lore.kernel.org/r/20250101-x@y.org'), []);
  assert.deepEqual(kinds('Link: https://patch.msgid.link/20250101-x@y.org'), []);
  assert.deepEqual(kinds('https://patchwork.freedesktop.org/patch/msgid/x@y'), []);
  assert.deepEqual(kinds('https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=1'), []);
  assert.deepEqual(kinds('https://github.com/torvalds/linux/commit/abc'), []);
  assert.deepEqual(kinds('https://github.com/'), []);
});
