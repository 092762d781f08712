import type { SourceRange } from '../core/source';
import type { DocumentKind, DocumentModel } from '../core/document';
import type { DocumentBase } from '../core/baseline/document-base';
import type { ReviewedSeries } from '../core/patch/reviewed-series';

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'hint'];

/** One replacement in the analysed header. */
export interface TextEdit {
  range: SourceRange;
  newText: string;
}

/** An edit that resolves (or silences) a finding, offered as a quick fix. */
export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The fix a user most likely wants (the editor may offer it first). */
  preferred?: boolean;
  /**
   * Safe to apply with every other such fix of the file at once ("Fix all"): it keeps the
   * meaning and the x86_64 layout, so the other fixes computed on the same text stay right.
   */
  fixAll?: boolean;
}

/** A finding as a rule reports it; the engine adds the rule id, severity and criteria link. */
export interface FindingDraft {
  range: SourceRange;
  message: string;
  /** Names of the ioctls the finding concerns. */
  ioctls?: string[];
  /** A severity other than the rule's, for this finding (an upstream ioctl is only `info`). */
  severity?: Severity;
  /** Criteria pages (under docs/criteria, without `.md`) beyond the rule's own, most specific first. */
  pages?: string[];
  /** About the file as a whole (no licence line, no guard): suppressed with `allow-file`. */
  fileLevel?: boolean;
  /** Fixes, computed when an editor asks for them (most findings are never acted on). */
  fixes?: () => Fix[];
}

export interface Finding {
  rule: string;
  severity: Severity;
  range: SourceRange;
  message: string;
  ioctls: string[];
  /** The criteria page that explains this finding best (a file: URI of the shipped page). */
  href: string | null;
  /** Every page the finding links to, as file: URIs, the most specific first. */
  pages: Array<{ page: string; href: string }>;
  /** Edits that resolve or silence the finding (computed on first access). */
  readonly fixes: Fix[];
  /** Against a git base: about something the base has too (`unchanged`), or `new` in the branch. */
  baselineState?: 'new' | 'unchanged';
}

/** What the user asked of the review as a whole. */
export interface RuleOptions {
  /** Review every ioctl as new, even those that already exist upstream. */
  treatAllAsNew?: boolean;
  /**
   * The document against the branch's base (git): what exists there is reviewed as `info`, and
   * what the branch changed is compared with it. Undefined without a base, or when the base says
   * nothing of the file: then the shipped table of upstream ioctls decides what exists.
   */
  base?: DocumentBase;
}

export interface Rule {
  id: string;
  defaultSeverity: Severity;
  /** One line on what the rule looks for. */
  description: string;
  /** The criteria page under docs/criteria (without `.md`). */
  criteria: string;
  /** It reads declarations and layouts (on every ABI): the editor publishes its findings second. */
  usesLayouts?: boolean;
  /** Its findings are about the analysis itself: a git base does not lower them to info. */
  keepsSeverity?: boolean;
  /** It reports what changed since the git base: its findings are new by nature, and keep their severity. */
  comparesWithBase?: boolean;
  /** The kinds of document it reviews: headers (the default), driver sources, or both. */
  documents?: readonly DocumentKind[];
  check(model: DocumentModel, report: (finding: FindingDraft) => void, options: RuleOptions): void;
}

/**
 * A finding about a patch series (`uapi-lint review`): about the series as a whole (no patch),
 * or about one patch, and where it helps, a line of a file the series leaves behind.
 */
export interface SeriesFindingDraft {
  message: string;
  /** The patch (1-based) it concerns; undefined for the series as a whole. */
  patch?: number;
  /** A file the series touches (relative to the tree) and a line (0-based) of its post-image. */
  file?: string;
  line?: number;
  severity?: Severity;
  /** Criteria pages beyond the rule's own, most specific first. */
  pages?: string[];
}

export interface SeriesFinding extends Omit<SeriesFindingDraft, 'pages' | 'severity'> {
  rule: string;
  severity: Severity;
  href: string | null;
  pages: Array<{ page: string; href: string }>;
}

/** A rule about what a series submits: its userspace, documentation, reviewers, placement. */
export interface SeriesRule {
  id: string;
  defaultSeverity: Severity;
  description: string;
  criteria: string;
  check(series: ReviewedSeries, report: (finding: SeriesFindingDraft) => void): void;
}
