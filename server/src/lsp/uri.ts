import { fileURLToPath, pathToFileURL } from 'node:url';

/** file: URIs to paths and back. Other schemes keep their URI text as the "path". */
export const URI = {
  toPath(uri: string): string {
    return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
  },
  fromPath(p: string): string {
    return pathToFileURL(p).href;
  },
};

/**
 * A file URI as a Markdown link destination: parentheses escaped (CommonMark ends a destination
 * at an unbalanced one), and with a line, VS Code's fragment for a position, `#L<line>,<column>`
 * (both 1-based), which its editors open with the cursor there.
 */
export function linkTarget(uri: string, line?: number, column?: number): string {
  const escaped = uri.replace(/\(/g, '%28').replace(/\)/g, '%29');
  if (line === undefined) return escaped;
  return column === undefined ? `${escaped}#L${line}` : `${escaped}#L${line},${column}`;
}
