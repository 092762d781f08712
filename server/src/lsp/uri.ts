import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * file: URIs to paths and back. Other schemes (a virtual file system's documents), and file:
 * URIs this system has no path for (a host, an encoded '/'), keep their URI text as the "path":
 * it is not absolute, so nothing is looked for on disk beside it.
 */
export const URI = {
  toPath(uri: string): string {
    if (uri.startsWith('file:')) {
      try {
        return fileURLToPath(uri);
      } catch {
        return uri;
      }
    }
    return uri;
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
