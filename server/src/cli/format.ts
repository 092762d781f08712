import type { DocumentModel } from '../core/document';
import type { AnalysisResult } from '../analysis/pipeline';
import type { IoctlDefinition } from '../core/ioctl/extract';
import type { Finding } from '../rules/rule';
import { suggestionsFor } from '../knowledge/catalogue';

/** gcc's diagnostic format, which VS Code's `$gcc` problem matcher and CI log parsers read. */
export function formatGcc(displayPath: string, findings: readonly Finding[]): string {
  return findings
    .map((f) => {
      const sev = f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'note';
      return `${displayPath}:${f.range.start.row + 1}:${f.range.start.column + 1}: ${sev}: ${f.message} [${f.rule}]`;
    })
    .join('\n');
}

/** JSON output, version 1: fields are added over time, never changed or removed. */
export interface JsonIoctl {
  name: string;
  line: number;
  column: number;
  macro: string | null;
  dir: string | null;
  type: number | null;
  nr: number | null;
  argType: string | null;
  abi: Record<string, { size: number | null; value: number | null; unresolved?: string }>;
  unresolved: string | null;
  /** What the ioctl is for (a purpose id), and the catalogue entries that cover it, best first. */
  purpose: string;
  suggestions: string[];
  /**
   * The subsystem whose interface covers the ioctl (a subsystem id; for a subsystem's or the
   * kernel's own uAPI, its owner), or null when none fits; and the evidence for it.
   */
  subsystem: string | null;
  subsystemEvidence: Array<{ source: string; text: string }>;
  /** With subsystem null: the subsystem whose device it is, which has no interface for this ioctl (a crypto card's status). */
  subsystemDeclined: string | null;
  /** The ioctl is a subsystem's own uAPI (its header, magic and number), not a private interface. */
  subsystemUapi: boolean;
}

export interface JsonDiagnostic {
  rule: string;
  severity: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  href: string | null;
  ioctls: string[];
  /** Against the git base: about something the base has too (`unchanged`), or `new`. Only with a base. */
  baselineState?: 'new' | 'unchanged';
}

/** A driver source's driver model, as much of it as CI scripts read. */
export interface JsonDriver {
  registrations: Array<{ kind: 'misc' | 'cdev' | 'drm' | 'accel'; call: string; line: number; column: number }>;
  dispatched: Array<{ name: string; line: number; column: number; handler: string | null }>;
  /** The first use of each name of a shared API. */
  sharedApis: Array<{ api: string; name: string; line: number; column: number }>;
}

export interface JsonFile {
  path: string;
  ioctls: JsonIoctl[];
  diagnostics: JsonDiagnostic[];
  /** Present for a driver source (`.c`). */
  driver?: JsonDriver;
  /** The subsystem the header's or driver's private interface belongs in as a whole, or null. */
  subsystem: string | null;
}

function jsonDriver(model: DocumentModel): JsonDriver | undefined {
  const driver = model.kind === 'source' ? model.driver : undefined;
  if (!driver) return undefined;
  const at = (offset: number) => {
    const p = model.file.lines.position(offset);
    return { line: p.row + 1, column: p.column + 1 };
  };
  const seen = new Set<string>();
  return {
    registrations: driver.registrations.map((r) => ({ kind: r.kind, call: r.call, ...at(r.calleeSpan.start) })),
    dispatched: driver.dispatch.dispatched.map((d) => ({ name: d.name, ...at(d.span.start), handler: d.handler })),
    sharedApis: driver.sharedApis
      .filter((u) => !seen.has(u.name) && seen.add(u.name))
      .map((u) => ({ api: u.api, name: u.name, ...at(u.start) })),
  };
}

function jsonIoctl(i: IoctlDefinition, model: DocumentModel): JsonIoctl {
  const abi: JsonIoctl['abi'] = {};
  const failed = new Map<string, string[]>();
  for (const [name, v] of Object.entries(model.abiValues(i))) {
    abi[name] = v.unresolved ? { size: v.size, value: v.value, unresolved: v.unresolved } : { size: v.size, value: v.value };
    if (v.value === null && v.unresolved && v.unresolved !== i.unresolved) {
      failed.set(v.unresolved, [...(failed.get(v.unresolved) ?? []), name]);
    }
  }
  const purpose = model.purposeOf(i);
  const subsystem = model.subsystemOf(i);
  // the ioctl's own reason, then what kept particular ABIs from a number
  const reasons = [i.unresolved, ...[...failed].map(([why, abis]) => `${abis.join(', ')}: ${why}`)].filter(Boolean);
  return {
    name: i.name,
    line: i.nameRange.start.row + 1,
    column: i.nameRange.start.column + 1,
    macro: i.macro,
    dir: i.dir,
    type: i.type,
    nr: i.nr,
    argType: i.argType,
    abi,
    unresolved: reasons.length ? reasons.join('; ') : null,
    purpose: purpose.purpose,
    suggestions: suggestionsFor(purpose.purpose).map((e) => e.id),
    subsystem: subsystem.subsystem,
    subsystemEvidence: subsystem.evidence.map((e) => ({ source: e.source, text: e.text })),
    subsystemDeclined: subsystem.declined ?? null,
    subsystemUapi: subsystem.shared !== undefined,
  };
}

export function jsonFile(displayPath: string, result: AnalysisResult): JsonFile {
  const file: JsonFile = {
    path: displayPath,
    ioctls: result.model.ioctls.map((i) => jsonIoctl(i, result.model)),
    subsystem: result.model.skipped ? null : result.model.subsystems().whole.subsystem,
    diagnostics: result.findings.map((f) => ({
      rule: f.rule,
      severity: f.severity,
      line: f.range.start.row + 1,
      column: f.range.start.column + 1,
      endLine: f.range.end.row + 1,
      endColumn: f.range.end.column + 1,
      message: f.message,
      href: f.href,
      ioctls: f.ioctls,
      ...(f.baselineState ? { baselineState: f.baselineState } : {}),
    })),
  };
  const driver = jsonDriver(result.model);
  if (driver) file.driver = driver;
  return file;
}
