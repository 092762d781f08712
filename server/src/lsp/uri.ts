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
