import * as fs from 'node:fs';
import * as path from 'node:path';
import { readTextInside, statInside } from '../read-inside';
import { monotonicMs } from '../clock';
import { perlRegex, perlRegexOf } from './perl-regex';

export { perlRegex } from './perl-regex';

const MAX_BYTES = 16 * 1024 * 1024;

/**
 * The kernel's MAINTAINERS file, read as scripts/get_maintainer.pl reads it
 * (`read_maintainer_file`, `file_match_pattern`, the file loop of `get_maintainers`): sections
 * of `X:` lines under a title; F:/X: globs turned into regexes (`.` escaped, `*` -> `.*`,
 * `?` -> `.`, nothing else, so `[ch]` stays a character class) matched at the start of a
 * path, with the `/` a folder's pattern gets; N: and K: Perl regexes compiled with `/x`.
 */

export interface MaintainersField {
  type: string;
  /** As written after `X:` and its blanks (get_maintainer.pl's `(.*)`: trailing blanks kept). */
  value: string;
  /** 1-based line. */
  line: number;
  /** get_maintainer.pl's index into `@typevalue` (titles and fields, no blank or comment lines): keyword sections are ordered by it as a string. */
  index: number;
}

export interface MaintainersSection {
  /** The title as written (the line before the fields). */
  name: string;
  /** 1-based line of the title. */
  line: number;
  /** `M:`, `R:`, `L:`, `S:`, `F:`, ... in file order. */
  fields: MaintainersField[];
}

export interface Maintainers {
  file: string;
  /** The tree whose folders the F:/X: patterns name (they are tested against the disk as get_maintainer.pl does, from the tree's top). */
  tree?: string;
  sections: MaintainersSection[];
}

/**
 * An F:/X: glob as get_maintainer.pl turns it into a regex: `.` escaped, `*` and `?` made
 * wildcards, nothing else touched. The `/` it adds to a pattern that names a folder is added
 * when a path matches (`matches`).
 */
export function globToRegexSource(glob: string): string {
  return glob.replace(/\./g, '\\.').replace(/\*/g, '.*').replace(/\?/g, '.');
}

let lineForms: { field: RegExp; blank: RegExp; comment: RegExp } | undefined;

export function parseMaintainers(text: string, file = 'MAINTAINERS', tree?: string): Maintainers {
  lineForms ??= { field: perlRegexOf('^([A-Z]):\\s*(.*)'), blank: perlRegexOf('^\\s*$'), comment: perlRegexOf('^\\s*\\#') };
  const { field, blank, comment } = lineForms;
  const sections: MaintainersSection[] = [];
  let current: MaintainersSection | undefined;
  let index = 0;
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const f = field.exec(line);
    if (f) {
      // a field with no title above it (the first line of a file) belongs to no section
      current?.fields.push({ type: f[1], value: f[2], line: i + 1, index });
      index++;
    } else if (!blank.test(line) && !comment.test(line)) {
      current = { name: line, line: i + 1, fields: [] };
      sections.push(current);
      index++;
    }
  }
  // the preamble's prose lines become titles without fields: no section
  return { file, tree, sections: sections.filter((s) => s.fields.length > 0) };
}

export function values(section: MaintainersSection, type: string): string[] {
  return section.fields.filter((f) => f.type === type).map((f) => f.value);
}

/** The section's status: its last S: line, as get_maintainer.pl takes it. */
export function statusOf(section: MaintainersSection): string | undefined {
  return values(section, 'S').pop();
}

/** An F:/X: pattern: its regex, and whether it names a folder (get_maintainer.pl adds a `/` then), asked only when a path matches. */
interface FilePattern {
  field: MaintainersField;
  source: string;
  /** `^source`, compiled when a path first gets past the prefix; null: it does not translate. */
  re?: RegExp | null;
  /** What every path it matches starts with (checked before the regex: most patterns fail there). */
  prefix: string;
  tree: string | undefined;
  /** The regex with the folder's `/`; null: not a folder; undefined: not asked yet. */
  folder?: RegExp | null;
}

/** A K: pattern, compiled for a whole file's text and, behind get_maintainer.pl's `^[+-].*`, for a patch's lines. */
export interface KeywordPattern {
  section: MaintainersSection;
  field: MaintainersField;
  keyword: string;
  re: RegExp | undefined;
  /** `m/^[+-].*${K}/x`, compiled when a patch's diff is first scanned. */
  patchRe?: RegExp | null;
}

/** A section's patterns, compiled once per tree: its F: and N: lines in file order, X:, K:. */
interface Compiled {
  paths: Array<{ file: FilePattern } | { name: RegExp | undefined; field: MaintainersField }>;
  excludes: FilePattern[];
  keywords: KeywordPattern[];
}

const compiled = new WeakMap<MaintainersSection, Map<string, Compiled>>();

function compile(s: MaintainersSection, tree: string | undefined): Compiled {
  let byTree = compiled.get(s);
  if (!byTree) compiled.set(s, (byTree = new Map()));
  let c = byTree.get(tree ?? '');
  if (!c) {
    const glob = (field: MaintainersField): FilePattern => {
      const source = globToRegexSource(field.value);
      return { field, source, prefix: literalPrefix(field.value), tree };
    };
    c = {
      paths: s.fields.flatMap((f): Compiled['paths'] => (f.type === 'F' ? [{ file: glob(f) }] : f.type === 'N' ? [{ name: perlRegex(f.value), field: f }] : [])),
      excludes: s.fields.filter((f) => f.type === 'X').map(glob),
      keywords: s.fields.filter((f) => f.type === 'K').map((field) => ({ section: s, field, keyword: field.value, re: perlRegex(field.value) })),
    };
    byTree.set(tree ?? '', c);
  }
  return c;
}

/**
 * `-d $value` of read_maintainer_file: the converted pattern (dots already escaped, so a folder
 * whose name has a `.`, or a pattern with a `*`, is never found) looked up from the tree's top.
 * A pattern that would lead out of the tree is no folder.
 */
function namesFolder(tree: string | undefined, source: string): boolean {
  if (!tree || source === '') return false;
  const full = `${tree}/${source}`;
  const rel = path.relative(tree, path.resolve(full));
  if (rel.startsWith('..') || path.isAbsolute(rel)) return false;
  try {
    return fs.statSync(full).isDirectory();
  } catch {
    return false;
  }
}

function slashes(s: string): number {
  let n = 0;
  for (const c of s) if (c === '/') n++;
  return n;
}

/** The pattern's text as get_maintainer.pl ends up with it: with the `/` of a folder. */
function patternValue(p: FilePattern): string {
  return p.folder ? `${p.source}/` : p.source;
}

/** The glob's text before its first wildcard or regex syntax (without a char a `+` or `{` after it quantifies). */
function literalPrefix(glob: string): string {
  if (glob.includes('|')) return '';
  const stop = /[*?[\](){}+^$\\]/.exec(glob);
  if (!stop) return glob;
  return glob.slice(0, stop[0] === '+' || stop[0] === '{' ? Math.max(0, stop.index - 1) : stop.index);
}

/** `file_match_pattern` on a compiled pattern, with the folder's `/` added as read_maintainer_file adds it. */
function matches(file: string, p: FilePattern): boolean {
  if (!file.startsWith(p.prefix)) return false;
  if (p.re === undefined) p.re = perlRegex(`^${p.source}`, { extended: false }) ?? null;
  if (!p.re?.test(file)) return false;
  if (p.source.endsWith('/')) return true;
  if (p.folder === undefined) {
    p.folder = namesFolder(p.tree, p.source) ? perlRegex(`^${p.source}/`, { extended: false }) ?? null : null;
  }
  if (p.folder) return p.folder.test(file);
  return slashes(file) === slashes(p.source);
}

/** get_maintainer.pl's `value_pd`: the pattern's depth, +1 for a file, -1 for a leading `*` (THE REST). */
export function patternDepth(value: string): number {
  if (value.startsWith('.*')) return -1;
  return slashes(value) + (value.endsWith('/') ? 0 : 1);
}

export interface FileMatch {
  section: MaintainersSection;
  /** What get_maintainer.pl sorts by: the depth of the section's last F: that matches (0 for N:). */
  depth: number;
  /** The F: or N: line that set it. */
  by: MaintainersField;
}

const matchMemo = new WeakMap<Maintainers, Map<string, FileMatch[]>>();

/**
 * The sections an F: or N: line of which matches a tree-relative path and no X: line of which
 * does, in MAINTAINERS order, with get_maintainer.pl's depth: the last matching line's (its
 * `%hash` entry is overwritten by each).
 */
export function fileMatches(m: Maintainers, relPath: string, tree = m.tree): FileMatch[] {
  let memo = matchMemo.get(m);
  if (!memo) matchMemo.set(m, (memo = new Map()));
  const key = `${tree ?? ''}\0${relPath}`;
  const known = memo.get(key);
  if (known) return known;
  const out: FileMatch[] = [];
  for (const s of m.sections) {
    const c = compile(s, tree);
    if (c.excludes.some((x) => matches(relPath, x))) continue;
    let hit: FileMatch | undefined;
    for (const p of c.paths) {
      if ('file' in p) {
        if (matches(relPath, p.file)) hit = { section: s, depth: patternDepth(patternValue(p.file)), by: p.file.field };
      } else if (p.name?.test(relPath)) hit = { section: s, depth: 0, by: p.field };
    }
    if (hit) out.push(hit);
  }
  if (memo.size > 4096) memo.clear();
  memo.set(key, out);
  return out;
}

/** The sections of a path, most specific first; sections of equal depth (Perl hash order in get_maintainer.pl) in MAINTAINERS order. */
export function fileSections(m: Maintainers, relPath: string, tree = m.tree): MaintainersSection[] {
  return [...fileMatches(m, relPath, tree)].sort((a, b) => b.depth - a.depth).map((h) => h.section);
}

/** Every K: pattern of the file, in MAINTAINERS order. */
export function keywordPatterns(m: Maintainers): KeywordPattern[] {
  return m.sections.flatMap((s) => compile(s, m.tree).keywords);
}

/** The patch form of a K: pattern: get_maintainer.pl's `m/${patch_prefix}$keyword/x` once the diff has begun. */
export function patchRegex(k: KeywordPattern): RegExp | undefined {
  if (k.patchRe === undefined) k.patchRe = perlRegex(`^[+-].*${k.keyword}`) ?? null;
  return k.patchRe ?? undefined;
}

/** The sections whose K: patterns match the text (a whole file, as `m/$keyword/x`), each with its first match. */
export function keywordSections(m: Maintainers, text: string): Array<{ section: MaintainersSection; keyword: string; match: { index: number; text: string } }> {
  const out: Array<{ section: MaintainersSection; keyword: string; match: { index: number; text: string } }> = [];
  for (const s of m.sections) {
    for (const { keyword: k, re } of compile(s, m.tree).keywords) {
      const hit = re ? re.exec(text) : null;
      if (hit) {
        out.push({ section: s, keyword: k, match: { index: hit.index, text: hit[0] } });
        break;
      }
    }
  }
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
  const value = parseMaintainers(read.text, file, tree);
  loaded.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, value, checked: monotonicMs() });
  return value;
}
