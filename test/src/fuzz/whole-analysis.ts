import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeDocument } from '../../../server/out/analysis/pipeline';
import { HeaderCache } from '../../../server/out/core/include/header-cache';
import { jsonFile } from '../../../server/out/cli/format';
import { hover } from '../../../server/out/lsp/hover';
import { codeActions } from '../../../server/out/lsp/code-actions';
import { Rng } from './rng';

/**
 * Everything a user can get out of one header, as one JSON text: the findings of every rule,
 * the CLI's JSON report (every ioctl with its values on the ten ABIs and its purpose), hovers
 * on a few positions, and the code actions of the whole file with their edits.
 */

export interface AnalysisInput {
  path: string;
  text: string;
  includePaths: string[];
  /** Chooses the hover positions. */
  probeSeed: number;
}

export function newCache(input: AnalysisInput): HeaderCache {
  return new HeaderCache({ includePaths: input.includePaths, systemInclude: '/usr/include' });
}

export function wholeAnalysis(input: AnalysisInput, cache: HeaderCache): string {
  const result = analyzeDocument(input.path, input.text, { cache });
  const report = jsonFile(input.path, result);
  const uri = pathToFileURL(input.path).href;
  const doc = TextDocument.create(uri, 'c', 1, input.text);

  const rng = new Rng(input.probeSeed);
  const offsets: number[] = [];
  const ioctls = result.model.ioctls;
  for (let i = 0; i < 3 && ioctls.length; i++) offsets.push(result.model.file.lines.offset(rng.pick(ioctls).nameRange.start));
  for (let i = 0; i < 3; i++) offsets.push(rng.below(input.text.length + 1));
  offsets.push(input.text.length);
  const hovers = offsets.map((o) => {
    const position = doc.positionAt(o);
    return { position, hover: hover(doc, position, result.model, result.findings) };
  });

  const end = doc.positionAt(input.text.length);
  const actions = codeActions(uri, result, {
    textDocument: { uri },
    range: { start: { line: 0, character: 0 }, end },
    context: { diagnostics: [] },
  });

  const findings = result.findings.map((f) => ({ rule: f.rule, severity: f.severity, range: f.range, message: f.message, ioctls: f.ioctls, href: f.href }));
  return JSON.stringify({ findings, report, hovers, actions });
}
