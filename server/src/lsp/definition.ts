import * as path from 'node:path';
import type { Location, Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentModel } from '../core/document';
import type { IoctlDefinition } from '../core/ioctl/extract';
import { toLspRange } from './convert';
import { URI } from './uri';
import { wordAt } from './hover';

/**
 * Go to definition: from an ioctl macro's use (a case label, `_IOC_NR(FOO)`, the `FOO` of
 * `DRM_IOCTL_DEF_DRV(FOO, ...)`, any use in a header) to its `#define`, in whatever header of
 * the translation unit defines it.
 */

/** The ioctl named at a position: a macro, or a DRM table entry's short name. */
export function ioctlAt(doc: TextDocument, position: Position, model: DocumentModel): IoctlDefinition | undefined {
  const offset = doc.offsetAt(position);
  const entry = model.kind === 'source' ? model.driver?.dispatch.dispatched.find((d) => d.span.start <= offset && offset <= d.span.end) : undefined;
  if (entry?.ioctl) return entry.ioctl;
  const at = wordAt(doc.getText(), offset);
  return at ? model.ioctlNamed(at.word) : undefined;
}

export function locationOf(ioctl: IoctlDefinition): Location {
  return { uri: path.isAbsolute(ioctl.file) ? URI.fromPath(ioctl.file) : ioctl.file, range: toLspRange(ioctl.nameRange) };
}

export function definition(doc: TextDocument, position: Position, model: DocumentModel): Location | null {
  const ioctl = ioctlAt(doc, position, model);
  return ioctl ? locationOf(ioctl) : null;
}
