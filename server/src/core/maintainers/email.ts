import { PERL_SPACE, perlRegexOf } from './perl-regex';

/**
 * Addresses as get_maintainer.pl reads and writes them: `parse_email`, `format_email`,
 * `escape_name` (a name with anything but ASCII letters, digits, `_`, space and `-` is quoted:
 * `"Christian König" <christian.koenig@amd.com>`), the RFC 822 check `push_email_addresses`
 * uses to split an M: line that lists several addresses, and the addresses it takes out of a
 * `.yaml` file it is given (`maintainers_in_file`, `clean_file_emails`).
 */

export interface ParsedEmail {
  /** As get_maintainer.pl keeps it: escaped (quoted when it must be). */
  name: string;
  address: string;
}

let parseRes: RegExp[] | undefined;
const TRIM = new RegExp(`^[${PERL_SPACE}]+|[${PERL_SPACE}]+$`, 'gu');

/** `escape_name`: quote a name with "must quote" characters (ASCII rules: `/[^\w \-]/a`), escaping its quotes. */
export function escapeName(name: string): string {
  if (/[^A-Za-z0-9_ -]/.test(name)) return `"${name.replace(/(?<!\\)"/g, '\\"')}"`;
  return name;
}

/** `parse_email`: name (escaped) and address of `Name <addr>`, `<addr>` or `addr`. */
export function parseEmail(formatted: string): ParsedEmail {
  parseRes ??= [perlRegexOf('^([^<]+)<(.+\\@.*)>.*$'), perlRegexOf('^\\s*<(.+\\@\\S*)>.*$'), perlRegexOf('^(.+\\@\\S*).*$')];
  let name = '';
  let address = '';
  const [full, angle, bare] = parseRes;
  let m: RegExpExecArray | null;
  if ((m = full.exec(formatted))) {
    name = m[1];
    address = m[2];
  } else if ((m = angle.exec(formatted))) address = m[1];
  else if ((m = bare.exec(formatted))) address = m[1];
  name = escapeName(name.replace(TRIM, '').replace(/^"|"$/g, ''));
  return { name, address: address.replace(TRIM, '') };
}

/** `format_email`: `Name <addr>` (the name escaped), or the address alone when there is no name or `usename` is off. */
export function formatEmail(name: string, address: string, usename = true): string {
  const n = escapeName(name.replace(TRIM, '').replace(/^"|"$/g, ''));
  const a = address.replace(TRIM, '');
  if (!usename) return a;
  return n === '' ? a : `${n} <${a}>`;
}

/** A name for people to read: without the quotes and escapes of `escape_name`. */
export function plainName(name: string): string {
  return /^".*"$/s.test(name) ? name.slice(1, -1).replace(/\\"/g, '"') : name;
}

// RFC 822 (get_maintainer.pl's make_rfc822re, for the JavaScript engine)
const LWSP = '(?:(?:\\r\\n)?[ \\t])';
const END = '(?=\\n?(?![\\s\\S]))';
let rfc822re: { one: RegExp; list: RegExp; each: string } | undefined;

function makeRfc822re(): { one: RegExp; list: RegExp; each: string } {
  const specials = '()<>@,;:\\\\".\\[\\]';
  const controls = '\\x00-\\x1f\\x7f';
  const dtext = '[^\\[\\]\\r\\\\]';
  const domainLiteral = `\\[(?:${dtext}|\\\\[\\s\\S])*\\]${LWSP}*`;
  const quotedString = `"(?:[^"\\r\\\\]|\\\\[\\s\\S]|${LWSP})*"${LWSP}*`;
  const atom = `[^${specials} ${controls}]+(?:${LWSP}+|${END}|(?=[\\["${specials}]))`;
  const word = `(?:${atom}|${quotedString})`;
  const localpart = `${word}(?:\\.${LWSP}*${word})*`;
  const subDomain = `(?:${atom}|${domainLiteral})`;
  const domain = `${subDomain}(?:\\.${LWSP}*${subDomain})*`;
  const addrSpec = `${localpart}@${LWSP}*${domain}`;
  const phrase = `${word}*`;
  const route = `(?:@${domain}(?:,@${LWSP}*${domain})*:${LWSP}*)`;
  const routeAddr = `<${LWSP}*${route}?${addrSpec}>${LWSP}*`;
  const mailbox = `(?:${addrSpec}|${phrase}${routeAddr})`;
  const group = `${phrase}:${LWSP}*(?:${mailbox}(?:,\\s*${mailbox})*)?;\\s*`;
  const address = `(?:${mailbox}|${group})`;
  const re = `${LWSP}*${address}`;
  return { one: new RegExp(`^${re}${END}`), list: new RegExp(`^(?:${re})?(?:,(?:${re})?)*${END}`), each: `(?:^|,${LWSP}*)(${re})` };
}

/** `rfc822_strip_comments`: every parenthesised comment (outside quotes) becomes a space. */
function stripComments(s: string): string {
  const re = /^((?:[^"\\]|\\[\s\S])*(?:"(?:[^"\\]|\\[\s\S])*"(?:[^"\\]|\\[\s\S])*)*)\((?:[^()\\]|\\[\s\S])*\)/;
  for (let guard = 0; guard < 1000 && re.test(s); guard++) s = s.replace(re, '$1 ');
  return s;
}

const LATIN1 = /^[\x00-\xff]*$/;

/** `rfc822_valid`. */
export function rfc822Valid(address: string): boolean {
  const s = stripComments(address);
  rfc822re ??= makeRfc822re();
  return rfc822re.one.test(s) && LATIN1.test(s);
}

/** `rfc822_validlist` in list context: the addresses of a valid list, or undefined. */
export function rfc822ValidList(address: string): string[] | undefined {
  const s = stripComments(address);
  rfc822re ??= makeRfc822re();
  if (!rfc822re.list.test(s) || !LATIN1.test(s)) return undefined;
  const out: string[] = [];
  const each = new RegExp(rfc822re.each, 'g');
  for (let m = each.exec(s); m; m = each.exec(s)) {
    out.push(m[1]);
    if (m[0].length === 0) each.lastIndex++;
  }
  return out;
}

let fileEmailRe: RegExp | undefined;
let bracketRe: RegExp | undefined;
let nameSplit: RegExp | undefined;

/**
 * `maintainers_in_file` + `clean_file_emails`: the addresses get_maintainer.pl finds in the text
 * of a file (every `.yaml` it is given: a binding's `maintainers:`), with the name it makes of
 * the words before each (the last two, or three around an initial), formatted.
 */
export function fileEmails(text: string): string[] {
  fileEmailRe ??= perlRegexOf(
    '[\\p{L}\\"\\\' \\,\\.\\+-]*\\s*[\\,]*\\s*[\\(\\<\\{]{0,1}[A-Za-z0-9_\\.\\+-]+\\@[A-Za-z0-9\\.-]+\\.[A-Za-z0-9]+[\\)\\>\\}]{0,1}',
    { global: true },
  );
  bracketRe ??= perlRegexOf('[\\(\\<\\{]{0,1}([A-Za-z0-9_\\.\\+-]+\\@[A-Za-z0-9\\.-]+)[\\)\\>\\}]{0,1}', { global: true });
  nameSplit ??= perlRegexOf("[^\\p{L}\\'\\,\\.\\+-]");
  const out: string[] = [];
  for (const found of text.match(fileEmailRe) ?? []) {
    const { name: escaped, address } = parseEmail(found.replace(bracketRe, '<$1>'));
    let name = escaped.replace(/^"([^\n]*)"$/u, '$1');
    // Perl's split: leading empty fields kept, trailing ones dropped
    let words = name.split(new RegExp(nameSplit.source, 'gu'));
    while (words.length && words[words.length - 1] === '') words.pop();
    words = words.filter((w) => !/^[',.+-]$/.test(w));
    const len = (s: string) => [...s].length;
    if (words.length > 2) {
      const [first, middle, last] = words.slice(-3);
      const initial = (w: string) => len(w) === 2 && w.endsWith('.');
      name = (len(first) === 1 && /\p{L}/u.test(first)) || initial(first) || len(middle) === 1 || initial(middle) ? `${first} ${middle} ${last}` : `${middle} ${last}`;
    } else name = words.join(' ');
    if (/[,.]$/.test(name)) name = name.slice(0, -1);
    if (/^[,.]/.test(name)) name = name.slice(1);
    out.push(formatEmail(name, address));
  }
  return out;
}
