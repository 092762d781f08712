import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Files shipped with the package (criteria pages). The code runs from `dist/` when bundled and
 * from `server/out/...` when compiled for tests, so the package root is found by walking up.
 */
let root: string | null | undefined;

export function packageRoot(): string | null {
  if (root === undefined) {
    root = null;
    for (let d = __dirname; ; d = path.dirname(d)) {
      if (fs.existsSync(path.join(d, 'docs', 'criteria')) && fs.existsSync(path.join(d, 'package.json'))) {
        root = d;
        break;
      }
      if (path.dirname(d) === d) break;
    }
  }
  return root;
}

const hrefs = new Map<string, string | null>();

/** file: URI of a shipped criteria page, or null if the page is not there. */
export function criteriaHref(page: string): string | null {
  let href = hrefs.get(page);
  if (href === undefined) {
    const r = packageRoot();
    const file = r ? path.join(r, 'docs', 'criteria', `${page}.md`) : '';
    href = r && fs.existsSync(file) ? pathToFileURL(file).href : null;
    hrefs.set(page, href);
  }
  return href;
}

/** Whether a file: URI is one of the shipped criteria pages (and nothing else on disk). */
export function isCriteriaHref(href: string): boolean {
  const page = /\/([\w-]+)\.md$/.exec(href)?.[1];
  return page !== undefined && criteriaHref(page) === href;
}

let version: string | undefined;

/** The package's version, from the package.json found above the running code. */
export function packageVersion(): string {
  if (version === undefined) {
    const r = packageRoot();
    try {
      version = r ? String(JSON.parse(fs.readFileSync(path.join(r, 'package.json'), 'utf8')).version) : 'unknown';
    } catch {
      version = 'unknown';
    }
  }
  return version;
}
