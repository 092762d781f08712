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

interface Table {
  sources: Record<string, string | null>;
  ioctls: Row[];
}

/**
 * The table is a file of its own beside the code (dist/ in the bundle, server/out/knowledge in
 * the compiled tree), read when first needed: inside the bundle its 190 KB would be compiled,
 * and kept in the code cache, at every start of the language server.
 */
let table: Table | undefined;

function loadTable(): Table {
  return (table ??= JSON.parse(fs.readFileSync(path.join(__dirname, 'upstream-ioctls.json'), 'utf8')) as Table);
}

/** The table's rows by name; a row becomes an UpstreamIoctl when its name is first looked up. */
let rowsByName: Map<string, Row[]> | undefined;
const byName = new Map<string, UpstreamIoctl[]>();

function toIoctl([name, header, x86_64, i386, fields]: Row): UpstreamIoctl {
  const number = (hex: string | null) => (hex === null ? null : parseInt(hex, 16));
  const [dir, type, nr] = fields?.split(' ') ?? [];
  return { name, header, x86_64: number(x86_64), i386: number(i386), fields: fields ? { dir, type: type === '?' ? null : Number(type), nr: nr === '?' ? null : Number(nr) } : undefined };
}

/** The upstream ioctls of that name (usually one; a few names exist in two headers). */
export function upstreamIoctls(name: string): readonly UpstreamIoctl[] {
  if (!rowsByName) {
    rowsByName = new Map();
    for (const row of loadTable().ioctls) {
      const list = rowsByName.get(row[0]);
      if (list) list.push(row);
      else rowsByName.set(row[0], [row]);
    }
  }
  let found = byName.get(name);
  if (!found) {
    const rows = rowsByName.get(name);
    // names that are not upstream (those being typed) are not remembered
    if (!rows) return [];
    found = rows.map(toIoctl);
    byName.set(name, found);
  }
  return found;
}

/** Every upstream ioctl of the table. */
export function allUpstreamIoctls(): UpstreamIoctl[] {
  upstreamIoctls('');
  return [...rowsByName!.keys()].flatMap((name) => upstreamIoctls(name));
}

/** The kernel headers the table was generated from (package versions). */
export function upstreamSources(): Readonly<Record<string, string | null>> {
  return loadTable().sources;
}
