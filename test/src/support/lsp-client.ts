import { after } from 'node:test';
import { spawn, type ChildProcess } from 'node:child_process';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { within } from './deadline';
import { SERVER_BUNDLE } from './paths';

/** A minimal LSP client over stdio: spawns the built server and speaks JSON-RPC to it. */

/**
 * How long one request, or one awaited notification, may take unless a test says otherwise
 * (ms). Measured: each takes under a second on an idle machine, and up to 12 s with eight of
 * these test files on two processors (a decode that waits for the workspace index). A wait
 * that runs out fails with what it waited for, what the server published and its stderr.
 */
export const LSP_WAIT_MS = 20_000;

/** How long the server has to exit after shutdown and exit before it is killed (ms). */
const EXIT_MS = 10_000;

const running = new Set<LspClient>();
// node:test's `timeout` fails a test but stops nothing it started, and a server still running
// keeps the test file's process alive until CI's limit: whatever a test left running is shut
// down (killed if it does not exit) once the file's tests are done.
after(async () => {
  for (const client of running) await client.shutdown().catch(() => client.kill());
});

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

/** initializationOptions with `baseRef: none` added to their settings (where they are, or as `uapiLint`). */
function withoutBase(options: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!options) return { uapiLint: { baseRef: 'none' } };
  if (options.uapiLint && typeof options.uapiLint === 'object') return { ...options, uapiLint: { baseRef: 'none', ...(options.uapiLint as object) } };
  return { baseRef: 'none', ...options };
}

export class LspClient {
  readonly process: ChildProcess;
  readonly connection: MessageConnection;
  /** The time limit of each request and awaited notification (ms). */
  readonly waitMs: number;
  private readonly waiters: Array<{ match: (p: PublishDiagnostics) => boolean; resolve: (p: PublishDiagnostics) => void }> = [];
  readonly published: PublishDiagnostics[] = [];
  /** `$/progress` notifications, in order, and the tokens the server asked to create. */
  readonly progress: Array<{ token: string | number; value: { kind: string; title?: string; message?: string; percentage?: number } }> = [];
  readonly progressTokens: Array<string | number> = [];
  private readonly progressWaiters: Array<{ match: (p: LspClient['progress'][number]) => boolean; resolve: () => void }> = [];
  stderr = '';

  private readonly gitBase: boolean;

  /** The server's window/logMessage texts, in order. */
  readonly logs: string[] = [];

  /** Resolves with the exit code (null when killed by a signal) once the server has exited. */
  private readonly exited: Promise<number | null>;
  private stopping: Promise<number | null> | undefined;

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
      /** The time limit of each request and awaited notification (ms); LSP_WAIT_MS by default. */
      waitMs?: number;
      /**
       * Let the server read a git base. Off by default: the fixtures live in this repository, and
       * in a clone with an origin its base would make every fixture's ioctls existing (info).
       */
      gitBase?: boolean;
    } = {},
  ) {
    this.waitMs = options.waitMs ?? LSP_WAIT_MS;
    this.process = spawn(process.execPath, [...(options.nodeArgs ?? []), options.script ?? SERVER_BUNDLE, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: options.env ?? process.env,
      cwd: options.cwd,
    });
    running.add(this);
    this.exited = new Promise((resolve) =>
      this.process.once('exit', (code) => {
        running.delete(this);
        resolve(code);
      }),
    );
    this.process.stderr!.on('data', (d) => (this.stderr += d));
    this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    // every request has a time limit, whichever test sends it
    const send = this.connection.sendRequest.bind(this.connection) as (...a: unknown[]) => Promise<unknown>;
    this.connection.sendRequest = ((type: string | { method: string }, ...params: unknown[]) =>
      this.within(send(type, ...params), `response to ${typeof type === 'string' ? type : type.method}`)) as MessageConnection['sendRequest'];
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnostics) => {
      this.published.push(p);
      for (let i = this.waiters.length - 1; i >= 0; i--) {
        if (this.waiters[i].match(p)) {
          this.waiters[i].resolve(p);
          this.waiters.splice(i, 1);
        }
      }
    });
    this.gitBase = options.gitBase === true;
    this.connection.onRequest('workspace/configuration', (params: { items: Array<{ section?: string; scopeUri?: string }> }) =>
      params.items.map((item) => {
        const answer = options.configuration?.(item.section ?? '', item.scopeUri) ?? null;
        // no answer: the server falls back to initializationOptions, which say none already
        if (this.gitBase || item.section !== 'uapiLint' || !answer || typeof answer !== 'object') return answer;
        return { baseRef: 'none', ...answer };
      }),
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

  /**
   * `promise`, or a rejection naming `what` once `ms` have passed or when the server exits
   * first; for waits of a test's own (a notification it listens for itself). `seen`: what the
   * message adds about what came instead.
   */
  within<T>(promise: Promise<T>, what: string, ms = this.waitMs, seen?: () => string): Promise<T> {
    const died = this.exited.then((code): never => {
      throw new Error(`the server exited (${code ?? this.process.signalCode}) before the ${what}${this.stopping ? ' (it was shut down)' : ''}${this.stderrTail()}`);
    });
    return within(Promise.race([promise, died]), ms, `${what} from the server`, () => `${seen?.() ?? ''}${this.stderrTail()}`.trim());
  }

  /** The next publishDiagnostics for `uri` (optionally for a given document version). */
  diagnostics(uri: string, version?: number, ms = this.waitMs): Promise<PublishDiagnostics> {
    const waited = new Promise<PublishDiagnostics>((resolve) => {
      this.waiters.push({ match: (p) => p.uri === uri && (version === undefined || p.version === version), resolve });
    });
    return this.within(waited, `publishDiagnostics for ${uri}${version === undefined ? '' : ` version ${version}`}`, ms, () => this.seenFor(uri));
  }

  /** The first publishDiagnostics (already received or still to come) that satisfies `match`. */
  until(match: (p: PublishDiagnostics) => boolean, ms = this.waitMs): Promise<PublishDiagnostics> {
    const seen = this.published.find(match);
    if (seen) return Promise.resolve(seen);
    const waited = new Promise<PublishDiagnostics>((resolve) => this.waiters.push({ match, resolve }));
    return this.within(waited, `publishDiagnostics that satisfies ${oneLine(match)}`, ms, () => this.seenFor());
  }

  /** Resolves when a `$/progress` notification (already received or still to come) satisfies `match`. */
  untilProgress(match: (p: LspClient['progress'][number]) => boolean, ms = this.waitMs): Promise<void> {
    if (this.progress.some(match)) return Promise.resolve();
    const waited = new Promise<void>((resolve) => this.progressWaiters.push({ match, resolve }));
    return this.within(waited, `$/progress that satisfies ${oneLine(match)}`, ms, () => `the last $/progress received: ${JSON.stringify(this.progress.slice(-3))}`);
  }

  async initialize(rootUri: string | null, capabilities: Record<string, unknown> = {}, initializationOptions?: Record<string, unknown>): Promise<unknown> {
    const result = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: rootUri ? [{ uri: rootUri, name: 'root' }] : null,
      capabilities,
      initializationOptions: this.gitBase ? initializationOptions : withoutBase(initializationOptions),
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

  /**
   * shutdown, then exit, as an editor ends a session: the server's exit code. A server that does
   * not answer or exit in time is killed, and the call fails saying so. Once per client: later
   * calls give the same answer.
   */
  shutdown(): Promise<number | null> {
    this.stopping ??= this.stop();
    return this.stopping;
  }

  /** Stop the server at once (SIGKILL), if it is still running. */
  kill(): void {
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill('SIGKILL');
  }

  private async stop(): Promise<number | null> {
    try {
      if (this.process.exitCode === null && this.process.signalCode === null) {
        await this.connection.sendRequest('shutdown');
        await this.connection.sendNotification('exit');
      }
      return await within(this.exited, EXIT_MS, 'exit of the server after shutdown and exit');
    } catch (e) {
      this.kill();
      throw e;
    } finally {
      this.connection.dispose();
    }
  }

  /** What was published (for `uri`) by now, for a failed wait's message. */
  private seenFor(uri?: string): string {
    const mine = this.published.filter((p) => uri === undefined || p.uri === uri);
    if (!mine.length) return `nothing was published${uri ? ' for it' : ''}`;
    return `published${uri ? ' for it' : ''}: ${mine.slice(-8).map((p) => `${uri ? '' : `${p.uri} `}version ${p.version}, ${p.diagnostics.length} diagnostics`).join('; ')}`;
  }

  private stderrTail(): string {
    const tail = this.stderr.trim().split('\n').slice(-20).join('\n');
    return tail ? `\nserver stderr (end):\n${tail}` : '';
  }
}

function oneLine(f: (...a: never[]) => unknown): string {
  const s = f.toString().replace(/\s+/g, ' ');
  return s.length > 160 ? `${s.slice(0, 157)}...` : s;
}
