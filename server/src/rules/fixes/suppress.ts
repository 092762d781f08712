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
  const row = range.start.row;
  const lineStart = file.lines.offset({ row, column: 0 });
  const nextLine = file.text.indexOf('\n', lineStart);
  const line = file.text.slice(lineStart, nextLine < 0 ? file.text.length : nextLine).replace(/\r$/, '');
  const above = row > 0 ? file.text.slice(file.lines.offset({ row: row - 1, column: 0 }), lineStart).replace(/\r?\n$/, '') : '';
  const title = `Suppress ${rule} for this line`;
  if (!/\\$/.test(above)) {
    const indent = /^[ \t]*/.exec(line)![0];
    return { title, edits: [{ range: { start: { row, column: 0 }, end: { row, column: 0 } }, newText: `${indent}${comment}\n` }] };
  }
  // before the line's own continuation backslash, if it has one
  const continued = /[ \t]*\\$/.exec(line);
  const column = continued ? continued.index : line.length;
  return { title, edits: [{ range: { start: { row, column }, end: { row, column } }, newText: ` ${comment}` }] };
}
