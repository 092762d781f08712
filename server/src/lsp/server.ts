import * as path from 'node:path';
import {
  createConnection, DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, ErrorCodes, FileChangeType,
  LSPErrorCodes, ResponseError, TextDocuments, TextDocumentSyncKind, CodeActionKind,
} from './protocol';
import type { CancellationToken, InitializeResult, Position } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { initAnalysis } from '../analysis/pipeline';
import { isCriteriaHref, packageVersion } from '../core/package-files';
import { HeaderCache } from '../core/include/header-cache';
import { SettingsStore } from './settings';
import { DiagnosticsScheduler, isHeader, isReviewed } from './diagnostics';
import { hover } from './hover';
import { definition } from './definition';
import { DriverSourceFinder, references } from './references';
import { codeActions, FIX_ALL_KIND } from './code-actions';
import { maintainersLenses } from './maintainers-lens';
import { COMMANDS, decodeCommand } from './commands';
import { runTableCommand } from './ioctl-table';
import { DEFAULT_SETTINGS } from './settings';
import { URI } from './uri';
import { indexTargets, WorkspaceIndexer } from './workspace-index';
import { sendStatus } from './status';
import { summarize, type IoctlSummary } from '../core/index/header-index';
import type { DocumentModel } from '../core/document';
import { sameFields } from '../core/ioctl/decode-number';
import { codeCacheUse } from '../code-cache';
import { registerMemoryRequest } from './memory-usage';
import { GitBases, workTreeAt, workTreeFor } from './git-base';
import { reviewBranch } from './review-branch';
import { NotificationType } from './protocol';

/** `uapiLint/trust`: the client's workspace trust changed (VS Code: trust granted). */
const TrustNotification = new NotificationType<{ trusted: boolean }>('uapiLint/trust');

/** How long after start-up the workspace index begins, unless something needs it sooner. */
const INDEX_DELAY_MS = 1500;

/** A request the client has cancelled is answered as such, not with a result nobody waits for. */
function checkCancelled(token: CancellationToken): void {
  if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'the request was cancelled');
}

function checkPosition(p: Position | undefined): void {
  if (!p || !Number.isInteger(p.line) || !Number.isInteger(p.character)) throw new ResponseError(ErrorCodes.InvalidParams, 'a position needs integer line and character');
}

/** Wiring only: each feature lives in its own module. */
export function startServer(): void {
  // the transport (--stdio, --node-ipc, --socket=N) comes from the command line
  const connection = createConnection();
  const documents = new TextDocuments(TextDocument);
  const cache = new HeaderCache();
  const settings = new SettingsStore(connection);
  const diagnostics = new DiagnosticsScheduler(connection, cache, settings, (uri) => documents.get(uri));
  diagnostics.indexStatus = () => indexer.status();
  // tree-sitter's wasm has been compiling in the background since the process started; it is
  // instantiated right after the initialize response has gone out, while the client answers
  // with its first messages (the first document among them), not before the response
  let ready: Promise<void> | undefined;
  const analysisReady = (): Promise<void> => (ready ??= initAnalysis());
  let clientShowsProgress = false;
  let watchesDynamically = false;
  let foldersChange = false;
  const indexer = new WorkspaceIndexer(connection, cache, () => clientShowsProgress, () => {
    void sendStatus(connection, { index: indexer.status() });
  });
  let registerConfigurationChanges = false;
  // the driver sources that include a header, for find references
  const finder = new DriverSourceFinder();
  let bases: GitBases | undefined;

  connection.onInitialize((params): InitializeResult => {
    // folders of a virtual file system are no include roots: the server reads only the disk
    const folders = (params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []))
      .map((uri) => URI.toPath(uri))
      .filter((p) => path.isAbsolute(p));
    cache.rootOptions = { ...cache.rootOptions, workspaceFolders: folders };
    settings.canPull = params.capabilities.workspace?.configuration === true;
    clientShowsProgress = params.capabilities.window?.workDoneProgress === true;
    watchesDynamically = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    foldersChange = params.capabilities.workspace?.workspaceFolders === true;
    // only a client that registers it dynamically wants the registration (eglot warns otherwise)
    registerConfigurationChanges = settings.canPull && params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    const init = params.initializationOptions as Record<string, unknown> | undefined;
    settings.setGlobal(init?.uapiLint ?? init);
    // VS Code's client says whether the workspace is trusted; a client that knows nothing of
    // trust was started by its user in that folder, like a command line, and is trusted
    bases = new GitBases(connection, init?.trustedWorkspace !== false, () => {
      for (const doc of documents.all()) diagnostics.refresh(doc);
    });
    diagnostics.bases = bases;
    // the library writes the response on the next turn of the event loop: the turn after it
    setImmediate(() => setImmediate(() => void analysisReady()));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        codeLensProvider: { resolveProvider: false },
        executeCommandProvider: { commands: Object.values(COMMANDS) },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'uapi-lint', version: packageVersion() },
    };
  });

  /** Index the workspace's headers and the system's uAPI headers in the background. */
  const indexWorkspace = async () => {
    await analysisReady();
    const s = await settings.window();
    const system = cache.rootOptions.systemInclude ?? '/usr/include';
    indexer.enqueue(indexTargets(cache.rootOptions.workspaceFolders ?? [], s.indexSystemHeaders ? system : ''));
  };
  // The first index waits until the editor's first documents are analysed (or a moment has
  // passed), so that it does not compete with them for the processor; a command that needs it
  // starts it at once.
  let indexStarted: Promise<void> | undefined;
  let indexTimer: NodeJS.Timeout | undefined;
  const startIndexing = (): Promise<void> => {
    if (indexTimer) clearTimeout(indexTimer);
    return (indexStarted ??= indexWorkspace());
  };

  connection.onInitialized(() => {
    // what a slow start-up report needs first: which node, and whether the code cache was taken
    const codeCache = codeCacheUse();
    connection.console.info(`uapi-lint ${packageVersion()} on node ${process.version}${codeCache ? `; V8 code cache: ${codeCache}` : ''}`);
    if (registerConfigurationChanges) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'uapiLint' });
    }
    // headers changed outside the editor keep the index and the diagnostics current
    if (watchesDynamically) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.h' }, { globPattern: '**/*.c' }] });
    }
    if (foldersChange) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        const folders = new Set(cache.rootOptions.workspaceFolders ?? []);
        for (const f of e.removed) folders.delete(URI.toPath(f.uri));
        for (const f of e.added) folders.add(URI.toPath(f.uri));
        cache.rootOptions = { ...cache.rootOptions, workspaceFolders: [...folders] };
        if (indexStarted) indexStarted = indexWorkspace();
      });
    }
    indexTimer = setTimeout(() => void startIndexing(), INDEX_DELAY_MS);
  });

  connection.onNotification(TrustNotification, (p) => bases?.setTrusted(p?.trusted === true));
  connection.onShutdown(() => bases?.dispose());

  connection.onDidChangeConfiguration((change) => {
    settings.reset();
    bases?.reset();
    if (!settings.canPull) settings.setGlobal((change.settings as Record<string, unknown> | undefined)?.uapiLint);
    for (const doc of documents.all()) diagnostics.schedule(doc, true);
  });

  documents.onDidChangeContent((e) => {
    // fires on open and on every change: the first analysis of a document runs at once
    const first = !diagnostics.results.has(e.document.uri);
    void analysisReady().then(async () => {
      diagnostics.schedule(e.document, first);
      // other open documents that include this one see it as edited, not as saved: its new text
      // must be in the cache before they are analysed again, whenever its own run comes
      const changed = URI.toPath(e.document.uri);
      const includers = documents.all().filter((doc) => doc.uri !== e.document.uri && diagnostics.results.get(doc.uri)?.model.tu.files.has(changed));
      if (!includers.length) return;
      await diagnostics.prepare(e.document);
      for (const doc of includers) diagnostics.refresh(doc, false);
    });
  });
  connection.onDidChangeWatchedFiles(({ changes }) => {
    // a header appeared, changed or went away: the index and what the open documents include
    const touched = new Set<string>();
    for (const change of changes) {
      if (!change.uri.startsWith('file:')) continue;
      const file = URI.toPath(change.uri);
      // saved, checked out, rebased: what the branch changed since its base is read again
      bases?.touched(file);
      if (/\.c$/i.test(file)) {
        // a driver source: only the list of sources that references search
        finder.changed(file, change.type === FileChangeType.Deleted);
        continue;
      }
      cache.invalidate(file);
      touched.add(file);
      const readers = indexer.index.readersOf(file);
      if (change.type === FileChangeType.Deleted) indexer.remove(file);
      if (/\.h$/i.test(file) && (change.type !== FileChangeType.Deleted || readers.length)) indexer.enqueue(change.type === FileChangeType.Deleted ? readers : [file, ...readers]);
    }
    for (const doc of documents.all()) {
      const reads = diagnostics.results.get(doc.uri)?.model.tu.files;
      if (!reads || [...touched].some((f) => reads.has(f))) diagnostics.refresh(doc);
    }
  });
  /** The complete analysis of an open header, for the request features; undefined when there is none. */
  const analysisOf = async (uri: string) => {
    await analysisReady();
    const doc = documents.get(uri);
    if (!doc) return undefined;
    const s = await settings.get(doc.uri);
    // closed (or reopened) while the settings were asked for: an analysis now would outlive it
    if (documents.get(uri) !== doc || !s.enable || !isReviewed(doc.uri, s)) return undefined;
    const result = diagnostics.analyze(doc, s);
    return result ? { doc, result } : undefined;
  };
  connection.onHover(async (params, token) => {
    checkPosition(params.position);
    const a = await analysisOf(params.textDocument?.uri);
    checkCancelled(token);
    return a ? hover(a.doc, params.position, a.result.model, a.result.findings, a.result.base) : null;
  });
  connection.onDefinition(async (params, token) => {
    checkPosition(params.position);
    const a = await analysisOf(params.textDocument?.uri);
    checkCancelled(token);
    return a ? definition(a.doc, params.position, a.result.model) : null;
  });
  connection.onReferences(async (params, token) => {
    checkPosition(params.position);
    const a = await analysisOf(params.textDocument?.uri);
    checkCancelled(token);
    if (!a) return null;
    const openSources: Array<{ uri: string; model: DocumentModel }> = [];
    for (const doc of documents.all()) {
      if (!/\.c$/i.test(doc.uri)) continue;
      const other = await analysisOf(doc.uri);
      if (other) openSources.push({ uri: doc.uri, model: other.result.model });
    }
    checkCancelled(token);
    return references(a.doc, params.position, a.result.model, params.context?.includeDeclaration !== false, {
      cache,
      folders: cache.rootOptions.workspaceFolders ?? [],
      openSources: () => openSources,
      finder,
    });
  });
  connection.onCodeAction(async (params, token) => {
    checkPosition(params.range?.start);
    checkPosition(params.range?.end);
    const a = await analysisOf(params.textDocument?.uri);
    checkCancelled(token);
    return a ? codeActions(a.doc.uri, a.result, params) : null;
  });

  connection.onCodeLens(async (params, token) => {
    const doc = documents.get(params.textDocument?.uri);
    if (!doc) return null;
    const s = await settings.get(doc.uri);
    checkCancelled(token);
    if (documents.get(doc.uri) !== doc || !s.enable || !isReviewed(doc.uri, s)) return null;
    return maintainersLenses(URI.toPath(doc.uri), doc.getText());
  });

  connection.onExecuteCommand(async (params, token) => {
    await analysisReady();
    checkCancelled(token);
    if (params.command === COMMANDS.listIoctls || params.command === COMMANDS.listWorkspaceIoctls) {
      return runTableCommand(params.command === COMMANDS.listIoctls ? 'file' : 'workspace', params.arguments ?? [], {
        folders: cache.rootOptions.workspaceFolders ?? [],
        cache,
        openUris: () => documents.all().map((d) => d.uri),
        openAnalysis: async (uri) => (await analysisOf(uri))?.result,
        settings: (uri) => settings.get(uri),
        progress: () => connection.window.createWorkDoneProgress(),
      }, token);
    }
    if (params.command === COMMANDS.listBases) {
      // the refs a base may be switched to, for the client's picker (git only where it may run)
      // a document's URI, else the first workspace folder
      const asked = typeof params.arguments?.[0] === 'string' ? URI.toPath(params.arguments[0]) : undefined;
      const folder = cache.rootOptions.workspaceFolders?.[0];
      const root = asked ? workTreeFor(asked) : folder ? workTreeAt(folder) : undefined;
      return root && bases ? bases.candidates(root) : [];
    }
    if (params.command === COMMANDS.reviewBranch) {
      const asked = typeof params.arguments?.[0] === 'string' ? URI.toPath(params.arguments[0]) : undefined;
      const folder = cache.rootOptions.workspaceFolders?.[0];
      const root = asked ? workTreeFor(asked) : folder ? workTreeAt(folder) : undefined;
      if (!root) return { markdown: '# Review of the branch\n\n_Not reviewed: no git work tree in the workspace._' };
      const s = await settings.get(params.arguments?.[0] && typeof params.arguments[0] === 'string' ? params.arguments[0] : URI.fromPath(root));
      return reviewBranch(root, { bases, rootOptions: cache.rootOptions, limits: cache.limits, severities: s.rules, baseRef: s.baseRef });
    }
    if (params.command === COMMANDS.openCriteria) {
      // VS Code's client opens the page in its Markdown preview itself; other editors get it shown
      const href = params.arguments?.[0];
      if (typeof href !== 'string' || !isCriteriaHref(href)) throw new ResponseError(ErrorCodes.InvalidParams, 'openCriteria takes the URI of a shipped criteria page');
      return connection.window.showDocument({ uri: href, takeFocus: true });
    }
    if (params.command !== COMMANDS.decode) throw new ResponseError(ErrorCodes.InvalidParams, `unknown command ${params.command}`);
    // the whole workspace is searched: wait for its headers if they are still being indexed
    // (the system's headers, indexed after them, are searched as far as they are done)
    await startIndexing();
    const folders = cache.rootOptions.workspaceFolders ?? [];
    await indexer.whenIndexed((f) => folders.some((d) => f.startsWith(d + path.sep)));
    return decodeCommand(params.arguments ?? [], folders, (value) => knownIoctls((i) => sameFields(value, i)), indexer.pending);
  });

  /** The ioctls of the open documents (as edited) and of the indexed headers that are not open. */
  function* knownIoctls(keep: (i: { type: number | null; nr: number | null }) => boolean): Generator<IoctlSummary> {
    const open = new Set<string>();
    for (const doc of documents.all()) {
      if (!isHeader(doc.uri)) continue;
      const model = diagnostics.analyze(doc, DEFAULT_SETTINGS)?.model;
      if (!model) continue;
      open.add(model.path);
      yield* summarize(model, keep).ioctls;
    }
    for (const i of indexer.index.ioctls()) if (!open.has(i.file) && keep(i)) yield i;
  }


  documents.onDidClose((e) => {
    settings.forget(e.document.uri);
    diagnostics.close(e.document.uri);
  });

  registerMemoryRequest(connection);
  documents.listen(connection);
  connection.listen();
}
