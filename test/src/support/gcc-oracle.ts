import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

/**
 * gcc as the oracle for ioctl definitions. For one system header H:
 *  1. `gcc -E -dD` lists the object-like macros H itself defines (line markers say which file);
 *  2. after H, `_IOC` is redefined to a marker and every name is expanded: the names whose
 *     expansion contains the marker are ioctl command macros (what the acceptance asks);
 *  3. a program prints, for each of them, the type and nr fields of the real command number
 *     (with `_IOC` reduced to its type and nr fields, so incomplete argument types don't matter).
 */

const run = promisify(execFile);

export const PRELUDE = ['stddef.h', 'stdbool.h', 'linux/types.h', 'linux/ioctl.h'];

export interface OracleIoctl {
  name: string;
  /** Type and nr fields; undefined when gcc could not evaluate the expression. */
  type?: number;
  nr?: number;
}

export interface OracleHeader {
  /** Path relative to the include root, as `#include <...>` names it. */
  header: string;
  /** gcc could preprocess the header (after the prelude). */
  preprocessed: boolean;
  ioctls: OracleIoctl[];
}

async function gcc(args: string[], input: string, cwd: string): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  const src = path.join(cwd, `in-${Math.random().toString(36).slice(2)}.c`);
  fs.writeFileSync(src, input);
  try {
    const r = await run('gcc', [...args, src], { cwd, maxBuffer: 256 * 1024 * 1024 });
    return { ok: true, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { stdout?: string; stderr?: string };
    return { ok: false, stdout: x.stdout ?? '', stderr: x.stderr ?? '' };
  } finally {
    fs.rmSync(src, { force: true });
  }
}

function prelude(header: string): string {
  return [...PRELUDE, header].map((h) => `#include <${h}>`).join('\n') + '\n';
}

/** Object-like macros defined by `header` itself, from `gcc -E -dD` with line markers. */
function ownDefines(output: string, headerPath: string): string[] {
  const names: string[] = [];
  let current = '';
  for (const line of output.split('\n')) {
    const marker = /^# \d+ "([^"]*)"/.exec(line);
    if (marker) {
      current = marker[1];
      continue;
    }
    if (current !== headerPath) continue;
    const def = /^#define ([A-Za-z_]\w*)(\(?)/.exec(line);
    if (def && def[2] === '') names.push(def[1]);
  }
  return [...new Set(names)];
}

export async function oracleForHeader(root: string, header: string, workdir: string, m32 = false): Promise<OracleHeader> {
  const headerPath = path.join(root, header);
  const flags = m32 ? ['-m32'] : [];
  const listing = await gcc([...flags, '-E', '-dD', '-w'], prelude(header), workdir);
  if (!listing.ok) return { header, preprocessed: false, ioctls: [] };
  const names = ownDefines(listing.stdout, headerPath);
  if (names.length === 0) return { header, preprocessed: true, ioctls: [] };

  const marked = await gcc(
    [...flags, '-E', '-P', '-w'],
    prelude(header) + '#undef _IOC\n#define _IOC(d,t,n,s) __UAPI_LINT_IOC_MARK__\n' + names.map((n) => `"@@${n}@@" ${n}\n`).join(''),
    workdir,
  );
  if (!marked.ok) return { header, preprocessed: false, ioctls: [] };
  const ioctlNames: string[] = [];
  for (const line of marked.stdout.split('\n')) {
    const m = /^"@@(\w+)@@" (.*)$/.exec(line);
    if (m && m[2].includes('__UAPI_LINT_IOC_MARK__')) ioctlNames.push(m[1]);
  }
  const ioctls = new Map<string, OracleIoctl>(ioctlNames.map((n) => [n, { name: n }]));
  if (ioctlNames.length === 0) return { header, preprocessed: true, ioctls: [] };

  // Type and nr of each, with _IOC reduced to those two fields (incomplete argument types are fine)
  const fields = await evaluateWithGcc(header, ioctlNames, workdir, m32, '#undef _IOC\n#define _IOC(d,t,n,s) ((((unsigned long long)(t)) << 8) | ((unsigned long long)(n)))\n');
  for (const [name, v] of fields) {
    if (v === undefined) continue;
    const entry = ioctls.get(name)!;
    entry.type = Number((v >> 8n) & 0xffn);
    entry.nr = Number(v & 0xffn);
  }
  return { header, preprocessed: true, ioctls: [...ioctls.values()] };
}

/** Run the oracle over many headers, `jobs` gcc processes at a time. */
export async function oracle(root: string, headers: string[], jobs = Math.max(2, os.cpus().length * 2)): Promise<OracleHeader[]> {
  const workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'uapi-lint-gcc-'));
  try {
    const results: OracleHeader[] = new Array(headers.length);
    let next = 0;
    await Promise.all(
      Array.from({ length: jobs }, async () => {
        while (next < headers.length) {
          const i = next++;
          results[i] = await oracleForHeader(root, headers[i], workdir);
        }
      }),
    );
    return results;
  } finally {
    fs.rmSync(workdir, { recursive: true, force: true });
  }
}

/**
 * gcc's value of each C expression after the header (and the prelude), as an unsigned 64-bit
 * number; undefined for the expressions gcc rejects (incomplete types, missing prerequisites).
 */
export async function evaluateWithGcc(
  header: string,
  expressions: string[],
  workdir: string,
  m32: boolean,
  afterHeader = '',
): Promise<Map<string, bigint | undefined>> {
  const out = new Map<string, bigint | undefined>(expressions.map((e) => [e, undefined]));
  const flags = m32 ? ['-m32'] : [];
  let pending = [...expressions];
  for (let attempt = 0; attempt < 6 && pending.length; attempt++) {
    const head = prelude(header) + afterHeader + 'int printf(const char *, ...);\nint main(void) {\n';
    const firstLine = head.split('\n').length;
    const body = pending.map((e, i) => `printf("%d %llu\\n", ${i}, (unsigned long long)(${e}));\n`).join('');
    const exe = path.join(workdir, `eval-${Math.random().toString(36).slice(2)}`);
    const built = await gcc([...flags, '-w', '-o', exe], head + body + 'return 0; }\n', workdir);
    if (built.ok) {
      try {
        const { stdout } = await run(exe, []);
        for (const line of stdout.split('\n')) {
          const [i, value] = line.split(' ');
          if (value !== undefined) out.set(pending[Number(i)], BigInt(value));
        }
      } finally {
        fs.rmSync(exe, { force: true });
      }
      break;
    }
    const bad = new Set<number>();
    for (const m of built.stderr.matchAll(/in-\w+\.c:(\d+):\d+: error/g)) {
      const idx = Number(m[1]) - firstLine;
      if (idx >= 0 && idx < pending.length) bad.add(idx);
    }
    if (bad.size === 0) break;
    pending = pending.filter((_, i) => !bad.has(i));
  }
  return out;
}

export function makeWorkdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'uapi-lint-gcc-'));
}
