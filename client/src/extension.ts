import * as fs from 'node:fs';
import * as path from 'node:path';
import { commands, Uri, window, workspace, type ExtensionContext } from 'vscode';
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
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const output = window.createOutputChannel('Linux uAPI Lint', { log: true });
  const clientOptions: LanguageClientOptions = {
    // VS Code opens .h files as C++ unless told otherwise: take both, but only headers; also
    // from virtual workspaces (vscode-vfs: GitHub, Azure Repos), whose text the server analyses
    documentSelector: ['file', 'vscode-vfs'].flatMap((scheme) => [
      { scheme, language: 'c', pattern: '**/*.h' },
      { scheme, language: 'cpp', pattern: '**/*.h' },
    ]),
    synchronize: { fileEvents: workspace.createFileSystemWatcher('**/*.h') },
    outputChannel: output,
    traceOutputChannel: output,
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
  context.subscriptions.push(
    output,
    commands.registerCommand('uapiLint.decodeNumber', decodeNumber),
    commands.registerCommand('uapiLint.openCriteriaPage', () => openCriteriaPage(context)),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
