import * as fs from 'node:fs';
import * as path from 'node:path';
import { findKernelTree } from './roots';

/**
 * The ioctl number registry of a kernel tree: Documentation/userspace-api/ioctl/ioctl-number.rst,
 * a table of `Code  Seq#  Include File  Comments` rows (code as 0xNN or a character, sequence
 * numbers as hex NN or NN-MM). Read once per tree.
 */
export interface RegistryRow {
  type: number;
  from: number;
  to: number;
  file: string;
}

export interface IoctlRegistry {
  path: string;
  rows: RegistryRow[];
}

const REGISTRY = path.join('Documentation', 'userspace-api', 'ioctl', 'ioctl-number.rst');
const cache = new Map<string, IoctlRegistry | null>();

/** One row of the table, or undefined for anything else (headers, rules, continuation lines). */
export function parseRegistryRow(line: string): RegistryRow | undefined {
  const m = /^\s*(0x[0-9A-Fa-f]{1,2}|'(?:\\.|[^'])')\s+(all|[0-9A-Fa-f]{1,2}(?:-[0-9A-Fa-f]{1,2})?)\b\s*(\S*)/.exec(line);
  if (!m) return undefined;
  const code = m[1].startsWith('0x') ? parseInt(m[1], 16) : m[1].slice(1, -1).replace(/^\\/, '').charCodeAt(0);
  const [lo, hi] = m[2] === 'all' ? ['00', 'FF'] : m[2].split('-');
  return { type: code, from: parseInt(lo, 16), to: parseInt(hi ?? lo, 16), file: m[3] };
}

/** The registry of the kernel tree a header is in; undefined outside a tree or without the file. */
export function registryFor(header: string): IoctlRegistry | undefined {
  const tree = findKernelTree(path.dirname(header));
  if (!tree) return undefined;
  let r = cache.get(tree);
  if (r === undefined) {
    const file = path.join(tree, REGISTRY);
    let text: string | undefined;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      text = undefined;
    }
    r = text === undefined ? null : { path: file, rows: text.split('\n').flatMap((l) => parseRegistryRow(l) ?? []) };
    cache.set(tree, r);
  }
  return r ?? undefined;
}
