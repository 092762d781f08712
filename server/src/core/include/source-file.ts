import { blankAnnotations, type BlankedAnnotation } from '../parse/annotations';
import { collectDirectives, type Directive } from '../parse/directives';
import { parseBudgetMs, parseC } from '../parse/parser';
import { collectEnumerators, type EnumeratorDecl } from '../model/enums';
import { collectDeclarations, type Declarations } from '../model/declarations';
import { collectLineComments, collectSuppressions, type Suppression } from '../parse/suppressions';
import { collectRecordMembers, type RecordMembers } from '../model/record-members';
import { LineIndex } from '../source';
import { prepareKernelSource } from '../parse/kernel-source';
import { collectDriverSyntax, type DriverSyntax, type PreviousSyntax } from '../driver/syntax';
import { collectFileSyntax, type SyntaxPiece, type TextChange } from './syntax-pieces';
import type { Edit, Point, Tree } from 'web-tree-sitter';

/**
 * What one header contributes, independent of who includes it: its directives and
 * declarations as parsed once. The syntax tree itself is not kept (it is large and the walk
 * over includes needs only this).
 */
export interface SourceFile {
  path: string;
  text: string;
  readonly lines: LineIndex;
  directives: Directive[];
  enumerators: EnumeratorDecl[];
  /** Structs, unions, typedefs and enums, as written (collected when first asked for). */
  readonly declarations: Declarations;
  annotations: BlankedAnnotation[];
  /** Member names of the structs and unions defined here (only for the analysed header). */
  recordMembers?: Map<string, RecordMembers>;
  /** `//` comments, as UTF-16 offsets (only for the analysed header: C90 userspace cannot take them). */
  lineComments?: Array<{ start: number; end: number }>;
  /** A driver source (`.c`): what its functions and file-scope initializers say. */
  driver?: DriverSyntax;
  /** `/* uapi-lint: allow RULE -- reason *\/` comments. */
  suppressions: Suppression[];
  /** tree-sitter had to recover from syntax errors somewhere in the file. */
  hasSyntaxErrors: boolean;
  /** The syntax tree of an open document, kept for the next version's incremental parse. */
  readonly tree?: Tree;
  /** The text tree-sitter parsed (annotations blanked), for the next version's edit. */
  readonly parsedText?: string;
  /** What the kept tree's pieces yielded, for the next version to reuse (with `keepTree`). */
  readonly pieces?: SyntaxPiece[];
  /** Free the kept syntax tree (tree-sitter's memory is not garbage-collected). */
  dispose(): void;
}

export interface ParseOptions {
  /** Collect the member names of its structs (the analysed header's ioctls are classified by them). */
  recordMembers?: boolean;
  /**
   * Keep the syntax tree: an open document, parsed again on every change, reuses it for an
   * incremental parse (`previous`) and for its declarations (no second parse).
   */
  keepTree?: boolean;
  /** The previous version of the same document, parsed with `keepTree`. */
  previous?: SourceFile;
  /**
   * An open document, parsed again on every change: what its pieces yield is kept (with
   * `keepTree`) so that the next version reads again only what its edit touched.
   */
  edited?: boolean;
  /** A driver source: kernel C the grammar cannot read is rewritten first, and its driver syntax read. */
  source?: boolean;
}

/** Where `index` is as tree-sitter counts: row, and column in UTF-16 code units. */
function pointAt(text: string, index: number): Point {
  let row = 0;
  let lineStart = 0;
  for (let k = text.indexOf('\n'); k !== -1 && k < index; k = text.indexOf('\n', k + 1)) {
    row++;
    lineStart = k + 1;
  }
  return { row, column: index - lineStart };
}

const CHUNK = 512;

/**
 * The one span that turns `before` into `after`: everything between their common prefix and
 * common suffix.
 */
function spanBetween(before: string, after: string): { start: number; oldEnd: number; newEnd: number } | undefined {
  if (before === after) return undefined;
  const max = Math.min(before.length, after.length);
  // whole chunks first: two slices compare in one call, where the loop below is one per character
  let start = 0;
  while (start + CHUNK <= max && before.slice(start, start + CHUNK) === after.slice(start, start + CHUNK)) start += CHUNK;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  const b = before.length;
  const a = after.length;
  while (tail + CHUNK <= max - start && before.slice(b - tail - CHUNK, b - tail) === after.slice(a - tail - CHUNK, a - tail)) tail += CHUNK;
  while (tail < max - start && before.charCodeAt(b - 1 - tail) === after.charCodeAt(a - 1 - tail)) tail++;
  return { start, oldEnd: b - tail, newEnd: a - tail };
}

/**
 * The single edit that turns `before` into `after`. Computed from the texts themselves rather
 * than from the editor's change events, because blanking annotations can change the parsed text
 * beyond the typed range.
 */
export function editBetween(before: string, after: string): Edit | undefined {
  const span = spanBetween(before, after);
  if (!span) return undefined;
  return {
    startIndex: span.start,
    oldEndIndex: span.oldEnd,
    newEndIndex: span.newEnd,
    startPosition: pointAt(before, span.start),
    oldEndPosition: pointAt(before, span.oldEnd),
    newEndPosition: pointAt(after, span.newEnd),
  } as Edit;
}

/** A version parsed from the previous one's tree, and how its text and syntax differ from it. */
interface Reparse {
  tree: Tree;
  /** Absent for a first version (nothing to compare with). */
  change?: TextChange;
}

/** Parse `text`, reusing the previous version's tree for what did not change. */
function parseFrom(text: string, rawText: string, previous: SourceFile | undefined): Reparse {
  const budget = parseBudgetMs(text);
  const old = previous?.tree;
  if (!old || previous.parsedText === undefined) return { tree: parseC(text, undefined, budget) };
  // edit a copy: the previous version keeps its own tree until it is disposed
  const base = old.copy();
  try {
    const edit = editBetween(previous.parsedText, text);
    if (edit) base.edit(edit);
    const tree = parseC(text, base, budget);
    // the span covers what changed in the text as written and as parsed (blanking annotations
    // or rewriting kernel C can change the parsed text where nothing was typed, and the reverse)
    const raw = spanBetween(previous.text, rawText);
    const end = text.length;
    const prefix = Math.min(edit ? edit.startIndex : end, raw ? raw.start : end);
    const suffix = edit || raw ? Math.min(edit ? end - edit.newEndIndex : end, raw ? end - raw.newEnd : end) : 0;
    const change: TextChange = { start: prefix, oldEnd: previous.text.length - suffix, newEnd: end - suffix, changed: tree.getChangedRanges(base) };
    return { tree, change };
  } finally {
    base.delete();
  }
}

/** The previous version's driver syntax and the edit since, for what the edit left alone to be reused. */
function previousSyntax(previous: SourceFile | undefined, change: TextChange | undefined): PreviousSyntax | undefined {
  if (!previous?.driver || !change) return undefined;
  return { syntax: previous.driver, startIndex: change.start, oldEndIndex: change.oldEnd, newEndIndex: change.newEnd };
}

/** Throws ParseTooSlow when tree-sitter cannot parse the text in the time a file of its size may take. */
export function parseSourceFile(path: string, text: string, options: ParseOptions = {}): SourceFile {
  const blanked = blankAnnotations(text);
  // read here, not in the getters below: a getter that held `options` would hold the previous
  // version (`options.previous`), and through it every version before
  const fileScope = options.source === true;
  const parsedText = fileScope ? prepareKernelSource(blanked.text) : blanked.text;
  const reparse = parseFrom(parsedText, text, options.previous);
  let tree: Tree | undefined = reparse.tree;
  const keep = options.keepTree === true;
  try {
    // an open document keeps its pieces, so the next version reads only what its edit touched
    const previousPieces = options.previous?.pieces;
    const syntax = keep && options.edited
      ? collectFileSyntax(tree, { text, enums: text.includes('enum'), recordText: options.recordMembers ? blanked.text : undefined }, previousPieces && reparse.change && { pieces: previousPieces, change: reparse.change })
      : undefined;
    let declarations: Declarations | undefined;
    return {
      path,
      text,
      lines: new LineIndex(text),
      directives: syntax ? syntax.directives : collectDirectives(tree, text),
      enumerators: syntax ? syntax.enumerators : collectEnumerators(tree, text),
      pieces: syntax?.pieces,
      // Layouts are not needed for diagnostics on every keystroke: the declarations are
      // collected the first time something asks for them, from the kept tree or a second parse.
      get declarations(): Declarations {
        if (!declarations) {
          if (tree) return (declarations = collectDeclarations(tree, text, path, blanked.annotations, fileScope));
          const again = parseC(parsedText);
          try {
            declarations = collectDeclarations(again, text, path, blanked.annotations, fileScope);
          } finally {
            again.delete();
          }
        }
        return declarations;
      },
      get tree() {
        return tree;
      },
      parsedText: keep ? parsedText : undefined,
      dispose() {
        tree?.delete();
        tree = undefined;
      },
      annotations: blanked.annotations,
      recordMembers: !options.recordMembers ? undefined : syntax ? syntax.recordMembers : collectRecordMembers(tree, blanked.text),
      lineComments: options.recordMembers ? collectLineComments(tree, text) : undefined,
      suppressions: collectSuppressions(tree, text),
      driver: options.source ? collectDriverSyntax(tree, text, parsedText, previousSyntax(options.previous, reparse.change)) : undefined,
      hasSyntaxErrors: tree.rootNode.hasError,
    };
  } catch (e) {
    tree?.delete();
    tree = undefined;
    throw e;
  } finally {
    if (!keep) {
      tree?.delete();
      tree = undefined;
    }
  }
}
