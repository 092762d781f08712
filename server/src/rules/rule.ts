import type { SourceRange } from '../core/source';
import type { HeaderModel } from '../core/analysis';

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'hint'];

/** A finding as a rule reports it; the engine adds the rule id, severity and criteria link. */
export interface FindingDraft {
  range: SourceRange;
  message: string;
  /** Names of the ioctls the finding concerns. */
  ioctls?: string[];
}

export interface Finding extends Required<FindingDraft> {
  rule: string;
  severity: Severity;
  /** The criteria page explaining the rule (a file: URI of the shipped page). */
  href: string | null;
}

export interface Rule {
  id: string;
  defaultSeverity: Severity;
  /** One line on what the rule looks for. */
  description: string;
  /** The criteria page under docs/criteria (without `.md`). */
  criteria: string;
  check(model: HeaderModel, report: (finding: FindingDraft) => void): void;
}
