import type { HeaderModel } from '../core/analysis';
import { criteriaHref } from '../core/package-files';
import { comparePositions } from '../core/source';
import { RULES } from './index';
import { SEVERITIES, type Finding, type Rule, type Severity } from './rule';

/** Severity per rule id as the user set it; 'off' disables a rule. */
export type SeverityOverrides = Readonly<Record<string, Severity | 'off'>>;

export function isSeverityOverride(v: unknown): v is Severity | 'off' {
  return v === 'off' || (typeof v === 'string' && (SEVERITIES as readonly string[]).includes(v));
}

export function runRules(model: HeaderModel, overrides: SeverityOverrides = {}, rules: readonly Rule[] = RULES): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    const setting = overrides[rule.id];
    if (setting === 'off') continue;
    const severity = setting ?? rule.defaultSeverity;
    const href = criteriaHref(rule.criteria);
    rule.check(model, (draft) => {
      findings.push({ rule: rule.id, severity, href, ioctls: draft.ioctls ?? [], range: draft.range, message: draft.message });
    });
  }
  // stable: position first, then rule order
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => comparePositions(a.f.range.start, b.f.range.start) || a.i - b.i)
    .map((x) => x.f);
}
