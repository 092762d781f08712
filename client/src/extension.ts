import * as fs from 'node:fs';
import * as path from 'node:path';
import { commands, ConfigurationTarget, StatusBarAlignment, Uri, window, workspace, type ExtensionContext, type StatusBarItem } from 'vscode';
import {
  CloseAction, ErrorAction, ExecuteCommandRequest, LanguageClient, State, TransportKind,
  type ErrorHandler, type LanguageClientOptions, type ServerOptions,
} from 'vscode-languageclient/node';
import { ResultsPanels } from './results-panel';

/**
 * The client only starts the bundled language server, hands it the headers and turns its
 * results into VS Code UI; all analysis happens in the server, which other editors use too.
 */
let client: LanguageClient | undefined;

let results: ResultsPanels | undefined;

/** Run a server command that answers `{ markdown }` and show the Markdown in a results panel. */
async function showServerMarkdown(command: string, args: unknown[]): Promise<void> {
  if (!client || !results) return;
  let result: { markdown: string };
  try {
    result = (await client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args })) as { markdown: string };
  } catch (e) {
    void window.showErrorMessage(`uapi-lint: ${e instanceof Error ? e.message : String(e)}`);
    return;
  }
  await results.show(result.markdown);
}

/** Read a number, ask the server what it is, show the answer in a results panel. */
async function decodeNumber(): Promise<void> {
  const text = await window.showInputBox({
    title: 'Decode ioctl number',
    prompt: 'An ioctl command number, e.g. 0xC0186444 (from strace or a kernel log)',
    validateInput: (v) => (/^\s*(0[xX][0-9a-fA-F]{1,8}|\d{1,10})\s*$/.test(v) ? undefined : 'a hexadecimal (0x...) or decimal number'),
  });
  if (text) await showServerMarkdown('uapiLint.decode', [text.trim()]);
}

const isHeader = (uri: Uri | undefined) => uri?.scheme === 'file' && /\.h$/i.test(uri.path);

/** "Show ioctls in this file": the table of the active header. */
async function showFileIoctls(): Promise<void> {
  const uri = window.activeTextEditor?.document.uri;
  if (!client || !isHeader(uri)) {
    void window.showInformationMessage('uapi-lint: open a C header (*.h) to list the ioctls it defines.');
    return;
  }
  await showServerMarkdown('uapiLint.listIoctls', [client.code2ProtocolConverter.asUri(uri!)]);
}

/**
 * The status bar: the server's state, and the ioctls of the active header as the server last
 * counted them (the `uapiLint/status` notification, see server/src/lsp/status.ts).
 */
/** The workspace index's counts, as `uapiLint/status` sends them. */
interface IndexCounts {
  headers: number;
  ioctls: number;
  pending: number;
}

class StatusBar {
  private state: 'starting' | 'ready' | 'stopped' = 'starting';
  private readonly counts = new Map<string, number>();
  private index: IndexCounts | undefined;

  constructor(private readonly item: StatusBarItem) {
    item.name = 'Linux uAPI Lint';
    item.command = 'uapiLint.showIoctls';
    this.update();
  }

  setState(state: State): void {
    this.state = state === State.Running ? 'ready' : state === State.Starting ? 'starting' : 'stopped';
    if (this.state !== 'ready') this.counts.clear();
    this.update();
  }

  setCount(uri: string, ioctls: number): void {
    this.counts.set(uri, ioctls);
    this.update();
  }

  setIndex(index: IndexCounts): void {
    this.index = index;
    this.update();
  }

  forget(uri: string): void {
    this.counts.delete(uri);
  }

  update(): void {
    const uri = window.activeTextEditor?.document.uri;
    const count = uri ? this.counts.get(uri.toString()) : undefined;
    if (this.state === 'starting') {
      this.item.text = '$(sync~spin) uapi-lint';
      this.item.tooltip = 'The uapi-lint language server is starting';
    } else if (this.state === 'stopped') {
      this.item.text = '$(error) uapi-lint stopped';
      this.item.tooltip = 'The uapi-lint language server is not running: see the "Linux uAPI Lint" output';
    } else {
      const indexing = this.index && this.index.pending > 0;
      this.item.text = `${indexing ? '$(sync~spin)' : '$(check)'} uapi-lint${count === undefined ? '' : `: ${count === 1 ? '1 ioctl' : `${count} ioctls`}`}`;
      const indexLine = this.index
        ? `\nWorkspace index: ${this.index.ioctls} ioctls in ${this.index.headers} headers${indexing ? ` (${this.index.pending} headers still to index)` : ''}`
        : '';
      this.item.tooltip = (count === undefined ? 'uapi-lint is ready' : 'ioctls this header defines: click for the table') + indexLine;
    }
    // shown where it means something: in a header, or when the server is not running
    if (isHeader(uri) || this.state === 'stopped') this.item.show();
    else this.item.hide();
  }
}

/** What the server reviews the active document against (`uapiLint/status`'s `base`). */
interface BaseStatus {
  label?: string;
  fallback?: string;
}

/**
 * The git base in the status bar, `vs origin/master @ 1a2b3c4`, per document as the server last
 * said; a click switches it (uapiLint.selectBase).
 */
class BaseStatusBar {
  private readonly bases = new Map<string, BaseStatus>();

  constructor(private readonly item: StatusBarItem) {
    item.name = 'Linux uAPI Lint: git base';
    item.command = 'uapiLint.selectBase';
  }

  set(uri: string, base: BaseStatus): void {
    this.bases.set(uri, base);
    this.update();
  }

  forget(uri: string): void {
    this.bases.delete(uri);
  }

  update(): void {
    const uri = window.activeTextEditor?.document.uri.toString();
    const base = uri ? this.bases.get(uri) : undefined;
    if (!base) {
      this.item.hide();
      return;
    }
    this.item.text = base.label ? `$(git-compare) vs ${base.label}` : '$(git-compare) vs upstream table';
    this.item.tooltip = base.label
      ? `uapi-lint reviews what this branch adds or changes since ${base.label}: what exists there is reported as info, and changes that break it are errors. Click to compare with another ref.`
      : `uapi-lint has no git base for this file: ${base.fallback}. Click to choose one.`;
    this.item.show();
  }
}

/** "uapi-lint: Compare with git ref": pick the base (the branch's own, a ref, or none). */
async function selectBase(): Promise<void> {
  const uri = window.activeTextEditor?.document.uri ?? workspace.workspaceFolders?.[0]?.uri;
  if (!workspace.isTrusted) {
    void window.showInformationMessage('uapi-lint runs git only in a trusted workspace: trust this folder to review against a git base.');
    return;
  }
  const refs = ((await client?.sendRequest('workspace/executeCommand', { command: 'uapiLint.listBases', arguments: uri ? [client.code2ProtocolConverter.asUri(uri)] : [] })) ?? []) as string[];
  const items = [
    { label: '$(git-branch) The branch\'s own base', description: 'the merge-base with what it tracks, else origin/HEAD, origin/master, origin/main', value: '' },
    { label: '$(circle-slash) No git base', description: 'the table of upstream ioctls decides what exists', value: 'none' },
    ...refs.map((r) => ({ label: r, description: 'merge-base of HEAD and this ref', value: r })),
  ];
  const picked = await window.showQuickPick(items, { title: 'Review against which git base?', matchOnDescription: true });
  if (!picked) return;
  const target = workspace.workspaceFolders?.length ? ConfigurationTarget.Workspace : ConfigurationTarget.Global;
  await workspace.getConfiguration('uapiLint', uri).update('baseRef', picked.value, target);
}

/** Restart a crashed server, at most MAX_RESTARTS times within three minutes, and say so. */
function crashHandler(output: { show(): void }): ErrorHandler {
  const MAX_RESTARTS = 4;
  const WINDOW_MS = 3 * 60 * 1000;
  const crashes: number[] = [];
  const tell = (text: string, show: (t: string, ...items: string[]) => Thenable<string | undefined>) => {
    void show(text, 'Show output').then((choice) => choice && output.show());
  };
  return {
    error: (_error, _message, count) => ({ action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown }),
    closed: () => {
      const now = Date.now();
      crashes.push(now);
      while (crashes.length && now - crashes[0] > WINDOW_MS) crashes.shift();
      if (crashes.length > MAX_RESTARTS) {
        tell(
          `uapi-lint: the language server stopped unexpectedly ${crashes.length} times in three minutes and will not be restarted. Reload the window to try again.`,
          window.showErrorMessage,
        );
        return { action: CloseAction.DoNotRestart, handled: true };
      }
      tell(`uapi-lint: the language server stopped unexpectedly and is being restarted (${crashes.length} of ${MAX_RESTARTS} restarts).`, window.showWarningMessage);
      return { action: CloseAction.Restart, handled: true };
    },
  };
}

/** Show a shipped criteria page in VS Code's Markdown preview. */
async function showCriteriaPage(uri: Uri): Promise<void> {
  await commands.executeCommand('markdown.showPreview', uri);
}

/** "uapi-lint: Open criteria page": pick one of the pages shipped in docs/criteria. */
async function openCriteriaPage(context: ExtensionContext): Promise<void> {
  const dir = context.asAbsolutePath(path.join('docs', 'criteria'));
  const items = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .map((f) => {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      return { label: /^# (.+)$/m.exec(text)?.[1] ?? f, description: f, file: path.join(dir, f) };
    })
    .sort((a, b) => a.label.localeCompare(b.label));
  const picked = await window.showQuickPick(items, { title: 'Open criteria page', matchOnDescription: true });
  if (picked) await showCriteriaPage(Uri.file(picked.file));
}

export async function activate(context: ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  // The server opens no network connection, so it needs no certificates; a NODE_EXTRA_CA_CERTS
  // in the editor's environment would still have node read that bundle at every start of it.
  const env = { NODE_EXTRA_CA_CERTS: '' };
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { env } },
    debug: { module, transport: TransportKind.ipc, options: { env, execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const output = window.createOutputChannel('Linux uAPI Lint', { log: true });
  const statusItem = window.createStatusBarItem('uapiLint.status', StatusBarAlignment.Right, 100);
  const statusBar = new StatusBar(statusItem);
  const baseItem = window.createStatusBarItem('uapiLint.base', StatusBarAlignment.Right, 99);
  const baseBar = new BaseStatusBar(baseItem);
  const clientOptions: LanguageClientOptions = {
    // VS Code opens .h files as C++ unless told otherwise: take both, but only headers, and C
    // driver sources (the server leaves them alone when uapiLint.sources is off); also from
    // virtual workspaces (vscode-vfs: GitHub, Azure Repos), whose text the server analyses
    documentSelector: ['file', 'vscode-vfs'].flatMap((scheme) => [
      { scheme, language: 'c', pattern: '**/*.h' },
      { scheme, language: 'cpp', pattern: '**/*.h' },
      { scheme, language: 'c', pattern: '**/*.c' },
    ]),
    // headers changed on disk reach the server through the file watcher it registers itself
    outputChannel: output,
    traceOutputChannel: output,
    errorHandler: crashHandler(output),
    // git runs only in a trusted workspace (the server starts no process otherwise)
    initializationOptions: { trustedWorkspace: workspace.isTrusted },
    middleware: {
      // "Open criteria page" code actions: VS Code shows Markdown best in its preview
      executeCommand: async (command, args, next) => {
        if (command === 'uapiLint.openCriteria' && typeof args[0] === 'string') return showCriteriaPage(Uri.parse(args[0]));
        return next(command, args);
      },
    },
  };
  // `uapiLint.trace.server` is read by the client library from the client id below
  client = new LanguageClient('uapiLint', 'Linux uAPI Lint', serverOptions, clientOptions);
  results = new ResultsPanels();
  context.subscriptions.push(
    output,
    results,
    statusItem,
    baseItem,
    commands.registerCommand('uapiLint.decodeNumber', decodeNumber),
    commands.registerCommand('uapiLint.selectBase', selectBase),
    workspace.onDidGrantWorkspaceTrust(() => void client?.sendNotification('uapiLint/trust', { trusted: true })),
    commands.registerCommand('uapiLint.openCriteriaPage', () => openCriteriaPage(context)),
    commands.registerCommand('uapiLint.showIoctls', showFileIoctls),
    commands.registerCommand('uapiLint.showWorkspaceIoctls', () => showServerMarkdown('uapiLint.listWorkspaceIoctls', [])),
    // the branch of the active document's work tree (else the first folder's) as a patch series
    commands.registerCommand('uapiLint.reviewBranch', () => {
      const uri = window.activeTextEditor?.document.uri;
      return showServerMarkdown('uapiLint.branchReview', uri?.scheme === 'file' && client ? [client.code2ProtocolConverter.asUri(uri)] : []);
    }),
    client.onDidChangeState((e) => statusBar.setState(e.newState)),
    client.onNotification('uapiLint/status', (p: { uri?: string; ioctls?: number; index?: IndexCounts; base?: BaseStatus }) => {
      if (p.uri !== undefined && p.ioctls !== undefined) statusBar.setCount(p.uri, p.ioctls);
      if (p.uri !== undefined && p.base) baseBar.set(p.uri, p.base);
      if (p.index) statusBar.setIndex(p.index);
    }),
    window.onDidChangeActiveTextEditor(() => {
      statusBar.update();
      baseBar.update();
    }),
    workspace.onDidCloseTextDocument((d) => {
      statusBar.forget(d.uri.toString());
      baseBar.forget(d.uri.toString());
    }),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
