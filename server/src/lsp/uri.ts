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
