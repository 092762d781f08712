// Writes dist/README.md, the README that `npm run package` puts in the .vsix. VS Code's page for
// an installed extension resolves no relative image path (its webview takes https: and data:
// images only), and this project has no public URL for vsce's --baseImagesUrl, so the PNG
// images README.md shows by relative path are inlined as data: URIs. The rest is README.md as is.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const inlined = readme.replace(/(!\[[^\]]*\]\()([^)\s]+)\)/g, (all, head, link) => {
  if (/^\w+:/.test(link)) return all;
  if (!link.endsWith('.png')) throw new Error(`README.md: ${link}: only PNG images are inlined`);
  return `${head}data:image/png;base64,${readFileSync(join(root, link)).toString('base64')})`;
});
mkdirSync(join(root, 'dist'), { recursive: true });
writeFileSync(join(root, 'dist', 'README.md'), inlined);
