import * as path from 'node:path';
import { commands, window, workspace, type ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

/**
 * The client only starts the bundled language server, hands it the headers and turns its
 * results into VS Code UI; all analysis happens in the server, which other editors use too.
 */
let client: LanguageClient | undefined;

/** Read a number, ask the server what it is, show the answer as a Markdown document. */
async function decodeNumber(): Promise<void> {
  if (!client) return;
  const text = await window.showInputBox({
    title: 'Decode ioctl number',
    prompt: 'An ioctl command number, e.g. 0xC0186444 (from strace or a kernel log)',
    validateInput: (v) => (/^\s*(0[xX][0-9a-fA-F]{1,8}|\d{1,10})\s*$/.test(v) ? undefined : 'a hexadecimal (0x...) or decimal number'),
  });
  if (!text) return;
  const result = (await client.sendRequest('workspace/executeCommand', { command: 'uapiLint.decode', arguments: [text.trim()] })) as {
    markdown: string;
  };
  const doc = await workspace.openTextDocument({ language: 'markdown', content: result.markdown });
  await commands.executeCommand('markdown.showPreview', doc.uri);
}

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
  context.subscriptions.push(output, commands.registerCommand('uapiLint.decodeNumber', decodeNumber));
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
