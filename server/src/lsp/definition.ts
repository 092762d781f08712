import * as path from 'node:path';
import type { Location, Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentModel } from '../core/document';
import type { IoctlDefinition } from '../core/ioctl/extract';
import { toLspRange } from './convert';
import { URI } from './uri';

/**
 * Go to definition: from an ioctl macro's use (a case label, `_IOC_NR(FOO)`, the `FOO` of
 * `DRM_IOCTL_DEF_DRV(FOO, ...)`, any use in a header) to its `#define`, in whatever header of
 * the translation unit defines it.
 */

function wordAt(text: string, offset: number): string | null {
  const isWord = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_]/.test(c);
  let s = offset;
  while (s > 0 && isWord(text[s - 1])) s--;
  let e = offset;
  while (isWord(text[e])) e++;
  return e > s && /^[A-Za-z_]/.test(text[s]) ? text.slice(s, e) : null;
}

/** The ioctl named at a position: a macro, or a DRM table entry's short name. */
export function ioctlAt(doc: TextDocument, position: Position, model: DocumentModel): IoctlDefinition | undefined {
  const offset = doc.offsetAt(position);
  const entry = model.kind === 'source' ? model.driver?.dispatch.dispatched.find((d) => d.span.start <= offset && offset <= d.span.end) : undefined;
  if (entry?.ioctl) return entry.ioctl;
  const word = wordAt(doc.getText(), offset);
  return word ? model.ioctlNamed(word) : undefined;
}

export function locationOf(ioctl: IoctlDefinition): Location {
  return { uri: path.isAbsolute(ioctl.file) ? URI.fromPath(ioctl.file) : ioctl.file, range: toLspRange(ioctl.nameRange) };
}

export function definition(doc: TextDocument, position: Position, model: DocumentModel): Location | null {
  const ioctl = ioctlAt(doc, position, model);
  return ioctl ? locationOf(ioctl) : null;
}
