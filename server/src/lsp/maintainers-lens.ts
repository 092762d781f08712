import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CodeLens } from 'vscode-languageserver';
import { parseEmail, plainName } from '../core/maintainers/email';
import { readMaintainers, values, type MaintainersSection } from '../core/maintainers/maintainers';
import { mailmapEmail, readMailmap, type Mailmap } from '../core/maintainers/mailmap';
import { getMaintainers, type MaintainersTree } from '../core/maintainers/recipients';
import { readTextInside } from '../core/read-inside';

/**
 * Code lenses at the top of a header or driver source in a kernel tree: who maintains it (its
 * MAINTAINERS sections and their lists, as get_maintainer.pl -f finds them), and the sections
 * its content pulls in through K: patterns (the whole text searched, as --keywords-in-file
 * does), with their people and lists: "dma_buf pulls in DMA BUFFER SHARING FRAMEWORK: ...".
 * The lenses only inform; clicking one runs nothing.
 */

/** Past this many, the K: sections share one lens. */
const MAX_KEYWORD_LENSES = 4;
const MAX_TREE_FILE_BYTES = 16 * 1024 * 1024;

/** The folder above a file that has a MAINTAINERS file. */
function treeOf(file: string): string | undefined {
  for (let d = path.dirname(file); ; d = path.dirname(d)) {
    try {
      if (fs.statSync(path.join(d, 'MAINTAINERS')).isFile()) return d;
    } catch {
      /* not here */
    }
    if (path.dirname(d) === d) return undefined;
  }
}

const local = (address: string) => address.replace(/@.*/, '');

/** A section's people (M:, R:) by name, and its lists (L:, not subscribers-only) by local part. */
function whoIn(section: MaintainersSection, mailmap: Mailmap): string[] {
  const people = [...values(section, 'M'), ...values(section, 'R')].map((v) => {
    const { name, address } = parseEmail(mailmapEmail(mailmap, v));
    return plainName(name) || address;
  });
  const lists = values(section, 'L')
    .filter((v) => !/subscribers-only/.test(v))
    .map((v) => local(v.split(/\s+/)[0]));
  return [...new Set([...people, ...lists])];
}

function lens(title: string): CodeLens {
  return { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, command: { title, command: '' } };
}

/** The lenses of a `.h` or `.c` file inside a tree with a MAINTAINERS; none elsewhere. */
export function maintainersLenses(file: string, text: string): CodeLens[] {
  if (!path.isAbsolute(file) || !/\.[ch]$/i.test(file)) return [];
  const tree = treeOf(file);
  const maintainers = tree ? readMaintainers(tree) : undefined;
  if (!tree || !maintainers) return [];
  const mailmap = readMailmap(tree);
  const source: MaintainersTree = { maintainers, mailmap, readFile: (rel) => readTextInside(path.join(tree, rel), tree, MAX_TREE_FILE_BYTES)?.text };
  const rel = path.relative(tree, file).split(path.sep).join('/');
  const result = getMaintainers(source, [{ kind: 'file', path: rel, text }], { keywordsInFile: true });

  const byFile = result.sections.filter((s) => s.matchedBy === 'file');
  const named = byFile.map((s) => s.section.name).filter((n) => n !== 'THE REST');
  const fileLists = result.recipients.filter((r) => r.list && r.via === 'file' && r.address).map((r) => local(r.address));
  const lenses = [lens(`MAINTAINERS: ${named.join(', ') || 'THE REST only'}${fileLists.length ? ` · lists: ${fileLists.join(', ')}` : ''}`)];

  const byKeyword = result.sections.filter((s) => s.matchedBy === 'keyword');
  const shown = byKeyword.slice(0, byKeyword.length > MAX_KEYWORD_LENSES ? MAX_KEYWORD_LENSES - 1 : MAX_KEYWORD_LENSES);
  for (const s of shown) {
    const what = s.keywords[0]?.matches[0]?.matched || 'its text';
    lenses.push(lens(`${what} pulls in ${s.section.name}: ${whoIn(s.section, mailmap).join(', ')}`));
  }
  const rest = byKeyword.slice(shown.length);
  if (rest.length) lenses.push(lens(`K: patterns also pull in ${rest.map((s) => s.section.name).join(', ')}`));
  return lenses;
}
