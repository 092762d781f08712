import * as path from 'node:path';
import { readTextInside, statInside } from '../read-inside';
import { formatEmail, parseEmail } from './email';
import { perlRegexOf } from './perl-regex';

/**
 * A kernel tree's `.mailmap` as get_maintainer.pl reads it (`read_mailmap`, `mailmap_email`):
 * the four forms of git-shortlog's mailmap, keys compared exactly (not case-folded, unlike git),
 * and a proper name or address looked up first by the whole `Name <addr>`, then by the address.
 */

export interface Mailmap {
  /** Proper name (escaped as get_maintainer.pl keeps names), by wrong address or wrong `Name <addr>`. */
  names: Map<string, string>;
  /** Proper address, by wrong address or wrong `Name <addr>`. */
  addresses: Map<string, string>;
}

export const EMPTY_MAILMAP: Mailmap = { names: new Map(), addresses: new Map() };

let forms: RegExp[] | undefined;

export function parseMailmap(text: string): Mailmap {
  forms ??= [
    perlRegexOf('^([^<]+)<([^>]+)>$'),
    perlRegexOf('^<([^>]+)>\\s*<([^>]+)>$'),
    perlRegexOf('^(.+)<([^>]+)>\\s*<([^>]+)>$'),
    perlRegexOf('^(.+)<([^>]+)>\\s*(.+)\\s*<([^>]+)>$'),
  ];
  const [nameForm, addressForm, bothForm, fullForm] = forms;
  const strip = perlRegexOf('#.*$');
  const trim = perlRegexOf('^\\s+|\\s+$', { global: true });
  const trailing = perlRegexOf('\\s+$');
  const mm: Mailmap = { names: new Map(), addresses: new Map() };
  for (const raw of text.split('\n')) {
    const line = raw.replace(strip, '').replace(trim, '');
    if (line === '') continue;
    let m: RegExpExecArray | null;
    if ((m = nameForm.exec(line))) {
      const real = parseEmail(`${m[1].replace(trailing, '')} <${m[2]}>`);
      mm.names.set(real.address, real.name);
    } else if ((m = addressForm.exec(line))) {
      mm.addresses.set(m[2], m[1]);
    } else if ((m = bothForm.exec(line))) {
      const real = parseEmail(`${m[1].replace(trailing, '')} <${m[2]}>`);
      mm.names.set(m[3], real.name);
      mm.addresses.set(m[3], real.address);
    } else if ((m = fullForm.exec(line))) {
      const real = parseEmail(`${m[1].replace(trailing, '')} <${m[2]}>`);
      const wrong = parseEmail(`${m[3].replace(trailing, '')} <${m[4]}>`);
      const key = formatEmail(wrong.name, wrong.address);
      mm.names.set(key, real.name);
      mm.addresses.set(key, real.address);
    }
  }
  return mm;
}

/** `mailmap_email`: the proper `Name <addr>` of an address. */
export function mailmapEmail(mm: Mailmap, line: string): string {
  const { name, address } = parseEmail(line);
  const email = formatEmail(name, address);
  let realName = name;
  let realAddress = address;
  if (mm.names.has(email) || mm.addresses.has(email)) {
    realName = mm.names.get(email) ?? realName;
    realAddress = mm.addresses.get(email) ?? realAddress;
  } else {
    realName = mm.names.get(address) ?? realName;
    realAddress = mm.addresses.get(address) ?? realAddress;
  }
  return formatEmail(realName, realAddress);
}

/** A kernel's .mailmap is about 40 kB. */
const MAX_BYTES = 4 * 1024 * 1024;
const loaded = new Map<string, { mtimeMs: number; size: number; value: Mailmap }>();

/** The tree's .mailmap, read once per change of the file; empty without one. */
export function readMailmap(tree: string): Mailmap {
  const file = path.join(tree, '.mailmap');
  const stat = statInside(file, tree);
  if (!stat || stat.size > MAX_BYTES) return EMPTY_MAILMAP;
  const known = loaded.get(file);
  if (known && known.mtimeMs === stat.mtimeMs && known.size === stat.size) return known.value;
  const read = readTextInside(file, tree, MAX_BYTES);
  if (!read) return EMPTY_MAILMAP;
  const value = parseMailmap(read.text);
  loaded.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, value });
  return value;
}
