import type { DocumentModel } from '../core/document';
import { criteriaHref } from '../core/package-files';
import { comparePositions } from '../core/source';
import { RULES } from './index';
import { suppressFix } from './fixes/suppress';
import { SEVERITIES, type Finding, type Fix, type Rule, type RuleOptions, type Severity } from './rule';

/** Severity per rule id as the user set it; 'off' disables a rule. */
export type SeverityOverrides = Readonly<Record<string, Severity | 'off'>>;

export function isSeverityOverride(v: unknown): v is Severity | 'off' {
  return v === 'off' || (typeof v === 'string' && (SEVERITIES as readonly string[]).includes(v));
}

// Messages quote the header (an expression, a directive): a hostile one must not make a
// megabyte-long diagnostic.
const MAX_MESSAGE = 1000;

function bounded(message: string): string {
  return message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)} ...` : message;
}

const HEADERS_ONLY = ['header'] as const;

/** The pages a finding links to: those it names, most specific first, then its rule's; each once, only those shipped. */
export function criteriaPages(named: readonly string[] | undefined, criteria: string): Finding['pages'] {
  const pages: Finding['pages'] = [];
  for (const page of [...(named ?? []), criteria]) {
    const href = criteriaHref(page);
    if (href && !pages.some((p) => p.page === page)) pages.push({ page, href });
  }
  return pages;
}

/** Rules whose findings a suppression comment cannot hide: they say the analysis itself failed. */
const NOT_SUPPRESSIBLE = new Set(['file-skipped']);

export function runRules(
  model: DocumentModel,
  overrides: SeverityOverrides = {},
  options: RuleOptions = {},
  rules: readonly Rule[] = RULES,
): Finding[] {
  return finish(ruleSteps(model, overrides, options, rules));
}

/** Run a stepwise computation to its end at once. */
export function finish<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The rules one at a time: the generator stops after each rule, so the editor can answer
 * requests between them (the complete analysis of a large header takes tens of milliseconds),
 * and returns the findings in order when the last has run.
 */
export function* ruleSteps(
  model: DocumentModel,
  overrides: SeverityOverrides = {},
  options: RuleOptions = {},
  rules: readonly Rule[] = RULES,
): Generator<void, Finding[]> {
  const suppressed = new Map<number, Set<string>>();
  for (const s of model.file.suppressions) {
    const set = suppressed.get(s.line) ?? new Set<string>();
    for (const r of s.rules) set.add(r);
    suppressed.set(s.line, set);
  }
  const findings: Finding[] = [];
  for (const rule of rules) {
    const setting = overrides[rule.id];
    if (setting === 'off' || !(rule.documents ?? HEADERS_ONLY).includes(model.kind)) continue;
    rule.check(
      model,
      (draft) => {
        if (!NOT_SUPPRESSIBLE.has(rule.id) && (suppressed.get(draft.range.start.row)?.has(rule.id) || suppressed.get(-1)?.has(rule.id))) return;
        const pages = criteriaPages(draft.pages, rule.criteria);
        let fixes: Fix[] | undefined;
        findings.push({
          rule: rule.id,
          // a rule may set one finding apart (an ioctl that is upstream already is only \`info\`,
          // whatever the rule's severity); the user's setting replaces the rule's default
          severity: draft.severity ?? setting ?? rule.defaultSeverity,
          range: draft.range,
          message: bounded(draft.message),
          ioctls: draft.ioctls ?? [],
          href: pages[0]?.href ?? null,
          pages,
          get fixes() {
            if (!fixes) {
              fixes = draft.fixes?.() ?? [];
              if (!NOT_SUPPRESSIBLE.has(rule.id)) fixes.push(suppressFix(model.file, rule.id, draft.range, draft.fileLevel));
            }
            return fixes;
          },
        });
      },
      options,
    );
    yield;
  }
  // stable: position first, then rule order
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => comparePositions(a.f.range.start, b.f.range.start) || a.i - b.i)
    .map((x) => x.f);
}
