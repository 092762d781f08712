import { MarkupKind } from './protocol';
import type { Hover, Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentModel } from '../core/document';
import { describeIoctl, kernelDocMarkdown, recordLayouts } from '../core/describe';
import { kernelDocAbove } from '../core/parse/kernel-doc';
import { IOCTL_FORMS, looksLikeIoctlWrapper } from '../core/ioctl/forms';
import { rangeContains } from '../core/source';
import type { RecordDecl } from '../core/model/declarations';
import type { Finding } from '../rules/rule';
import type { DocumentBase } from '../core/baseline/document-base';
import { describeDriver, describeHandling } from '../core/describe-driver';
import type { DispatchedIoctl } from '../core/driver/dispatch';

/**
 * Hover on an ioctl macro (at its definition or a use), on an `_IO*`/`DRM_IO*` call inside a
 * definition, and on a struct or union name or member; in a driver source also on a case label
 * or an ioctl table entry (with what its handler does) and on the registration call (the
 * driver as a whole).
 */

/** The identifier at an offset of a text, and where it starts. */
export function wordAt(text: string, offset: number): { word: string; start: number } | null {
  const isWord = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_]/.test(c);
  let s = offset;
  while (s > 0 && isWord(text[s - 1])) s--;
  let e = offset;
  while (isWord(text[e])) e++;
  return e > s && /^[A-Za-z_]/.test(text[s]) ? { word: text.slice(s, e), start: s } : null;
}

function markdown(value: string): Hover {
  return { contents: { kind: MarkupKind.Markdown, value } };
}

function recordHover(model: DocumentModel, rec: RecordDecl, base?: DocumentBase): Hover {
  const doc = rec.file === model.path ? kernelDocAbove(model.file.text, rec.start) : null;
  return markdown(recordLayouts(model, rec) + baseLayouts(model, rec, base) + (doc ? '\n\n' + kernelDocMarkdown(doc) : ''));
}

/** A struct the branch changed: its layout at the git base, beside the current one above, and what the change does. */
function baseLayouts(model: DocumentModel, rec: RecordDecl, base: DocumentBase | undefined): string {
  if (!base || !rec.tag || rec.file !== model.path || base.recordState(rec) !== 'changed') return '';
  const was = base.base?.host.index.record(rec.kind, rec.tag);
  if (!was?.fields) return '';
  const change = base.changes.find((c) => c.subject === `${rec.kind} ${rec.tag}`);
  const verdict = change ? `\n\n${change.verdict === 'break' ? '**Breaks existing userspace**' : change.verdict === 'extension' ? '**An extension**' : 'Changed'}: ${change.details.join('; ')}.` : '';
  return `\n\n**At ${base.baseline.label}** (the git base):\n\n${recordLayouts(base.base!, was)}${verdict}`;
}

// the Problems panel has them all; a hover lists the first ones
const MAX_HOVER_FINDINGS = 50;

/** The review of an ioctl: the findings that concern it (its own, and its argument struct's). */
function findingsOf(findings: readonly Finding[], name: string): string {
  const mine = findings.filter((f) => f.ioctls.includes(name));
  if (mine.length === 0) return '';
  const lines = mine.slice(0, MAX_HOVER_FINDINGS).map((f) => `- ${f.severity} \`${f.rule}\` (line ${f.range.start.row + 1}): ${f.message}`);
  if (mine.length > MAX_HOVER_FINDINGS) lines.push(`- ... and ${mine.length - MAX_HOVER_FINDINGS} more`);
  return '\n\n**Findings**\n' + lines.join('\n');
}

function dispatchedHover(model: DocumentModel, d: DispatchedIoctl, findings: readonly Finding[]): string {
  const driver = model.driver!;
  const head = d.ioctl
    ? describeIoctl(model, d.ioctl)
    : `**${d.name}**\n\n*Cannot be decoded:* no header this file includes (as userspace would) defines it.`;
  return head + '\n\n' + describeHandling(model, driver, d) + findingsOf(findings, d.name);
}

/** The findings about the driver as a whole (not about one ioctl). */
function fileFindings(findings: readonly Finding[]): string {
  const general = findings.filter((f) => ['misc-device-accelerator', 'shared-api-review', 'ioctl-compat'].includes(f.rule));
  if (!general.length) return '';
  return '\n\n**Findings**\n' + general.slice(0, MAX_HOVER_FINDINGS).map((f) => `- ${f.severity} \`${f.rule}\` (line ${f.range.start.row + 1}): ${f.message}`).join('\n');
}

export function hover(doc: TextDocument, position: Position, model: DocumentModel, findings: readonly Finding[] = [], base?: DocumentBase): Hover | null {
  const text = doc.getText();
  const offset = doc.offsetAt(position);
  const at = wordAt(text, offset);
  if (!at) return null;
  const pos = { row: position.line, column: position.character };

  const driver = model.kind === 'source' ? model.driver : undefined;
  if (driver) {
    // a case label or a table entry (`DRM_IOCTL_DEF_DRV(FOO, ...)` names DRM_IOCTL_FOO as FOO)
    const d = driver.dispatch.dispatched.find((x) => x.span.start <= offset && offset <= x.span.end);
    if (d) return markdown(dispatchedHover(model, d, findings));
    // the registration call: the driver as a whole
    const r = driver.registrations.find((x) => x.calleeSpan.start <= offset && offset <= x.calleeSpan.end);
    if (r) return markdown(describeDriver(model, driver) + fileFindings(findings));
  }

  // an ioctl macro, here or from an included header
  const ioctl = model.ioctlNamed(at.word);
  if (ioctl) {
    const d = driver?.dispatch.dispatched.find((x) => x.name === ioctl.name);
    return markdown(describeIoctl(model, ioctl) + (d && driver ? '\n\n' + describeHandling(model, driver, d) : '') + findingsOf(findings, ioctl.name));
  }

  // an _IO* form or a wrapper inside an ioctl definition
  if (at.word in IOCTL_FORMS || looksLikeIoctlWrapper(at.word) || model.ioctls.some((i) => i.via.includes(at.word))) {
    const owner = model.ioctls.find((i) => rangeContains(i.range, pos));
    if (owner) return markdown(describeIoctl(model, owner) + findingsOf(findings, owner.name));
  }

  // `struct foo` / `union foo`
  const before = text.slice(Math.max(0, at.start - 12), at.start);
  const kind = /\b(struct|union)\s+$/.exec(before)?.[1] as 'struct' | 'union' | undefined;
  if (kind) {
    const rec = model.host.index.record(kind, at.word);
    if (rec?.fields) return recordHover(model, rec, base);
  }

  // a member name: the innermost record of this file whose body holds the position
  const records = model.file.declarations.records.filter((r) => r.fields && r.start <= offset && offset < r.end);
  records.sort((a, b) => b.start - a.start);
  for (const r of records) {
    const member = r.fields!.find((f) => f.nameStart <= offset && offset <= f.nameEnd && f.name === at.word);
    if (member) {
      // show the outermost named record that contains it: that is the struct users pass
      const outer = [...records].reverse().find((x) => x.tag) ?? r;
      return recordHover(model, outer, base);
    }
  }
  return null;
}
