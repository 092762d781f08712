import { spawn, type ChildProcess } from 'node:child_process';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { SERVER_BUNDLE } from './paths';

/** A minimal LSP client over stdio: spawns the built server and speaks JSON-RPC to it. */

export interface Diagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity?: number;
  code?: string | number;
  codeDescription?: { href: string };
  source?: string;
  message: string;
  data?: unknown;
}

export interface PublishDiagnostics {
  uri: string;
  version?: number;
  diagnostics: Diagnostic[];
}

export class LspClient {
  readonly process: ChildProcess;
  readonly connection: MessageConnection;
  private readonly waiters: Array<{ match: (p: PublishDiagnostics) => boolean; resolve: (p: PublishDiagnostics) => void }> = [];
  readonly published: PublishDiagnostics[] = [];
  /** `$/progress` notifications, in order, and the tokens the server asked to create. */
  readonly progress: Array<{ token: string | number; value: { kind: string; title?: string; message?: string; percentage?: number } }> = [];
  readonly progressTokens: Array<string | number> = [];
  private readonly progressWaiters: Array<{ match: (p: LspClient['progress'][number]) => boolean; resolve: () => void }> = [];
  stderr = '';

  /** The server's window/logMessage texts, in order. */
  readonly logs: string[] = [];

  constructor(
    args: string[] = ['--stdio'],
    options: {
      configuration?: (section: string, uri?: string) => unknown;
      /** The node script to start instead of the server bundle (a bin of package.json). */
      script?: string;
      /** Options for node itself (`--expose-gc`, `--require PRELOAD`). */
      nodeArgs?: string[];
      env?: NodeJS.ProcessEnv;
      cwd?: string;
    } = {},
  ) {
    this.process = spawn(process.execPath, [...(options.nodeArgs ?? []), options.script ?? SERVER_BUNDLE, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: options.env ?? process.env,
      cwd: options.cwd,
    });
    this.process.stderr!.on('data', (d) => (this.stderr += d));
    this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnostics) => {
      this.published.push(p);
      for (let i = this.waiters.length - 1; i >= 0; i--) {
        if (this.waiters[i].match(p)) {
          this.waiters[i].resolve(p);
          this.waiters.splice(i, 1);
        }
      }
    });
    this.connection.onRequest('workspace/configuration', (params: { items: Array<{ section?: string; scopeUri?: string }> }) =>
      params.items.map((item) => options.configuration?.(item.section ?? '', item.scopeUri) ?? null),
    );
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', (p: { token: string | number }) => {
      this.progressTokens.push(p.token);
      return null;
    });
    this.connection.onNotification('$/progress', (p: (typeof this.progress)[number]) => {
      this.progress.push(p);
      for (const w of this.progressWaiters.splice(0)) {
        if (w.match(p)) w.resolve();
        else this.progressWaiters.push(w);
      }
    });
    this.connection.onNotification('window/logMessage', (m: { message: string }) => void this.logs.push(m.message));
    this.connection.listen();
  }

  /** The next publishDiagnostics for `uri` (optionally for a given document version). */
  diagnostics(uri: string, version?: number): Promise<PublishDiagnostics> {
    return new Promise((resolve) => {
      this.waiters.push({ match: (p) => p.uri === uri && (version === undefined || p.version === version), resolve });
    });
  }

  /** The first publishDiagnostics (already received or still to come) that satisfies `match`. */
  until(match: (p: PublishDiagnostics) => boolean): Promise<PublishDiagnostics> {
    const seen = this.published.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  /** Resolves when a `$/progress` notification (already received or still to come) satisfies `match`. */
  untilProgress(match: (p: LspClient['progress'][number]) => boolean): Promise<void> {
    if (this.progress.some(match)) return Promise.resolve();
    return new Promise((resolve) => this.progressWaiters.push({ match, resolve }));
  }

  async initialize(rootUri: string | null, capabilities: Record<string, unknown> = {}): Promise<unknown> {
    const result = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: rootUri ? [{ uri: rootUri, name: 'root' }] : null,
      capabilities,
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  open(uri: string, text: string, languageId = 'c', version = 1): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, changes: unknown[]): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  close(uri: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  async shutdown(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.process.on('exit', (code) => resolve(code)));
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    const code = await exited;
    this.connection.dispose();
    return code;
  }
}
