import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SYSTEM_INCLUDE } from './support/paths';
import { analyzeFile } from './support/analyze';
import { applyFix, findingKey, syntaxErrors } from './support/fixes';
import { evaluateWithGcc, makeWorkdir } from './support/gcc-oracle';

/**
 * Every fix offered on the real headers of /usr/include/{linux,misc}: applied, the header parses
 * without new errors and no longer has that finding. After an explicit-padding fix, x86_64 and
 * i386 lay the struct out identically (when its members allow it) and gcc agrees on both sizes.
 */

function headersUnder(dir: string): string[] {
  const out: string[] = [];
  const visit = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) visit(p);
      else if (e.name.endsWith('.h')) out.push(p);
    }
  };
  visit(dir);
  return out.sort();
}

// 4 min on a busy machine (measured), most of it the analyses; each gcc run has a limit of its own
test('every fix on /usr/include/{linux,misc} keeps the header parseable and removes its finding', { timeout: 20 * 60_000 }, async (t) => {
  const headers = [...headersUnder(path.join(SYSTEM_INCLUDE, 'linux')), ...headersUnder(path.join(SYSTEM_INCLUDE, 'misc'))];
  assert.ok(headers.length > 700, `${headers.length} headers`);
  const stats = { fixes: 0, padding: 0, identical: 0 };
  const failures: string[] = [];
  const padded: Array<{ header: string; text: string; tag: string; x86_64: number; i386: number }> = [];
  for (const file of headers) {
    const text = fs.readFileSync(file, 'utf8');
    const before = await analyzeFile(file, text);
    if (!before.findings.some((f) => f.fixes.length)) continue;
    const errors = syntaxErrors(text);
    let kernelDoc = 0;
    for (const f of before.findings) {
      // uapi-kernel-doc finds nearly every ioctl and struct of these headers undocumented (info):
      // the fixes that write a new comment are checked on the first three of each header, the
      // others (completing, renaming, mending a comment) on every finding
      if (f.rule === 'uapi-kernel-doc' && kernelDoc++ >= 3 && f.fixes.every((x) => /^(Add a kernel-doc comment|Suppress) /.test(x.title))) continue;
      const key = findingKey(text, f);
      for (const fix of f.fixes) {
        stats.fixes++;
        const after = applyFix(text, fix);
        const where = `${path.relative(SYSTEM_INCLUDE, file)}: ${fix.title}`;
        if (syntaxErrors(after) > errors) failures.push(`${where}: new parse errors`);
        const again = await analyzeFile(file, after);
        // two members of the same name in different structs share a key: one of them must go
        const count = (fs: typeof before.findings, t: string) => fs.filter((g) => findingKey(t, g) === key).length;
        if (count(again.findings, after) >= count(before.findings, text)) failures.push(`${where}: ${key} is still there`);
        const tag = /^Make the padding of struct (\w+) explicit$/.exec(fix.title)?.[1];
        if (tag && f.rule === 'uapi-implicit-padding') {
          stats.padding++;
          const rec = again.model.host.index.record('struct', tag);
          const sizes = (['x86_64', 'i386'] as const).map((abi) => {
            const r = rec ? again.model.unit(abi).layout.record(rec) : undefined;
            return r?.ok ? r.value : undefined;
          });
          if (!sizes[0] || !sizes[1]) continue;
          // identical unless a member is itself ABI-dependent (long, pointer): then the other rules say so
          const moved = again.findings.some((g) => g.rule === 'uapi-abi-layout-mismatch' && g.message.startsWith(`struct ${tag} `));
          const same = sizes[0].size === sizes[1].size && sizes[0].members.every((m, k) => m.offset === sizes[1]!.members[k]?.offset);
          if (!moved && !same) failures.push(`${where}: x86_64 and i386 still differ`);
          if (same) stats.identical++;
          padded.push({ header: file, text: after, tag, x86_64: sizes[0].size, i386: sizes[1].size });
        }
      }
    }
  }
  // gcc compiles the fixed headers: the sizes must be what the analysis computed
  const work = makeWorkdir();
  let gccChecked = 0;
  for (const p of padded) {
    const copy = path.join(work, `${gccChecked}-${path.basename(p.header)}`);
    fs.writeFileSync(copy, p.text);
    for (const [abi, m32] of [['x86_64', false], ['i386', true]] as const) {
      const g = (await evaluateWithGcc(copy, [`sizeof(struct ${p.tag})`], work, m32)).get(`sizeof(struct ${p.tag})`);
      if (g === undefined) continue; // the header needs others gcc cannot reach on its own
      gccChecked++;
      if (g !== BigInt(p[abi])) failures.push(`${path.relative(SYSTEM_INCLUDE, p.header)} struct ${p.tag}: ${abi} ${p[abi]}, gcc ${g}`);
    }
  }
  fs.rmSync(work, { recursive: true, force: true });
  t.diagnostic(`fixes applied ${stats.fixes}; padding fixes ${stats.padding}, identical on x86_64 and i386 after it ${stats.identical}; sizes checked with gcc ${gccChecked}`);
  assert.deepEqual(failures, []);
  assert.ok(stats.fixes > 1000 && stats.padding > 50 && gccChecked > 50, JSON.stringify({ ...stats, gccChecked }));
});
