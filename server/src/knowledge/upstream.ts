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
 * needed, and looked up by a binary search over its text: compiled into the bundle it would be
 * part of every start of the language server, and parsing its 3,000 rows at once (or even
 * indexing their lines) made garbage and work in the first analysis that a search for the
 * header's few dozen names does not need.
 */
interface Table {
  text: string;
  /** Where the first row starts (after the header line). */
  first: number;
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
    table = { text, first: text.indexOf('\n') + 1 || text.length };
  }
  return table;
}

/** Where the row after the one starting at `start` starts (the text's length after the last). */
function nextRow(t: Table, start: number): number {
  return t.text.indexOf('\n', start) + 1 || t.text.length;
}

/** The name on the row starting at `start`: `["NAME",...`. */
function nameAt(t: Table, start: number): string {
  return t.text.slice(start + 2, t.text.indexOf('"', start + 2));
}

function rowAt(t: Table, start: number): Row {
  return JSON.parse(t.text.slice(start, nextRow(t, start))) as Row;
}

function toIoctl([name, header, x86_64, i386, fields]: Row): UpstreamIoctl {
  const number = (hex: string | null) => (hex === null ? null : parseInt(hex, 16));
  const [dir, type, nr] = fields?.split(' ') ?? [];
  return { name, header, x86_64: number(x86_64), i386: number(i386), fields: fields ? { dir, type: type === '?' ? null : Number(type), nr: nr === '?' ? null : Number(nr) } : undefined };
}

/** Whether a row starts at `start` (not the end of the text, nor an empty last line). */
function isRow(t: Table, start: number): boolean {
  return start < t.text.length && t.text.startsWith('["', start);
}

/** Upstream ioctls found so far, by name (names that are not upstream are not remembered). */
const byName = new Map<string, UpstreamIoctl[]>();

/** The upstream ioctls of that name (usually one; a name may exist in two headers). */
export function upstreamIoctls(name: string): readonly UpstreamIoctl[] {
  const known = byName.get(name);
  if (known) return known;
  const t = loadTable();
  // the first row whose name is not before `name`, searched by offset: `lo` and `hi` are row
  // starts, rows before `lo` have names before it, the row at `hi` (if any) does not
  let lo = t.first;
  let hi = t.text.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const row = t.text.lastIndexOf('\n', mid - 1) + 1;
    if (isRow(t, row) && nameAt(t, row) < name) lo = nextRow(t, row);
    else hi = row;
  }
  const found: UpstreamIoctl[] = [];
  for (let row = lo; isRow(t, row) && nameAt(t, row) === name; row = nextRow(t, row)) found.push(toIoctl(rowAt(t, row)));
  if (found.length) byName.set(name, found);
  return found;
}

/** Every upstream ioctl of the table. */
export function allUpstreamIoctls(): UpstreamIoctl[] {
  const t = loadTable();
  const all: UpstreamIoctl[] = [];
  for (let row = t.first; isRow(t, row); row = nextRow(t, row)) all.push(toIoctl(rowAt(t, row)));
  return all;
}
