import PostalMime from 'postal-mime';

/**
 * Patches as they travel: a `git format-patch` mail, an mbox of a series (as `b4 am` writes it),
 * or a plain `git diff`. The mail itself (folded headers, RFC 2047 words, quoted-printable and
 * base64 bodies, charsets) is decoded by postal-mime; what is read here is what the kernel's
 * patch format adds to it (Documentation/process/submitting-patches.rst): the `[PATCH v2 3/7]`
 * subject prefix, the commit message up to the `---` line, the trailers, the diff and the
 * `base-commit:` line.
 */

export interface MailAddress {
  name: string;
  address: string;
}

export interface PatchMail {
  /** The file it was read from (`-` for standard input). */
  source: string;
  /** Its position among the messages of that file (0 for a single mail). */
  position: number;
  /** The subject, decoded, with its `[PATCH ...]` prefix. */
  subject: string;
  /** The subject without the bracketed prefix: the commit's title. */
  title: string;
  /** `N` of `[PATCH N/M]`; undefined without numbering. */
  number?: number;
  /** `M` of `[PATCH N/M]`. */
  total?: number;
  /** `2` of `[PATCH v2 ...]`. */
  version?: number;
  /** The prefix says RFC. */
  rfc: boolean;
  from?: MailAddress;
  to: MailAddress[];
  cc: MailAddress[];
  messageId?: string;
  inReplyTo?: string;
  date?: string;
  /** The commit message: the body up to the `---` separator (or the diff), trailers included. */
  message: string;
  /** What follows the separator before the diff: changelog and diffstat, dropped when applied. */
  notes: string;
  /** The diff: from its first `diff --git` (or `---`/`+++` pair) to the signature. */
  diff: string;
  /** Line (0-based) of the diff's first line in `text`. */
  diffLine: number;
  /** The mail as get_maintainer.pl reads a patch file: headers and body, decoded, one line each. */
  text: string;
  /** `base-commit: <sha>` (git format-patch --base, b4). */
  baseCommit?: string;
  /** Whether it came with mail headers (a plain `git diff` has none). */
  isMail: boolean;
}

/** A patch input that cannot be read as one. */
export class PatchFormatError extends Error {}

const FROM_LINE = /^From \S+ .*\d\d:\d\d:\d\d/;
const DIFF_START = /^(diff --git |diff -|Index: |--- \S)/;

/**
 * The messages of an mbox (or the one message of a format-patch file): split at `From ` lines
 * (asctime dates; b4 writes `From git@z Thu Jan  1 00:00:00 1970`), with mboxrd's `>From `
 * quoting undone. A file without such lines is one message.
 */
export function splitMailbox(text: string): string[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const starts: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    // a `From ` line starts a message at the top of the file or after a blank line
    if (FROM_LINE.test(lines[i]) && (i === 0 || lines[i - 1] === '')) starts.push(i);
  }
  if (!starts.length) return [lines.join('\n')];
  const out: string[] = [];
  for (let k = 0; k < starts.length; k++) {
    const body = lines.slice(starts[k] + 1, k + 1 < starts.length ? starts[k + 1] : lines.length);
    out.push(body.map((l) => (/^>+From /.test(l) ? l.slice(1) : l)).join('\n'));
  }
  return out;
}

/** Whether a text reads as a mail (headers first) rather than a bare diff. */
function hasMailHeaders(text: string): boolean {
  const head = text.slice(0, 4096).split('\n', 40);
  let fields = 0;
  for (const l of head) {
    if (l === '') break;
    if (/^[A-Za-z][A-Za-z0-9-]*:/.test(l)) fields++;
    else if (!/^[ \t]/.test(l)) return false;
  }
  return fields > 0 && /^(from|subject|date|message-id|to|cc):/im.test(head.join('\n'));
}

const PREFIX = /^\s*((?:\[[^\]]*\]\s*)+)/;

/** `[PATCH v2 3/7]`, `[RFC PATCH 0/2]`, `[PATCH net-next]`: numbers, version, RFC. */
export function subjectPrefix(subject: string): { title: string; number?: number; total?: number; version?: number; rfc: boolean } {
  const m = PREFIX.exec(subject);
  if (!m) return { title: subject.trim(), rfc: false };
  const tags = m[1];
  const numbers = /\b(\d+)\/(\d+)\b/.exec(tags);
  const version = /\bv(\d+)\b/i.exec(tags);
  return {
    title: subject.slice(m[0].length).trim(),
    number: numbers ? Number(numbers[1]) : undefined,
    total: numbers ? Number(numbers[2]) : undefined,
    version: version ? Number(version[1]) : undefined,
    rfc: /\bRFC\b/i.test(tags),
  };
}

/** The git signature (`-- \n2.39.5`) format-patch ends a mail with: not part of the last hunk. */
function withoutSignature(lines: string[]): string[] {
  for (let i = lines.length - 1; i >= 0 && i >= lines.length - 6; i--) {
    if (lines[i] === '-- ') return lines.slice(0, i);
  }
  return lines;
}

/** Split a body into commit message, notes (after `---`) and diff. */
function splitBody(body: string): { message: string; notes: string; diff: string; diffLine: number; baseCommit?: string } {
  const lines = body.split('\n');
  let separator = -1;
  let diff = -1;
  for (let i = 0; i < lines.length; i++) {
    if (separator < 0 && lines[i] === '---') separator = i;
    if (/^diff --git /.test(lines[i]) || /^Index: /.test(lines[i]) || (/^--- \S/.test(lines[i]) && /^\+\+\+ \S/.test(lines[i + 1] ?? ''))) {
      diff = i;
      break;
    }
  }
  const messageEnd = separator >= 0 ? separator : diff >= 0 ? diff : lines.length;
  const diffLines = diff >= 0 ? withoutSignature(lines.slice(diff)) : [];
  // base-commit: follows the diff (format-patch --base), or ends the cover letter
  const base = /^base-commit: ([0-9a-f]{7,40})\s*$/m.exec(diff >= 0 ? lines.slice(diff).join('\n') : body);
  return {
    message: lines.slice(0, messageEnd).join('\n').trim(),
    notes: separator >= 0 ? lines.slice(separator + 1, diff >= 0 ? diff : lines.length).join('\n') : '',
    diff: diffLines.join('\n').replace(/\n?$/, '\n'),
    diffLine: diff,
    baseCommit: base?.[1],
  };
}

function addresses(list: Array<{ name?: string; address?: string; group?: Array<{ name?: string; address?: string }> }> | undefined): MailAddress[] {
  const out: MailAddress[] = [];
  for (const a of list ?? []) {
    if (a.group) out.push(...addresses(a.group));
    else if (a.address) out.push({ name: a.name ?? '', address: a.address });
  }
  return out;
}

/** One message (a mail, or a bare diff) as a patch. */
export async function readPatchMail(raw: string, source: string, position = 0): Promise<PatchMail> {
  const text = raw.replace(/\r\n/g, '\n');
  if (!hasMailHeaders(text)) {
    // a plain `git diff`: no headers, no commit message
    const lines = text.split('\n');
    const start = lines.findIndex((l) => DIFF_START.test(l));
    if (start < 0) throw new PatchFormatError(`${source}: neither a mail nor a diff (no 'diff --git' or '---'/'+++' lines)`);
    const diff = withoutSignature(lines.slice(start)).join('\n').replace(/\n?$/, '\n');
    return { source, position, subject: '', title: '', rfc: false, to: [], cc: [], message: lines.slice(0, start).join('\n').trim(), notes: '', diff, diffLine: start, text, isMail: false };
  }
  const parsed = await PostalMime.parse(text);
  const headerEnd = text.indexOf('\n\n');
  // what get_maintainer.pl scans: the decoded headers, then the body as it arrives decoded
  const headers = (parsed.headers ?? []).map((h) => `${h.originalKey ?? h.key}: ${decodeHeader(h.key, h.value, parsed)}`);
  const body = (parsed.text ?? (headerEnd >= 0 ? text.slice(headerEnd + 2) : '')).replace(/\r\n/g, '\n');
  const parts = splitBody(body);
  const subject = parsed.subject ?? '';
  const prefix = subjectPrefix(subject);
  const header = (k: string) => parsed.headers?.find((h) => h.key === k)?.value?.trim();
  return {
    source,
    position,
    subject,
    ...prefix,
    from: parsed.from?.address ? { name: parsed.from.name ?? '', address: parsed.from.address } : undefined,
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    messageId: parsed.messageId ?? header('message-id'),
    inReplyTo: parsed.inReplyTo ?? header('in-reply-to'),
    date: parsed.date ?? header('date'),
    message: parts.message,
    notes: parts.notes,
    diff: parts.diffLine >= 0 ? parts.diff : '',
    diffLine: parts.diffLine >= 0 ? headers.length + 1 + parts.diffLine : -1,
    text: `${headers.join('\n')}\n\n${body}`,
    baseCommit: parts.baseCommit,
    isMail: true,
  };
}

/** A header's value decoded (RFC 2047 words) as postal-mime decodes subjects and addresses. */
function decodeHeader(key: string, value: string, parsed: { subject?: string }): string {
  if (key === 'subject' && parsed.subject !== undefined) return parsed.subject;
  try {
    return PostalMime.decodeWords(value);
  } catch {
    return value;
  }
}
