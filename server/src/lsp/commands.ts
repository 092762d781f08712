import * as fs from 'node:fs';
import * as path from 'node:path';
import { ResponseError, ErrorCodes } from 'vscode-languageserver';
import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeHeader, type HeaderModel } from '../core/analysis';
import { tooLarge, type HeaderCache } from '../core/include/header-cache';
import { decodeNumber, familyLines, parseCommandNumber } from '../core/ioctl/decode-number';
import { hex } from '../core/describe';
import { workspaceHeaders } from './workspace-headers';
import { URI } from './uri';

/** Commands the server runs for clients (`workspace/executeCommand`). */
export const COMMANDS = { decode: 'uapiLint.decode', openCriteria: 'uapiLint.openCriteria' } as const;

export interface DecodeResponse {
  /** The report as Markdown, for a preview. */
  markdown: string;
  matches: number;
}

/**
 * Decode a command number against the open documents and the headers of the workspace.
 * Open documents are used as they are in the editor, not as saved.
 */
export function decodeCommand(
  args: unknown[],
  documents: TextDocuments<TextDocument>,
  cache: HeaderCache,
  folders: readonly string[],
  modelOf: (doc: TextDocument) => HeaderModel | undefined,
): DecodeResponse {
  const text = typeof args[0] === 'string' ? args[0] : typeof args[0] === 'number' ? String(args[0]) : '';
  const value = parseCommandNumber(text);
  if (value === undefined) throw new ResponseError(ErrorCodes.InvalidParams, `'${text}' is not a 32-bit number`);
  const open = new Map<string, HeaderModel>();
  for (const doc of documents.all()) {
    const m = modelOf(doc);
    if (m) open.set(m.path, m);
  }
  const models = function* (): Generator<HeaderModel> {
    yield* open.values();
    for (const file of workspaceHeaders(folders)) {
      if (open.has(file)) continue;
      let source: string;
      try {
        // a header over the size limit is not read
        if (tooLarge(fs.statSync(file).size, cache.limits)) continue;
        source = fs.readFileSync(file, 'utf8');
      } catch {
        continue;
      }
      yield analyzeHeader(file, source, { cache }).model;
    }
  };
  const decoded = decodeNumber(value, models());
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
    ...decoded.matches.map((m) => `- [${m.name}](${URI.fromPath(m.file)}#L${m.line}) in \`${rel(m.file)}:${m.line}\` (${m.abis.join(', ')})`),
  ].join('\n');
  return { markdown, matches: decoded.matches.length };
}
