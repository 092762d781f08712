import * as path from 'node:path';
import { workspace, window, type ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

/**
 * The client only starts the bundled language server and hands it the headers; all analysis
 * happens in the server, which other editors use the same way.
 */
let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const output = window.createOutputChannel('Linux uAPI Lint', { log: true });
  const clientOptions: LanguageClientOptions = {
    // VS Code opens .h files as C++ unless told otherwise: take both, but only headers
    documentSelector: [
      { scheme: 'file', language: 'c', pattern: '**/*.h' },
      { scheme: 'file', language: 'cpp', pattern: '**/*.h' },
    ],
    synchronize: { fileEvents: workspace.createFileSystemWatcher('**/*.h') },
    outputChannel: output,
    traceOutputChannel: output,
  };
  // `uapiLint.trace.server` is read by the client library from the client id below
  client = new LanguageClient('uapiLint', 'Linux uAPI Lint', serverOptions, clientOptions);
  context.subscriptions.push(output);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
