// Renders images/icon.svg to images/icon.png (128x128, transparent corners), the extension's
// icon in VS Code, with Debian's chromium driven by playwright-core. Rerun after editing the SVG.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const images = join(dirname(fileURLToPath(import.meta.url)), '..', 'images');
const svg = readFileSync(join(images, 'icon.svg'), 'utf8');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
  await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.locator('svg').screenshot({ path: join(images, 'icon.png'), omitBackground: true });
} finally {
  await browser.close();
}
