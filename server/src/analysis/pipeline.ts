import { initParser } from '../core/parse/parser';
import { modelDocument, type DocumentModel } from '../core/document';

// the model alone, for the editor: it publishes the quick findings before the others
export { modelDocument, type DocumentModel };
import type { HeaderCache } from '../core/include/header-cache';
import { finish, ruleSteps, runRules, type SeverityOverrides } from '../rules/engine';
import { QUICK_RULES, RULES } from '../rules/index';
import type { Finding, RuleOptions } from '../rules/rule';
import type { Baseline } from '../core/baseline/baseline';
import { DocumentBase } from '../core/baseline/document-base';

/**
 * The analysis pipeline, the one entry point of the language server and the command line:
 * a document's text in, its model (core) and the findings of the rules that apply to its kind out.
 * It knows nothing of LSP or of the command line.
 */

export interface AnalysisResult {
  model: DocumentModel;
  findings: Finding[];
  /** The document against the git base, when there is one that knows the file. */
  base?: DocumentBase;
}

export interface AnalysisOptions {
  /** Parsed headers and include roots, shared between analyses. */
  cache: HeaderCache;
  /** Why the file is not analysed, when the caller knows without its text (too large to read). */
  skipped?: string;
  severities?: SeverityOverrides;
  rules?: RuleOptions;
  /** The branch's base in git: what exists there is `info`, and what changed is compared with it. */
  baseline?: Baseline;
}

/** Load the parser; call once before analysing. */
export async function initAnalysis(): Promise<void> {
  await initParser();
}

const bases = new WeakMap<DocumentModel, { baseline: Baseline; base: DocumentBase | undefined }>();

/** The document against the options' baseline (one per model and baseline). */
export function baseOf(model: DocumentModel, options: AnalysisOptions): DocumentBase | undefined {
  if (!options.baseline) return undefined;
  let known = bases.get(model);
  if (!known || known.baseline !== options.baseline) {
    known = { baseline: options.baseline, base: DocumentBase.of(options.baseline, model, options.cache) };
    bases.set(model, known);
  }
  return known.base;
}

/**
 * The findings of a model: every rule, or only those that need no layouts (`quick`). Against a
 * git base, each says whether it is new in the branch, and those about what was there already
 * are only `info`.
 */
export function findingsOf(model: DocumentModel, options: AnalysisOptions, which: 'all' | 'quick' = 'all'): Finding[] {
  return finish(findingSteps(model, options, which));
}

/** `findingsOf` one rule at a time (see `ruleSteps`): the editor runs the complete analysis in these slices. */
export function* findingSteps(model: DocumentModel, options: AnalysisOptions, which: 'all' | 'quick' = 'all'): Generator<void, Finding[]> {
  const base = baseOf(model, options);
  const findings = yield* ruleSteps(model, options.severities, base ? { ...options.rules, base } : options.rules, which === 'all' ? RULES : QUICK_RULES);
  if (base) settleAgainstBase(findings, model, base, options);
  return findings;
}

/** Analyse one document: its model and the findings of every rule. */
export function analyzeDocument(filePath: string, text: string, options: AnalysisOptions): AnalysisResult {
  // the tree is kept while the rules run, so the declarations they ask for come from it rather
  // than a second parse; anything asking later parses again
  const model = modelDocument(filePath, text, options.cache, undefined, options.skipped, true);
  try {
    return { model, findings: findingsOf(model, options), base: baseOf(model, options) };
  } finally {
    model.file.dispose();
  }
}

/** Where a finding stands against the base: about something the base has too, or new. */
export type BaselineState = 'new' | 'unchanged';

/** The rules whose findings a base does not lower, and those that report the changes themselves (see Rule). */
const KEEP_SEVERITY = new Set(RULES.filter((r) => r.keepsSeverity || r.comparesWithBase).map((r) => r.id));
const CHANGES = new Set(RULES.filter((r) => r.comparesWithBase).map((r) => r.id));

/** A finding's message without what moves when unrelated lines do, or what says where something exists. */
function findingKey(f: Finding): string {
  const message = f.message.replace(/\bline \d+\b/g, 'line').replace(/ \((in|upstream in) [^)]*\)/g, '');
  return `${f.rule}\0${message}`;
}

/** The findings of each base version, by key (the base version stays while the document is edited). */
const baseFindings = new WeakMap<DocumentModel, Set<string>>();

/**
 * Per finding, whether it is new in the branch or was there at the base (SARIF's
 * `baselineState`, `--new-only`): unchanged when the document is the base's, when every ioctl it
 * concerns exists at the base as it is, or (a finding about no ioctl) when the base version of
 * the document has the same finding. Unchanged findings are lowered to `info` (what exists is not the branch's to fix),
 * except those about the analysis itself.
 */
function settleAgainstBase(findings: Finding[], model: DocumentModel, base: DocumentBase, options: AnalysisOptions): void {
  const before = (): Set<string> => {
    const was = base.base!;
    let keys = baseFindings.get(was);
    if (!keys) {
      keys = new Set(runRules(was, options.severities, options.rules, RULES).map(findingKey));
      baseFindings.set(was, keys);
    }
    return keys;
  };
  for (const f of findings) {
    let state: BaselineState;
    if (CHANGES.has(f.rule)) state = 'new';
    else if (base.state !== 'changed') state = base.state === 'same' ? 'unchanged' : 'new';
    else {
      // about ioctls: whether they are at the base as they are now (one the branch changed is
      // reviewed as new, even where its finding reads the same); about anything else: whether the
      // base version has the same finding
      const existing = f.ioctls.every((n) => {
        const i = model.ioctlNamed(n);
        return i !== undefined && base.ioctlState(i) === 'existing';
      });
      state = (f.ioctls.length ? existing : before().has(findingKey(f))) ? 'unchanged' : 'new';
    }
    if (!KEEP_SEVERITY.has(f.rule) && state === 'unchanged' && (f.severity === 'error' || f.severity === 'warning')) f.severity = 'info';
    f.baselineState = state;
  }
}
