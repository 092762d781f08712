import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver';
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

export function codeActions(uri: string, result: AnalysisResult, params: CodeActionParams): CodeAction[] {
  const only = params.context.only;
  if (only && !only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(k + '.') || k === '')) return [];
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
  return actions.sort((a, b) => Number(!a.edit) - Number(!b.edit));
}
