import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseC } from '../../../server/out/core/parse/parser';
import type { Finding, Fix } from '../../../server/out/rules/rule';

/** Apply a fix's edits to the text, as an editor applies a WorkspaceEdit. */
export function applyFix(text: string, fix: Fix): string {
  const doc = TextDocument.create('file:///fix.h', 'c', 1, text);
  return TextDocument.applyEdits(
    doc,
    fix.edits.map((e) => ({
      range: { start: { line: e.range.start.row, character: e.range.start.column }, end: { line: e.range.end.row, character: e.range.end.column } },
      newText: e.newText,
    })),
  );
}

/** tree-sitter's ERROR and MISSING nodes in the text (initAnalysis() must have run). */
export function syntaxErrors(text: string): number {
  const tree = parseC(text);
  try {
    const errors = tree.rootNode.descendantsOfType('ERROR').length;
    let missing = 0;
    const walk = tree.rootNode.walk();
    // MISSING nodes are zero-width tokens tree-sitter invented to recover
    const visit = (): void => {
      do {
        if (walk.currentNode.isMissing) missing++;
        if (walk.gotoFirstChild()) {
          visit();
          walk.gotoParent();
        }
      } while (walk.gotoNextSibling());
    };
    visit();
    return errors + missing;
  } finally {
    tree.delete();
  }
}

/** What identifies a finding across an edit: its rule, its ioctls and the text it sits on. */
export function findingKey(text: string, f: Finding): string {
  const doc = TextDocument.create('file:///k.h', 'c', 1, text);
  const at = doc.getText({
    start: { line: f.range.start.row, character: f.range.start.column },
    end: { line: f.range.end.row, character: f.range.end.column },
  });
  return `${f.rule} | ${f.ioctls.join(',')} | ${at}`;
}
