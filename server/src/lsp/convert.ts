import { DiagnosticSeverity } from './protocol';
import type { Diagnostic, DiagnosticSeverity as LspSeverity, Range } from 'vscode-languageserver';
import type { SourceRange } from '../core/source';
import type { Finding, Severity } from '../rules/rule';

/** tree-sitter rows/columns (UTF-16) are LSP positions already; only the shape changes. */
export function toLspRange(r: SourceRange): Range {
  return {
    start: { line: r.start.row, character: r.start.column },
    end: { line: r.end.row, character: r.end.column },
  };
}

const SEVERITY: Record<Severity, LspSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toDiagnostic(f: Finding): Diagnostic {
  return {
    range: toLspRange(f.range),
    severity: SEVERITY[f.severity],
    code: f.rule,
    codeDescription: f.href ? { href: f.href } : undefined,
    source: 'uapi-lint',
    message: f.message,
    data: { ioctls: f.ioctls },
  };
}
