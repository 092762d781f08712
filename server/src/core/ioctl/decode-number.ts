import type { IoctlSummary } from '../index/header-index';
import { ABIS, type AbiName, type EncodingFamily } from '../abi/abis';
import { decode, type DecodedCommand } from '../abi/encoding';
import { describeDir, describeMagic } from './forms';
import { hex } from '../describe';

/** What a command number means on each encoding, and which known ioctls have it. */

export interface DecodedOnFamily extends DecodedCommand {
  family: EncodingFamily;
  abis: AbiName[];
}

export interface NumberMatch {
  name: string;
  file: string;
  line: number;
  column: number;
  /** The ABIs on which this ioctl has exactly that number. */
  abis: AbiName[];
}

export interface DecodedNumber {
  value: number;
  families: DecodedOnFamily[];
  matches: NumberMatch[];
}

/** Read `0xC0186444`, `3222823492` or `0o...`; undefined if it is not a 32-bit number. */
export function parseCommandNumber(text: string): number | undefined {
  const t = text.trim().replace(/[uUlL]+$/, '');
  if (!/^(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|[1-9][0-9]*|0)$/.test(t)) return undefined;
  const v = /^0[0-7]/.test(t) ? BigInt('0o' + t.slice(1)) : BigInt(t.replace(/^0[oO]/, '0o'));
  return v <= 0xffffffffn ? Number(v) : undefined;
}

/** True if the ioctl's type and nr fields are those of `value` (the same bits on every encoding). */
export function sameFields(value: number, i: { type: number | null; nr: number | null }): boolean {
  return i.type === ((value >>> 8) & 0xff) && i.nr === (value & 0xff);
}

export function decodeNumber(value: number, ioctls: Iterable<IoctlSummary>): DecodedNumber {
  const families: DecodedOnFamily[] = [];
  // one line per distinct reading: encodings that read the number the same way share it
  const same = (a: DecodedCommand, b: DecodedCommand) => a.dir === b.dir && a.size === b.size && (a.dir !== null || a.dirBits === b.dirBits);
  for (const abi of ABIS) {
    const d = decode(value, abi.family);
    const f = families.find((x) => x.family === abi.family || same(x, d));
    if (f) f.abis.push(abi.name);
    else families.push({ family: abi.family, abis: [abi.name], ...d });
  }
  const matches: NumberMatch[] = [];
  for (const i of ioctls) {
    if (!sameFields(value, i)) continue;
    const abis = ABIS.filter((a) => i.values[a.name] === value).map((a) => a.name);
    if (abis.length) matches.push({ name: i.name, file: i.file, line: i.line, column: i.column, abis });
  }
  return { value, families, matches };
}

/** One line per distinct reading of the number: which ABIs, and the fields they see. */
export function familyLines(d: DecodedNumber): string[] {
  return d.families.map((f) => {
    const dir = f.dir ? describeDir(f.dir) : `direction bits ${f.dirBits} (no direction)`;
    return `${f.abis.join(', ')}: ${dir}, magic ${describeMagic(f.type)}, nr ${f.nr} (${hex(f.nr, 2)}), size ${f.size}`;
  });
}

/** Plain-text report, one line per encoding and per match. */
export function formatDecoded(d: DecodedNumber, displayPath: (file: string) => string = (f) => f): string {
  const lines = [hex(d.value), ...familyLines(d).map((l) => '  ' + l)];
  if (d.matches.length === 0) lines.push('no known ioctl has this number');
  for (const m of d.matches) {
    const all = m.abis.length === ABIS.length ? 'every ABI' : m.abis.join(', ');
    lines.push(`${m.name}  ${displayPath(m.file)}:${m.line}:${m.column}  (${all})`);
  }
  return lines.join('\n');
}
