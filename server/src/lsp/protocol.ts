/**
 * The LSP library's values the server uses, taken in this one place: the library is a CommonJS
 * module of some 500 exports, and an ES import of it makes the bundle copy all of them at
 * start-up (esbuild's interop); a plain require does not.
 */
import lsp = require('vscode-languageserver/node');

export const {
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
} = lsp;
