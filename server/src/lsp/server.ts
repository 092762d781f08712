import {
  createConnection, DidChangeConfigurationNotification, ErrorCodes, ResponseError, TextDocuments,
  TextDocumentSyncKind, CodeActionKind, type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { initAnalysis } from '../core/analysis';
import { isCriteriaHref, packageVersion } from '../core/package-files';
import { HeaderCache } from '../core/include/header-cache';
import { SettingsStore } from './settings';
import { DiagnosticsScheduler, isHeader } from './diagnostics';
import { hover } from './hover';
import { codeActions, FIX_ALL_KIND } from './code-actions';
import { COMMANDS, decodeCommand } from './commands';
import { runTableCommand } from './ioctl-table';
import { DEFAULT_SETTINGS } from './settings';
import { URI } from './uri';

/** Wiring only: each feature lives in its own module. */
export function startServer(): void {
  // the transport (--stdio, --node-ipc, --socket=N) comes from the command line
  const connection = createConnection();
  const documents = new TextDocuments(TextDocument);
  const cache = new HeaderCache();
  const settings = new SettingsStore(connection);
  const diagnostics = new DiagnosticsScheduler(connection, cache, settings, (uri) => documents.get(uri));
  // the grammar loads while the client starts up and sends initialize
  const ready = initAnalysis();
  let registerConfigurationChanges = false;

  connection.onInitialize((params): InitializeResult => {
    const folders = params.workspaceFolders?.map((f) => URI.toPath(f.uri)) ??
      (params.rootUri ? [URI.toPath(params.rootUri)] : []);
    cache.rootOptions = { ...cache.rootOptions, workspaceFolders: folders };
    settings.canPull = params.capabilities.workspace?.configuration === true;
    // only a client that registers it dynamically wants the registration (eglot warns otherwise)
    registerConfigurationChanges = settings.canPull && params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    settings.setGlobal((params.initializationOptions as Record<string, unknown> | undefined)?.uapiLint ?? params.initializationOptions);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        executeCommandProvider: { commands: Object.values(COMMANDS) },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'uapi-lint', version: packageVersion() },
    };
  });

  connection.onInitialized(() => {
    if (registerConfigurationChanges) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'uapiLint' });
    }
  });

  connection.onDidChangeConfiguration((change) => {
    settings.reset();
    if (!settings.canPull) settings.setGlobal((change.settings as Record<string, unknown> | undefined)?.uapiLint);
    for (const doc of documents.all()) diagnostics.schedule(doc, true);
  });

  documents.onDidChangeContent((e) => {
    // fires on open and on every change: the first analysis of a document runs at once
    const first = !diagnostics.results.has(e.document.uri);
    void ready.then(() => diagnostics.schedule(e.document, first));
  });
  connection.onDidChangeWatchedFiles(() => {
    // a header appeared, changed or went away: what the open documents include may differ now
    cache.invalidate();
    for (const doc of documents.all()) diagnostics.schedule(doc, true);
  });
  /** The complete analysis of an open header, for the request features; undefined when there is none. */
  const analysisOf = async (uri: string) => {
    await ready;
    const doc = documents.get(uri);
    if (!doc || !isHeader(doc.uri)) return undefined;
    const s = await settings.get(doc.uri);
    if (!s.enable) return undefined;
    const result = diagnostics.analyze(doc, s);
    return result ? { doc, result } : undefined;
  };
  connection.onHover(async (params) => {
    const a = await analysisOf(params.textDocument.uri);
    return a ? hover(a.doc, params.position, a.result.model, a.result.findings) : null;
  });
  connection.onCodeAction(async (params) => {
    const a = await analysisOf(params.textDocument.uri);
    return a ? codeActions(a.doc.uri, a.result, params) : null;
  });

  connection.onExecuteCommand(async (params, token) => {
    await ready;
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
    if (params.command === COMMANDS.openCriteria) {
      // VS Code's client opens the page in its Markdown preview itself; other editors get it shown
      const href = params.arguments?.[0];
      if (typeof href !== 'string' || !isCriteriaHref(href)) throw new ResponseError(ErrorCodes.InvalidParams, 'openCriteria takes the URI of a shipped criteria page');
      return connection.window.showDocument({ uri: href, takeFocus: true });
    }
    if (params.command !== COMMANDS.decode) throw new ResponseError(ErrorCodes.InvalidParams, `unknown command ${params.command}`);
    return decodeCommand(params.arguments ?? [], documents, cache, cache.rootOptions.workspaceFolders ?? [], (doc) =>
      isHeader(doc.uri) ? diagnostics.analyze(doc, DEFAULT_SETTINGS)?.model : undefined,
    );
  });

  documents.onDidClose((e) => {
    settings.forget(e.document.uri);
    diagnostics.close(e.document.uri);
  });

  documents.listen(connection);
  connection.listen();
}
