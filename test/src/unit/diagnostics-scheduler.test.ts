import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Connection, PublishDiagnosticsParams } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { initAnalysis } from '../../../server/out/analysis/pipeline';
import { HeaderCache } from '../../../server/out/core/include/header-cache';
import { DiagnosticsScheduler } from '../../../server/out/lsp/diagnostics';
import { SettingsStore } from '../../../server/out/lsp/settings';
import { within } from '../support/deadline';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FIXTURES } from '../support/paths';

/** Each test takes under half a second (measured); what they wait for has 5 s of its own. */
const SCHEDULER_TEST = { timeout: 30_000 };

/** A connection that hands each publication to `send` (whose promise is the send's completion). */
function connectionSending(send: (p: PublishDiagnosticsParams) => Promise<void>): Connection {
  return {
    sendDiagnostics: send,
    sendNotification: () => Promise.resolve(),
    console: { error: (m: string) => assert.fail(m) },
  } as unknown as Connection;
}

/**
 * The diagnostics scheduler against a connection whose sends the test holds back: an edit that
 * arrives while the previous version's diagnostics are being sent must still be published. (The
 * LSP resilience test's close race lost one such version in about one run of fifty: the sent
 * version went on to schedule its complete analysis and replaced the newer version's run.)
 */
test('an edit that arrives while the previous diagnostics are sent is published', SCHEDULER_TEST, async () => {
  await initAnalysis();
  const uri = 'file:///tmp/uapi-lint-scheduler.h';
  const published: PublishDiagnosticsParams[] = [];
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let firstSend!: () => void;
  const firstSent = new Promise<void>((resolve) => (firstSend = resolve));
  let newest!: (p: PublishDiagnosticsParams) => void;
  const version2 = new Promise<PublishDiagnosticsParams>((resolve) => (newest = resolve));
  const connection = connectionSending((p) => {
    published.push(p);
    if (p.version === 2) newest(p);
    if (published.length === 1) {
      firstSend();
      return held; // the client reads slowly: this send is not done yet
    }
    return Promise.resolve();
  });
  const docs = new Map<string, TextDocument>();
  const scheduler = new DiagnosticsScheduler(connection, new HeaderCache(), new SettingsStore(connection), (u) => docs.get(u));

  const v1 = TextDocument.create(uri, 'c', 1, "#define SCHED_IOCTL _IO('s', 1)\n");
  docs.set(uri, v1);
  scheduler.schedule(v1, true);
  await within(firstSent, 5000, 'publication of version 1');
  // the edit, while version 1's diagnostics are still on their way
  const v2 = TextDocument.update(v1, [{ range: { start: { line: 0, character: 29 }, end: { line: 0, character: 30 } }, text: '2' }], 2);
  docs.set(uri, v2);
  scheduler.schedule(v2, false);
  release();

  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`version 2 was never published (published: ${published.map((x) => x.version).join(', ')})`)), 5000);
  });
  const p = await Promise.race([version2, timeout]).finally(() => clearTimeout(timer));
  assert.match(String(p.diagnostics.find((d) => d.code === 'custom-ioctl')!.message), /nr 2 \(0x02\)/);
  assert.equal(published[0].version, 1);
});

/**
 * A hover or code action that needs a version's complete findings before the scheduler's timer
 * computes them publishes them there and then: the editor gets them before the answer, not a
 * moment after it (the LSP resilience test compared a fresh server's diagnostics, read after a
 * code action's answer, and now and then found only the quick ones).
 */
test('complete findings a request computes first are published before its answer', SCHEDULER_TEST, async () => {
  await initAnalysis();
  const uri = 'file:///tmp/uapi-lint-scheduler-requested.h';
  const published: PublishDiagnosticsParams[] = [];
  let quickOut!: () => void;
  const quick = new Promise<void>((resolve) => (quickOut = resolve));
  const connection = connectionSending((p) => {
    published.push(p);
    quickOut();
    return Promise.resolve();
  });
  const docs = new Map<string, TextDocument>();
  const settings = new SettingsStore(connection);
  const scheduler = new DiagnosticsScheduler(connection, new HeaderCache(), settings, (u) => docs.get(u));
  // __u32 then __u64: four bytes of padding the complete rules report, the quick ones do not
  const text = "#include <linux/types.h>\n#include <linux/ioctl.h>\nstruct req_args {\n\t__u32 handle;\n\t__u64 addr;\n};\n#define REQ_IOCTL _IOW('q', 1, struct req_args)\n";
  const doc = TextDocument.create(uri, 'c', 1, text);
  docs.set(uri, doc);
  scheduler.schedule(doc, true);
  await within(quick, 5000, 'publication of the quick findings');
  assert.equal(published.length, 1);
  assert.ok(!published[0].diagnostics.some((d) => d.code === 'uapi-implicit-padding'), 'the quick set has no layout findings');
  // the request, before the scheduler's timer for the complete set has fired
  const result = scheduler.analyze(doc, await settings.get(uri));
  assert.ok(result?.findings.some((f) => f.rule === 'uapi-implicit-padding'));
  assert.equal(published.length, 2, 'the complete set went out with the analysis that made it');
  assert.ok(published[1].diagnostics.some((d) => d.code === 'uapi-implicit-padding'));
  // and the timer, when it fires, does not send it again
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(published.length, 2);
});

/**
 * The complete analysis runs when typing pauses and takes tens of milliseconds on a large
 * header: it runs rule by rule, letting the event loop turn between rules, so a keystroke that
 * arrives meanwhile is analysed at once and the complete analysis of the older version is
 * dropped (it would be out of date when published).
 */
test('a change that arrives during the complete analysis does not wait for it', SCHEDULER_TEST, async () => {
  await initAnalysis();
  const uri = 'file:///tmp/uapi-lint-scheduler-slices.h';
  const published: PublishDiagnosticsParams[] = [];
  let quickOut!: () => void;
  const quick = new Promise<void>((resolve) => (quickOut = resolve));
  let secondDone!: (p: PublishDiagnosticsParams) => void;
  const second = new Promise<PublishDiagnosticsParams>((resolve) => (secondDone = resolve));
  const connection = connectionSending((p) => {
    published.push(p);
    if (published.length === 1) quickOut();
    if (p.version === 2 && published.filter((q) => q.version === 2).length === 2) secondDone(p);
    return Promise.resolve();
  });
  const docs = new Map<string, TextDocument>();
  // one rule per slice, so the test does not depend on how fast the machine is
  const scheduler = new DiagnosticsScheduler(connection, new HeaderCache(), new SettingsStore(connection), (u) => docs.get(u), 0);
  const text = fs.readFileSync(path.join(FIXTURES, 'design', 'breaks_rules.h'), 'utf8');
  const v1 = TextDocument.create(uri, 'c', 1, text);
  docs.set(uri, v1);
  scheduler.schedule(v1, true);
  await within(quick, 5000, 'publication of the quick findings');
  // the first complete analysis starts at once: between two of its slices (the analysis under
  // way is kept on the document's entry), the change arrives
  let changed = false;
  await within(
    new Promise<void>((resolve) => {
      const tick = () => {
        if (published.length > 1) return resolve(); // it ran to its end without a turn of the loop
        if ((scheduler.results.get(uri) as { steps?: unknown } | undefined)?.steps) {
          const v2 = TextDocument.update(v1, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: ' ' }], 2);
          docs.set(uri, v2);
          scheduler.schedule(v2, false);
          changed = true;
          return resolve();
        }
        setImmediate(tick);
      };
      setImmediate(tick);
    }),
    5000,
    'the complete analysis of version 1',
  );
  assert.ok(changed, 'the event loop turned while the complete analysis was under way');
  await within(second, 5000, 'the complete findings of version 2');
  assert.deepEqual(
    published.map((p) => p.version),
    [1, 2, 2],
    'version 1\'s quick findings, then version 2\'s quick and complete ones: the complete analysis of version 1 was dropped',
  );
});
