import type { Connection } from 'vscode-languageserver';
import { isSeverityOverride, type SeverityOverrides } from '../rules/engine';
import { DEFAULT_CACHE_LIMITS } from '../core/include/header-cache';

/** The `uapiLint.*` settings the server reads (see package.json `contributes.configuration`). */
export interface Settings {
  enable: boolean;
  rules: SeverityOverrides;
  /** Extra include roots, searched after the workspace folders. */
  includePaths: string[];
  /** Review every ioctl as new, also those that exist upstream. */
  treatAllAsNew: boolean;
  /** Index the kernel's uAPI headers of the system include folder too, not only the workspace. */
  indexSystemHeaders: boolean;
  /** Headers larger than this (bytes) are not analysed. */
  maxFileSize: number;
  /** Review driver sources (`.c`) as well as headers. */
  sources: boolean;
  /** The git base: '' for the branch's own (what it tracks, else origin/HEAD...), 'none', or a ref. */
  baseRef: string;
}

export const DEFAULT_SETTINGS: Settings = {
  enable: true,
  rules: {},
  includePaths: [],
  treatAllAsNew: false,
  indexSystemHeaders: true,
  maxFileSize: DEFAULT_CACHE_LIMITS.maxFileBytes,
  sources: true,
  baseRef: '',
};

/** Keep only well-formed values, so a typo in settings.json cannot break the analysis. */
export function normalizeSettings(raw: unknown): Settings {
  const s = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const rules: Record<string, string> = {};
  if (s.rules && typeof s.rules === 'object') {
    for (const [id, sev] of Object.entries(s.rules as Record<string, unknown>)) {
      if (isSeverityOverride(sev)) rules[id] = sev;
    }
  }
  const includePaths = Array.isArray(s.includePaths) ? s.includePaths.filter((p): p is string => typeof p === 'string' && p.length > 0) : [];
  const index = (s.index && typeof s.index === 'object' ? s.index : {}) as Record<string, unknown>;
  const maxFileSize = typeof s.maxFileSize === 'number' && Number.isFinite(s.maxFileSize) && s.maxFileSize >= 0 ? Math.floor(s.maxFileSize) : DEFAULT_SETTINGS.maxFileSize;
  return {
    enable: s.enable !== false,
    rules: rules as SeverityOverrides,
    includePaths,
    treatAllAsNew: s.treatAllAsNew === true,
    indexSystemHeaders: index.systemHeaders !== false,
    maxFileSize,
    sources: s.sources !== false,
    // a ref is handed to git after --end-of-options; one that could be an option or spans lines is none
    baseRef: typeof s.baseRef === 'string' && !/^-|[\0\n]/.test(s.baseRef.trim()) ? s.baseRef.trim() : '',
  };
}

/**
 * Settings per document: pulled with workspace/configuration when the client supports it
 * (VS Code, neovim), otherwise taken from initializationOptions or didChangeConfiguration.
 */
export class SettingsStore {
  private readonly perUri = new Map<string, Promise<Settings>>();
  private global: Settings = DEFAULT_SETTINGS;
  canPull = false;

  constructor(private readonly connection: Connection) {}

  setGlobal(raw: unknown): void {
    this.global = normalizeSettings(raw);
  }

  /** Forget pulled settings after a configuration change. */
  reset(): void {
    this.perUri.clear();
  }

  forget(uri: string): void {
    this.perUri.delete(uri);
  }

  /** The settings that are not per folder (the window's). */
  window(): Promise<Settings> {
    return this.pull(undefined);
  }

  get(uri: string): Promise<Settings> {
    let s = this.perUri.get(uri);
    if (!s) {
      s = this.pull(uri);
      this.perUri.set(uri, s);
    }
    return s;
  }

  private pull(scopeUri: string | undefined): Promise<Settings> {
    if (!this.canPull) return Promise.resolve(this.global);
    return this.connection.workspace
      .getConfiguration({ scopeUri, section: 'uapiLint' })
      // a client with nothing under `uapiLint` answers null: initializationOptions still count
      .then((raw) => (raw === null || raw === undefined ? this.global : normalizeSettings(raw)), () => this.global);
  }
}
