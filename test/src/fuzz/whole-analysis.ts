import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeDocument } from '../../../server/out/analysis/pipeline';
import { reviewInputs, type SeriesReview } from '../../../server/out/analysis/review';
import { DEFAULT_CACHE_LIMITS, HeaderCache } from '../../../server/out/core/include/header-cache';
import { PatchFormatError } from '../../../server/out/core/patch/mail';
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

/** An empty folder to review from: in no kernel tree and no git work tree, so the review starts no git. */
let nowhere: string | undefined;

/**
 * Everything `uapi-lint review` makes of a patch series, as one JSON text: the findings on the
 * files it leaves behind (new files; there is no tree to read the others from), the findings on
 * the series as a whole, and what could not be reviewed.
 */
export async function wholeReview(input: Pick<AnalysisInput, 'path' | 'text'>): Promise<string> {
  nowhere ??= fs.mkdtempSync(path.join(os.tmpdir(), 'uapi-lint-fuzz-review-'));
  let review: SeriesReview;
  try {
    review = await reviewInputs([{ name: path.basename(input.path), text: input.text }], {
      cwd: nowhere,
      limits: DEFAULT_CACHE_LIMITS,
      newCache: (workspace) => new HeaderCache({ workspaceFolders: [workspace], systemInclude: '/usr/include' }),
    });
  } catch (e) {
    // what is no patch at all is told so, as `uapi-lint review` tells the user (exit status 2)
    if (e instanceof PatchFormatError) return JSON.stringify({ error: e.message });
    throw e;
  }
  const findings = review.findings.map((f) => ({ rule: f.rule, severity: f.severity, file: f.file, patch: f.patch, range: f.range, message: f.message }));
  const diagnostics = review.diagnostics.map((d) => ({ rule: d.rule, severity: d.severity, message: d.message }));
  return JSON.stringify({ findings, diagnostics, problems: review.problems, base: review.baseLabel, alreadyApplied: review.alreadyApplied });
}
