import type { Connection, Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from './uri';
import type { DocumentModel } from '../core/document';
import { baseOf, findingSteps, findingsOf, modelDocument, type AnalysisOptions, type AnalysisResult } from '../analysis/pipeline';
import type { Baseline } from '../core/baseline/baseline';
import type { GitBases } from './git-base';
import { editBetween } from '../core/include/source-file';
import { QUICK_RULES } from '../rules/index';
import type { Finding } from '../rules/rule';
import type { HeaderCache } from '../core/include/header-cache';
import type { Settings, SettingsStore } from './settings';
import { toDiagnostic } from './convert';
import { sendStatus, type IndexStatus } from './status';
import { monotonicMs } from '../core/clock';

/** A header (uAPI), by its URI's path. */
export function isHeader(uri: string): boolean {
  try {
    return /\.h$/i.test(new URL(uri).pathname);
  } catch {
    return false; // not a URI: a client's bug, not a reason to stop
  }
}

/** What the server reviews: headers, and driver sources (`.c`) unless `uapiLint.sources` is off. */
export function isReviewed(uri: string, settings: Pick<Settings, 'sources'>): boolean {
  if (isHeader(uri)) return true;
  try {
    return settings.sources && /\.c$/i.test(new URL(uri).pathname);
  } catch {
    return false;
  }
}

const QUICK_RULE_IDS = new Set(QUICK_RULES.map((r) => r.id));

/**
 * Runs the analysis of open documents and publishes diagnostics, in two steps per version:
 * at once, the rules that need no layouts (custom ioctls, the advisor, decoding, hygiene), with
 * the previous version's struct findings carried over where the edit did not touch them; then,
 * when typing pauses, the struct rules, which lay the header out on every ABI. An analysis runs
 * as soon as the change arrives while it is cheap; changes that arrive while one runs are taken
 * together, and a run whose document changed meanwhile is dropped.
 */
/**
 * A quick analysis this slow (the median of the last few edits') waits for a pause in typing:
 * a fast typist's keystrokes come 60-150 ms apart, and below this an analysis for each is
 * finished before the next arrives. One slow run (a garbage collection) does not move the median.
 */
const EXPENSIVE_MS = 50;
/** How long one slice of a complete analysis may run before requests are let through. */
const SLICE_MS = 8;
const RECENT_COSTS = 5;

function typicalCost(costs: number[] | undefined): number {
  if (!costs?.length) return 0;
  const sorted = [...costs].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

export class DiagnosticsScheduler {
  /** Per document, how to cancel its scheduled run. */
  private readonly timers = new Map<string, () => void>();
  /** What the quick analysis of each document's last few edits took (ms), newest last. */
  private readonly recentCosts = new Map<string, number[]>();
  /** What the struct rules last took per document (ms). */
  private readonly lastFullCost = new Map<string, number>();
  /** The newest analysis per open document, for the other features. */
  readonly results = new Map<string, Entry>();
  /** The last complete diagnostics per document and the text they were computed on. */
  private readonly settled = new Map<string, { text: string; diagnostics: Diagnostic[] }>();

  /** The workspace index's counts, sent with each document's status. */
  indexStatus?: () => IndexStatus;
  /** The git bases of the documents' repositories. */
  bases?: GitBases;

  constructor(
    private readonly connection: Connection,
    private readonly cache: HeaderCache,
    private readonly settings: SettingsStore,
    private readonly current: (uri: string) => TextDocument | undefined,
    /** How long one slice of a complete analysis may run (ms); 0: one rule per slice. */
    private readonly sliceMs = SLICE_MS,
  ) {}

  /** Analyse now (document opened) or once the change is worth it (document changed). */
  schedule(doc: TextDocument, immediate: boolean): void {
    const cost = typicalCost(this.recentCosts.get(doc.uri));
    // cheap analyses run on every change; an expensive one waits for a pause in typing
    this.later(doc.uri, immediate || cost < EXPENSIVE_MS ? 'now' : Math.min(250, cost * 2), () => this.run(doc.uri, doc.version));
  }

  /**
   * Make the document's current version the one the cache holds for those who include it (its
   * model, as its next run would make it), without publishing anything.
   */
  async prepare(doc: TextDocument): Promise<void> {
    const settings = await this.settings.get(doc.uri);
    const now = this.current(doc.uri);
    if (!now || now.version !== doc.version || !settings.enable || !isReviewed(doc.uri, settings)) return;
    this.entry(now, settings);
  }

  /** Analyse again although the document did not change: a header it includes did. */
  refresh(doc: TextDocument, immediate = true): void {
    const known = this.results.get(doc.uri);
    if (known) known.stale = true;
    this.schedule(doc, immediate);
  }

  close(uri: string): void {
    this.cancel(uri);
    this.recentCosts.delete(uri);
    this.lastFullCost.delete(uri);
    this.results.get(uri)?.model.file.dispose();
    this.results.delete(uri);
    this.settled.delete(uri);
    this.cache.deleteOverlay(URI.toPath(uri));
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /**
   * Run `task` after `delay` ms, or 'now': as soon as the messages already read are handled (a
   * document just opened; a timer, even of 0 ms, would add a millisecond to the first diagnostics).
   */
  private later(uri: string, delay: number | 'now', task: () => Promise<void>): void {
    this.cancel(uri);
    const fire = () => {
      this.timers.delete(uri);
      // a failure for one document is logged; the server goes on
      task().catch((e: unknown) =>
        this.connection.console.error(`uapi-lint: diagnostics of ${uri} failed: ${e instanceof Error ? e.stack : String(e)}`),
      );
    };
    if (delay === 'now') {
      const pending = setImmediate(fire);
      this.timers.set(uri, () => clearImmediate(pending));
    } else {
      const pending = setTimeout(fire, delay);
      this.timers.set(uri, () => clearTimeout(pending));
    }
  }

  private cancel(uri: string): void {
    this.timers.get(uri)?.();
    this.timers.delete(uri);
  }

  private async run(uri: string, version: number): Promise<void> {
    const settings = await this.settings.get(uri);
    const doc = this.current(uri);
    if (!doc || doc.version !== version) return; // stale: a newer change is scheduled
    if (!settings.enable || !isReviewed(uri, settings)) {
      await this.connection.sendDiagnostics({ uri, version, diagnostics: [] });
      return;
    }
    // the first analysis waits (a bounded time) for the base, so what exists is not first shown as new
    if (!this.results.has(uri) && this.bases) {
      await this.bases.whenKnown(URI.toPath(uri), settings.baseRef);
      if (this.current(uri)?.version !== version) return;
    }
    const entry = this.entry(doc, settings);
    if (!entry) return;
    void sendStatus(this.connection, { uri, ioctls: entry.model.ioctls.length, index: this.indexStatus?.(), base: this.bases?.status(URI.toPath(uri), settings.baseRef) });
    if (entry.full) {
      await this.publishComplete(doc, entry.full);
      return;
    }
    const quick = entry.quick.map(toDiagnostic);
    const carried = this.carriedOver(uri, doc.getText());
    // from here on, whatever computes this version's complete findings publishes them (analyze)
    entry.quickPublished = true;
    await this.connection.sendDiagnostics({ uri, version, diagnostics: carried.length ? sortDiagnostics(quick.concat(carried)) : quick });
    // A change that arrived while the diagnostics were sent has scheduled its own run: the timer
    // below would replace that one, and the newer version would never be published.
    if (this.current(uri)?.version !== version) return;
    // the struct rules: at once for a document just opened, otherwise when typing pauses
    const first = !this.settled.has(uri);
    const slowDelay = first ? 0 : Math.min(400, 50 + 2 * (this.lastFullCost.get(uri) ?? 0));
    this.later(uri, slowDelay, async () => {
      if (this.current(uri)?.version !== version) return;
      // publishes them, unless a hover or a code action needed them first and so published them
      await this.completeInSlices(doc, settings);
    });
  }

  private async publishComplete(doc: TextDocument, findings: Finding[]): Promise<void> {
    const diagnostics = findings.map(toDiagnostic);
    this.settled.set(doc.uri, { text: doc.getText(), diagnostics: diagnostics.filter((d) => !QUICK_RULE_IDS.has(String(d.code))) });
    await this.connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
  }

  /**
   * The struct findings of the last complete analysis that the edits since then left alone
   * (those on lines after the edit move with it), so they do not flicker while the user types.
   */
  private carriedOver(uri: string, text: string): Diagnostic[] {
    const settled = this.settled.get(uri);
    if (!settled || !settled.diagnostics.length) return [];
    const edit = editBetween(settled.text, text);
    if (!edit) return settled.diagnostics;
    const first = edit.startPosition.row;
    const last = edit.oldEndPosition.row;
    const shift = edit.newEndPosition.row - last;
    const out: Diagnostic[] = [];
    for (const d of settled.diagnostics) {
      if (d.range.end.line < first) out.push(d);
      else if (d.range.start.line > last) {
        out.push({ ...d, range: { start: { ...d.range.start, line: d.range.start.line + shift }, end: { ...d.range.end, line: d.range.end.line + shift } } });
      }
    }
    return out;
  }

  /** The document's model and quick findings, made now if the cached ones are for another version. */
  private entry(doc: TextDocument, settings: Settings): Entry | undefined {
    const known = this.results.get(doc.uri);
    if (known && known.version === doc.version && known.settings === settings && !known.stale && known.baseline === this.bases?.baselineOf(URI.toPath(doc.uri), settings.baseRef)) return known;
    const roots = this.cache.rootOptions;
    if ((roots.includePaths ?? []).join('\n') !== settings.includePaths.join('\n')) {
      this.cache.rootOptions = { ...roots, includePaths: settings.includePaths };
    }
    if (this.cache.limits.maxFileBytes !== settings.maxFileSize) this.cache.limits = { ...this.cache.limits, maxFileBytes: settings.maxFileSize };
    const started = monotonicMs();
    let entry: Entry;
    try {
      // an open document keeps its syntax tree: the next version is parsed incrementally from it
      const model = modelDocument(URI.toPath(doc.uri), doc.getText(), this.cache, { previous: known?.model.file });
      const options = this.options(settings, model.path);
      entry = { version: doc.version, settings, model, baseline: options.baseline, quick: findingsOf(model, options, 'quick') };
    } catch (e) {
      // never take the server down for one document; say what happened in the log
      this.connection.console.error(`uapi-lint: analysis of ${doc.uri} failed: ${e instanceof Error ? e.stack : String(e)}`);
      return undefined;
    }
    // an edit's cost: the first analysis parses the includes and is no guide to the next
    if (known) {
      const costs = this.recentCosts.get(doc.uri) ?? [];
      costs.push(monotonicMs() - started);
      if (costs.length > RECENT_COSTS) costs.shift();
      this.recentCosts.set(doc.uri, costs);
    }
    known?.model.file.dispose();
    this.results.set(doc.uri, entry);
    this.cache.setOverlay(entry.model.file);
    return entry;
  }

  private options(settings: Settings, file?: string): AnalysisOptions {
    const baseline = file ? this.bases?.baselineOf(file, settings.baseRef) : undefined;
    return { cache: this.cache, severities: settings.rules, rules: { treatAllAsNew: settings.treatAllAsNew }, baseline };
  }

  /**
   * The complete analysis of the document as it is now (for hover, code actions, commands). Once
   * the version's quick findings are out, its complete ones are published as soon as they are
   * computed, here: a request that needed them first does not leave them waiting for the timer,
   * and its answer reaches the editor after them.
   */
  analyze(doc: TextDocument, settings: Settings): AnalysisResult | undefined {
    const entry = this.entry(doc, settings);
    if (!entry) return undefined;
    // the rest of a complete analysis under way, or all of it
    if (!this.advance(entry, doc, settings, Infinity)) return undefined;
    const options = this.options(settings, entry.model.path);
    return { model: entry.model, findings: entry.full!, base: baseOf(entry.model, options) };
  }

  /**
   * The complete analysis when typing pauses, in slices of a few milliseconds (whole rules):
   * requests that arrive meanwhile are answered between slices, not after the whole analysis.
   * Dropped when the document changes; a request that needs it first finishes it.
   */
  private async completeInSlices(doc: TextDocument, settings: Settings): Promise<void> {
    const entry = this.entry(doc, settings);
    if (!entry) return;
    while (this.advance(entry, doc, settings, this.sliceMs) && !entry.full) {
      await new Promise((resolve) => setImmediate(resolve));
      if (this.results.get(doc.uri) !== entry || this.current(doc.uri)?.version !== doc.version) return;
    }
  }

  /**
   * Run the entry's complete analysis for up to `budget` ms (at least one rule). False if it
   * failed. When it ends, its findings are published if this version's quick ones are out.
   */
  private advance(entry: Entry, doc: TextDocument, settings: Settings, budget: number): boolean {
    if (entry.full) return true;
    const started = monotonicMs();
    try {
      entry.steps ??= { run: findingSteps(entry.model, this.options(settings, entry.model.path)), work: 0 };
      for (;;) {
        const step = entry.steps.run.next();
        if (step.done) {
          entry.full = step.value;
          break;
        }
        if (monotonicMs() - started >= budget) break;
      }
    } catch (e) {
      entry.steps = undefined;
      this.connection.console.error(`uapi-lint: analysis of ${doc.uri} failed: ${e instanceof Error ? e.stack : String(e)}`);
      return false;
    }
    entry.steps.work += monotonicMs() - started;
    if (entry.full) {
      this.lastFullCost.set(doc.uri, entry.steps.work);
      entry.steps = undefined;
      if (entry.quickPublished) {
        this.publishComplete(doc, entry.full).catch((e: unknown) =>
          this.connection.console.error(`uapi-lint: diagnostics of ${doc.uri} failed: ${e instanceof Error ? e.stack : String(e)}`),
        );
      }
    }
    return true;
  }
}

/** Position first, as the rule engine orders findings. */
function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  return ds.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

interface Entry {
  version: number;
  settings: Settings;
  model: DocumentModel;
  /** The findings of the rules that need no layouts. */
  quick: Finding[];
  /** Every rule's findings, once computed. */
  full?: Finding[];
  /** The complete analysis under way (rule by rule), and the milliseconds it has taken so far. */
  steps?: { run: Generator<void, Finding[]>; work: number };
  /** The quick findings of this version have been published (so the complete ones go out when computed). */
  quickPublished?: boolean;
  /** Something it read changed: analyse again before using it. */
  stale?: boolean;
  /** The git base its findings were computed against. */
  baseline?: Baseline;
}
