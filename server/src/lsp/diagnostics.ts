import type { Connection } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from './uri';
import { findingsOf, modelHeader, type AnalysisOptions, type AnalysisResult, type HeaderModel } from '../core/analysis';
import type { Finding } from '../rules/rule';
import type { HeaderCache } from '../core/include/header-cache';
import type { Settings, SettingsStore } from './settings';
import { toDiagnostic } from './convert';

/** Only headers are uAPI: `.c` files opened in the same editor are left alone. */
export function isHeader(uri: string): boolean {
  try {
    return /\.h$/i.test(new URL(uri).pathname);
  } catch {
    return false; // not a URI: a client's bug, not a reason to stop
  }
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
  readonly results = new Map<string, Entry>();

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
        // a failure for one document is logged; the server goes on
        this.run(doc.uri, doc.version).catch((e: unknown) =>
          this.connection.console.error(`uapi-lint: diagnostics of ${doc.uri} failed: ${e instanceof Error ? e.stack : String(e)}`),
        );
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
    // First what needs no layouts (custom ioctls, decoding, the advisor), then, after letting
    // other requests in, the struct rules, which lay the header out on every ABI.
    const entry = this.entry(doc, settings);
    if (!entry) return;
    let published: number | undefined;
    if (!entry.full) {
      await this.connection.sendDiagnostics({ uri, version, diagnostics: entry.quick.map(toDiagnostic) });
      published = entry.quick.length;
      await new Promise((resolve) => setImmediate(resolve));
      if (this.current(uri)?.version !== version) return;
    }
    const result = this.analyze(doc, settings);
    if (!result || this.current(uri)?.version !== version) return;
    // the quick findings are a part of the full ones: as many means the same
    if (result.findings.length === published) return;
    await this.connection.sendDiagnostics({ uri, version, diagnostics: result.findings.map(toDiagnostic) });
  }

  /** The document's model and quick findings, made now if the cached ones are for another version. */
  private entry(doc: TextDocument, settings: Settings): Entry | undefined {
    const known = this.results.get(doc.uri);
    if (known && known.version === doc.version && known.settings === settings) return known;
    const roots = this.cache.rootOptions;
    if ((roots.includePaths ?? []).join('\n') !== settings.includePaths.join('\n')) {
      this.cache.rootOptions = { ...roots, includePaths: settings.includePaths };
    }
    if (this.cache.limits.maxFileBytes !== settings.maxFileSize) this.cache.limits = { maxFileBytes: settings.maxFileSize };
    const started = performance.now();
    let entry: Entry;
    try {
      const model = modelHeader(URI.toPath(doc.uri), doc.getText(), this.cache);
      entry = { version: doc.version, settings, model, quick: findingsOf(model, this.options(settings), 'quick') };
    } catch (e) {
      // never take the server down for one document; say what happened in the log
      this.connection.console.error(`uapi-lint: analysis of ${doc.uri} failed: ${e instanceof Error ? e.stack : String(e)}`);
      return undefined;
    }
    this.lastCost.set(doc.uri, performance.now() - started);
    this.results.set(doc.uri, entry);
    this.cache.setOverlay(entry.model.file);
    return entry;
  }

  private options(settings: Settings): AnalysisOptions {
    return { cache: this.cache, severities: settings.rules, rules: { treatAllAsNew: settings.treatAllAsNew } };
  }

  /** The complete analysis of the document as it is now (for hover, code actions, commands). */
  analyze(doc: TextDocument, settings: Settings): AnalysisResult | undefined {
    const entry = this.entry(doc, settings);
    if (!entry) return undefined;
    if (!entry.full) {
      try {
        entry.full = findingsOf(entry.model, this.options(settings));
      } catch (e) {
        this.connection.console.error(`uapi-lint: analysis of ${doc.uri} failed: ${e instanceof Error ? e.stack : String(e)}`);
        return undefined;
      }
    }
    return { model: entry.model, findings: entry.full };
  }
}

interface Entry {
  version: number;
  settings: Settings;
  model: HeaderModel;
  /** The findings of the rules that need no layouts. */
  quick: Finding[];
  /** Every rule's findings, once computed. */
  full?: Finding[];
}
