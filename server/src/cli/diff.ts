import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeDocument } from '../analysis/pipeline';
import { Baseline } from '../core/baseline/baseline';
import type { UapiChange } from '../core/baseline/abi-diff';
import { modelDocument } from '../core/document';
import { describeChange } from '../rules/uapi-abi-break';
import { UsageError } from './files';
import { newCache } from './lint';
import type { CliOptions } from './options';

/**
 * `uapi-lint diff`: the uAPI changes of the branch themselves (ioctls added, removed and
 * renumbered, structs extended and broken, constants changed) in the headers under PATH that
 * differ from the base, as gcc-style lines, JSON or Markdown.
 */

interface FileChanges {
  path: string;
  /** The branch deletes the header: everything in it is removed. */
  deleted: boolean;
  changes: UapiChange[];
}

/** The changed headers under the paths (a deleted header may be named, or found in a named folder). */
function changedHeaders(baseline: Baseline, paths: string[]): string[] {
  const changed = baseline.changedFiles().filter((f) => /\.h$/i.test(f));
  const out = new Set<string>();
  for (const p of paths) {
    const abs = path.resolve(p);
    const under = changed.filter((f) => f === abs || f.startsWith(abs + path.sep));
    if (!under.length && !fs.existsSync(abs)) throw new UsageError(`cannot read '${p}': no such file or folder, at the base or now`);
    for (const f of under) out.add(f);
  }
  return [...out].sort();
}

function changesOf(file: string, baseline: Baseline, options: CliOptions): FileChanges {
  const cache = newCache(options);
  let text: string | undefined;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    text = undefined;
  }
  if (text === undefined) {
    // deleted: every ioctl of its base version is gone
    const before = baseline.fileAt(file);
    const was = before.state === 'changed' ? modelDocument(file, before.text, baseline.cacheBeside(cache)) : undefined;
    const changes = (was?.ioctls ?? [])
      .filter((i) => i.file === file)
      .map((i): UapiChange => ({ kind: 'ioctl-removed', verdict: 'break', subject: i.name, range: { start: { row: 0, column: 0 }, end: { row: 0, column: 0 } }, ioctls: [i.name], abis: [], details: [`${i.name} is no longer defined: the branch deletes the header`] }));
    return { path: file, deleted: true, changes };
  }
  const result = analyzeDocument(file, text, { cache, baseline, rules: { treatAllAsNew: options.treatAllAsNew } });
  return { path: file, deleted: false, changes: result.base?.changes ?? [] };
}

const LABEL: Record<UapiChange['kind'], string> = {
  'ioctl-added': 'ioctl added',
  'ioctl-removed': 'ioctl removed',
  'ioctl-renumbered': 'ioctl renumbered',
  'struct-extended': 'struct extended',
  'struct-broken': 'struct broken',
  'constant-changed': 'constant changed',
};

function sentence(c: UapiChange, base: string): string {
  if (c.verdict === 'break') return describeChange(c, base);
  if (c.kind === 'ioctl-added') return `${c.subject} added`;
  return `${c.subject} extended since ${base}: ${c.details.join('; ')}; the kernel copies ${c.ioctls.join(', ')} by size, so this is an extension, not a break`;
}

/** Run `diff`; resolves to the exit status (1 when a change breaks existing userspace). */
export function diffCommand(options: CliOptions, out: (s: string) => void, err: (s: string) => void): number {
  if (!options.baseline) {
    err('uapi-lint: diff needs a git base: run it in a git work tree whose branch has an upstream (or origin/HEAD, origin/master, origin/main), or name one with --base REF\n');
    return 2;
  }
  const baseline = new Baseline(options.baseline);
  const rel = (f: string) => path.relative(process.cwd(), f) || f;
  const files = changedHeaders(baseline, options.paths).map((f) => changesOf(f, baseline, options));
  const breaks = files.some((f) => f.changes.some((c) => c.verdict === 'break'));
  if (options.format === 'json') {
    const json = {
      version: 1,
      base: { ref: baseline.ref, commit: baseline.commit },
      files: files.map((f) => ({
        path: rel(f.path),
        deleted: f.deleted,
        changes: f.changes.map((c) => ({
          kind: c.kind,
          verdict: c.verdict,
          subject: c.subject,
          line: c.range.start.row + 1,
          column: c.range.start.column + 1,
          ioctls: c.ioctls,
          abis: c.abis,
          details: c.details,
          ...(c.layouts ? { layouts: c.layouts } : {}),
        })),
      })),
    };
    out(JSON.stringify(json, null, 2) + '\n');
  } else if (options.format === 'markdown') {
    const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
    const lines = [`# uAPI changes against ${baseline.label}`, ''];
    const count = (v: UapiChange['verdict']) => files.reduce((n, f) => n + f.changes.filter((c) => c.verdict === v).length, 0);
    lines.push(`${files.length} header${files.length === 1 ? '' : 's'} changed: ${count('break')} breaking change(s), ${count('extension')} extension(s), ${count('addition')} addition(s).`, '');
    for (const f of files) {
      if (!f.changes.length) continue;
      lines.push(`## ${rel(f.path)}${f.deleted ? ' (deleted)' : ''}`, '', '| Line | Change | Subject | ABIs | What changed |', '| --- | --- | --- | --- | --- |');
      for (const c of f.changes) {
        const mark = c.verdict === 'break' ? '**break**: ' : '';
        lines.push(`| ${c.range.start.row + 1} | ${mark}${LABEL[c.kind]} | \`${cell(c.subject)}\` | ${cell(c.abis.length >= 10 ? 'all' : c.abis.join(', ') || 'all')} | ${cell(c.details.join('; '))}${c.layouts ? `<br>base: ${cell(c.layouts.base)}<br>now: ${cell(c.layouts.current)} (${c.layouts.abi})` : ''} |`);
      }
      lines.push('');
    }
    out(lines.join('\n') + '\n');
  } else {
    for (const f of files) {
      for (const c of f.changes) {
        const sev = c.verdict === 'break' ? 'error' : 'note';
        out(`${rel(f.path)}:${c.range.start.row + 1}:${c.range.start.column + 1}: ${sev}: ${sentence(c, baseline.label)} [${c.kind}]\n`);
      }
    }
  }
  return breaks && options.failOn !== 'none' ? 1 : 0;
}
