import { parsePatch, type StructuredPatch } from 'diff';
import { PatchFormatError, readPatchMail, splitMailbox, type PatchMail } from './mail';

/**
 * A patch series: its cover letter, its patches in order, and the file changes of each (the
 * unified diff parsed by jsdiff, with git's extended headers: new, deleted, renamed files).
 */

/** How the series arrived: one mbox, several format-patch files (or a folder of them), one mail, a bare diff. */
export type SeriesForm = 'mbox' | 'format-patch' | 'patch' | 'diff';

export type FileChangeStatus = 'added' | 'deleted' | 'modified' | 'renamed';

export interface FileChange {
  /** Path before (relative to the tree, without `a/`); null for a new file. */
  oldPath: string | null;
  /** Path after (without `b/`); null for a deleted file. */
  newPath: string | null;
  status: FileChangeStatus;
  /** The hunks, as jsdiff parses them (what applyPatch takes). */
  patch: StructuredPatch;
  /** A binary change (`GIT binary patch`, `Binary files ... differ`): its content cannot be reviewed. */
  binary: boolean;
}

export interface SeriesPatch {
  /** 1-based position in the series (the `N` of `N/M` when the mails are numbered). */
  index: number;
  mail: PatchMail;
  changes: FileChange[];
}

export interface PatchSeries {
  form: SeriesForm;
  cover?: PatchMail;
  patches: SeriesPatch[];
  /** What is wrong with the input as a series (a missing patch, a diff that cannot be parsed). */
  problems: string[];
}

export interface PatchInput {
  /** File name as the user gave it, `-` for standard input. */
  name: string;
  text: string;
}

function stripPrefix(p: string | undefined): string | null {
  if (!p || p === '/dev/null') return null;
  // git's a/ and b/ (or any one-component prefix, as `patch -p1` strips)
  return p.replace(/^[^/]*\//, '').replace(/\t.*$/, '');
}

/** The file changes of one mail's diff. */
export function fileChanges(diff: string, where: string): FileChange[] {
  if (!diff.trim()) return [];
  let parsed: StructuredPatch[];
  try {
    parsed = parsePatch(diff);
  } catch (e) {
    throw new PatchFormatError(`${where}: the diff cannot be read (${(e as Error).message})`);
  }
  const binary = new Set<string>();
  for (const m of diff.matchAll(/^diff --git a\/(\S+) b\/(\S+)\n(?:(?!diff --git ).*\n)*?(?:GIT binary patch|Binary files .* differ)/gm)) binary.add(m[2]);
  const out: FileChange[] = [];
  for (const p of parsed) {
    if (!p.oldFileName && !p.newFileName) continue;
    const create = (p as { isCreate?: boolean }).isCreate || p.oldFileName === '/dev/null';
    const remove = (p as { isDelete?: boolean }).isDelete || p.newFileName === '/dev/null';
    const rename = (p as { isRename?: boolean }).isRename || (p as { isCopy?: boolean }).isCopy;
    const oldPath = create ? null : stripPrefix(p.oldFileName);
    const newPath = remove ? null : stripPrefix(p.newFileName);
    const status: FileChangeStatus = create ? 'added' : remove ? 'deleted' : rename || (oldPath !== newPath && oldPath && newPath) ? 'renamed' : 'modified';
    out.push({ oldPath, newPath, status, patch: p, binary: binary.has(newPath ?? oldPath ?? '') });
  }
  return out;
}

/** Whether a mail carries a diff (a cover letter does not). */
function hasDiff(m: PatchMail): boolean {
  return m.diff.trim().length > 0;
}

/**
 * The series in some inputs: each an mbox, a format-patch mail or a bare diff. Mails are put in
 * the order of their `N/M` numbers when all have one; the cover letter is `0/M`, or the one mail
 * without a diff.
 */
export async function readSeries(inputs: PatchInput[]): Promise<PatchSeries> {
  const mails: PatchMail[] = [];
  let messages = 0;
  for (const input of inputs) {
    const parts = splitMailbox(input.text);
    messages += parts.length;
    for (let k = 0; k < parts.length; k++) mails.push(await readPatchMail(parts[k], input.name, k));
  }
  const problems: string[] = [];
  const form: SeriesForm = mails.every((m) => !m.isMail) ? 'diff' : inputs.length === 1 && messages > 1 ? 'mbox' : mails.length > 1 ? 'format-patch' : 'patch';
  const numbered = mails.length > 1 && mails.every((m) => m.number !== undefined);
  if (numbered) {
    const seen = new Map<number, PatchMail>();
    for (const m of mails) {
      if (seen.has(m.number!)) problems.push(`two mails are patch ${m.number}/${m.total} ('${seen.get(m.number!)!.subject}' and '${m.subject}'): are two versions of the series mixed?`);
      seen.set(m.number!, m);
    }
    mails.sort((a, b) => a.number! - b.number!);
    const total = Math.max(...mails.map((m) => m.total ?? 0));
    const missing: number[] = [];
    for (let n = 1; n <= total; n++) if (!seen.has(n)) missing.push(n);
    if (missing.length) problems.push(`patch${missing.length > 1 ? 'es' : ''} ${missing.map((n) => `${n}/${total}`).join(', ')} of the series ${missing.length > 1 ? 'are' : 'is'} missing`);
  }
  let cover: PatchMail | undefined;
  const coverAt = mails.findIndex((m) => m.number === 0 || (mails.length > 1 && !hasDiff(m) && m.isMail && m.position === 0 && m.total !== undefined));
  if (coverAt >= 0 && !hasDiff(mails[coverAt])) cover = mails.splice(coverAt, 1)[0];
  const patches: SeriesPatch[] = [];
  for (const mail of mails) {
    const index = patches.length + 1;
    const where = mail.subject ? `patch ${index} ('${mail.title}')` : mail.source;
    let changes: FileChange[] = [];
    try {
      changes = fileChanges(mail.diff, where);
    } catch (e) {
      if (!(e instanceof PatchFormatError)) throw e;
      problems.push(e.message);
    }
    if (!hasDiff(mail)) problems.push(`${where} has no diff`);
    patches.push({ index, mail, changes });
  }
  if (!patches.length) problems.push('no patch in the input');
  return { form, cover, patches, problems };
}

/** How a patch is named in messages: `patch 2/5 ('accel/foo: add the uAPI')`, or its file. */
export function patchLabel(series: PatchSeries, p: SeriesPatch): string {
  if (series.form === 'diff') return p.mail.source === '-' ? 'the diff' : p.mail.source;
  const of = series.patches.length;
  return `patch ${p.index}/${of}${p.mail.title ? ` '${p.mail.title}'` : ''}`;
}
