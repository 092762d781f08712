import { randomBytes } from 'node:crypto';
import { commands, Position, Range, Uri, ViewColumn, window, type Disposable, type WebviewPanel } from 'vscode';

/**
 * The results of "Decode ioctl number" and "Show ioctls" in a webview panel of the extension's
 * own: the server's Markdown (what other editors show as it is) rendered by VS Code's Markdown
 * renderer, and its links to the definitions opening the header with the cursor on the name.
 *
 * VS Code's Markdown preview cannot do this: its renderer (markdown-it) refuses `file:` links
 * and draws them as links to nowhere. Here they are handed to the renderer under a scheme of
 * their own, and a click on one is posted to the extension, which opens the file.
 */

const VIEW_TYPE = 'uapiLint.results';
const DEFINITION_SCHEME = 'uapi-lint-definition:';

/** A link's target as the server writes it: a file URI, maybe with `#L<line>,<column>` (1-based). */
const FILE_LINK = /\]\((file:\/\/[^)\s]*)\)/g;

/** Open the file of a server link; the cursor goes to its `#L<line>,<column>`, else to the top. */
export async function openFileLink(target: string, column: ViewColumn): Promise<void> {
  let uri: Uri;
  try {
    uri = Uri.parse(target, true);
  } catch {
    return;
  }
  if (uri.scheme !== 'file') return;
  const at = /^L(\d+)(?:,(\d+))?$/.exec(uri.fragment);
  const position = at ? new Position(Number(at[1]) - 1, at[2] ? Number(at[2]) - 1 : 0) : new Position(0, 0);
  const file = uri.with({ fragment: '' });
  // where the header is already shown, else in the column given
  const shown = window.visibleTextEditors.find((e) => e.document.uri.toString() === file.toString());
  try {
    await window.showTextDocument(file, { selection: new Range(position, position), viewColumn: shown?.viewColumn ?? column });
  } catch (e) {
    void window.showErrorMessage(`uapi-lint: cannot open ${file.fsPath}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** One panel per result title ("uapi-lint: ioctls in x.h"): showing it again refreshes it. */
export class ResultsPanels implements Disposable {
  private readonly panels = new Map<string, WebviewPanel>();

  async show(markdown: string): Promise<void> {
    // the title is the result's own heading ("ioctl number 0xC0186444", "ioctls in `x.h`")
    const title = `uapi-lint: ${/^# (.+)$/m.exec(markdown)?.[1].replace(/`/g, '') ?? 'results'}`;
    const body = await render(markdown);
    let panel = this.panels.get(title);
    if (panel) {
      panel.reveal();
    } else {
      panel = window.createWebviewPanel(
        VIEW_TYPE,
        title,
        // beside the header being read; in place when there is none
        window.activeTextEditor ? ViewColumn.Beside : ViewColumn.Active,
        { enableScripts: true, enableFindWidget: true, localResourceRoots: [] },
      );
      const opened = panel;
      this.panels.set(title, opened);
      opened.onDidDispose(() => this.panels.delete(title));
      opened.webview.onDidReceiveMessage((message: { open?: unknown }) => {
        // headers open in a column of their own, so that the panel stays in view
        if (typeof message?.open === 'string') void openFileLink(message.open, opened.viewColumn === ViewColumn.One ? ViewColumn.Two : ViewColumn.One);
      });
    }
    panel.webview.html = page(body);
  }

  dispose(): void {
    for (const panel of this.panels.values()) panel.dispose();
  }
}

/** The Markdown as HTML, with file links that the renderer keeps. */
async function render(markdown: string): Promise<string> {
  const kept = markdown.replace(FILE_LINK, (_, target: string) => `](${DEFINITION_SCHEME}${target})`);
  try {
    return await commands.executeCommand<string>('markdown.api.render', kept);
  } catch {
    // VS Code's Markdown extension turned off: the text as it is
    return `<pre>${kept.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</pre>`;
  }
}

/** Colours and fonts are the theme's (VS Code's CSS variables); only tables and code need rules. */
const STYLE = `
body { line-height: 1.5; padding-bottom: 1em; }
h1 { font-size: 1.6em; font-weight: 600; padding-bottom: 0.3em; border-bottom: 1px solid var(--vscode-panel-border); }
h2 { font-size: 1.25em; font-weight: 600; margin-top: 1.5em; }
pre { background: var(--vscode-textCodeBlock-background); padding: 8px 12px; border-radius: 3px; overflow-x: auto; }
code { font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size); }
table { border-collapse: collapse; }
th, td { border: 1px solid var(--vscode-panel-border); padding: 3px 10px; text-align: left; }
th { background: var(--vscode-keybindingTable-headerBackground); }
tbody tr:nth-child(even) { background: var(--vscode-keybindingTable-rowsBackground); }
a { color: var(--vscode-textLink-foreground); text-decoration: none; }
a:hover { color: var(--vscode-textLink-activeForeground); text-decoration: underline; }
`;

/** Posts the target of a clicked definition link (a click, or Enter on a focused link) to the extension. */
const SCRIPT = `
const vscode = acquireVsCodeApi();
document.addEventListener('click', (event) => {
  const link = event.target instanceof Element ? event.target.closest('a[href^="${DEFINITION_SCHEME}"]') : null;
  if (!link) return;
  event.preventDefault();
  vscode.postMessage({ open: link.getAttribute('href').slice(${DEFINITION_SCHEME.length}) });
});
`;

/** The whole page: nothing loads from anywhere; only its own style and script run. */
function page(body: string): string {
  const nonce = randomBytes(16).toString('base64');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
${body}
<script nonce="${nonce}">${SCRIPT}</script>
</body>
</html>`;
}
