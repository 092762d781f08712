import { fileEmails, formatEmail, parseEmail, plainName, rfc822Valid, rfc822ValidList } from './email';
import { fileMatches, keywordPatterns, statusOf, type KeywordPattern, type Maintainers, type MaintainersField, type MaintainersSection } from './maintainers';
import { EMPTY_MAILMAP, mailmapEmail, type Mailmap } from './mailmap';
import { scanPatch } from './patch-scan';
import { PERL_SPACE, perlRegexOf } from './perl-regex';
import { PENGUIN_CHIEFS, SECTION_TITLE_MAXLEN, STATUS_ROLES } from '../../knowledge/get-maintainer';

/**
 * Who gets a patch, exactly as `scripts/get_maintainer.pl --no-git --no-git-fallback` (Linux
 * 6.12) works it out: the files of every input, the sections that cover each file (most specific
 * first), then the sections whose K: patterns matched (ordered by the *string* sort of their
 * line's index, as `sort_and_uniq` sorts), each section's maintainers (with the role its S:
 * gives), reviewers and lists (subscribers-only lists left out), names and addresses taken once,
 * `.mailmap` applied, Linus (THE REST's M:) removed, and the addresses in a `.yaml` file that is
 * one of the files added `(in file)`. People come before lists.
 */

export type MaintainersInput =
  /** A tree-relative path (`-f`); a folder ends in `/`. `text`: its content, when the caller has it (an editor's buffer). */
  | { kind: 'file'; path: string; text?: string }
  /** A patch or mail; `name` says which in the result. */
  | { kind: 'patch'; name: string; text: string };

export interface MaintainersTree {
  maintainers: Maintainers;
  mailmap?: Mailmap;
  /** A regular file of the tree by relative path, undefined when there is none (the `.yaml` files; a file's text for `keywordsInFile`). */
  readFile?: (relPath: string) => string | undefined;
}

export interface MaintainersOptions {
  /** `--keywords-in-file`: search a file input's whole text with every K: (off by default since get_maintainer.pl v0.26, as in 6.12). */
  keywordsInFile?: boolean;
  /**
   * The order of sections of equal depth for one file. get_maintainer.pl leaves it to Perl's
   * hash order (different on every run); the default is MAINTAINERS order.
   */
  sameDepthOrder?: (a: MaintainersSection, b: MaintainersSection) => number;
}

/** Where a K: pattern matched: an input, the line, what it matched there, and how many lines in all. */
export interface KeywordMatch {
  input: string;
  line: number;
  /** The line, without its newline. */
  text: string;
  /** What the pattern matched in it (`dma_buf`). */
  matched: string;
  count: number;
}

export interface SectionKeyword {
  keyword: string;
  /** The K: line of MAINTAINERS. */
  line: number;
  matches: KeywordMatch[];
}

export interface SectionMatch {
  section: MaintainersSection;
  status: string | undefined;
  /** How it first came in: an F:/N: line matching a file, or a K: pattern matching the content. */
  matchedBy: 'file' | 'keyword';
  /** The files it covers, with the F: or N: line that decided the depth. */
  files: Array<{ file: string; type: 'F' | 'N'; pattern: string; line: number; depth: number }>;
  /** Its K: patterns that matched. */
  keywords: SectionKeyword[];
}

/** What a recipient is, as the role get_maintainer.pl prints says. */
export type RecipientKind =
  | 'maintainer'
  | 'supporter'
  | 'odd fixer'
  | 'orphan minder'
  | 'obsolete minder'
  | 'chief penguin'
  | 'reviewer'
  | 'open list'
  | 'moderated list'
  | 'subscriber list'
  | 'in file'
  /** An M: under a status get_maintainer.pl has no word for: the status in lower case ("unknown" without one). */
  | (string & {});

export interface Recipient {
  /** As get_maintainer.pl prints it without roles: `Name <addr>` (the name quoted when it must be) or the address. */
  formatted: string;
  /** The name for people to read (no quotes); '' for a list or a bare address. */
  name: string;
  address: string;
  /** As `--roles` prints it in parentheses: `maintainer:DMA BUFFER SHARING FRAMEWORK:Keyword:\bdma_(?:buf|fence|resv)\b`. */
  role: string;
  kind: RecipientKind;
  list: boolean;
  via: 'file' | 'keyword' | 'file-emails';
  /** The section of the line it came from (absent for an address found in a file). */
  section?: MaintainersSection;
  /** The M:, R: or L: line. */
  line?: number;
  /** `via: 'keyword'`: the K: pattern that brought the section in, and where it matched. */
  keyword?: SectionKeyword;
  /** `via: 'file-emails'`: the file the address was found in. */
  file?: string;
}

export interface MaintainersResult {
  /** The files, in the order get_maintainer.pl works through them. */
  files: string[];
  /** Per input, the files it named (a patch) or is (a file). */
  inputs: Array<{ input: MaintainersInput; files: string[]; fixes: string[] }>;
  /** The sections in the order they were added (`--subsystem` prints their titles, each once). */
  sections: SectionMatch[];
  recipients: Recipient[];
  /** What get_maintainer.pl warns about: a patch that names no file ("doesn't appear to be a patch"). */
  warnings: string[];
}

const TRAILING_SPACE = new RegExp(`[${PERL_SPACE}]*$`, 'u');

/** `get_subsystem_name`: the title, cut to 47 characters and `...` when longer than 50. */
export function subsystemName(section: MaintainersSection): string {
  const chars = [...section.name];
  if (chars.length <= SECTION_TITLE_MAXLEN) return section.name;
  return chars.slice(0, SECTION_TITLE_MAXLEN - 3).join('').replace(TRAILING_SPACE, '') + '...';
}

/** `get_maintainer_role`: the word for the section's (last) S:, and the section. */
function maintainerKind(section: MaintainersSection): string {
  const status = (statusOf(section) ?? 'unknown').toLowerCase();
  return STATUS_ROLES[status] ?? status;
}

/** `sort_and_uniq`: Perl's `sort` compares strings, code point by code point. */
export function sortAndUniq(xs: string[]): string[] {
  const sorted = [...xs].sort((a, b) => {
    const ca = [...a];
    const cb = [...b];
    for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
      const d = ca[i].codePointAt(0)! - cb[i].codePointAt(0)!;
      if (d) return d;
    }
    return ca.length - cb.length;
  });
  return sorted.filter((x, i) => i === 0 || x !== sorted[i - 1]);
}

let listSplit: RegExp | undefined;

interface Entry {
  formatted: string;
  role: string;
  kind: string;
  list: boolean;
  via: Recipient['via'];
  section?: MaintainersSection;
  line?: number;
  keyword?: SectionKeyword;
  file?: string;
}

class Collector {
  emailTo: Entry[] = [];
  readonly listTo: Entry[] = [];
  private readonly names = new Set<string>();
  private readonly addresses = new Set<string>();
  private readonly lists = new Set<string>();

  /** `push_email_address`: taken unless its name or its address is (case-insensitively). */
  pushAddress(line: string, role: string, meta: Omit<Entry, 'formatted' | 'role'>): boolean {
    const { name, address } = parseEmail(line);
    if (address === '') return false;
    const inUse = (name !== '' && this.names.has(name.toLowerCase())) || this.addresses.has(address.toLowerCase());
    if (!inUse) {
      this.emailTo.push({ formatted: formatEmail(name, address), role, ...meta });
      if (name !== '') this.names.add(name.toLowerCase());
      this.addresses.add(address.toLowerCase());
    }
    return true;
  }

  /** `push_email_addresses`: an M:/R: value, split when it is a valid RFC 822 list of several. */
  pushAddresses(value: string, role: string, meta: Omit<Entry, 'formatted' | 'role'>): void {
    if (rfc822Valid(value)) {
      this.pushAddress(value, role, meta);
      return;
    }
    const list = rfc822ValidList(value);
    if (list) {
      // Perl's `while (my $entry = shift(@list))` stops at the first false entry
      for (const entry of list) {
        if (entry === '' || entry === '0') break;
        this.pushAddress(entry, role, meta);
      }
      return;
    }
    this.pushAddress(value, role, meta);
  }

  /** `add_categories`: the section's L:, M:, R: lines in file order. */
  addCategories(section: MaintainersSection, suffix: string, meta: Pick<Entry, 'via' | 'keyword'>): void {
    for (const f of section.fields) {
      if (f.type === 'L') this.addList(section, f, suffix, meta);
      else if (f.type === 'M') {
        const kind = maintainerKind(section);
        this.pushAddresses(f.value, `${kind}:${subsystemName(section)}${suffix}`, { kind, list: false, section, line: f.line, ...meta });
      } else if (f.type === 'R') {
        this.pushAddresses(f.value, `reviewer:${subsystemName(section)}${suffix}`, { kind: 'reviewer', list: false, section, line: f.line, ...meta });
      }
    }
  }

  private addList(section: MaintainersSection, f: MaintainersField, suffix: string, meta: Pick<Entry, 'via' | 'keyword'>): void {
    let title = subsystemName(section);
    if (title === 'THE REST') title = '';
    const listRole = title ? `:${title}` : '';
    let address = f.value;
    let additional = '';
    const split = (listSplit ??= perlRegexOf('([^\\s]+)\\s+(.*)$')).exec(f.value);
    if (split) {
      address = split[1];
      additional = split[2];
    }
    // subscribers-only lists only with --s, which uapi-lint does not offer
    if (/subscribers-only/.test(additional)) return;
    if (this.lists.has(address.toLowerCase())) return;
    const kind = /moderated/.test(additional) ? 'moderated list' : 'open list';
    this.lists.add(address.toLowerCase());
    this.listTo.push({ formatted: address, role: `${kind}${listRole}${suffix}`, kind, list: true, via: meta.via, keyword: meta.keyword, section, line: f.line });
  }
}

/** `deduplicate_email`, over every entry in order, with its own memory of names and addresses. */
function deduplicate(entries: Entry[], mailmap: Mailmap): void {
  const byName = new Map<string, [string, string]>();
  const byAddress = new Map<string, [string, string]>();
  for (const e of entries) {
    let { name, address } = parseEmail(e.formatted);
    let email = mailmapEmail(mailmap, formatEmail(name, address));
    ({ name, address } = parseEmail(email));
    let matched = false;
    if (name !== '' && byName.has(name.toLowerCase())) {
      [name] = byName.get(name.toLowerCase())!;
      address = byName.get(name.toLowerCase())![1];
      matched = true;
    } else if (byAddress.has(address.toLowerCase())) {
      [name, address] = byAddress.get(address.toLowerCase())!;
      matched = true;
    }
    if (!matched) {
      byName.set(name.toLowerCase(), [name, address]);
      byAddress.set(address.toLowerCase(), [name, address]);
    }
    email = mailmapEmail(mailmap, formatEmail(name, address));
    e.formatted = email;
  }
}

/** `add_role`: the role appended to every entry with the same name or address that does not have it. */
function addRole(entries: Entry[], line: string, role: string): void {
  const { name, address } = parseEmail(line);
  const has = perlRegexOf(role);
  for (const e of entries) {
    const other = parseEmail(e.formatted);
    if ((name === other.name || address === other.address) && (role === '' || !has.test(e.role))) {
      e.role = e.role === '' ? role : `${e.role},${role}`;
    }
  }
}

/** get_maintainer.pl `--no-git --no-git-fallback` on the inputs, as one run. */
export function getMaintainers(tree: MaintainersTree, inputs: readonly MaintainersInput[], options: MaintainersOptions = {}): MaintainersResult {
  const m = tree.maintainers;
  const mailmap = tree.mailmap ?? EMPTY_MAILMAP;
  const keywords = keywordPatterns(m);
  const warnings: string[] = [];
  let files: string[] = [];
  /** Which K: matched, by its index (get_maintainer.pl's `@keyword_tvi`), and where. */
  const keywordHits = new Map<KeywordPattern, KeywordMatch[]>();
  const hit = (k: KeywordPattern, where: KeywordMatch) => {
    const known = keywordHits.get(k);
    if (known) known.push(where);
    else keywordHits.set(k, [where]);
  };
  const texts = new Map<string, string>();
  const perInput: MaintainersResult['inputs'] = [];

  for (const input of inputs) {
    if (input.kind === 'file') {
      files.push(input.path);
      if (input.text !== undefined) texts.set(input.path, input.text);
      perInput.push({ input, files: [input.path], fixes: [] });
      if (!options.keywordsInFile || input.path === 'MAINTAINERS') continue;
      const text = input.text ?? tree.readFile?.(input.path);
      if (text === undefined) continue;
      for (const k of keywords) {
        const found = k.re?.exec(text);
        if (!found) continue;
        const before = text.slice(0, found.index);
        const line = before.split('\n').length;
        const lineText = text.slice(before.lastIndexOf('\n') + 1).split('\n')[0];
        hit(k, { input: input.path, line, text: lineText, matched: found[0], count: 1 });
      }
    } else {
      const before = files.length;
      const scan = scanPatch(input.text, keywords);
      files.push(...scan.files);
      for (const k of scan.keywords) hit(k.keyword, { input: input.name, line: k.line, text: k.text, matched: k.keyword.re?.exec(k.text)?.[0] ?? k.text.trim(), count: k.count });
      perInput.push({ input, files: [...new Set(scan.files)], fixes: scan.fixes });
      if (files.length === before) warnings.push(`${input.name} names no file: it does not read as a patch`);
      files = sortAndUniq(files);
    }
  }

  const collector = new Collector();
  const sections = new Map<MaintainersSection, SectionMatch>();
  const order = options.sameDepthOrder ?? ((a, b) => a.line - b.line);
  const found: Array<{ file: string; address: string }> = [];
  const note = (section: MaintainersSection, matchedBy: SectionMatch['matchedBy']): SectionMatch => {
    let s = sections.get(section);
    if (!s) sections.set(section, (s = { section, status: statusOf(section), matchedBy, files: [], keywords: [] }));
    return s;
  };

  for (const file of files) {
    const hits = [...fileMatches(m, file)].sort((a, b) => b.depth - a.depth || order(a.section, b.section));
    for (const h of hits) {
      note(h.section, 'file').files.push({ file, type: h.by.type as 'F' | 'N', pattern: h.by.value, line: h.by.line, depth: h.depth });
      collector.addCategories(h.section, '', { via: 'file' });
    }
    // maintainers_in_file: the addresses in a .yaml file (a binding's maintainers:)
    if (/\.yaml$/.test(file) && !/\bMAINTAINERS$/.test(file)) {
      const text = texts.get(file) ?? tree.readFile?.(file);
      if (text !== undefined) for (const address of fileEmails(text)) found.push({ file, address });
    }
  }

  const byIndex = new Map<string, KeywordPattern>();
  for (const k of keywordHits.keys()) byIndex.set(String(k.field.index), k);
  for (const index of sortAndUniq([...byIndex.keys()])) {
    const k = byIndex.get(index)!;
    const keyword: SectionKeyword = { keyword: k.keyword, line: k.field.line, matches: keywordHits.get(k)! };
    note(k.section, 'keyword').keywords.push(keyword);
    collector.addCategories(k.section, `:Keyword:${k.keyword}`, { via: 'keyword', keyword });
  }

  deduplicate([...collector.emailTo, ...collector.listTo], mailmap);
  for (const [name, address] of PENGUIN_CHIEFS) {
    const chief = perlRegexOf(formatEmail(name, address));
    collector.emailTo = collector.emailTo.filter((e) => !chief.test(e.formatted));
  }
  for (const { file, address } of found) {
    const { name, address: addr } = parseEmail(mailmapEmail(mailmap, address));
    const formatted = formatEmail(name, addr);
    collector.pushAddress(formatted, '', { kind: 'in file', list: false, via: 'file-emails', file });
    addRole(collector.emailTo, formatted, 'in file');
  }

  // merge_email: each printed line once
  const seen = new Set<string>();
  const recipients: Recipient[] = [];
  for (const e of [...collector.emailTo, ...collector.listTo]) {
    if (seen.has(e.formatted)) continue;
    seen.add(e.formatted);
    const { name, address } = parseEmail(e.formatted);
    recipients.push({
      formatted: e.formatted,
      name: plainName(name),
      address,
      role: e.role,
      kind: e.kind,
      list: e.list,
      via: e.via,
      ...(e.section ? { section: e.section, line: e.line } : {}),
      ...(e.keyword ? { keyword: e.keyword } : {}),
      ...(e.file ? { file: e.file } : {}),
    });
  }
  return { files, inputs: perInput, sections: [...sections.values()], recipients, warnings };
}
