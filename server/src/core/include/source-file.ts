import { blankAnnotations, type BlankedAnnotation } from '../parse/annotations';
import { collectDirectives, type Directive } from '../parse/directives';
import { parseBudgetMs, parseC } from '../parse/parser';
import { collectEnumerators, type EnumeratorDecl } from '../model/enums';
import { collectDeclarations, type Declarations } from '../model/declarations';
import { collectLineComments, collectSuppressions, type Suppression } from '../parse/suppressions';
import { collectRecordMembers, type RecordMembers } from '../model/record-members';
import { LineIndex } from '../source';

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
  /** `/* uapi-lint: allow RULE -- reason *\/` comments. */
  suppressions: Suppression[];
  /** tree-sitter had to recover from syntax errors somewhere in the file. */
  hasSyntaxErrors: boolean;
}

export interface ParseOptions {
  /** Collect the member names of its structs (the analysed header's ioctls are classified by them). */
  recordMembers?: boolean;
}

/** Throws ParseTooSlow when tree-sitter cannot parse the text in the time a file of its size may take. */
export function parseSourceFile(path: string, text: string, options: ParseOptions = {}): SourceFile {
  const blanked = blankAnnotations(text);
  const tree = parseC(blanked.text, undefined, parseBudgetMs(blanked.text));
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
      // collected from a second parse the first time something asks for them.
      get declarations(): Declarations {
        if (!declarations) {
          const again = parseC(blanked.text);
          try {
            declarations = collectDeclarations(again, text, path, blanked.annotations);
          } finally {
            again.delete();
          }
        }
        return declarations;
      },
      annotations: blanked.annotations,
      recordMembers: options.recordMembers ? collectRecordMembers(tree, blanked.text) : undefined,
      lineComments: options.recordMembers ? collectLineComments(tree, text) : undefined,
      suppressions: collectSuppressions(tree, text),
      hasSyntaxErrors: tree.rootNode.hasError,
    };
  } finally {
    tree.delete();
  }
}
