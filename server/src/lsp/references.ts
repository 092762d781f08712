import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Location, Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { modelDocument, type DocumentModel } from '../analysis/pipeline';
import type { HeaderCache } from '../core/include/header-cache';
import { tooLarge } from '../core/include/header-cache';
import type { IoctlDefinition } from '../core/ioctl/extract';
import { ioctlAt, locationOf } from './definition';
import { toLspRange } from './convert';
import { URI } from './uri';
import { monotonicMs } from '../core/clock';

/**
 * Find references of an ioctl: its `#define`, and every place a driver source dispatches it (a
 * case label, an ioctl table entry). Driver sources are the open ones, and those on disk under
 * the workspace folders that include the ioctl's header: their `#include` lines are read once
 * (the first 64 KB of each `.c`, bounded in number, in slices that let other requests through)
 * and kept by modification time; the file watcher keeps the list of sources current.
 */

const MAX_SOURCES = 40000;
const HEAD_BYTES = 64 * 1024;
const INCLUDE = /^[ \t]*#[ \t]*include[ \t]*[<"]([^>"\n]+)[>"]/gm;

interface Known {
  mtimeMs: number;
  includes: string[];
}

/** How long one turn of the scan may hold the event loop before other messages are handled. */
const SLICE_MS = 15;
/** A scan's list of sources is trusted this long; `.c` files created or deleted meanwhile come from the file watcher. */
const LIST_TRUST_MS = 5 * 60 * 1000;

export class DriverSourceFinder {
  private readonly known = new Map<string, Known>();
  private list: { key: string; at: number; files: Set<string> } | undefined;
  private scanning: Promise<void> | undefined;

  /** A `.c` file appeared, changed or went away (the file watcher). */
  changed(file: string, deleted: boolean): void {
    this.known.delete(file);
    if (!this.list) return;
    if (deleted) this.list.files.delete(file);
    else if (/\.c$/i.test(file)) this.list.files.add(file);
  }

  /** `.c` files under the folders (hidden folders and node_modules skipped), bounded, read in slices. */
  private async scan(folders: readonly string[]): Promise<void> {
    const files = new Set<string>();
    const pending = [...folders];
    let slice = monotonicMs();
    while (pending.length && files.size < MAX_SOURCES) {
      const dir = pending.pop()!;
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const e of entries) {
        if (e.name.startsWith('.') || e.name === 'node_modules') continue;
        const p = path.join(dir, e.name);
        if (e.isDirectory()) pending.push(p);
        else if (e.isFile() && e.name.endsWith('.c')) {
          files.add(p);
          this.includesOf(p);
        }
      }
      // a kernel tree has some 35,000 sources: other requests are answered between slices
      if (monotonicMs() - slice > SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        slice = monotonicMs();
      }
    }
    this.list = { key: folders.join('\n'), at: monotonicMs(), files };
  }

  private async sources(folders: readonly string[]): Promise<Set<string>> {
    const key = folders.join('\n');
    if (!this.list || this.list.key !== key || monotonicMs() - this.list.at > LIST_TRUST_MS) {
      this.scanning ??= this.scan(folders).finally(() => (this.scanning = undefined));
      await this.scanning;
    }
    return this.list?.files ?? new Set();
  }

  private includesOf(file: string): string[] {
    let fd: number | undefined;
    try {
      const stat = fs.statSync(file);
      const known = this.known.get(file);
      if (known && known.mtimeMs === stat.mtimeMs) return known.includes;
      fd = fs.openSync(file, 'r');
      const buf = Buffer.alloc(Math.min(HEAD_BYTES, stat.size));
      const n = fs.readSync(fd, buf, 0, buf.length, 0);
      const includes = [...buf.subarray(0, n).toString('latin1').matchAll(INCLUDE)].map((m) => m[1].trim());
      this.known.set(file, { mtimeMs: stat.mtimeMs, includes });
      return includes;
    } catch {
      return [];
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  }

  /** Sources that include `header` by a spec that ends its path (`misc/fastrpc.h`, `uapi/misc/fastrpc.h`, `"fastrpc.h"` beside it). */
  async includersOf(header: string, folders: readonly string[]): Promise<string[]> {
    const parts = header.split(path.sep);
    const out: string[] = [];
    for (const src of await this.sources(folders)) {
      const includes = this.known.get(src)?.includes ?? this.includesOf(src);
      const hit = includes.some((spec) => {
        const s = spec.split('/');
        if (s.length > parts.length) return false;
        return s.every((x, i) => x === parts[parts.length - s.length + i]);
      });
      if (hit) out.push(src);
    }
    return out.sort();
  }
}

/** Dispatch sites of an ioctl in one driver source's model. */
function dispatchSites(model: DocumentModel, ioctl: IoctlDefinition, uri: string): Location[] {
  const driver = model.kind === 'source' ? model.driver : undefined;
  if (!driver) return [];
  return driver.dispatch.dispatched
    .filter((d) => d.name === ioctl.name || (d.ioctl && d.ioctl.file === ioctl.file && d.ioctl.name === ioctl.name))
    .map((d) => ({ uri, range: toLspRange(model.file.lines.range(d.span.start, d.span.end)) }));
}

export interface ReferenceContext {
  cache: HeaderCache;
  folders: readonly string[];
  /** The open driver sources' analyses (as edited). */
  openSources: () => Array<{ uri: string; model: DocumentModel }>;
  finder: DriverSourceFinder;
}

export async function references(doc: TextDocument, position: Position, model: DocumentModel, includeDeclaration: boolean, ctx: ReferenceContext): Promise<Location[] | null> {
  const ioctl = ioctlAt(doc, position, model);
  if (!ioctl) return null;
  const out: Location[] = [];
  if (includeDeclaration) out.push(locationOf(ioctl));
  const seen = new Set<string>();
  for (const open of ctx.openSources()) {
    seen.add(URI.toPath(open.uri));
    out.push(...dispatchSites(open.model, ioctl, open.uri));
  }
  if (path.isAbsolute(ioctl.file)) {
    for (const src of await ctx.finder.includersOf(ioctl.file, ctx.folders)) {
      if (seen.has(src)) continue;
      try {
        if (tooLarge(fs.statSync(src).size, ctx.cache.limits)) continue;
        const m = modelDocument(src, fs.readFileSync(src, 'utf8'), ctx.cache);
        out.push(...dispatchSites(m, ioctl, URI.fromPath(src)));
      } catch {
        /* an unreadable source has no dispatch to show */
      }
    }
  }
  return out;
}
