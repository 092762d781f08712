import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * gcc as the oracle for ioctl definitions. For one system header H:
 *  1. `gcc -E -dD` lists the object-like macros H itself defines (line markers say which file);
 *  2. after H, `_IOC` is redefined to a marker and every name is expanded: the names whose
 *     expansion contains the marker are ioctl command macros (what the acceptance asks);
 *  3. a program prints, for each of them, the type and nr fields of the real command number
 *     (with `_IOC` reduced to its type and nr fields, so incomplete argument types don't matter).
 */

/**
 * How long one gcc may take (ms). Measured: each run (one header and the prelude) takes well
 * under a second; a gcc that hangs is killed and fails the test that ran it.
 */
const GCC_TIMEOUT_MS = 60_000;

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
    return await new Promise((resolve, reject) => {
      execFile('gcc', [...args, src], { cwd, maxBuffer: 256 * 1024 * 1024, timeout: GCC_TIMEOUT_MS, killSignal: 'SIGKILL' }, (e, stdout, stderr) => {
        // a gcc that was killed did not judge the input: that is the test's failure, not a rejected header
        if (e?.killed && typeof e.code !== 'string') reject(new Error(`gcc ${args.join(' ')} was killed after ${GCC_TIMEOUT_MS} ms:\n${input.slice(0, 500)}`));
        else resolve({ ok: !e, stdout, stderr });
      });
    });
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
 *
 * Nothing is run: each value initialises a 64-bit constant and is read back from the assembly
 * gcc writes (`-S`), so `-m32` needs no 32-bit execution support from the machine's kernel.
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
    const head = prelude(header) + afterHeader;
    const firstLine = head.split('\n').length;
    const body = pending.map((e, i) => `const unsigned long long ${VALUE_SYMBOL}${i} = (unsigned long long)(${e});\n`).join('');
    const built = await gcc([...flags, '-w', '-O0', '-S', '-o', '-'], head + body, workdir);
    if (built.ok) {
      for (const [i, value] of constantsFromAssembly(built.stdout)) out.set(pending[i], value);
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

const VALUE_SYMBOL = '__uapi_lint_value_';

const DIRECTIVE_BYTES: Record<string, number> = { '.byte': 1, '.value': 2, '.short': 2, '.long': 4, '.int': 4, '.quad': 8 };

/**
 * The 64-bit constants `__uapi_lint_value_N` of an x86 assembly listing (little-endian on both
 * -m64 and -m32): the data directives after each label, `.zero` included.
 */
function constantsFromAssembly(asm: string): Map<number, bigint> {
  const values = new Map<number, bigint>();
  let index = -1;
  let bytes: number[] = [];
  const finish = () => {
    if (index >= 0 && bytes.length >= 8) {
      let v = 0n;
      for (let b = 7; b >= 0; b--) v = (v << 8n) | BigInt(bytes[b]);
      values.set(index, v);
    }
    index = -1;
    bytes = [];
  };
  for (const raw of asm.split('\n')) {
    const line = raw.trim();
    const label = new RegExp(`^${VALUE_SYMBOL}(\\d+):$`).exec(line);
    if (label) {
      finish();
      index = Number(label[1]);
      continue;
    }
    if (index < 0) continue;
    const d = /^(\.\w+)\s+(-?\w+)$/.exec(line);
    if (!d) {
      if (/^\S+:$/.test(line) || /^\.(section|text|data|globl|size|type|align|ident)\b/.test(line)) finish();
      continue;
    }
    if (d[1] === '.zero') {
      for (let k = 0; k < Number(d[2]); k++) bytes.push(0);
    } else if (d[1] in DIRECTIVE_BYTES) {
      const width = DIRECTIVE_BYTES[d[1]];
      let v = BigInt.asUintN(width * 8, BigInt(d[2]));
      for (let k = 0; k < width; k++, v >>= 8n) bytes.push(Number(v & 0xffn));
    }
    if (bytes.length >= 8) finish();
  }
  finish();
  return values;
}

export function makeWorkdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'uapi-lint-gcc-'));
}
