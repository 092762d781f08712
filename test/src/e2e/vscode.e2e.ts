import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { evaluateWithGcc } from '../support/gcc-oracle';
import { within } from '../support/deadline';
import { CLI, FIXTURES, ROOT } from '../support/paths';
import { CodeServer, codeServerEntry, installExtension, makeProfile } from './code-server';
import {
  applyAction,
  closeAllEditors,
  cursorAt,
  editorText,
  enlargeHover,
  findText,
  goToLine,
  hoverOver,
  openFile,
  openWorkbench,
  poll,
  problemRows,
  problemsLabel,
  problemsStatus,
  quickFixMenu,
  renderedLines,
  runCommand,
  scrollToTop,
  squiggleLines,
  TIMEOUT,
  webviewShowing,
  wordBox,
  type Counts,
} from './workbench';

/**
 * The packaged extension in a real VS Code (code-server 4.96.4) driven in Debian's chromium:
 * what a user sees on a fixture header, then on a driver source in a small kernel tree opened as
 * a folder of its own. Expected numbers and layouts come from gcc; expected findings from the
 * CLI on the same file. Run with `npm run test:e2e` (it packages the .vsix and installs
 * code-server first). Screenshots of every step go to test/e2e-screenshots/; with
 * UAPI_LINT_DOCS_SCREENSHOTS=1 the hover, quick-fix and the two driver ones also go to docs/.
 */

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const VSIX = path.join(ROOT, `${manifest.name}-${manifest.version}.vsix`);
const SCREENSHOTS = path.join(ROOT, 'test', 'e2e-screenshots');
const HEADER = 'kestrel_npu.h';
const FIRST_LINE = '/* SPDX-License-Identifier';
const DOCS_SCREENSHOTS: Record<string, string> = {
  '02-hover.png': 'screenshot-hover.png',
  '03-quick-fix-menu.png': 'screenshot-quickfix.png',
  '11-driver-findings.png': 'screenshot-driver-findings.png',
  '12-driver-hover.png': 'screenshot-driver-hover.png',
};
/** A small kernel tree (include/uapi/ and arch/, MAINTAINERS) with a misc driver, opened as a folder of its own. */
const DRIVER_TREE = 'driver-tree';
const DRIVER = 'kestrel.c';
const DRIVER_FIRST_LINE = '// SPDX-License-Identifier: GPL-2.0-only';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'uapi-lint-e2e-'));
const workspace = path.join(tmp, 'workspace');
const headerPath = path.join(workspace, HEADER);
const driverTree = path.join(tmp, DRIVER_TREE);
const driverPath = path.join(driverTree, 'drivers', 'misc', 'kestrel', DRIVER);
const driverHeaderPath = path.join(driverTree, 'include', 'uapi', 'misc', 'kestrel.h');
let server: CodeServer | undefined;
let browser: Browser | undefined;
let page: Page;

interface CliDiagnostic {
  rule: string;
  severity: string;
  line: number;
  endLine: number;
  message: string;
}

/** What the CLI finds in the file as it is on disk now (exit status 0: it ran to the end). */
function cliFindings(file: string): CliDiagnostic[] {
  const r = spawnSync(process.execPath, [CLI, '--format', 'json', '--fail-on', 'none', file], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout).files[0].diagnostics;
}

function counts(findings: CliDiagnostic[]): Counts {
  const n = (s: string) => findings.filter((f) => f.severity === s).length;
  return { errors: n('error'), warnings: n('warning'), infos: n('info') };
}

/**
 * The whole window into test/e2e-screenshots/; for the README (UAPI_LINT_DOCS_SCREENSHOTS=1),
 * the editor area from its tabs down to the bottom of `until` into docs/.
 */
async function screenshot(name: string, until?: Locator): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, name) });
  const doc = DOCS_SCREENSHOTS[name];
  if (!doc || process.env.UAPI_LINT_DOCS_SCREENSHOTS !== '1') return;
  const editor = (await page.locator('.part.editor').boundingBox())!;
  const bottom = until ? (await until.boundingBox())! : undefined;
  const viewport = page.viewportSize()!;
  const height = bottom ? Math.min(viewport.height, bottom.y + bottom.height + 12) - editor.y : viewport.height - editor.y;
  await page.screenshot({ path: path.join(ROOT, 'docs', doc), clip: { x: editor.x, y: editor.y, width: viewport.width - editor.x, height } });
}

/** gcc's view of the header on x86_64 (-m64) and i386 (-m32): numbers, sizes, offsets. */
async function gccValues(expressions: string[], m32: boolean): Promise<Map<string, number>> {
  const values = await evaluateWithGcc(headerPath, expressions, tmp, m32);
  const out = new Map<string, number>();
  for (const [e, v] of values) {
    assert.ok(v !== undefined, `gcc ${m32 ? '-m32' : '-m64'} could not evaluate ${e}`);
    out.set(e, Number(v));
  }
  return out;
}

const hex = (v: number, digits = 8) => `0x${v.toString(16).toUpperCase().padStart(digits, '0')}`;

/** How uapi-lint writes the magic and nr fields of a command number: `'Z' (0x5A)`, `2 (0x02)`. */
function fields(value: number): { magic: string; nr: string; size: number } {
  const [magic, nr] = [(value >>> 8) & 0xff, value & 0xff];
  return { magic: `'${String.fromCharCode(magic)}' (${hex(magic, 2)})`, nr: `${nr} (${hex(nr, 2)})`, size: (value >>> 16) & 0x3fff };
}

/** The 1-based line of the header (as saved) that contains `text`. */
function lineOf(text: string): number {
  return fs.readFileSync(headerPath, 'utf8').split('\n').findIndex((l) => l.includes(text)) + 1;
}

/**
 * Limits of the set-up (installing the extension, at most 120 s; starting code-server, 60 s;
 * chromium; the workbench, 120 s) and of each step, whose every wait in the page has TIMEOUT
 * (120 s) of its own: a hang fails at the first wait that runs out, these are the backstops.
 */
const SETUP_MS = 10 * 60_000;
const STEP_MS = 5 * 60_000;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

before(async () => {
  assert.ok(fs.existsSync(VSIX), `${VSIX} is missing: npm run test:e2e packages it first`);
  fs.rmSync(SCREENSHOTS, { recursive: true, force: true });
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  fs.cpSync(path.join(FIXTURES, 'e2e'), workspace, { recursive: true });
  // the whole tree: its root (include/uapi/ and arch/) is what makes it a kernel tree, and its MAINTAINERS is read from there
  fs.cpSync(path.join(FIXTURES, DRIVER_TREE), driverTree, { recursive: true });
  // the DRM conversion adds `#include <drm/drm.h>`; Debian's libdrm-dev has it in
  // /usr/include/libdrm, where uapi-lint looks too: gcc finds it through CPATH
  fs.mkdirSync(path.join(tmp, 'include'));
  fs.symlinkSync('/usr/include/libdrm', path.join(tmp, 'include', 'drm'));
  process.env.CPATH = path.join(tmp, 'include');
  const entry = await codeServerEntry();
  const profile = makeProfile(path.join(tmp, 'profile'));
  const installed = installExtension(entry, profile, VSIX);
  assert.equal(installed.status, 0, installed.output);
  assert.match(installed.output, /Extension '.*\.vsix' was successfully installed/);
  assert.ok(fs.existsSync(path.join(profile.extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`, 'dist', 'server.js')));

  server = await CodeServer.start(entry, profile);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 960 } });
  page.setDefaultTimeout(TIMEOUT);
  await openWorkbench(page, server.url, workspace);
}, { timeout: SETUP_MS });

after(async () => {
  try {
    // a browser that does not close must not keep code-server (and so this file's process) running
    if (browser) await within(browser.close(), 20_000, 'close of chromium');
  } finally {
    await server?.stop(); // SIGKILL to its process group after 10 s
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}, { timeout: 60_000 });

/** A test step; when it fails, what the page showed and what code-server logged are kept. */
function step(name: string, body: () => Promise<void>): void {
  test(name, { timeout: STEP_MS }, async () => {
    try {
      await body();
    } catch (e) {
      const file = path.join(SCREENSHOTS, `failed-${name.replace(/\W+/g, '-').slice(0, 60)}.png`);
      await page?.screenshot({ path: file }).catch(() => undefined);
      process.stderr.write(`screenshot of the failure: ${file}\ncode-server output:\n${server?.output() ?? ''}\n`);
      throw e;
    }
  });
}

step('opening a fixture header shows squiggles on the findings and their count in the status bar', async () => {
  const expected = cliFindings(headerPath);
  assert.ok(expected.some((f) => f.rule === 'custom-ioctl') && expected.some((f) => f.rule === 'uapi-implicit-padding'));
  await openFile(page, HEADER, FIRST_LINE);
  // the server publishes the findings in two steps; the count settles on all of them
  await problemsStatus(page, problemsLabel(counts(expected))).waitFor({ timeout: TIMEOUT });
  const warned = [...new Set(expected.filter((f) => f.severity === 'warning').flatMap((f) => Array.from({ length: f.endLine - f.line + 1 }, (_, i) => f.line + i)))].sort((a, b) => a - b);
  await poll('a squiggle on every line with a warning', async () => {
    const lines = await squiggleLines(page, 'warning');
    return JSON.stringify(lines) === JSON.stringify(warned) ? lines : undefined;
  });
  await screenshot('01-diagnostics.png');
});

/** The members of a struct of the fixture, in order. */
function members(struct: string): string[] {
  const body = new RegExp(`struct ${struct} \\{([^}]*)\\}`).exec(fs.readFileSync(headerPath, 'utf8'))![1];
  return [...body.matchAll(/(\w+);/g)].map((m) => m[1]);
}

/** gcc's layout of a struct on one ABI: size, and each member's offset and size. */
async function gccLayout(struct: string, m32: boolean): Promise<{ size: number; members: Array<{ name: string; offset: number; size: number }> }> {
  const names = members(struct);
  const exprs = [`sizeof(struct ${struct})`, ...names.flatMap((m) => [`offsetof(struct ${struct}, ${m})`, `sizeof(((struct ${struct} *)0)->${m})`])];
  const v = await gccValues(exprs, m32);
  return { size: v.get(exprs[0])!, members: names.map((name) => ({ name, offset: v.get(`offsetof(struct ${struct}, ${name})`)!, size: v.get(`sizeof(((struct ${struct} *)0)->${name})`)! })) };
}

step('hovering an ioctl shows its decoded number on x86_64 and i386 and the layout table of its argument', async () => {
  const [m64, m32] = [await gccValues(['KESTREL_IOCTL_SUBMIT'], false), await gccValues(['KESTREL_IOCTL_SUBMIT'], true)];
  const [x86_64, i386] = [m64.get('KESTREL_IOCTL_SUBMIT')!, m32.get('KESTREL_IOCTL_SUBMIT')!];
  assert.notEqual(x86_64, i386, 'the fixture ioctl is meant to differ between ABIs');
  await goToLine(page, lineOf('#define KESTREL_IOCTL_ALLOC'));
  await scrollToTop(page, 'KESTREL_IOCTL_ALLOC');
  // on the _IOWR call of its definition, where the hover is the ioctl's alone (on its name it
  // starts with the findings there)
  const hover = await hoverOver(page, '_IOWR', '#define KESTREL_IOCTL_SUBMIT', 'argument struct kestrel_job');
  await hover.locator('table').first().waitFor();
  // the layouts are code blocks, drawn as plain text first and line by line once tokenized
  const text = await poll('the layouts drawn line by line in the hover', async () => {
    const t = await hover.innerText();
    return /struct kestrel_job \{\n/.test(t) && !/struct kestrel_job \{ /.test(t) ? t : undefined;
  });
  const { magic, nr } = fields(x86_64);
  assert.match(text, new RegExp(`_IOWR: read/write .* magic ${escape(magic)} · nr ${escape(nr)} · argument struct kestrel_job`));
  const numbers = await hover.locator('table').first().innerText();
  assert.match(numbers, new RegExp(`x86_64\\s+${hex(x86_64)}\\s+${fields(x86_64).size} bytes`));
  assert.match(numbers, new RegExp(`i386\\s+${hex(i386)}\\s+${fields(i386).size} bytes`));
  // one pahole-style table per group of ABIs that agree: x86_64's and i386's are both shown
  const tables = [...text.matchAll(/struct kestrel_job \{\n([\s\S]*?)\n\};\s*\/\* size (\d+), align \d+ \*\//g)];
  for (const m32 of [false, true]) {
    const layout = await gccLayout('kestrel_job', m32);
    const table = tables.find((t) => Number(t[2]) === layout.size);
    assert.ok(table, `a layout of ${layout.size} bytes (gcc ${m32 ? '-m32' : '-m64'}) in:\n${text}`);
    for (const m of layout.members) assert.match(table[1], new RegExp(`\\b${m.name};\\s*/\\*\\s*${m.offset}\\s+${m.size} \\*/`), `${m.name} (gcc ${m32 ? '-m32' : '-m64'})`);
  }
  // drawn taller, as a user drags its edge, so that the screenshot shows the layouts too
  await enlargeHover(page, hover, 330);
  await screenshot('02-hover.png', hover);
});

step('the quick-fix menu on a custom ioctl converts it to a DRM driver ioctl, and its warning goes away', async () => {
  await page.mouse.move(5, 5);
  await page.keyboard.press('Escape');
  const line = lineOf('#define KESTREL_IOCTL_ALLOC');
  const message = cliFindings(headerPath).find((f) => f.rule === 'custom-ioctl' && f.line === line)!.message;
  // the Problems panel, opened from the status bar, lists the finding
  await page.locator('.statusbar-item[id="status.problems"]').click();
  await problemRows(page).filter({ hasText: message.slice(0, 40) }).first().waitFor();
  await goToLine(page, line);
  const convert = await quickFixMenu(page, 'KESTREL_IOCTL_ALLOC', '#define KESTREL_IOCTL_ALLOC', 'Convert to an accel/DRM driver ioctl');
  await screenshot('03-quick-fix-menu.png', page.locator('.part.panel'));
  await applyAction(page, convert);
  await poll('the converted definition in the editor', async () => {
    const text = (await editorText(page)).replace(/[ \t]+/g, ' ');
    return text.includes('#define DRM_IOCTL_KESTREL_ALLOC DRM_IOWR(DRM_COMMAND_BASE + DRM_KESTREL_ALLOC, struct kestrel_alloc)') ? text : undefined;
  });
  await problemRows(page).filter({ hasText: message.slice(0, 40) }).waitFor({ state: 'detached' });
  // VS Code saves what a quick fix changed (files.refactoring.autoSave): the next steps read the
  // header from disk, so not while it is being written
  await poll('the converted header saved', async () => (fs.readFileSync(headerPath, 'utf8').includes('#define DRM_IOCTL_KESTREL_ALLOC') ? true : undefined));
  await page.locator('.part.editor .tab.active.dirty').waitFor({ state: 'detached' });
  await screenshot('04-quick-fix-applied.png');
});

step('the padding fix on a struct makes its padding explicit: its warnings go away and gcc lays it out alike on x86_64 and i386', async () => {
  await page.keyboard.press('Escape');
  const before = members('kestrel_job');
  const padding = cliFindings(headerPath).filter((f) => f.rule === 'uapi-implicit-padding');
  assert.ok(padding.length >= 1);
  await findText(page, '__u64 cmd_addr;');
  const fix = await quickFixMenu(page, 'cmd_addr', '__u64 cmd_addr;', 'Make the padding of struct kestrel_job explicit');
  await applyAction(page, fix);
  for (const f of padding) await problemRows(page).filter({ hasText: f.message.slice(0, 60) }).waitFor({ state: 'detached' });
  await problemRows(page).filter({ hasText: 'implicit padding' }).first().waitFor({ state: 'detached' });
  await screenshot('05-padding-fix-applied.png');

  // saved (Ctrl+S), the struct has new members and gcc agrees on its layout for x86_64 and i386
  await page.keyboard.press('Control+S');
  const after = await poll('the saved header with the new members', async () => {
    const now = members('kestrel_job');
    return now.length > before.length ? now : undefined;
  });
  assert.deepEqual(after.filter((m) => before.includes(m)), before);
  const [x86_64, i386] = [await gccLayout('kestrel_job', false), await gccLayout('kestrel_job', true)];
  assert.deepEqual(i386, x86_64);
  assert.equal(x86_64.size % 8, 0);
});

/** Where the name of `#define NAME` is in the header as saved: 1-based line and column. */
function definitionOf(name: string): { line: number; column: number } {
  const line = lineOf(`#define ${name}`);
  const text = fs.readFileSync(headerPath, 'utf8').split('\n')[line - 1];
  return { line, column: text.indexOf(name) + 1 };
}

step('the command palette runs "uapi-lint: Decode ioctl number": a panel shows what the number is, and its link opens the definition', async () => {
  const value = (await gccValues(['KESTREL_IOCTL_SUBMIT'], false)).get('KESTREL_IOCTL_SUBMIT')!;
  // nothing open: the link has to open the header itself
  await closeAllEditors(page);
  await runCommand(page, 'uapi-lint: Decode ioctl number');
  await page.locator('.quick-input-widget', { hasText: 'An ioctl command number' }).waitFor();
  await page.keyboard.type(hex(value));
  await page.keyboard.press('Enter');
  await page.locator('.part.editor .tab.active', { hasText: `uapi-lint: ioctl number ${hex(value)}` }).waitFor();
  const panel = await webviewShowing(page, `ioctl number ${hex(value)}`);
  const { magic, nr, size } = fields(value);
  await panel.locator('pre', { hasText: `read/write, magic ${magic}, nr ${nr}, size ${size}` }).waitFor();
  // after the padding fix, i386 has the same number as x86_64
  const definedBy = panel.locator('li', { hasText: 'KESTREL_IOCTL_SUBMIT' }).filter({ hasText: 'i386' }).filter({ hasText: 'x86_64' });
  await definedBy.waitFor();
  await screenshot('06-decode-number.png');

  await definedBy.getByRole('link', { name: 'KESTREL_IOCTL_SUBMIT' }).click();
  const { line, column } = definitionOf('KESTREL_IOCTL_SUBMIT');
  await cursorAt(page, HEADER, line, column);
  await screenshot('07-decode-link-opened.png');
});

step('"uapi-lint: Show ioctls in this file" shows the header\'s ioctls in a table, and a row\'s link opens the definition', async () => {
  // the header alone in the window, its cursor at the top
  await runCommand(page, 'View: Close Editors in Other Groups');
  await page.locator('.part.editor .tab', { hasText: 'uapi-lint: ioctl number' }).waitFor({ state: 'detached' });
  await goToLine(page, 1);
  await runCommand(page, 'uapi-lint: Show ioctls in this file');
  const panel = await webviewShowing(page, `ioctls in ${HEADER}`);
  // a row per ioctl the CLI finds, with its x86_64 number (the CLI's numbers are gcc's: see the corpus test)
  const r = spawnSync(process.execPath, [CLI, '--format', 'json', '--fail-on', 'none', headerPath], { encoding: 'utf8', timeout: 60_000 });
  const ioctls = (JSON.parse(r.stdout) as { files: Array<{ ioctls: Array<{ name: string; abi: { x86_64: { value: number } } }> }> }).files[0].ioctls;
  assert.deepEqual(ioctls.map((i) => i.name), ['DRM_IOCTL_KESTREL_ALLOC', 'KESTREL_IOCTL_SUBMIT']);
  const rows = panel.locator('tbody tr');
  await poll('a row per ioctl', async () => ((await rows.count()) === ioctls.length ? true : undefined));
  for (const [k, i] of ioctls.entries()) {
    assert.match(await rows.nth(k).innerText(), new RegExp(`^${i.name}\\s+${hex(i.abi.x86_64.value)}\\s`));
  }
  await screenshot('08-ioctl-table.png');

  await rows.nth(0).getByRole('link', { name: 'DRM_IOCTL_KESTREL_ALLOC' }).click();
  const { line, column } = definitionOf('DRM_IOCTL_KESTREL_ALLOC');
  await cursorAt(page, HEADER, line, column);
  await screenshot('09-table-link-opened.png');
});

step("the extension's page shows the README with its screenshots (inlined in the packaged README)", async () => {
  // the Problems panel closed (from the status bar again) for room; the Extensions view, from
  // the activity bar, lists the extension in its Installed section
  if (await page.locator('.markers-panel').isVisible()) {
    await page.locator('.statusbar-item[id="status.problems"]').click();
    await page.locator('.markers-panel').waitFor({ state: 'hidden' });
  }
  await page.locator('.activitybar .action-label[aria-label^="Extensions"]').click();
  await page.locator('.extensions-viewlet .monaco-list-row', { hasText: manifest.displayName }).first().click();
  const readme = await webviewShowing(page, manifest.displayName);
  const images = readme.locator('img[src^="data:image/png"]');
  await images.first().waitFor();
  assert.ok((await images.count()) >= 2);
  // loaded, not a broken-image placeholder
  await poll('the README screenshots loaded', async () =>
    (await images.evaluateAll((imgs) => imgs.every((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0))) || undefined,
  );
  await images.first().scrollIntoViewIfNeeded();
  await screenshot('10-extension-page.png');
});

/** The 1-based line of the driver source that contains `text`. */
function driverLineOf(text: string): number {
  const line = fs.readFileSync(driverPath, 'utf8').split('\n').findIndex((l) => l.includes(text)) + 1;
  assert.ok(line > 0, `${text} in ${DRIVER}`);
  return line;
}

/** The Problems panel shown (from the status bar, as a user opens it) or hidden. */
async function showProblems(show: boolean): Promise<void> {
  const panel = page.locator('.markers-panel');
  if ((await panel.isVisible()) === show) return;
  await page.locator('.statusbar-item[id="status.problems"]').click();
  await panel.waitFor({ state: show ? 'visible' : 'hidden', timeout: TIMEOUT });
}

step('a driver source in a kernel tree shows its findings: misc-device-accelerator on misc_register, shared-api-review naming the MAINTAINERS section', async () => {
  const expected = cliFindings(driverPath);
  const accel = expected.find((f) => f.rule === 'misc-device-accelerator');
  const shared = expected.find((f) => f.rule === 'shared-api-review');
  assert.ok(accel && shared, `the CLI finds both in ${DRIVER}:\n${JSON.stringify(expected, null, 1)}`);
  assert.equal(accel.line, driverLineOf('misc_register('));
  // the tree opened as a kernel developer opens it: its root as the folder of a fresh window
  // (the Explorer in front: openWorkbench waits for it to list the folder)
  await page.locator('.activitybar .action-label[aria-label^="Explorer"]').click();
  await openWorkbench(page, server!.url, driverTree);
  await openFile(page, DRIVER, DRIVER_FIRST_LINE);
  await page.locator('.part.editor .tab.active', { hasText: DRIVER }).waitFor({ timeout: TIMEOUT });
  // VS Code's own language for .c files, which the extension's document selector includes
  await page.locator('.statusbar-item[id="status.editor.mode"]', { hasText: /^C$/ }).waitFor({ timeout: TIMEOUT });
  await problemsStatus(page, problemsLabel(counts(expected))).waitFor({ timeout: TIMEOUT });

  // the Problems panel lists every finding the CLI has, these two among them
  await showProblems(true);
  const rows = problemRows(page);
  await poll('a row per finding in the Problems panel', async () => ((await rows.filter({ hasText: 'uapi-lint' }).count()) === expected.length ? true : undefined));
  for (const f of expected) await rows.filter({ hasText: f.message.slice(0, 60) }).filter({ hasText: f.rule }).first().waitFor({ timeout: TIMEOUT });
  const accelRow = await rows.filter({ hasText: 'misc-device-accelerator' }).first().innerText();
  assert.ok(accelRow.includes(accel.message), accelRow);
  assert.match(accelRow, /registers a misc device \(misc_register\)/);
  assert.match(accelRow, /Accelerators belong in the accel subsystem/);
  assert.match(accelRow, new RegExp(`\\[Ln ${accel.line}, Col \\d+\\]`));
  const sharedRow = await rows.filter({ hasText: 'shared-api-review' }).first().innerText();
  assert.ok(sharedRow.includes(shared.message), sharedRow);
  assert.match(sharedRow, /for DMA BUFFER SHARING FRAMEWORK matches this file/);
  assert.match(sharedRow, new RegExp(`\\[Ln ${shared.line}, Col \\d+\\]`));

  // the file_operations and the misc_register call in view, the cursor on the empty line between
  // them (nothing highlighted): a squiggle on every line with a warning there, and on none other
  await goToLine(page, driverLineOf('static int kestrel_probe') - 1);
  await scrollToTop(page, 'struct file_operations kestrel_fops');
  await poll('misc_register in view', () => wordBox(page, 'misc_register', 'ret = misc_register('));
  const warned = expected.filter((f) => f.severity === 'warning').map((f) => f.line);
  const shown = await poll('the squiggles of the warnings in view', async () => {
    const rendered = await renderedLines(page);
    const want = warned.filter((l) => rendered.includes(l)).sort((a, b) => a - b);
    const lines = await squiggleLines(page, 'warning');
    return want.includes(accel.line) && JSON.stringify(lines) === JSON.stringify(want) ? lines : undefined;
  });
  assert.ok(shown.includes(driverLineOf('.unlocked_ioctl')), `the ioctl-compat squiggle in view too: ${shown}`);
  // the mouse out of the editor: no hover over the squiggles
  await page.mouse.move(5, 5);
  await screenshot('11-driver-findings.png', page.locator('.part.panel'));
});

step('hovering a case label of the ioctl switch shows the decoded command on each ABI, the layouts and the handler that dispatches it', async () => {
  const name = 'KESTREL_IOCTL_QUERY';
  const [x86_64, i386] = await Promise.all(
    [false, true].map(async (m32) => {
      const v = (await evaluateWithGcc(driverHeaderPath, [name], tmp, m32)).get(name);
      assert.ok(v !== undefined, `gcc ${m32 ? '-m32' : '-m64'} could not evaluate ${name}`);
      return Number(v);
    }),
  );
  assert.notEqual(x86_64, i386, 'struct kestrel_query is meant to differ between ABIs');
  // room below the switch for the hover, too little above it (VS Code puts a hover above its
  // line when it fits there): the panel closed, the switch at the top of the editor
  await page.keyboard.press('Escape');
  await showProblems(false);
  await goToLine(page, driverLineOf('switch (cmd)'));
  await scrollToTop(page, 'switch (cmd)');
  const hover = await hoverOver(page, name, `case ${name}:`, 'Dispatch:');
  const [label, box] = [(await wordBox(page, name, `case ${name}:`))!, (await hover.boundingBox())!];
  assert.ok(box.y >= label.y + label.height - 1, 'the hover below the case label, with room to be drawn taller');
  const table = hover.locator('table').first();
  await table.waitFor({ timeout: TIMEOUT });
  const numbers = await table.innerText();
  assert.match(numbers, new RegExp(`x86_64\\s+${hex(x86_64)}\\s+${fields(x86_64).size} bytes`));
  assert.match(numbers, new RegExp(`i386\\s+${hex(i386)}\\s+${fields(i386).size} bytes`));
  const text = await hover.innerText();
  const { magic, nr } = fields(x86_64);
  assert.match(text, new RegExp(`^${name}$`, 'm'));
  assert.match(text, new RegExp(`_IOR: read .* magic ${escape(magic)} · nr ${escape(nr)} · argument struct kestrel_query`));
  // the line is the case label's
  assert.match(text, new RegExp(`Dispatch: dispatched by kestrel_ioctl\\(\\)'s switch \\(line ${driverLineOf(`case ${name}:`)}\\), handled by kestrel_query\\(\\)\\.`));
  // the handler fills the struct and copies it back to userspace
  assert.match(text, new RegExp(`Copies back: copy_to_user \\(line ${driverLineOf('copy_to_user(argp, &q')}\\)`));
  // drawn taller, as a user drags its edge, so that the screenshot shows the handler too
  await enlargeHover(page, hover, 380);
  await screenshot('12-driver-hover.png', hover);
});
