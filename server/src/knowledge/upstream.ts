import table from './upstream-ioctls.json';

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

let byName: Map<string, UpstreamIoctl[]> | undefined;

/** The upstream ioctls of that name (usually one; a few names exist in two headers). */
export function upstreamIoctls(name: string): readonly UpstreamIoctl[] {
  if (!byName) {
    byName = new Map();
    const number = (hex: string | null) => (hex === null ? null : parseInt(hex, 16));
    for (const [n, header, x86_64, i386, fields] of table.ioctls as Array<[string, string, string | null, string | null, string?]>) {
      const list = byName.get(n) ?? [];
      const [dir, type, nr] = fields?.split(' ') ?? [];
      list.push({ name: n, header, x86_64: number(x86_64), i386: number(i386), fields: fields ? { dir, type: type === '?' ? null : Number(type), nr: nr === '?' ? null : Number(nr) } : undefined });
      byName.set(n, list);
    }
  }
  return byName.get(name) ?? [];
}

/** Every upstream ioctl of the table. */
export function allUpstreamIoctls(): UpstreamIoctl[] {
  upstreamIoctls('');
  return [...byName!.values()].flat();
}

/** The kernel headers the table was generated from (package versions). */
export const UPSTREAM_SOURCES: Readonly<Record<string, string | null>> = table.sources;
