import * as fs from 'node:fs';
import { analyzeDocument, initAnalysis, type AnalysisResult } from '../../../server/out/analysis/pipeline';
import { HeaderCache } from '../../../server/out/core/include/header-cache';

let cache: HeaderCache | undefined;

/** Analyse a header file with the zero-config roots, as the CLI would. */
export async function analyzeFile(path: string, text = fs.readFileSync(path, 'utf8')): Promise<AnalysisResult> {
  await initAnalysis();
  cache ??= new HeaderCache({});
  return analyzeDocument(path, text, { cache });
}
