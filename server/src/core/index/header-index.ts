import { modelDocument, type DocumentModel } from '../document';
import { readHeaderText, type HeaderCache } from '../include/header-cache';
import type { IoctlDir, IoctlMacro } from '../ioctl/forms';
import type { IoctlDefinition } from '../ioctl/extract';
import type { PurposeId } from '../../knowledge/purposes';
import type { AbiName } from '../abi/abis';

/**
 * What the workspace knows about headers that are not open: for each indexed header, its
 * ioctls (numbers on every ABI, purpose) and the files its translation unit reads. Only these
 * summaries are kept, never models or syntax trees, so a whole tree fits in little memory.
 */

export interface IoctlSummary {
  name: string;
  file: string;
  /** 1-based, at the macro name. */
  line: number;
  column: number;
  macro: IoctlMacro | null;
  dir: IoctlDir | null;
  type: number | null;
  nr: number | null;
  argType: string | null;
  purpose: PurposeId;
  /** The command number on each ABI (null where it cannot be computed). */
  values: Record<AbiName, number | null>;
  /** The argument's size on each ABI. */
  sizes: Record<AbiName, number | null>;
  unresolved: string | null;
}

export interface IndexedHeader {
  path: string;
  ioctls: IoctlSummary[];
  /** Every file its translation unit read (on the host ABI), itself included. */
  reads: string[];
}

/** The summaries of a model's own ioctls (those `keep` accepts), with their numbers on every ABI. */
export function summarize(model: DocumentModel, keep: (i: IoctlDefinition) => boolean = () => true): IndexedHeader {
  const ioctls: IoctlSummary[] = [];
  for (const i of model.ioctls) {
    if (i.file !== model.path || !keep(i)) continue;
    const abi = model.abiValues(i);
    const values = {} as Record<AbiName, number | null>;
    const sizes = {} as Record<AbiName, number | null>;
    for (const [name, v] of Object.entries(abi) as Array<[AbiName, { value: number | null; size: number | null }]>) {
      values[name] = v.value;
      sizes[name] = v.size;
    }
    ioctls.push({
      name: i.name,
      file: model.path,
      line: i.nameRange.start.row + 1,
      column: i.nameRange.start.column + 1,
      macro: i.macro,
      dir: i.dir,
      type: i.type,
      nr: i.nr,
      argType: i.argType,
      purpose: model.purposeOf(i).purpose,
      values,
      sizes,
      unresolved: i.unresolved,
    });
  }
  return { path: model.path, ioctls, reads: [...model.tu.files.keys()] };
}

/** Read and analyse one header from the disk; undefined if it cannot be read. */
export function indexHeaderFile(filePath: string, cache: HeaderCache): IndexedHeader | undefined {
  let read: { text: string; skipped?: string };
  try {
    read = readHeaderText(filePath, cache.limits);
  } catch {
    return undefined;
  }
  // a header over the size limit is not read, and has no ioctls to index
  return read.skipped ? undefined : summarize(modelDocument(filePath, read.text, cache));
}

export class HeaderIndex {
  private readonly headers = new Map<string, IndexedHeader>();
  /** For each file, the indexed headers whose translation unit reads it. */
  private readonly readers = new Map<string, Set<string>>();

  /** Store a header's summary (from the disk, or from an open document's model). */
  set(header: IndexedHeader): void {
    this.remove(header.path);
    this.headers.set(header.path, header);
    for (const f of header.reads) {
      let set = this.readers.get(f);
      if (!set) this.readers.set(f, (set = new Set()));
      set.add(header.path);
    }
  }

  remove(filePath: string): void {
    const known = this.headers.get(filePath);
    if (!known) return;
    this.headers.delete(filePath);
    for (const f of known.reads) {
      const set = this.readers.get(f);
      set?.delete(filePath);
      if (set?.size === 0) this.readers.delete(f);
    }
  }

  get(filePath: string): IndexedHeader | undefined {
    return this.headers.get(filePath);
  }

  has(filePath: string): boolean {
    return this.headers.has(filePath);
  }

  /** Indexed headers whose translation unit reads `filePath` (directly or through includes). */
  readersOf(filePath: string): string[] {
    return [...(this.readers.get(filePath) ?? [])].filter((p) => p !== filePath);
  }

  headersIndexed(): IterableIterator<IndexedHeader> {
    return this.headers.values();
  }

  get size(): number {
    return this.headers.size;
  }

  get ioctlCount(): number {
    let n = 0;
    for (const h of this.headers.values()) n += h.ioctls.length;
    return n;
  }

  *ioctls(): Generator<IoctlSummary> {
    for (const h of this.headers.values()) yield* h.ioctls;
  }
}
