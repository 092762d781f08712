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

/**
 * The single edit that turns `before` into `after`: everything between their common prefix and
 * common suffix. Computed from the texts themselves rather than from the editor's change events,
 * because blanking annotations can change the parsed text beyond the typed range.
 */
export function editBetween(before: string, after: string): Edit | undefined {
  if (before === after) return undefined;
  const max = Math.min(before.length, after.length);
  let start = 0;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  while (tail < max - start && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  const startPosition = pointAt(before, start);
  return {
    startIndex: start,
    oldEndIndex: before.length - tail,
    newEndIndex: after.length - tail,
    startPosition,
    oldEndPosition: pointAt(before, before.length - tail),
    newEndPosition: pointAt(after, after.length - tail),
  } as Edit;
}

/** Parse `text`, reusing the previous version's tree for what did not change. */
function parseFrom(text: string, previous: SourceFile | undefined): Tree {
  const budget = parseBudgetMs(text);
  const old = previous?.tree;
  if (!old || previous.parsedText === undefined) return parseC(text, undefined, budget);
  // edit a copy: the previous version keeps its own tree until it is disposed
  const base = old.copy();
  try {
    const edit = editBetween(previous.parsedText, text);
    if (edit) base.edit(edit);
    return parseC(text, base, budget);
  } finally {
    base.delete();
  }
}

/** The previous version's driver syntax and the edit since, for what the edit left alone to be reused. */
function previousSyntax(previous: SourceFile | undefined, parsedText: string): PreviousSyntax | undefined {
  if (!previous?.driver || previous.parsedText === undefined) return undefined;
  const edit = editBetween(previous.parsedText, parsedText);
  if (!edit) return { syntax: previous.driver, startIndex: 0, oldEndIndex: 0, newEndIndex: 0 };
  return { syntax: previous.driver, startIndex: edit.startIndex, oldEndIndex: edit.oldEndIndex, newEndIndex: edit.newEndIndex };
}

/** Throws ParseTooSlow when tree-sitter cannot parse the text in the time a file of its size may take. */
export function parseSourceFile(path: string, text: string, options: ParseOptions = {}): SourceFile {
  const blanked = blankAnnotations(text);
  // read here, not in the getters below: a getter that held `options` would hold the previous
  // version (`options.previous`), and through it every version before
  const fileScope = options.source === true;
  const parsedText = fileScope ? prepareKernelSource(blanked.text) : blanked.text;
  let tree: Tree | undefined = parseFrom(parsedText, options.previous);
  const keep = options.keepTree === true;
  try {
    let declarations: Declarations | undefined;
    let lines: LineIndex | undefined;
    return {
      path,
      text,
      // positions are needed only for what is shown: included headers rarely need them
      get lines(): LineIndex {
        return (lines ??= new LineIndex(text));
      },
      directives: collectDirectives(tree, text),
      enumerators: collectEnumerators(tree, text),
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
      recordMembers: options.recordMembers ? collectRecordMembers(tree, blanked.text) : undefined,
      lineComments: options.recordMembers ? collectLineComments(tree, text) : undefined,
      suppressions: collectSuppressions(tree, text),
      driver: options.source ? collectDriverSyntax(tree, text, parsedText, previousSyntax(options.previous, parsedText)) : undefined,
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
