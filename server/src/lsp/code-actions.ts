import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CodeActionKind } from './protocol';
import type { CodeAction, CodeActionParams, Diagnostic } from 'vscode-languageserver';
import type { AnalysisResult } from '../core/analysis';
import type { Finding, Fix } from '../rules/rule';
import { toDiagnostic, toLspRange } from './convert';
import { COMMANDS } from './commands';

/**
 * Code actions for the findings under the cursor: each finding's fixes (edits to the header)
 * and one "Open criteria page" per page it links to.
 */

const titles = new Map<string, string>();

/** A criteria page's own title, its first `# ` line. */
function pageTitle(href: string, page: string): string {
  let t = titles.get(href);
  if (t === undefined) {
    try {
      t = /^# (.+)$/m.exec(fs.readFileSync(fileURLToPath(href), 'utf8'))?.[1]?.trim() ?? page;
    } catch {
      t = page;
    }
    titles.set(href, t);
  }
  return t;
}

function overlaps(f: Finding, params: CodeActionParams): boolean {
  const r = params.range;
  const a = f.range;
  const before = (l1: number, c1: number, l2: number, c2: number) => l1 < l2 || (l1 === l2 && c1 <= c2);
  return before(a.start.row, a.start.column, r.end.line, r.end.character) && before(r.start.line, r.start.character, a.end.row, a.end.column);
}

function fixAction(uri: string, f: Finding, fix: Fix, diagnostic: Diagnostic): CodeAction {
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: fix.preferred,
    edit: { changes: { [uri]: fix.edits.map((e) => ({ range: toLspRange(e.range), newText: e.newText })) } },
  };
}

/** The kind of the whole-file action, under `source.fixAll` so editors can run it on save. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.uapiLint`;

const offsetOf = (p: { row: number; column: number }) => p.row * 1e6 + p.column;

/**
 * "Fix all uapi-lint findings": every fix marked safe to combine, once each (the padding fix of
 * a struct is offered by each of its holes), leaving out any whose edits would overlap one taken.
 */
export function fixAllAction(uri: string, result: AnalysisResult): CodeAction | undefined {
  const taken: Array<[number, number]> = [];
  const seen = new Set<string>();
  const edits: Fix['edits'] = [];
  for (const f of result.findings) {
    for (const fix of f.fixes) {
      if (!fix.fixAll) continue;
      const id = JSON.stringify(fix.edits);
      if (seen.has(id)) continue;
      seen.add(id);
      const spans = fix.edits.map((e) => [offsetOf(e.range.start), offsetOf(e.range.end)] as [number, number]);
      const clash = spans.some(([s, e]) => taken.some(([ts, te]) => (s < te && ts < e) || (s === e && ts < s && s < te) || (ts === te && s < ts && ts < e)));
      if (clash) continue;
      taken.push(...spans);
      edits.push(...fix.edits);
    }
  }
  if (edits.length === 0) return undefined;
  return {
    title: 'Fix all uapi-lint findings that have a safe fix',
    kind: FIX_ALL_KIND,
    edit: { changes: { [uri]: edits.map((e) => ({ range: toLspRange(e.range), newText: e.newText })) } },
  };
}

function wants(only: string[] | undefined, kind: string): boolean {
  return !only || only.some((k) => k === '' || kind === k || kind.startsWith(k + '.'));
}

export function codeActions(uri: string, result: AnalysisResult, params: CodeActionParams): CodeAction[] {
  const only = params.context.only;
  const fixAll = wants(only, FIX_ALL_KIND) ? fixAllAction(uri, result) : undefined;
  if (!wants(only, CodeActionKind.QuickFix)) return fixAll ? [fixAll] : [];
  const actions: CodeAction[] = [];
  const pages = new Set<string>();
  for (const f of result.findings) {
    if (!overlaps(f, params)) continue;
    const diagnostic = toDiagnostic(f);
    for (const fix of f.fixes) actions.push(fixAction(uri, f, fix, diagnostic));
    for (const p of f.pages) {
      if (pages.has(p.href)) continue;
      pages.add(p.href);
      const title = `Open criteria page: ${pageTitle(p.href, p.page)}`;
      actions.push({ title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], command: { title, command: COMMANDS.openCriteria, arguments: [p.href] } });
    }
  }
  // edits first (the conversion before the suppression), then the pages
  actions.sort((a, b) => Number(!a.edit) - Number(!b.edit));
  if (fixAll) actions.push(fixAll);
  return actions;
}
