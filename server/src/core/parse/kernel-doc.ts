/**
 * Kernel-doc comments (`/** ... *\/` above a declaration or a `#define`), read two ways: as
 * plain text (what the hover and the purpose classifier show and read), and as Linux 6.12's
 * scripts/kernel-doc reads them, line by line through its states, so that a rule can say what
 * `scripts/kernel-doc -none -Wall` would warn about: which comment documents which declaration,
 * its identifier line (`struct foo - summary`), its `@member:` sections (also those written
 * inline, inside the declaration), and what it cannot read.
 */

const KERNEL_DOC_REACH = 64 * 1024;

/** The `/** ... *\/` comment right above `offset` (only blank space between), as plain text. */
export function kernelDocAbove(text: string, offset: number): string | null {
  let end = text.lastIndexOf('\n', offset - 1);
  while (end > 0 && /\s/.test(text[end - 1])) end--;
  if (!text.startsWith('*/', end - 2)) return null;
  // looked for only as far as a doc comment plausibly reaches: a stray '*/' in a megabyte of
  // text must not cost a scan of all of it for every ioctl
  const from = Math.max(0, end - 2 - KERNEL_DOC_REACH);
  const opening = text.slice(from, end - 2).lastIndexOf('/**');
  const start = opening < 0 ? -1 : from + opening;
  if (start < 0 || text.slice(start + 3, end - 2).includes('*/')) return null;
  return text
    .slice(start + 3, end - 2)
    .split('\n')
    .map((l) => l.replace(/^\s*\*( |$)/, '').trimEnd())
    .join('\n')
    .trim();
}

/**
 * The comment that ends a `#define`'s last line (`_IO('h', 0x04)	/* enable periodic *\/`), as
 * plain text: old headers say there what each command does, in a few words. `start` and `end`
 * are the define's; a comment that only opens on the line is not read.
 */
export function trailingComment(text: string, start: number, end: number): string | null {
  let eol = text.indexOf('\n', end);
  if (eol < 0) eol = text.length;
  const line = text.slice(Math.max(start, text.lastIndexOf('\n', end - 1) + 1), eol);
  const m = /(?:\/\*((?:(?!\*\/).)*)\*\/|\/\/(.*))\s*$/.exec(line);
  const said = m ? (m[1] ?? m[2] ?? '').replace(/^[\s*]+|[\s*]+$/g, '') : '';
  return said.length > 0 ? said : null;
}

/**
 * A short plain comment (`/* ... *\/`, not kernel-doc) that ends on the line right above `offset`,
 * as plain text: what an old header says of the command below it (`/* For user call_os handling -
 * normally a TLB fault *\/`). A long one is a section's introduction, not this command's.
 */
export function plainCommentAbove(text: string, offset: number): string | null {
  const lineStart = text.lastIndexOf('\n', offset - 1);
  if (lineStart <= 0) return null;
  let end = lineStart;
  while (end > 0 && (text[end - 1] === ' ' || text[end - 1] === '\t' || text[end - 1] === '\r')) end--;
  if (!text.startsWith('*/', end - 2)) return null;
  const open = text.lastIndexOf('/*', end - 2);
  if (open < 0 || text.startsWith('/**', open) || end - open > 240) return null;
  // the comment must start its own line, and not right below another define: old headers put a
  // define's comment on the line after it (`#define FDWERRORCLR ...` then `/* clear write error *\/`)
  const lineOpen = text.lastIndexOf('\n', open - 1) + 1;
  if (text.slice(lineOpen, open).trim() !== '') return null;
  const previous = text.slice(text.lastIndexOf('\n', lineOpen - 2) + 1, Math.max(0, lineOpen - 1));
  if (/^\s*#\s*define\b/.test(previous) || /\\\s*$/.test(previous)) return null;
  const said = text
    .slice(open + 2, end - 2)
    .split('\n')
    .map((l) => l.replace(/^\s*\*( |$)/, '').trim())
    .join(' ')
    // a note of when the command exists (`Available with KVM_CAP_USER_NMI`) and a macro named in
    // it are cross-references, no description of what it does
    .replace(/\bavailable\s+(?:with|since|if|on|from)\b.*$/i, ' ')
    .replace(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g, ' ')
    .trim();
  return said.length > 0 ? said : null;
}

/** Where a file's comments open and close, in order: found once per text. */
const delimiters = new WeakMap<object, { opens: number[]; closes: number[] }>();

function delimitersOf(file: { text: string }): { opens: number[]; closes: number[] } {
  let d = delimiters.get(file);
  if (!d) {
    const opens: number[] = [];
    const closes: number[] = [];
    for (let i = file.text.indexOf('/*'); i >= 0; i = file.text.indexOf('/*', i + 1)) opens.push(i);
    for (let i = file.text.indexOf('*/'); i >= 0; i = file.text.indexOf('*/', i + 1)) closes.push(i);
    d = { opens, closes };
    delimiters.set(file, d);
  }
  return d;
}

/** The last entry of a sorted array below `limit`, or -1. */
function lastBelow(sorted: number[], limit: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < limit) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? sorted[lo - 1] : -1;
}

/**
 * The comment that ends right above the line of `offset` (only blank space between): its
 * offsets, and whether it opens with `/**`. `file` stands for one version of the text (where
 * its comments are is found once).
 */
export function commentAbove(file: { text: string }, offset: number): { start: number; end: number; doc: boolean } | null {
  const text = file.text;
  let end = text.lastIndexOf('\n', offset - 1);
  while (end > 0 && /\s/.test(text[end - 1])) end--;
  if (end < 4 || !text.startsWith('*/', end - 2)) return null;
  const { opens, closes } = delimitersOf(file);
  // the comment that ends there opens at the last '/*' before it, with no '*/' in between
  const start = lastBelow(opens, end - 3);
  if (start < 0 || lastBelow(closes, end - 2) > start) return null;
  return { start, end, doc: text.startsWith('/**', start) && text[start + 3] !== '/' };
}

// --- scripts/kernel-doc, as Linux 6.12 has it --------------------------------------------------

/** What a kernel-doc comment documents, as its identifier line says. */
export type KernelDocKind = 'struct' | 'union' | 'enum' | 'typedef' | 'function';

/** The identifier line of a kernel-doc comment: `struct foo - summary`, `FOO_IOCTL - summary`. */
export interface KernelDocIdentifier {
  kind: KernelDocKind;
  /** The name as kernel-doc compares it with the declaration (`foo` of `struct foo`, `define` dropped). */
  name: string;
  /** The short description after the `-` or `:`, spaces collapsed; '' when there is none. */
  summary: string;
  /** Whether the line has the separator (`-` or `:`) at all. */
  separator: boolean;
  /** Offsets in the line of what names the declaration (`struct foo`, `define FOO`, `FOO()`), for a fix. */
  nameStart: number;
  nameEnd: number;
}

/** Why kernel-doc does not take a `/**` comment for the documentation of a declaration. */
export type UnreadReason =
  /** `/** DOC: title`: a free-standing section, by design. */
  | 'doc-section'
  /** Its first line names nothing kernel-doc understands ("isn't a kernel-doc comment"). */
  | 'not-kernel-doc'
  /** `struct` (or `union`, `typedef`) with no name after it ("wrong kernel-doc identifier"). */
  | 'wrong-identifier'
  /** The line after `/**` has no word kernel-doc can read ("Cannot understand ... I thought it was a doc line"). */
  | 'not-understood';

export type IdentifierLine = { ok: true; id: KernelDocIdentifier } | { ok: false; reason: UnreadReason };

/** An `@name:` section of a kernel-doc comment, or one written inline in the declaration. */
export interface KernelDocSection {
  /** The name as kernel-doc keys it: `foo`, `foo.bar`, `...`. */
  name: string;
  /** Its text, as kernel-doc collected it ('' for `@foo:` with nothing after it). */
  text: string;
  /** 0-based rows of its `@name:` line and of the last line of its text. */
  line: number;
  lastLine: number;
  /** Written inside the declaration, in a `/** @name: ... *\/` comment of its own. */
  inline: boolean;
  /**
   * Whether kernel-doc records it as a description. In the main comment `@foo:` with nothing
   * after it counts (its line ends there), but `@foo: ` with trailing blanks does not; inline,
   * the comment must say something.
   */
  described: boolean;
}

/** A `/**` comment inside a declaration that does not start with `@name:` ("Incorrect use of kernel-doc format"). */
export interface KernelDocInlineError {
  /** 0-based row and offset of its `/**`. */
  line: number;
  start: number;
}

/** One kernel-doc comment, and the declaration kernel-doc reads after it. */
export interface KernelDocBlock {
  /** Offsets of its `/**` and of the end of its `*\/` line. */
  start: number;
  end: number;
  /** 0-based rows of its `/**` line and of its identifier line. */
  line: number;
  identifierLine: number;
  /** The identifier line, or why kernel-doc does not read the comment as documentation. */
  identifier: IdentifierLine;
  /** The `@name:` sections of the comment itself, in order (described or not). */
  sections: KernelDocSection[];
  /** `@name:` sections written inline in the declaration after it. */
  inline: KernelDocSection[];
  inlineErrors: KernelDocInlineError[];
  /** The description (and other named sections), as text. */
  body: string;
  /** The rows of the summary's continuation lines (right after the identifier line). */
  summaryLastLine: number;
  /**
   * What kernel-doc reads as the declaration: from the line after the comment to the end of the
   * line where it stops (the `;` that ends a type at brace depth 0; for a function or macro,
   * the first line with `{`, `;` or `#define`), and that text as kernel-doc joined it. Null when
   * the file ends first, or for a comment kernel-doc does not read.
   */
  proto: { start: number; end: number; line: number; text: string } | null;
}

export interface KernelDocScan {
  blocks: KernelDocBlock[];
  /** The block whose comment opens at an offset. */
  byStart: Map<number, KernelDocBlock>;
  /** The block a `/**` comment at an offset was read into as an inline comment (kernel-doc took it for part of that block's declaration). */
  inlineAt: Map<number, KernelDocBlock>;
}

/** Lines longer than this are not matched against kernel-doc's patterns: nothing real has them, and some patterns backtrack. */
const MAX_MATCHED_LINE = 4096;
/** A declaration's text is not collected beyond this (a hostile header must not build megabytes per comment). */
const MAX_PROTO = 1 << 20;

/** scripts/kernel-doc expands tabs to 8 columns before it matches anything. */
function expandTabs(line: string): string {
  if (!line.includes('\t')) return line;
  let out = line;
  for (let m = /\t+/.exec(out); m; m = /\t+/.exec(out)) {
    out = out.slice(0, m.index) + ' '.repeat(m[0].length * 8 - (m.index % 8)) + out.slice(m.index + m[0].length);
  }
  return out;
}

/**
 * kernel-doc's reading of an identifier line (`process_name`): the line after `/**`. `line` is
 * the line as written, without its newline.
 */
export function parseIdentifierLine(raw: string): IdentifierLine {
  const line = expandTabs(raw.length > MAX_MATCHED_LINE ? raw.slice(0, MAX_MATCHED_LINE) : raw);
  if (/\s*\*\s*DOC:\s*(.*)?/.test(line)) return { ok: false, reason: 'doc-section' };
  const decl = /\s*\*\s*(\w+)/.exec(line);
  if (!decl) return { ok: false, reason: 'not-understood' };
  let identifier = decl[1];
  let kind: KernelDocKind | undefined;
  const prefix = /^\s*\*\s*/.exec(line)?.[0].length ?? 0;
  let nameStart = decl.index + decl[0].length - decl[1].length;
  let nameEnd = nameStart + identifier.length;
  const words = /^(\s*\*\s*)([\w\s]+?)(\(\w*\))?\s*([-:].*)?$/.exec(line);
  if (words) {
    identifier = words[2];
    nameStart = words[1].length;
    nameEnd = nameStart + identifier.length + (words[3]?.length ?? 0);
  }
  const typed = /^(struct|union|enum|typedef)\b\s*(\S*)/.exec(identifier);
  if (typed) {
    kind = typed[1] as KernelDocKind;
    identifier = typed[2];
  } else {
    const fn =
      /^(\s*\*\s*(?:\w+\s*\*\s*)?)(\w+)\s*(\(\w*\))?\s*(?:[-:].*)?$/.exec(line) ??
      /^(\s*\*\s*(?:\w+\s*\*\s*)?)(\w+.*)(\(\w*\))?\s*[-:].*$/.exec(line);
    if (fn) {
      kind = 'function';
      identifier = fn[2].replace(/^define\s+/, '');
      nameStart = fn[1].length;
      nameEnd = nameStart + fn[2].replace(/\s+$/, '').length + (fn[3]?.length ?? 0);
    }
  }
  identifier = identifier.replace(/\s+$/, '');
  if (!kind) return { ok: false, reason: 'not-kernel-doc' };
  if (identifier === '' && kind !== 'enum') return { ok: false, reason: 'wrong-identifier' };
  const sep = /[-:](.*)/.exec(line);
  const summary = sep ? sep[1].trim().replace(/\s+/g, ' ') : '';
  return { ok: true, id: { kind, name: identifier, summary, separator: !!sep, nameStart: Math.max(nameStart, prefix), nameEnd } };
}

/** `$type_param` of kernel-doc: the name an `@...:` section is keyed by. */
function paramName(section: string): string | null {
  if (section === '@...') return '...';
  const m = /@(\w*((\.\w+)|(->\w+))*(\.\.\.)?)/.exec(section);
  return m ? m[1] : null;
}

const DOC_SECT = /\s*\*\s*\s*(@[.\w]+|@\.\.\.|description|context|returns?|notes?|examples?)\s*:([^:].*)?$/i;
const DOC_CONTENT = /\s*\* ?(.*)/;
const INLINE_ONELINE = /^\s*\/\*\*\s*(@[\w\s]+):\s*(.*)\s*\*\/\s*$/;
const INLINE_SECT = /\s*\*\s*(@\s*[\w][\w.]*\s*):(.*)/;

const enum State {
  Normal,
  Name,
  BodyMaybe,
  Body,
  BodyWithBlankLine,
  Proto,
  DocBlock,
  Inline,
}

const enum InlineState {
  Name,
  Text,
  Error,
}

const scans = new WeakMap<object, KernelDocScan>();

/**
 * Every kernel-doc comment of a file, as scripts/kernel-doc reads it: one pass over the lines,
 * once per text (keyed by `file`, an object that stands for one version of the text).
 */
export function kernelDocScan(file: { text: string }): KernelDocScan {
  let scan = scans.get(file);
  if (!scan) {
    scan = scanKernelDoc(file.text);
    scans.set(file, scan);
  }
  return scan;
}

/** The logical lines kernel-doc reads: a line that does not start with ` *` and ends with `\` is joined with the next. */
interface LogicalLine {
  text: string;
  start: number;
  end: number;
  row: number;
}

/** How much of a line's end the continuation test reads: a backslash and the blanks after it. */
const CONTINUATION_TAIL = 256;

function* logicalLines(text: string): Generator<LogicalLine> {
  let pos = 0;
  let row = 0;
  while (pos < text.length) {
    const start = pos;
    const firstRow = row;
    // the pieces of a continued line, joined once at its end: joining as it grows would copy a
    // megabyte-long continued line once per piece
    const parts: string[] = [];
    /** The line so far: its first two characters and its end (all the continuation test reads). */
    let head = '';
    let tail = '';
    for (;;) {
      const nl = text.indexOf('\n', pos);
      const end = nl < 0 ? text.length : nl;
      let piece = text.slice(pos, end);
      if (piece.endsWith('\r')) piece = piece.slice(0, -1);
      pos = nl < 0 ? text.length : nl + 1;
      row++;
      if (head.length < 2) head = (head + piece).slice(0, 2);
      tail = (tail + piece).slice(-CONTINUATION_TAIL);
      // kernel-doc tests the line it has so far, joined pieces included
      const cont = !head.startsWith(' *') && /\\\s*$/.test(tail);
      if (cont && pos < text.length) {
        if (/\\\s*$/.test(piece)) parts.push(piece.replace(/\\\s*$/, ''));
        else {
          // blanks after a backslash the line kept from an earlier piece (`\\\\`): rare, joined here
          const joined = parts.join('') + piece;
          parts.length = 0;
          parts.push(joined.replace(/\\\s*$/, ''));
        }
        tail = tail.replace(/\\\s*$/, '');
        continue;
      }
      parts.push(piece);
      yield { text: parts.join(''), start, end, row: firstRow };
      break;
    }
  }
}

export function scanKernelDoc(text: string): KernelDocScan {
  const blocks: KernelDocBlock[] = [];
  const byStart = new Map<number, KernelDocBlock>();
  const inlineAt = new Map<number, KernelDocBlock>();
  let state = State.Normal;
  let inlineState = InlineState.Name;
  let block: KernelDocBlock | undefined;
  let section = '';
  let contents = '';
  let sectionLast = 0;
  let leadingSpace: string | undefined;
  let body: string[] = [];
  let proto = '';
  let protoStart = 0;
  let braces = 0;
  /** The sections of the current block by kernel-doc's name, main and inline: what it dumped. */
  let pending: KernelDocSection | undefined;
  /** Where the inline comment being read opens. */
  let inlineOpen = { line: 0, start: 0 };

  const DEFAULT = 'Description';
  const startSection = (name: string, text: string, row: number, inline: boolean) => {
    section = name;
    contents = text;
    sectionLast = row;
    pending = undefined;
    const param = name.startsWith('@') ? paramName(name) : null;
    if (param !== null && block) {
      pending = { name: param, text: '', line: row, lastLine: row, inline, described: false };
      (inline ? block.inline : block.sections).push(pending);
    }
  };
  /** kernel-doc's dump_section: the section is recorded (an `@name` one as a description). */
  const dump = () => {
    if (pending) {
      pending.described = true;
      pending.text = contents.trim();
      pending.lastLine = sectionLast;
    } else if (section !== '' && !section.startsWith('@') && contents.trim() !== '') {
      body.push(section === DEFAULT ? contents.trim() : `${section}: ${contents.trim()}`);
    }
    pending = undefined;
  };
  const resetSection = () => {
    section = DEFAULT;
    contents = '';
    pending = undefined;
  };
  const finish = (end: number, row: number) => {
    if (block) block.proto = { start: protoStart, end, line: row, text: proto };
    block = undefined;
    state = State.Normal;
  };

  for (const l of logicalLines(text)) {
    const raw = l.text;
    switch (state) {
      case State.Normal: {
        if (raw.startsWith('/**') && /^\/\*\*\s*$/.test(raw)) {
          state = State.Name;
          block = {
            start: l.start, end: l.end, line: l.row, identifierLine: l.row + 1,
            identifier: { ok: false, reason: 'not-understood' },
            sections: [], inline: [], inlineErrors: [], body: '', summaryLastLine: l.row + 1, proto: null,
          };
        }
        break;
      }
      case State.Name: {
        const b = block!;
        b.identifierLine = l.row;
        b.summaryLastLine = l.row;
        b.identifier = parseIdentifierLine(raw);
        blocks.push(b);
        byStart.set(b.start, b);
        body = [];
        if (b.identifier.ok) {
          state = b.identifier.id.separator ? State.BodyMaybe : State.Body;
          section = DEFAULT;
          contents = '';
          pending = undefined;
        } else if (b.identifier.reason === 'doc-section') {
          state = State.DocBlock;
        } else {
          state = State.Normal;
          block = undefined;
        }
        break;
      }
      case State.BodyMaybe:
      case State.Body:
      case State.BodyWithBlankLine: {
        const b = block!;
        b.end = l.end;
        const line = expandTabs(raw.length > MAX_MATCHED_LINE ? raw.slice(0, MAX_MATCHED_LINE) : raw);
        if (state === State.BodyWithBlankLine && /^\s*\*\s?\S/.test(line)) {
          dump();
          resetSection();
        }
        const sect = DOC_SECT.exec(line);
        if (sect) {
          if (contents !== '' && contents !== '\n') {
            dump();
            resetSection();
          }
          state = State.Body;
          // the section's text: the rest of the line; with nothing after the colon, kernel-doc
          // takes the line's newline for its text (so `@foo:` is described, `@foo: ` is not)
          let text = sect[2] === undefined ? '\n' : sect[2];
          text = text.replace(/^ +/, '');
          if (text !== '') text += '\n';
          let name = sect[1];
          if (/^description$/i.test(name)) name = DEFAULT;
          else if (/^context$/i.test(name)) name = 'Context';
          else if (/^returns?$/i.test(name) || name === '@return') name = 'Return';
          startSection(name, text, l.row, false);
          leadingSpace = undefined;
        } else if (line.includes('*/')) {
          if (contents !== '' && contents !== '\n') {
            dump();
            resetSection();
          }
          b.body = body.join('\n\n');
          proto = '';
          protoStart = l.end + 1;
          braces = 0;
          state = State.Proto;
        } else {
          const content = DOC_CONTENT.exec(line);
          if (!content) break;
          const c = content[1];
          if (c === '') {
            if (section === 'Context') {
              dump();
              resetSection();
              state = State.Body;
            } else {
              state = section !== DEFAULT ? State.BodyWithBlankLine : State.Body;
              contents += '\n';
            }
          } else if (state === State.BodyMaybe) {
            // the summary goes on
            if (b.identifier.ok) b.identifier.id.summary = `${b.identifier.id.summary} ${c}`.replace(/\s+/g, ' ').trim();
            b.summaryLastLine = l.row;
          } else {
            let cont = c;
            if (section.startsWith('@') || section === 'Context') {
              if (leadingSpace === undefined) leadingSpace = /^(\s+)/.exec(cont)?.[1] ?? '';
              if (cont.startsWith(leadingSpace)) cont = cont.slice(leadingSpace.length);
            }
            contents += `${cont}\n`;
            sectionLast = l.row;
            if (pending) pending.lastLine = l.row;
          }
        }
        break;
      }
      case State.DocBlock: {
        if (raw.includes('*/')) {
          block = undefined;
          state = State.Normal;
        }
        break;
      }
      case State.Proto: {
        const b = block!;
        const trimmed = raw.trimStart();
        if (trimmed.startsWith('/**') && raw.length <= MAX_MATCHED_LINE) {
          const one = INLINE_ONELINE.exec(raw);
          if (one) {
            inlineAt.set(l.start + raw.indexOf('/**'), b);
            startSection(one[1], one[2], l.row, true);
            if (contents !== '') {
              contents += '\n';
              dump();
            }
            resetSection();
            break;
          }
          if (/^\s*\/\*\*\s*$/.test(raw)) {
            inlineOpen = { line: l.row, start: l.start + raw.indexOf('/**') };
            inlineAt.set(inlineOpen.start, b);
            state = State.Inline;
            inlineState = InlineState.Name;
            break;
          }
        }
        if (b.identifier.ok && b.identifier.id.kind === 'function') {
          // process_proto_function: up to the first line with '{', ';' or a #define
          const x = stripLineComment(raw);
          if (!(/^#/.test(x) && !/^#\s*define/.test(x))) {
            const brace = x.indexOf('{');
            if (proto.length < MAX_PROTO) proto += brace < 0 ? x : x.slice(0, brace);
          }
          if (x.includes('{') || x.includes(';') || /#\s*define/.test(x)) finish(l.end, l.row);
          else proto += '\n';
        } else {
          // process_proto_type: up to the ';' at brace depth 0
          let x = stripLineComment(raw.replace(/[\r\n]+/g, ' ')).trim();
          if (x.startsWith('#')) x += ';';
          let from = 0;
          for (;;) {
            let i = from;
            while (i < x.length && x[i] !== '{' && x[i] !== '}' && x[i] !== ';') i++;
            if (i >= x.length) {
              if (proto.length < MAX_PROTO) proto += x.slice(from);
              break;
            }
            if (proto.length < MAX_PROTO) proto += (proto.length ? ' ' : '') + x.slice(from, i + 1);
            const c = x[i];
            if (c === '{') braces++;
            else if (c === '}') braces--;
            else if (braces === 0) {
              finish(l.end, l.row);
              break;
            }
            from = i + 1;
          }
        }
        break;
      }
      case State.Inline: {
        const b = block!;
        const line = expandTabs(raw.length > MAX_MATCHED_LINE ? raw.slice(0, MAX_MATCHED_LINE) : raw);
        const sect = inlineState === InlineState.Name ? INLINE_SECT.exec(line) : null;
        if (sect) {
          let text = sect[2];
          if (text !== '') text = `${text.replace(/^ +/, '')}\n`;
          startSection(sect[1], text, l.row, true);
          inlineState = InlineState.Text;
        } else if (/^\s*\*\/\s*$/.test(line)) {
          if (contents !== '' && contents !== '\n') dump();
          resetSection();
          state = State.Proto;
        } else {
          const content = DOC_CONTENT.exec(line);
          if (content) {
            if (inlineState === InlineState.Text) {
              contents += `${content[1]}\n`;
              if (/^\s*$/.test(contents)) contents = '';
              sectionLast = l.row;
              if (pending) pending.lastLine = l.row;
            } else if (inlineState === InlineState.Name) {
              inlineState = InlineState.Error;
              b.inlineErrors.push(inlineOpen);
            }
          }
        }
        break;
      }
    }
  }
  return { blocks, byStart, inlineAt };
}

/**
 * The `/**` comments inside text[start, end) (a declaration's body) that kernel-doc would drop
 * as "Incorrect use of kernel-doc format" when it reads the declaration after a kernel-doc
 * comment: those whose first line is not `@member:`. `row` is the row of the line `start` is
 * on; rows and offsets returned are the text's.
 */
export function inlineErrorsIn(text: string, start: number, end: number, row: number): KernelDocInlineError[] {
  const from = text.lastIndexOf('\n', start - 1) + 1;
  const head = '/**\n * struct x - x\n */\n';
  const scan = scanKernelDoc(head + text.slice(from, end));
  return (scan.blocks[0]?.inlineErrors ?? []).map((e) => ({ line: e.line - 3 + row, start: e.start - head.length + from }));
}

/** kernel-doc drops a `//` comment to the end of the line (wherever the `//` is). */
function stripLineComment(x: string): string {
  const at = x.indexOf('//');
  return at < 0 ? x : x.slice(0, at);
}

/**
 * One kernel-doc comment read on its own (the text from `/**` to `*\/`): its identifier line,
 * its `@name:` sections and its description. Rows are relative to the comment's first line.
 */
export function parseKernelDoc(comment: string): KernelDocBlock | null {
  const scan = scanKernelDoc(comment.endsWith('\n') ? comment : `${comment}\n`);
  return scan.blocks[0] ?? null;
}

/** What scripts/kernel-doc reads as an object-like macro's name in a declaration it collected (dump_function). */
export function declaredName(protoText: string): { macro: boolean; name: string } | null {
  let p = protoText.replace(/\/\*[\s\S]*?\*\//g, '').replace(/[\r\n]+/g, ' ').replace(/^\s+/, '');
  for (const word of ['static', 'extern', 'asmlinkage', 'inline', '__inline__', '__inline', '__always_inline', 'noinline']) {
    if (p.startsWith(`${word} `)) p = p.slice(word.length).replace(/^ +/, '');
  }
  const define = /^#\s*define\s+/.exec(p);
  if (define) p = p.slice(define[0].length);
  const name = '[a-zA-Z0-9_~:]+';
  const macro = define ? new RegExp(`^(${name})\\s+`).exec(p) : null;
  if (macro) return { macro: true, name: macro[1] };
  const end = '\\(([^\\(]*|[^\\{]*)\\)';
  const fn =
    new RegExp(`^(${name})\\s*${end}`).exec(p) ??
    new RegExp(`^[\\w\\s]+\\s+(${name})\\s*${end}`).exec(p) ??
    new RegExp(`^(?:[\\w\\s]+\\*+)+\\s*(${name})\\s*${end}`).exec(p);
  return fn ? { macro: false, name: fn[1] } : null;
}
