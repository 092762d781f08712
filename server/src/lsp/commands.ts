import * as path from 'node:path';
import { ResponseError, ErrorCodes } from './protocol';
import { decodeNumber, familyLines, parseCommandNumber } from '../core/ioctl/decode-number';
import type { IoctlSummary } from '../core/index/header-index';
import { hex } from '../core/describe';
import { linkTarget, URI } from './uri';

/** Commands the server runs for clients (`workspace/executeCommand`). */
export const COMMANDS = {
  decode: 'uapiLint.decode',
  openCriteria: 'uapiLint.openCriteria',
  /** The ioctl table of one header (argument: its URI), and of the whole workspace. */
  listIoctls: 'uapiLint.listIoctls',
  listWorkspaceIoctls: 'uapiLint.listWorkspaceIoctls',
  /** The refs the git base may be switched to (argument: a document's or folder's URI). */
  listBases: 'uapiLint.listBases',
  /** The current branch reviewed as a patch series (argument: a document's or folder's URI). */
  reviewBranch: 'uapiLint.branchReview',
} as const;

export interface DecodeResponse {
  /** The report as Markdown, for a preview. */
  markdown: string;
  matches: number;
}

/**
 * Decode a command number against the ioctls the editor knows: the open documents (as they are
 * in the editor, not as saved) and the workspace index.
 */
export function decodeCommand(args: unknown[], folders: readonly string[], ioctls: (value: number) => Iterable<IoctlSummary>, pending = 0): DecodeResponse {
  const text = typeof args[0] === 'string' ? args[0] : typeof args[0] === 'number' ? String(args[0]) : '';
  const value = parseCommandNumber(text);
  if (value === undefined) throw new ResponseError(ErrorCodes.InvalidParams, `'${text}' is not a 32-bit number`);
  const decoded = decodeNumber(value, ioctls(value));
  const rel = (f: string) => {
    const folder = folders.find((d) => f.startsWith(d + path.sep));
    return folder ? path.relative(folder, f) : f;
  };
  const markdown = [
    `# ioctl number ${hex(value)}`,
    '```',
    ...familyLines(decoded),
    '```',
    decoded.matches.length ? '## Defined by' : '_No ioctl in the open documents or the workspace has this number._',
    ...decoded.matches.map((m) => `- [${m.name}](${linkTarget(URI.fromPath(m.file), m.line, m.column)}) in \`${rel(m.file)}:${m.line}\` (${m.abis.join(', ')})`),
    ...(pending ? ['', `_${pending} system headers are still being indexed; decode again later to search them too._`] : []),
  ].join('\n');
  return { markdown, matches: decoded.matches.length };
}
