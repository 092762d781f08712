import { initParser } from '../core/parse/parser';
import { modelDocument, type DocumentModel } from '../core/document';

// the model alone, for the editor: it publishes the quick findings before the others
export { modelDocument, type DocumentModel };
import type { HeaderCache } from '../core/include/header-cache';
import { runRules, type SeverityOverrides } from '../rules/engine';
import { QUICK_RULES, RULES } from '../rules/index';
import type { Finding, RuleOptions } from '../rules/rule';

/**
 * The analysis pipeline, the one entry point of the language server and the command line:
 * a document's text in, its model (core) and the findings of the rules that apply to its kind out.
 * It knows nothing of LSP or of the command line.
 */

export interface AnalysisResult {
  model: DocumentModel;
  findings: Finding[];
}

export interface AnalysisOptions {
  /** Parsed headers and include roots, shared between analyses. */
  cache: HeaderCache;
  /** Why the file is not analysed, when the caller knows without its text (too large to read). */
  skipped?: string;
  severities?: SeverityOverrides;
  rules?: RuleOptions;
}

/** Load the parser; call once before analysing. */
export async function initAnalysis(): Promise<void> {
  await initParser();
}

/** The findings of a model: every rule, or only those that need no layouts (`quick`). */
export function findingsOf(model: DocumentModel, options: AnalysisOptions, which: 'all' | 'quick' = 'all'): Finding[] {
  return runRules(model, options.severities, options.rules, which === 'all' ? RULES : QUICK_RULES);
}

/** Analyse one document: its model and the findings of every rule. */
export function analyzeDocument(filePath: string, text: string, options: AnalysisOptions): AnalysisResult {
  const model = modelDocument(filePath, text, options.cache, undefined, options.skipped);
  return { model, findings: findingsOf(model, options) };
}
