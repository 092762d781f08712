import { patchLabel } from '../core/patch/series';
import type { SeriesReview } from './review';

/**
 * A review as Markdown: for a reply mail (the command line), or for the editor's results panel,
 * where each finding links to its line. Which of the submission criteria the series meets, then
 * the findings patch by patch, each under the file and line it concerns.
 */

export interface ReportOptions {
  /** A link to a line of a file the series leaves behind (1-based), when the reader can follow one. */
  link?: (file: string, line: number, column: number) => string | undefined;
}

interface Criterion {
  title: string;
  /** The rules whose findings say the criterion is not met. */
  rules: readonly string[];
  /** What meeting it means, when nothing is found. */
  met: string;
  /** Criterion that only applies to new uAPI. */
  needsUapi?: boolean;
}

const CRITERIA: readonly Criterion[] = [
  { title: 'Open userspace', rules: ['submission-userspace'], met: 'the new uAPI links the open userspace that uses it', needsUapi: true },
  { title: 'Documentation', rules: ['submission-documentation', 'uapi-kernel-doc'], met: 'the new uAPI is documented (kernel-doc, and a page for a new driver)', needsUapi: true },
  { title: 'The right subsystem', rules: ['submission-placement', 'misc-device-accelerator', 'accel-outside-subsystem', 'custom-ioctl'], met: 'no private interface for what a subsystem already offers' },
  { title: 'The right reviewers', rules: ['submission-reviewers', 'shared-api-review'], met: "the mails copy every maintainer and list MAINTAINERS names, and linux-api for uAPI" },
  { title: 'Existing uAPI kept working', rules: ['uapi-abi-break'], met: 'no change breaks binaries built against the base' },
];

export function reviewMarkdown(review: SeriesReview, options: ReportOptions = {}): string {
  const { reviewed } = review;
  const series = reviewed.series;
  const title = series.cover?.subject || series.patches[0]?.mail.subject || series.patches[0]?.mail.source || 'the series';
  const count = series.patches.length;
  const out: string[] = [];
  out.push(`# Review of ${title}`, '');
  const at = (file: string, line: number, column = 1) => {
    const href = options.link?.(file, line, column);
    return href ? `[\`${file}:${line}\`](${href})` : `\`${file}:${line}\``;
  };
  out.push(`${count} patch${count === 1 ? '' : 'es'}, reviewed against ${review.baseLabel}.` + (review.alreadyApplied.length ? ` The tree already holds ${review.alreadyApplied.length} file${review.alreadyApplied.length > 1 ? 's' : ''} as the series leaves ${review.alreadyApplied.length > 1 ? 'them' : 'it'}; their base was read back by reversing the series.` : ''), '');
  const additions = reviewed.additions;
  if (additions.length) out.push(`New uAPI: ${additions.map((a) => `\`${a.subject}\``).join(', ')}.`, '');
  else out.push('The series adds no uAPI (no new uAPI header, ioctl or member).', '');

  const all = [...review.diagnostics.map((d) => ({ rule: d.rule, severity: d.severity })), ...review.findings.map((f) => ({ rule: f.rule, severity: f.severity }))];
  out.push('## Submission criteria', '');
  for (const c of CRITERIA) {
    const hits = all.filter((f) => c.rules.includes(f.rule) && (f.severity === 'error' || f.severity === 'warning'));
    if (c.needsUapi && !additions.length && !hits.length) {
      out.push(`- [x] ${c.title}: not needed (no new uAPI)`);
      continue;
    }
    if (c.rules.includes('submission-reviewers') && !series.patches.some((p) => p.mail.to.length || p.mail.cc.length) && !hits.length) {
      out.push(`- [ ] ${c.title}: not checked (the mails name no recipients yet); \`uapi-lint reviewers\` lists them`);
      continue;
    }
    const rules = [...new Set(hits.map((h) => h.rule))];
    out.push(hits.length ? `- [ ] ${c.title}: ${hits.length} finding${hits.length > 1 ? 's' : ''} (${rules.map((r) => `\`${r}\``).join(', ')})` : `- [x] ${c.title}: ${c.met}`);
  }
  out.push('');

  if (review.diagnostics.length) {
    out.push('## The series', '');
    for (const d of review.diagnostics) {
      const where = d.patch !== undefined ? ` (${patchLabel(series, series.patches.find((p) => p.index === d.patch)!)})` : '';
      const place = d.file !== undefined ? ` ${at(d.file, (d.line ?? 0) + 1)}` : '';
      out.push(`- **${d.severity}** \`${d.rule}\`${where}${place}: ${d.message}`);
    }
    out.push('');
  }
  const byPatch = new Map<number, typeof review.findings>();
  for (const f of review.findings) byPatch.set(f.patch, [...(byPatch.get(f.patch) ?? []), f]);
  for (const p of series.patches) {
    const findings = byPatch.get(p.index);
    if (!findings?.length) continue;
    out.push(`## ${patchLabel(series, p).replace(/^patch/, 'Patch')}`, '');
    for (const f of findings) out.push(`- ${at(f.file, f.range.start.row + 1, f.range.start.column + 1)} **${f.severity}** \`${f.rule}\`: ${f.message}`);
    out.push('');
  }
  if (!review.diagnostics.length && !review.findings.length) out.push('No findings.', '');
  if (review.problems.length) {
    out.push('## Not reviewed', '');
    for (const p of review.problems) out.push(`- ${p}`);
    out.push('');
  }
  return out.join('\n').trimEnd();
}
