import * as fs from 'node:fs';
import * as path from 'node:path';
import { readTextInside, statInside } from '../read-inside';
import { monotonicMs } from '../clock';

const MAX_BYTES = 16 * 1024 * 1024;

/**
 * The kernel's MAINTAINERS file, read as scripts/get_maintainer.pl reads it
 * (`read_maintainer_file`, `file_match_pattern`, the K: keyword loop): sections of `X:` lines
 * under a title; F:/X: globs turned into anchored regexes (`.` escaped, `*` -> `.*`, `?` -> `.`,
 * nothing else, so `[ch]` stays a character class; a folder gets its trailing `/`); N: and K:
 * Perl regexes compiled with `/x`.
 */

export interface MaintainersSection {
  name: string;
  /** 1-based line of the title. */
  line: number;
  /** `M:`, `R:`, `L:`, `S:`, `F:`, ... in file order, values as written. */
  fields: Array<{ type: string; value: string }>;
}

export interface Maintainers {
  file: string;
  sections: MaintainersSection[];
}

/** Perl `/x`: unescaped whitespace and `#` comments outside character classes are not part of the pattern. */
function stripExtended(re: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < re.length; i++) {
    const c = re[i];
    if (c === '\\') {
      out += c + (re[i + 1] ?? '');
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      // a `]` right after `[` or `[^` is a member
      if (re[i + 1] === '^') out += re[++i];
      if (re[i + 1] === ']') out += re[++i];
      continue;
    }
    if (/\s/.test(c)) continue;
    if (c === '#') {
      while (i < re.length && re[i] !== '\n') i++;
      continue;
    }
    out += c;
  }
  return out;
}

/** `(?i:abc)` for an engine without modifiers: each letter inside matches either case. */
function expandCaseless(re: string): string {
  let out = '';
  for (let i = 0; i < re.length; i++) {
    if (!re.startsWith('(?i:', i)) {
      out += re[i];
      if (re[i] === '\\') out += re[++i] ?? '';
      continue;
    }
    let depth = 1;
    let j = i + 4;
    let body = '';
    let inClass = false;
    for (; j < re.length && depth > 0; j++) {
      const c = re[j];
      if (c === '\\') {
        body += c + (re[j + 1] ?? '');
        j++;
        continue;
      }
      if (inClass) {
        if (c === ']') inClass = false;
        body += /[a-z]/i.test(c) ? c.toLowerCase() + c.toUpperCase() : c;
        continue;
      }
      if (c === '[') inClass = true;
      if (c === '(') depth++;
      if (c === ')' && --depth === 0) break;
      body += /[a-z]/i.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c;
    }
    out += `(?:${expandCaseless(body)})`;
    i = j;
  }
  return out;
}

/** A Perl regex of MAINTAINERS (N:, K:) as a JavaScript one; undefined when it cannot be. */
export function perlRegex(pattern: string): RegExp | undefined {
  let re = stripExtended(pattern);
  let flags = '';
  const leading = /^\(\?([a-z]+)\)/.exec(re);
  if (leading) {
    if (leading[1].includes('i')) flags += 'i';
    re = re.slice(leading[0].length);
  }
  re = expandCaseless(re);
  try {
    return new RegExp(re, flags);
  } catch {
    return undefined;
  }
}

/**
 * An F:/X: glob as get_maintainer.pl turns it into a regex (before anchoring): `.` escaped, `*`
 * and `?` made wildcards, nothing else touched. The `/` it adds to a folder's pattern is added
 * when a path matches (`matchesCompiled`).
 */
export function globToRegexSource(glob: string): string {
  return glob.replace(/\./g, '\\.').replace(/\*/g, '.*').replace(/\?/g, '.');
}

export function parseMaintainers(text: string, file = 'MAINTAINERS'): Maintainers {
  const sections: MaintainersSection[] = [];
  let current: MaintainersSection | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '');
    const field = /^([A-Z]):\s*(.*)$/.exec(line);
    if (field) {
      current?.fields.push({ type: field[1], value: field[2].trim() });
    } else if (!/^\s*$/.test(line) && !/^\s*#/.test(line)) {
      current = { name: line.trim(), line: i + 1, fields: [] };
      sections.push(current);
    }
  }
  // the preamble's prose lines become titles without fields: no section
  return { file, sections: sections.filter((s) => s.fields.length > 0) };
}

export function values(section: MaintainersSection, type: string): string[] {
  return section.fields.filter((f) => f.type === type).map((f) => f.value);
}

/** A section's patterns, compiled once: F: and X: as anchored regexes, K: as JavaScript regexes. */
/** An F:/X: pattern: its regex, and whether it names a folder (get_maintainer.pl adds a `/` then), asked only when it matters. */
interface FilePattern {
  glob: string;
  source: string;
  re: RegExp | undefined;
  tree: string | undefined;
  folder?: RegExp | undefined | null;
}

/** A section's patterns, compiled once: F: and X: as anchored regexes, K: as JavaScript regexes. */
interface Compiled {
  files: FilePattern[];
  excludes: FilePattern[];
  keywords: Array<{ keyword: string; re: RegExp | undefined }>;
}

const compiled = new WeakMap<MaintainersSection, Compiled>();
const fileMemo = new WeakMap<Maintainers, Map<string, MaintainersSection[]>>();

function anchored(source: string): RegExp | undefined {
  try {
    return new RegExp(`^${source}`);
  } catch {
    return undefined;
  }
}

function compile(s: MaintainersSection, tree?: string): Compiled {
  let c = compiled.get(s);
  if (!c) {
    // the folder test (a stat per pattern: 20,000 in a kernel's MAINTAINERS) waits until a path matches
    const glob = (g: string): FilePattern => {
      const source = globToRegexSource(g);
      return { glob: g, source, re: anchored(source), tree };
    };
    c = {
      files: values(s, 'F').map(glob),
      excludes: values(s, 'X').map(glob),
      keywords: values(s, 'K').map((keyword) => ({ keyword, re: perlRegex(keyword) })),
    };
    compiled.set(s, c);
  }
  return c;
}

/** `file_match_pattern` on a compiled pattern, with the folder's `/` added as read_maintainer_file adds it. */
function matchesCompiled(file: string, p: FilePattern): boolean {
  if (!p.re || !p.re.test(file)) return false;
  if (p.source.endsWith('/')) return true;
  if (p.folder === undefined) {
    let folder = false;
    if (p.tree) {
      try {
        folder = fs.statSync(path.join(p.tree, p.glob)).isDirectory();
      } catch {
        /* not a folder */
      }
    }
    p.folder = folder ? anchored(`${p.source}/`) : null;
  }
  if (p.folder) return p.folder.test(file);
  if (p.folder === null) return file.split('/').length === p.source.split('/').length;
  return false; // a folder whose regex does not compile
}

/** The sections whose K: patterns match the text, each with its first match. */
export function keywordSections(m: Maintainers, text: string): Array<{ section: MaintainersSection; keyword: string; match: { index: number; text: string } }> {
  const out: Array<{ section: MaintainersSection; keyword: string; match: { index: number; text: string } }> = [];
  for (const s of m.sections) {
    for (const { keyword: k, re } of compile(s).keywords) {
      const hit = re ? re.exec(text) : null;
      if (hit) {
        out.push({ section: s, keyword: k, match: { index: hit.index, text: hit[0] } });
        break;
      }
    }
  }
  return out;
}

/** The sections whose F: patterns match a path of the tree and whose X: patterns do not, most specific first. */
export function fileSections(m: Maintainers, relPath: string, tree?: string): MaintainersSection[] {
  let memo = fileMemo.get(m);
  if (!memo) fileMemo.set(m, (memo = new Map()));
  const known = memo.get(relPath);
  if (known) return known;
  const hits: Array<{ s: MaintainersSection; weight: number }> = [];
  for (const s of m.sections) {
    const c = compile(s, tree);
    if (c.excludes.some((x) => matchesCompiled(relPath, x))) continue;
    let best = -Infinity;
    for (const f of c.files) {
      if (!matchesCompiled(relPath, f)) continue;
      const p = f.folder ? `${f.source}/` : f.source;
      // get_maintainer.pl's value_pd: the pattern's depth, +1 for a file, -1 for a leading '*'
      const depth = p.split('/').length - 1 + (p.endsWith('/') ? 0 : 1) - (p.startsWith('.*') ? 1 : 0);
      best = Math.max(best, depth);
    }
    if (best > -Infinity) hits.push({ s, weight: best });
  }
  const out = hits.sort((a, b) => b.weight - a.weight).map((h) => h.s);
  if (memo.size > 4096) memo.clear();
  memo.set(relPath, out);
  return out;
}

const loaded = new Map<string, { mtimeMs: number; size: number; value: Maintainers; checked: number }>();
/** How long a read MAINTAINERS is trusted without looking at the disk again (a rule asks on every keystroke). */
const TRUST_MS = 2000;

/** The MAINTAINERS of a kernel tree, read once per change of the file; undefined without one. */
export function readMaintainers(tree: string): Maintainers | undefined {
  const file = path.join(tree, 'MAINTAINERS');
  const recent = loaded.get(file);
  if (recent && monotonicMs() - recent.checked < TRUST_MS) return recent.value;
  // a kernel's is about 1 MB; something far larger is no MAINTAINERS
  const stat = statInside(file, tree);
  if (!stat || stat.size > MAX_BYTES) return undefined;
  const known = loaded.get(file);
  if (known && known.mtimeMs === stat.mtimeMs && known.size === stat.size) {
    known.checked = monotonicMs();
    return known.value;
  }
  const read = readTextInside(file, tree, MAX_BYTES);
  if (!read) return undefined;
  const value = parseMaintainers(read.text, file);
  loaded.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, value, checked: monotonicMs() });
  return value;
}
