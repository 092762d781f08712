import * as fs from 'node:fs';
import * as path from 'node:path';
import { readMaintainers } from '../core/maintainers/maintainers';
import { readMailmap } from '../core/maintainers/mailmap';
import { getMaintainers, type MaintainersInput, type MaintainersResult, type Recipient } from '../core/maintainers/recipients';
import { readTextInside } from '../core/read-inside';
import { UsageError } from './files';
import { isBinary, patchFilesIn, readPatchBytes, readStdin } from './patch-inputs';

/**
 * `uapi-lint reviewers`: who gets a patch, or who maintains a file, exactly as the tree's
 * scripts/get_maintainer.pl --no-git --no-git-fallback says (reimplemented: nothing of the tree
 * is run). Each argument is a file or folder of the tree (like `get_maintainer.pl -f`), a patch
 * or mail, `-` (a patch on standard input), or a folder of patches outside the tree.
 */

export interface ReviewersOptions {
  paths: string[];
  /** `-C TREE`. */
  tree?: string;
  format: 'text' | 'json';
  roles: boolean;
  keywordsInFile: boolean;
}

/** A tree's file read for its keywords or addresses is far smaller. */
const MAX_TREE_FILE_BYTES = 16 * 1024 * 1024;

/** Files that are sources, never patches, whatever their text. */
const SOURCE_NAME = /\.(?:c|h|S|rs|dts|dtsi|lds)$|^(?:Kconfig|Makefile|Kbuild)(?:\..*)?$/;

/** get_maintainer.pl's top_of_kernel_tree, in short: MAINTAINERS, Makefile and Kbuild. */
function isKernelTop(dir: string): boolean {
  const file = (f: string) => {
    try {
      return fs.statSync(path.join(dir, f)).isFile();
    } catch {
      return false;
    }
  };
  return file('MAINTAINERS') && file('Makefile') && file('Kbuild');
}

function kernelTopAbove(start: string): string | undefined {
  for (let d = path.resolve(start); ; d = path.dirname(d)) {
    if (isKernelTop(d)) return d;
    if (path.dirname(d) === d) return undefined;
  }
}

/** The tree: -C, else the one the first path is in, else the one the current folder is in. */
function findTree(options: ReviewersOptions): string {
  if (options.tree) {
    if (!fs.existsSync(path.join(options.tree, 'MAINTAINERS'))) throw new UsageError(`-C ${options.tree}: no MAINTAINERS there`);
    return options.tree;
  }
  const first = options.paths.find((p) => p !== '-');
  if (first) {
    const abs = path.resolve(first);
    let start = abs;
    try {
      if (!fs.statSync(abs).isDirectory()) start = path.dirname(abs);
    } catch {
      start = path.dirname(abs);
    }
    const found = kernelTopAbove(start);
    if (found) return found;
  }
  const here = kernelTopAbove(process.cwd());
  if (here) return here;
  throw new UsageError(`reviewers: no kernel tree (a folder with MAINTAINERS, Makefile and Kbuild) holds ${first ?? 'standard input'} or the current folder; name one with -C TREE`);
}

/** Reads as a patch or a mail: a `diff --git`, a `---`/`+++` pair, or a mail's first line. */
export function looksLikePatch(text: string): boolean {
  if (/^(?:From |From:|Subject:)/.test(text)) return true;
  return /^diff --git /m.test(text) || /^--- \S.*\n\+\+\+ \S/m.test(text);
}

/** A patch argument's text; null for a binary file (no patch, whatever its name). */
function patchText(bytes: Buffer): string | null {
  return isBinary(bytes) ? null : bytes.toString('utf8');
}

/** The tree-relative path of a path inside the tree, `/`-separated; undefined outside it. */
function inTree(tree: string, abs: string): string | undefined {
  const rel = path.relative(tree, abs);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep).join('/');
}

/** What each argument is: files of the tree, or patches. */
async function inputsOf(tree: string, args: string[]): Promise<MaintainersInput[]> {
  const inputs: MaintainersInput[] = [];
  for (const arg of args) {
    if (arg === '-') {
      inputs.push({ kind: 'patch', name: '-', text: (await readStdin()).toString('utf8') });
      continue;
    }
    const abs = path.resolve(arg);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch {
      throw new UsageError(`cannot read '${arg}': no such file or folder`);
    }
    const rel = inTree(tree, abs);
    if (stat.isDirectory()) {
      // a folder of the tree: get_maintainer.pl -f dir/ (the folder's own sections, not its files')
      if (rel !== undefined) inputs.push({ kind: 'file', path: rel === '' ? '' : `${rel}/` });
      else {
        const files = patchFilesIn(arg);
        if (!files.length) throw new UsageError(`'${arg}' is outside the tree ${tree} and holds no *.patch, *.diff, *.eml or *.mbox`);
        for (const f of files) inputs.push({ kind: 'patch', name: f, text: patchText(readPatchBytes(f)) ?? '' });
      }
      continue;
    }
    if (!SOURCE_NAME.test(path.basename(abs))) {
      const text = patchText(readPatchBytes(arg));
      if (text !== null && looksLikePatch(text)) {
        inputs.push({ kind: 'patch', name: arg, text });
        continue;
      }
    }
    if (rel === undefined) throw new UsageError(`'${arg}' is neither a file of the tree ${tree} nor a patch`);
    inputs.push({ kind: 'file', path: rel });
  }
  return inputs;
}

/** get_maintainer.pl's own output: one recipient per line, `addr (role)` with --roles. */
export function formatRecipients(result: MaintainersResult, options: { roles: boolean }): string {
  return result.recipients.map((r) => (options.roles ? `${r.formatted} (${r.role})\n` : `${r.formatted}\n`)).join('');
}

function recipientJson(r: Recipient) {
  return {
    formatted: r.formatted,
    name: r.name,
    address: r.address,
    role: r.role,
    kind: r.kind,
    list: r.list,
    via: r.via,
    ...(r.section ? { section: { name: r.section.name, line: r.section.line }, line: r.line } : {}),
    // the K: line of MAINTAINERS, and the first line it matched
    ...(r.keyword ? { keyword: { keyword: r.keyword.keyword, line: r.keyword.line, match: r.keyword.matches[0] } } : {}),
    ...(r.file !== undefined ? { file: r.file } : {}),
  };
}

/** The JSON of `reviewers --format json` (version 1). */
export function reviewersJson(tree: string, result: MaintainersResult, options: { keywordsInFile: boolean }) {
  return {
    version: 1,
    tree,
    options: { keywordsInFile: options.keywordsInFile },
    inputs: result.inputs.map(({ input, files, fixes }) =>
      input.kind === 'file' ? { kind: 'file', path: input.path, files } : { kind: 'patch', name: input.name, files, ...(fixes.length ? { fixes } : {}) },
    ),
    files: result.files,
    sections: result.sections.map((s) => ({
      name: s.section.name,
      line: s.section.line,
      status: s.status ?? null,
      matchedBy: s.matchedBy,
      files: s.files.map((f) => ({ file: f.file, type: f.type, pattern: f.pattern, line: f.line, depth: f.depth })),
      keywords: s.keywords.map((k) => ({ keyword: k.keyword, line: k.line, matches: k.matches })),
    })),
    recipients: result.recipients.map(recipientJson),
    warnings: result.warnings,
  };
}

/** Run `reviewers`; the exit status (2: no tree, an unreadable argument). */
export async function reviewersCommand(options: ReviewersOptions, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  let tree: string;
  let inputs: MaintainersInput[];
  try {
    tree = path.resolve(findTree(options));
    inputs = await inputsOf(tree, options.paths);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    err(`uapi-lint: ${e.message}\n`);
    return 2;
  }
  const maintainers = readMaintainers(tree);
  if (!maintainers) {
    err(`uapi-lint: cannot read ${path.join(tree, 'MAINTAINERS')}\n`);
    return 2;
  }
  const result = getMaintainers(
    { maintainers, mailmap: readMailmap(tree), readFile: (rel) => readTextInside(path.join(tree, rel), tree, MAX_TREE_FILE_BYTES)?.text },
    inputs,
    { keywordsInFile: options.keywordsInFile },
  );
  for (const w of result.warnings) err(`uapi-lint: reviewers: ${w}\n`);
  if (options.format === 'json') out(JSON.stringify(reviewersJson(tree, result, options), null, 2) + '\n');
  else out(formatRecipients(result, options));
  return 0;
}
