/**
 * The LSP library's values the server uses, imported in this one place: the library is a
 * CommonJS module of some 300 exports, and every module that imports it directly makes the
 * bundle copy all of them once more at start-up.
 */
export {
  CodeActionKind,
  createConnection,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  FileChangeType,
  LSPErrorCodes,
  MarkupKind,
  NotificationType,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
