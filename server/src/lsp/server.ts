import * as path from 'node:path';
import {
  createConnection, DidChangeConfigurationNotification, ErrorCodes, LSPErrorCodes, ResponseError, TextDocuments,
  TextDocumentSyncKind, CodeActionKind, type CancellationToken, type InitializeResult, type Position,
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
import { DEFAULT_SETTINGS } from './settings';
import { URI } from './uri';
import { registerMemoryRequest } from './memory-usage';

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
  // the grammar loads while the client starts up and sends initialize
  const ready = initAnalysis();

  connection.onInitialize((params): InitializeResult => {
    // folders of a virtual file system are no include roots: the server reads only the disk
    const folders = (params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []))
      .map((uri) => URI.toPath(uri))
      .filter((p) => path.isAbsolute(p));
    cache.rootOptions = { ...cache.rootOptions, workspaceFolders: folders };
    settings.canPull = params.capabilities.workspace?.configuration === true;
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
    if (settings.canPull) {
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
    // closed (or reopened) while the settings were asked for: an analysis now would outlive it
    if (documents.get(uri) !== doc || !s.enable) return undefined;
    const result = diagnostics.analyze(doc, s);
    return result ? { doc, result } : undefined;
  };
  connection.onHover(async (params, token) => {
    checkPosition(params.position);
    const a = await analysisOf(params.textDocument?.uri);
    checkCancelled(token);
    return a ? hover(a.doc, params.position, a.result.model, a.result.findings) : null;
  });
  connection.onCodeAction(async (params, token) => {
    checkPosition(params.range?.start);
    checkPosition(params.range?.end);
    const a = await analysisOf(params.textDocument?.uri);
    checkCancelled(token);
    return a ? codeActions(a.doc.uri, a.result, params) : null;
  });

  connection.onExecuteCommand(async (params, token) => {
    await ready;
    checkCancelled(token);
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

  registerMemoryRequest(connection);
  documents.listen(connection);
  connection.listen();
}
