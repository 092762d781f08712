import type { SourceFile } from '../../core/include/source-file';
import type { SourceRange } from '../../core/source';
import type { Fix } from '../rule';

/**
 * "Suppress for this line": `/* uapi-lint: allow RULE -- reason *\/` on its own line above the
 * finding, or at the end of the finding's line when the line above continues a macro (a new
 * line there would become part of it).
 */
export function suppressFix(file: SourceFile, rule: string, range: SourceRange, fileLevel = false): Fix {
  if (fileLevel) {
    // after a one-line SPDX comment, which stays the first line
    const first = file.text.slice(0, file.text.indexOf('\n') + 1 || file.text.length);
    const row = /SPDX-License-Identifier/.test(first) && (/\*\/\s*$/.test(first) || /^\s*\/\//.test(first)) ? 1 : 0;
    return {
      title: `Suppress ${rule} for this file`,
      edits: [{ range: { start: { row, column: 0 }, end: { row, column: 0 } }, newText: `/* uapi-lint: allow-file ${rule} -- reason */\n` }],
    };
  }
  const comment = `/* uapi-lint: allow ${rule} -- reason */`;
  const text = file.text;
  const row = range.start.row;
  // the line is read at its two ends only: a finding on a megabyte-long line costs no more
  const lineStart = file.lines.offset({ row, column: 0 });
  const lastRow = file.lines.position(text.length).row;
  let lineEnd = row < lastRow ? file.lines.offset({ row: row + 1, column: 0 }) - 1 : text.length;
  if (text[lineEnd - 1] === '\r') lineEnd--;
  const aboveEnd = lineStart - (text[lineStart - 2] === '\r' ? 2 : 1);
  const title = `Suppress ${rule} for this line`;
  if (row === 0 || text[aboveEnd - 1] !== '\\') {
    let indentEnd = lineStart;
    while (indentEnd < lineEnd && (text[indentEnd] === ' ' || text[indentEnd] === '\t')) indentEnd++;
    return { title, edits: [{ range: { start: { row, column: 0 }, end: { row, column: 0 } }, newText: `${text.slice(lineStart, indentEnd)}${comment}\n` }] };
  }
  // before the line's own continuation backslash, if it has one
  let at = lineEnd;
  if (text[lineEnd - 1] === '\\') {
    at = lineEnd - 1;
    while (at > lineStart && (text[at - 1] === ' ' || text[at - 1] === '\t')) at--;
  }
  const column = at - lineStart;
  return { title, edits: [{ range: { start: { row, column }, end: { row, column } }, newText: ` ${comment}` }] };
}
