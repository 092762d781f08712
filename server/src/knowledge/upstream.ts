import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The ioctls that already exist upstream: the committed table that
 * scripts/generate-upstream-baseline.mjs builds from the kernel's uAPI headers. Reviewing them
 * as new would flood a kernel tree or /usr/include with findings nobody can act on.
 */

export interface UpstreamIoctl {
  name: string;
  /** Where it is defined in the kernel's include/uapi (`misc/habanalabs.h`). */
  header: string;
  /** Command numbers on x86_64 and i386 (null where the table could not compute one). */
  x86_64: number | null;
  i386: number | null;
  /** Direction, magic and nr, when neither number is known (the argument type is defined elsewhere). */
  fields?: { dir: string; type: number | null; nr: number | null };
}

type Row = [string, string, string | null, string | null, string?];

/**
 * The table: server/src/knowledge/upstream-ioctls.jsonl, a JSON header line, then one JSON row
 * per ioctl, sorted by name. It is a file of its own (copied beside the bundle), read when first
 * needed, and looked up by a binary search over its lines: compiled into the bundle it would be
 * part of every start of the language server, and parsing its 2,700 rows at once made enough
 * garbage to cost the first analysis a collection.
 */
interface Table {
  text: string;
  /** Where each row's line starts, in name order. */
  rows: number[];
}

let table: Table | undefined;

function tableFile(): string {
  // beside the bundle (dist/), else in the source tree (server/out/knowledge -> server/src/knowledge)
  const beside = path.join(__dirname, 'upstream-ioctls.jsonl');
  return fs.existsSync(beside) ? beside : path.join(__dirname, '..', '..', 'src', 'knowledge', 'upstream-ioctls.jsonl');
}

function loadTable(): Table {
  if (!table) {
    const text = fs.readFileSync(tableFile(), 'utf8');
    const rows: number[] = [];
    for (let at = text.indexOf('\n') + 1; at > 0 && at < text.length; at = text.indexOf('\n', at) + 1) rows.push(at);
    table = { text, rows };
  }
  return table;
}

/** The name on a row's line: `["NAME",...`. */
function nameAt(t: Table, k: number): string {
  const from = t.rows[k] + 2;
  return t.text.slice(from, t.text.indexOf('"', from));
}

function rowAt(t: Table, k: number): Row {
  const end = t.text.indexOf('\n', t.rows[k]);
  return JSON.parse(t.text.slice(t.rows[k], end < 0 ? undefined : end)) as Row;
}

function toIoctl([name, header, x86_64, i386, fields]: Row): UpstreamIoctl {
  const number = (hex: string | null) => (hex === null ? null : parseInt(hex, 16));
  const [dir, type, nr] = fields?.split(' ') ?? [];
  return { name, header, x86_64: number(x86_64), i386: number(i386), fields: fields ? { dir, type: type === '?' ? null : Number(type), nr: nr === '?' ? null : Number(nr) } : undefined };
}

/** Upstream ioctls found so far, by name (names that are not upstream are not remembered). */
const byName = new Map<string, UpstreamIoctl[]>();

/** The upstream ioctls of that name (usually one; a name may exist in two headers). */
export function upstreamIoctls(name: string): readonly UpstreamIoctl[] {
  const known = byName.get(name);
  if (known) return known;
  const t = loadTable();
  // the first row whose name is not before `name`
  let lo = 0;
  let hi = t.rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (nameAt(t, mid) < name) lo = mid + 1;
    else hi = mid;
  }
  const found: UpstreamIoctl[] = [];
  for (let k = lo; k < t.rows.length && nameAt(t, k) === name; k++) found.push(toIoctl(rowAt(t, k)));
  if (found.length) byName.set(name, found);
  return found;
}

/** Every upstream ioctl of the table. */
export function allUpstreamIoctls(): UpstreamIoctl[] {
  const t = loadTable();
  return t.rows.map((_, k) => toIoctl(rowAt(t, k)));
}
