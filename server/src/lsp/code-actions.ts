import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CodeActionKind } from './protocol';
import type { CodeAction, CodeActionParams, Diagnostic } from 'vscode-languageserver';
import type { AnalysisResult } from '../analysis/pipeline';
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

/**
 * The spans of the edits taken so far, by 1,024-character block of the text, so that a new
 * span is compared only with those near it. Two edits clash when their insides meet: an
 * insertion strictly inside a replaced span, or two replaced spans that overlap.
 */
class TakenSpans {
  private readonly blocks = new Map<number, { spans: Array<[number, number]>; points: Set<number> }>();

  private *blocksOf(s: number, e: number) {
    for (let b = Math.floor(s / 1024); b <= Math.floor(e / 1024); b++) yield b;
  }

  clashes(s: number, e: number): boolean {
    for (const b of this.blocksOf(s, e)) {
      const block = this.blocks.get(b);
      if (!block) continue;
      if (s === e ? block.spans.some(([ts, te]) => ts < s && s < te) : block.spans.some(([ts, te]) => s < te && ts < e)) return true;
      if (s < e) for (const p of block.points) if (s < p && p < e) return true;
    }
    return false;
  }

  add(s: number, e: number): void {
    for (const b of this.blocksOf(s, e)) {
      let block = this.blocks.get(b);
      if (!block) this.blocks.set(b, (block = { spans: [], points: new Set() }));
      if (s === e) block.points.add(s);
      else block.spans.push([s, e]);
    }
  }
}

/**
 * "Fix all uapi-lint findings": every fix marked safe to combine, once each (the padding fix of
 * a struct is offered by each of its holes), leaving out any whose edits would overlap one taken.
 */
export function fixAllAction(uri: string, result: AnalysisResult): CodeAction | undefined {
  const lines = result.model.file.lines;
  const taken = new TakenSpans();
  const seenFixes = new Set<Fix>();
  const seen = new Set<string>();
  const edits: Fix['edits'] = [];
  for (const f of result.findings) {
    for (const fix of f.fixes) {
      if (!fix.fixAll || seenFixes.has(fix)) continue;
      seenFixes.add(fix);
      const id = JSON.stringify(fix.edits);
      if (seen.has(id)) continue;
      seen.add(id);
      const spans = fix.edits.map((e) => [lines.offset(e.range.start), lines.offset(e.range.end)] as [number, number]);
      if (spans.some(([s, e]) => taken.clashes(s, e))) continue;
      for (const [s, e] of spans) taken.add(s, e);
      for (const e of fix.edits) edits.push(e);
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
  const only = params.context?.only;
  const fixAll = wants(only, FIX_ALL_KIND) ? fixAllAction(uri, result) : undefined;
  if (!wants(only, CodeActionKind.QuickFix)) return fixAll ? [fixAll] : [];
  const actions: CodeAction[] = [];
  const pages = new Set<string>();
  // a fix several findings offer (the padding of a struct, by each of its holes) is one action
  const byFix = new Map<Fix, CodeAction>();
  for (const f of result.findings) {
    if (!overlaps(f, params)) continue;
    const diagnostic = toDiagnostic(f);
    for (const fix of f.fixes) {
      const known = byFix.get(fix);
      if (known) {
        known.diagnostics!.push(diagnostic);
        continue;
      }
      const action = fixAction(uri, f, fix, diagnostic);
      byFix.set(fix, action);
      actions.push(action);
    }
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
