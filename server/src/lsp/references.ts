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

/**
 * Find references of an ioctl: its `#define`, and every place a driver source dispatches it (a
 * case label, an ioctl table entry). Driver sources are the open ones, and those on disk under
 * the workspace folders that include the ioctl's header: their `#include` lines are read once
 * (the first 64 KB of each `.c`, bounded in number) and kept by modification time.
 */

const MAX_SOURCES = 40000;
const HEAD_BYTES = 64 * 1024;
const INCLUDE = /^[ \t]*#[ \t]*include[ \t]*[<"]([^>"\n]+)[>"]/gm;

interface Known {
  mtimeMs: number;
  includes: string[];
}

export class DriverSourceFinder {
  private readonly known = new Map<string, Known>();

  /** `.c` files under the folders (hidden folders and node_modules skipped), bounded. */
  private sources(folders: readonly string[]): string[] {
    const out: string[] = [];
    const visit = (dir: string) => {
      if (out.length >= MAX_SOURCES) return;
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        if (out.length >= MAX_SOURCES) return;
        if (e.name.startsWith('.') || e.name === 'node_modules') continue;
        const p = path.join(dir, e.name);
        if (e.isDirectory()) visit(p);
        else if (e.isFile() && e.name.endsWith('.c')) out.push(p);
      }
    };
    for (const f of folders) visit(f);
    return out;
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
  includersOf(header: string, folders: readonly string[]): string[] {
    const parts = header.split(path.sep);
    return this.sources(folders).filter((src) =>
      this.includesOf(src).some((spec) => {
        const s = spec.split('/');
        if (s.length > parts.length) return false;
        return s.every((x, i) => x === parts[parts.length - s.length + i]);
      }),
    );
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

export function references(doc: TextDocument, position: Position, model: DocumentModel, includeDeclaration: boolean, ctx: ReferenceContext): Location[] | null {
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
    for (const src of ctx.finder.includersOf(ioctl.file, ctx.folders)) {
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
