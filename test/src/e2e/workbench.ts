import type { Frame, Locator, Page } from 'playwright-core';

/**
 * What a user does and sees in VS Code's workbench, in terms of its DOM: open a file, point at
 * a word, open the quick-fix menu, run a command, read the editor, the squiggles and the
 * Problems count. Every wait is on the page; nothing sleeps for a fixed time.
 */

/** Long enough for a cold extension host and language server on a busy 2-core machine. */
export const TIMEOUT = 120_000;

/** Retries `check` until it returns a value other than undefined (or throws on timeout). */
export async function poll<T>(what: string, check: () => Promise<T | undefined>, timeout = TIMEOUT): Promise<T> {
  const end = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function openWorkbench(page: Page, url: string, folder: string): Promise<void> {
  await page.goto(`${url}/?folder=${encodeURIComponent(folder)}`);
  // the explorer lists the folder once the workbench has restored its views
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: TIMEOUT });
}

/** Quick Open (Ctrl+P), the file's name, Enter; resolves when its editor shows the text. */
export async function openFile(page: Page, name: string, firstLine: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ timeout: TIMEOUT });
  await page.keyboard.type(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: TIMEOUT });
  await page.keyboard.press('Enter');
  await page.locator('.part.editor .monaco-editor .view-line', { hasText: firstLine }).first().waitFor({ timeout: TIMEOUT });
}

/** The lines the editor renders, top to bottom, with tabs and spaces as the user sees them. */
export async function editorText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const lines = [...document.querySelectorAll<HTMLElement>('.part.editor .monaco-editor .view-lines .view-line')];
    lines.sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top));
    return lines.map((l) => (l.textContent ?? '').replace(/\u00a0/g, ' ')).join('\n');
  });
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Where `word` is drawn in the editor: its first occurrence on the first rendered line that
 * contains `line` (by default the word itself), whatever tokens split the line into spans.
 */
export async function wordBox(page: Page, word: string, line = word): Promise<Box | undefined> {
  const box = await page.evaluate(
    ([w, l]) => {
      const rendered = [...document.querySelectorAll<HTMLElement>('.part.editor .monaco-editor .view-lines .view-line')];
      rendered.sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top));
      for (const el of rendered) {
        const text = (el.textContent ?? '').replace(/\u00a0/g, ' ');
        if (!text.includes(l)) continue;
        // the word where the line's text starts, else anywhere on the line
        const start = text.indexOf(w, text.indexOf(l)) >= 0 ? text.indexOf(w, text.indexOf(l)) : text.indexOf(w);
        if (start < 0) continue;
        // map the character offsets of the line to its text nodes
        const range = document.createRange();
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        let offset = 0;
        for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
          const end = offset + n.data.length;
          if (start >= offset && start < end) range.setStart(n, start - offset);
          if (start + w.length > offset && start + w.length <= end) range.setEnd(n, start + w.length - offset);
          offset = end;
        }
        const r = range.getBoundingClientRect();
        return { x: r.x, y: r.y, width: r.width, height: r.height };
      }
      return null;
    },
    [word, line],
  );
  return box ?? undefined;
}

const centre = (b: Box) => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });

/** Go to Line (Ctrl+G): the editor puts the cursor on `line` and scrolls it into view. */
export async function goToLine(page: Page, line: number): Promise<void> {
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget .quick-input-box input').waitFor({ timeout: TIMEOUT });
  await page.keyboard.type(String(line));
  await page.keyboard.press('Enter');
  await page.locator(`.statusbar-item[id="status.editor.selection"]`, { hasText: `Ln ${line},` }).waitFor({ timeout: TIMEOUT });
}

/** Find (Ctrl+F): the editor selects the first match of `text` and scrolls it into view. */
export async function findText(page: Page, text: string): Promise<void> {
  await page.keyboard.press('Control+F');
  const input = page.locator('.part.editor .find-widget.visible textarea[aria-label="Find"]');
  await input.waitFor({ timeout: TIMEOUT });
  await input.fill(text);
  await page.locator('.part.editor .find-widget.visible .matchesCount', { hasText: /^1 of \d+$/ }).waitFor({ timeout: TIMEOUT });
  await page.keyboard.press('Escape');
  await page.locator('.part.editor .find-widget.visible').waitFor({ state: 'detached', timeout: TIMEOUT });
}

/** Scrolls the editor a line at a time (Ctrl+Down) until the line with `word` is near its top. */
export async function scrollToTop(page: Page, word: string): Promise<void> {
  // the scrollable frame stays put while the lines move inside it
  const editor = (await page.locator('.part.editor .monaco-editor .editor-scrollable').first().boundingBox())!;
  for (let b = await poll(`${word} in the editor`, () => wordBox(page, word)); b.y > editor.y + 2 * b.height; ) {
    const before = b.y;
    await page.keyboard.press('Control+ArrowDown');
    b = await poll(`${word} scrolled up`, async () => {
      const now = await wordBox(page, word);
      return now && now.y < before ? now : undefined;
    });
  }
}

/** Moves the mouse over `word` (on the line with `line`); returns the hover once it shows `expected`. */
export async function hoverOver(page: Page, word: string, line: string, expected: string): Promise<Locator> {
  const box = await poll(`${word} in the editor`, () => wordBox(page, word, line));
  await page.mouse.move(centre(box).x, centre(box).y);
  const hover = page.locator('.monaco-hover', { hasText: expected });
  await hover.first().waitFor({ state: 'visible', timeout: TIMEOUT });
  return hover.first();
}

/** Drags the bottom edge of a hover `dy` pixels down (VS Code's hovers are resizable). */
export async function enlargeHover(page: Page, hover: Locator, dy: number): Promise<void> {
  const sash = hover.locator('xpath=..').locator('> .monaco-sash.horizontal:not(.disabled)');
  const edge = (await sash.boundingBox())!;
  const before = (await hover.boundingBox())!.height;
  await page.mouse.move(edge.x + edge.width / 2, edge.y + edge.height / 2);
  await page.mouse.down();
  await page.mouse.move(edge.x + edge.width / 2, edge.y + edge.height / 2 + dy, { steps: 10 });
  await page.mouse.up();
  const grown = await poll('the hover drawn taller', async () => {
    const b = await hover.boundingBox();
    return b && b.height > before + dy / 2 ? b : undefined;
  });
  // back inside the hover: a mouse left outside it makes it hide
  await page.mouse.move(grown.x + grown.width / 2, grown.y + grown.height / 2, { steps: 5 });
}

/** Clicks `word` on the line with `line` (the cursor goes there), opens the quick-fix menu (Ctrl+.), returns the action. */
export async function quickFixMenu(page: Page, word: string, line: string, title: string): Promise<Locator> {
  const box = await poll(`${word} in the editor`, () => wordBox(page, word, line));
  await page.mouse.click(centre(box).x, centre(box).y);
  await page.keyboard.press('Control+.');
  const action = page.locator('.action-widget .monaco-list-row.action', { hasText: title });
  await action.first().waitFor({ state: 'visible', timeout: TIMEOUT });
  return action.first();
}

export interface Counts {
  errors: number;
  warnings: number;
  infos: number;
}

/** The Problems item of the status bar says it this way ("Errors: 1, Warnings: 6", "No Problems"). */
export function problemsLabel(c: Counts): string {
  const parts = [c.errors && `Errors: ${c.errors}`, c.warnings && `Warnings: ${c.warnings}`, c.infos && `Infos: ${c.infos}`].filter(Boolean);
  return parts.length ? parts.join(', ') : 'No Problems';
}

/** The Problems item of the status bar once it says `label`. */
export function problemsStatus(page: Page, label: string): Locator {
  return page.locator(`.statusbar-item[id="status.problems"][aria-label="${label}"]`);
}

/** The Problems panel's rows (the panel is opened from the status bar). */
export function problemRows(page: Page): Locator {
  return page.locator('.markers-panel .monaco-list-row');
}

/** Line numbers that carry a squiggle of `severity` in the editor's visible lines. */
export async function squiggleLines(page: Page, severity: 'error' | 'warning' | 'info'): Promise<number[]> {
  return page.evaluate((sev) => {
    const editor = document.querySelector('.part.editor .monaco-editor')!;
    const numberAt = new Map<string, number>();
    for (const n of editor.querySelectorAll<HTMLElement>('.margin-view-overlays .line-numbers')) {
      numberAt.set(n.parentElement!.style.top, Number(n.textContent));
    }
    const lines = new Set<number>();
    for (const s of editor.querySelectorAll<HTMLElement>(`.view-overlays .squiggly-${sev}`)) {
      const line = numberAt.get(s.parentElement!.style.top);
      if (line !== undefined) lines.add(line);
    }
    return [...lines].sort((a, b) => a - b);
  }, severity);
}

/** The numbers of the lines the editor draws now (those in view), top to bottom. */
export async function renderedLines(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const editor = document.querySelector('.part.editor .monaco-editor')!;
    return [...editor.querySelectorAll<HTMLElement>('.margin-view-overlays .line-numbers')].map((n) => Number(n.textContent)).sort((a, b) => a - b);
  });
}

/** Applies an action of the open quick-fix menu from the keyboard (arrows, Enter). */
export async function applyAction(page: Page, action: Locator): Promise<void> {
  await poll('the action focused in the menu', async () => {
    if ((await action.getAttribute('class'))?.split(' ').includes('focused')) return true;
    await page.keyboard.press('ArrowDown');
    return undefined;
  });
  await page.keyboard.press('Enter');
  await action.waitFor({ state: 'detached', timeout: TIMEOUT });
}

/** F1, the command's title, Enter. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget .quick-input-box input').waitFor({ timeout: TIMEOUT });
  await page.keyboard.type(title);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: TIMEOUT });
  await page.keyboard.press('Enter');
}

/**
 * The content of the webview (a panel, an extension's page) whose `h1` says `heading`. VS Code
 * nests each webview's content in two iframes; several webviews can be in view at once.
 */
export async function webviewShowing(page: Page, heading: string): Promise<Frame> {
  return poll(`a webview showing "${heading}"`, async () => {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame()) continue;
      if (await frame.locator('h1', { hasText: heading }).count().catch(() => 0)) return frame;
    }
    return undefined;
  });
}

/** Closes every editor (nothing is unsaved); resolves once the editor area has no tab left. */
export async function closeAllEditors(page: Page): Promise<void> {
  await runCommand(page, 'View: Close All Editors');
  await poll('no editor open', async () => ((await page.locator('.part.editor .tab').count()) === 0 ? true : undefined));
}

/**
 * Resolves once the focused editor shows `file` with the cursor at `line`, `column` (1-based):
 * its tab is the active one of the active group, the status bar says "Ln line, Col column" and
 * the editor marks that line as the cursor's.
 */
export async function cursorAt(page: Page, file: string, line: number, column: number): Promise<void> {
  await page.locator('.part.editor .editor-group-container.active .tab.active', { hasText: file }).waitFor({ timeout: TIMEOUT });
  await page.locator('.statusbar-item[id="status.editor.selection"]', { hasText: new RegExp(`^Ln ${line}, Col ${column}$`) }).waitFor({ timeout: TIMEOUT });
  const group = page.locator('.part.editor .editor-group-container.active');
  await group.locator('.monaco-editor.focused .line-numbers.active-line-number', { hasText: new RegExp(`^${line}$`) }).waitFor({ timeout: TIMEOUT });
}
