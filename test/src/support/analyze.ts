import * as fs from 'node:fs';
import { analyzeHeader, initAnalysis, type AnalysisResult } from '../../../server/out/core/analysis';
import { HeaderCache } from '../../../server/out/core/include/header-cache';

let cache: HeaderCache | undefined;

/** Analyse a header file with the zero-config roots, as the CLI would. */
export async function analyzeFile(path: string, text = fs.readFileSync(path, 'utf8')): Promise<AnalysisResult> {
  await initAnalysis();
  cache ??= new HeaderCache({});
  return analyzeHeader(path, text, { cache });
}
