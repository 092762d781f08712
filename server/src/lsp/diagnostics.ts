import type { Connection } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from './uri';
import { analyzeHeader, type AnalysisResult } from '../core/analysis';
import type { HeaderCache } from '../core/include/header-cache';
import type { Settings, SettingsStore } from './settings';
import { toDiagnostic } from './convert';

/** Only headers are uAPI: `.c` files opened in the same editor are left alone. */
export function isHeader(uri: string): boolean {
  return /\.h$/i.test(new URL(uri).pathname);
}

/**
 * Runs the analysis for open documents and publishes diagnostics. Changes are debounced in
 * proportion to what the last analysis of the document cost (cheap files get results at once,
 * expensive ones wait for a pause in typing); a run whose document changed meanwhile is dropped.
 */
export class DiagnosticsScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly lastCost = new Map<string, number>();
  /** The newest analysis per open document, for the other features. */
  readonly results = new Map<string, { version: number; settings: Settings; result: AnalysisResult }>();

  constructor(
    private readonly connection: Connection,
    private readonly cache: HeaderCache,
    private readonly settings: SettingsStore,
    private readonly current: (uri: string) => TextDocument | undefined,
  ) {}

  /** Analyse now (document opened) or after the debounce (document changed). */
  schedule(doc: TextDocument, immediate: boolean): void {
    const pending = this.timers.get(doc.uri);
    if (pending) clearTimeout(pending);
    const cost = this.lastCost.get(doc.uri) ?? 0;
    const delay = immediate ? 0 : Math.min(250, cost < 8 ? 0 : cost * 2);
    this.timers.set(
      doc.uri,
      setTimeout(() => {
        this.timers.delete(doc.uri);
        void this.run(doc.uri, doc.version);
      }, delay),
    );
  }

  close(uri: string): void {
    const pending = this.timers.get(uri);
    if (pending) clearTimeout(pending);
    this.timers.delete(uri);
    this.lastCost.delete(uri);
    this.results.delete(uri);
    this.cache.deleteOverlay(URI.toPath(uri));
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private async run(uri: string, version: number): Promise<void> {
    const settings = await this.settings.get(uri);
    const doc = this.current(uri);
    if (!doc || doc.version !== version) return; // stale: a newer change is scheduled
    if (!settings.enable || !isHeader(uri)) {
      await this.connection.sendDiagnostics({ uri, version, diagnostics: [] });
      return;
    }
    const result = this.analyze(doc, settings);
    if (!result || this.current(uri)?.version !== version) return;
    await this.connection.sendDiagnostics({ uri, version, diagnostics: result.findings.map(toDiagnostic) });
  }

  /** The analysis of the document as it is now, from the last run or made now. */
  analyze(doc: TextDocument, settings: Settings): AnalysisResult | undefined {
    const known = this.results.get(doc.uri);
    if (known && known.version === doc.version && known.settings === settings) return known.result;
    const roots = this.cache.rootOptions;
    if ((roots.includePaths ?? []).join('\n') !== settings.includePaths.join('\n')) {
      this.cache.rootOptions = { ...roots, includePaths: settings.includePaths };
    }
    const started = performance.now();
    let result: AnalysisResult;
    try {
      result = analyzeHeader(URI.toPath(doc.uri), doc.getText(), {
        cache: this.cache,
        severities: settings.rules,
        rules: { treatAllAsNew: settings.treatAllAsNew },
      });
    } catch (e) {
      // never take the server down for one document; say what happened in the log
      this.connection.console.error(`uapi-lint: analysis of ${doc.uri} failed: ${e instanceof Error ? e.stack : String(e)}`);
      return undefined;
    }
    this.lastCost.set(doc.uri, performance.now() - started);
    this.results.set(doc.uri, { version: doc.version, settings, result });
    this.cache.setOverlay(result.model.file);
    return result;
  }
}
