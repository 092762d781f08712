import type { Tree } from 'web-tree-sitter';

/**
 * Suppression comments: `/* uapi-lint: allow custom-ioctl -- reason *\/` (several rule ids may
 * be given, separated by commas or spaces). A comment at the end of a line covers that line; a
 * comment alone on its line(s) covers the line after it. `allow-file` covers the whole file.
 */
export interface Suppression {
  /** The 0-based line whose findings it covers; -1 for `allow-file`, which covers the whole file. */
  line: number;
  rules: string[];
  /** What the author wrote after `--`; empty when no reason was given. */
  reason: string;
  /** The comment itself, as UTF-16 offsets. */
  start: number;
  end: number;
}

const MARKER = 'uapi-lint:';
const ALLOW = /^\s*uapi-lint:\s*allow(-file)?\s+([\w\-, ]+?)\s*(?:--\s*([\s\S]*?))?\s*$/;

export function collectSuppressions(tree: Tree, text: string): Suppression[] {
  // most headers have none: do not ask tree-sitter for every comment of a file without the marker
  if (!text.includes(MARKER)) return [];
  const found: Suppression[] = [];
  for (const node of tree.rootNode.descendantsOfType('comment')) {
    if (!node) continue;
    const comment = text.slice(node.startIndex, node.endIndex);
    const body = comment.startsWith('/*') ? comment.slice(2, -2) : comment.slice(2);
    const m = ALLOW.exec(body.replace(/^\s*\*\s?/gm, ' '));
    if (!m) continue;
    const lineStart = text.lastIndexOf('\n', node.startIndex - 1) + 1;
    const alone = text.slice(lineStart, node.startIndex).trim() === '' && /^[ \t]*(\r?\n|$)/.test(text.slice(node.endIndex));
    found.push({
      line: m[1] ? -1 : alone ? node.endPosition.row + 1 : node.startPosition.row,
      rules: m[2].split(/[\s,]+/).filter(Boolean),
      reason: (m[3] ?? '').trim(),
      start: node.startIndex,
      end: node.endIndex,
    });
  }
  return found;
}

/** `//` comments (most headers have none, so the tree is only searched when the text has `//`). */
export function collectLineComments(tree: Tree, text: string): Array<{ start: number; end: number }> {
  if (!text.includes('//')) return [];
  const out: Array<{ start: number; end: number }> = [];
  for (const node of tree.rootNode.descendantsOfType('comment')) {
    if (node && text.startsWith('//', node.startIndex)) out.push({ start: node.startIndex, end: node.endIndex });
  }
  return out;
}
