import { initParser } from './parse/parser';
import { parseSourceFile, type SourceFile } from './include/source-file';
import { HeaderCache, unreadableReason } from './include/header-cache';
import { missingIncludes, preprocess, type PreprocessProblem, type TranslationUnit } from './preprocess/preprocessor';
import { predefinedMacros, X86_64_LINUX, type Target } from './preprocess/target';
import { tokenize } from './preprocess/tokens';
import type { MacroTable } from './preprocess/macros';
import { EnumValues } from './model/enum-values';
import { FIXED_WIDTH_TYPEDEFS } from './model/kernel-types';
import { extractIoctls, type IoctlDefinition } from './ioctl/extract';
import { FALLBACK_MACROS } from '../knowledge/fallback-macros';
import { runRules, type SeverityOverrides } from '../rules/engine';
import type { Finding } from '../rules/rule';

/**
 * The one entry point of the analysis: header text in, model and findings out.
 * It knows nothing of LSP or of the command line.
 */

export interface HeaderModel {
  path: string;
  file: SourceFile;
  tu: TranslationUnit;
  /** What the preprocessor could not do in this file (missing includes, bad conditionals). */
  problems: PreprocessProblem[];
  ioctls: IoctlDefinition[];
  /** Why the file's content was not analysed (binary, too large); undefined normally. */
  skipped?: string;
}

export interface AnalysisResult {
  model: HeaderModel;
  findings: Finding[];
}

export interface AnalysisOptions {
  /** Parsed headers and include roots, shared between analyses. */
  cache: HeaderCache;
  severities?: SeverityOverrides;
  target?: Target;
}

/** Load the parser; call once before analysing. */
export async function initAnalysis(): Promise<void> {
  await initParser();
}

/** Add the fallback uAPI macros that nothing in the translation unit defined. */
function addFallbacks(macros: MacroTable): void {
  for (const f of FALLBACK_MACROS) {
    if (macros.has(f.name)) continue;
    macros.define({ name: f.name, params: f.params, body: tokenize(f.body), bodyText: f.body, fallback: true });
  }
}

export function buildModel(file: SourceFile, options: AnalysisOptions): HeaderModel {
  const target = options.target ?? X86_64_LINUX;
  const tu = preprocess(file, { model: target.model, predefined: predefinedMacros(target), resolver: options.cache });
  addFallbacks(tu.macros);
  const env = { model: target.model, typedefType: (n: string) => FIXED_WIDTH_TYPEDEFS[n] };
  const enums = new EnumValues(tu, env);
  const isTypeName = (n: string) => n in FIXED_WIDTH_TYPEDEFS || /_t$/.test(n);
  const ioctls = extractIoctls({ tu, enums, env, isTypeName, missing: missingIncludes(tu) });
  return { path: file.path, file, tu, problems: tu.problems.filter((p) => p.file === file.path), ioctls };
}

/**
 * Analyse one header. Text that is not worth parsing (binary, over the size limit) gives a
 * model with no content and one finding that says why.
 */
export function analyzeHeader(path: string, text: string, options: AnalysisOptions): AnalysisResult {
  const skipped = unreadableReason(text, options.cache.limits);
  const file = parseSourceFile(path, skipped ? '' : text);
  const model: HeaderModel = { ...buildModel(file, options), skipped };
  return { model, findings: runRules(model, options.severities) };
}
