import { execFile } from 'node:child_process';
import { within } from './deadline';
import { documentedEnums, documentedRecords, type KernelDocFile } from '../../../server/out/core/model/kernel-doc-review';
import { kernelDocScan } from '../../../server/out/core/parse/kernel-doc';

/**
 * Linux's own scripts/kernel-doc as the oracle of the uapi-kernel-doc rule: run on a header
 * (from the kernel tree, as the documentation build runs it), its warnings read into the sets
 * uapi-lint computes. Each item is `<declaration>\t<member>` (or `<written>\t<declared>` for a
 * comment naming another declaration).
 */

export interface KernelDocFindings {
  /** "Function parameter or struct member 'm' not described in 's'" */
  undescribed: Set<string>;
  /** "Excess struct member 'm' description in 's'" (and union) */
  excess: Set<string>;
  /** "expecting prototype for struct w. Prototype was for struct s instead" */
  mismatch: Set<string>;
  /** "Enum value 'v' not described in enum 'e'" */
  enumUndescribed: Set<string>;
  /** "Excess enum value 'v' description in 'e'" */
  enumExcess: Set<string>;
  /** "missing initial short description" on a struct, union or enum comment: `struct s`. */
  noSummary: Set<string>;
}

export const KINDS = ['undescribed', 'excess', 'mismatch', 'enumUndescribed', 'enumExcess', 'noSummary'] as const;

export function emptyFindings(): KernelDocFindings {
  return { undescribed: new Set(), excess: new Set(), mismatch: new Set(), enumUndescribed: new Set(), enumExcess: new Set(), noSummary: new Set() };
}

/** Run `perl scripts/kernel-doc ARGS FILE` in the kernel tree; its output, within `ms`. */
export function runKernelDoc(tree: string, args: string[], file: string, ms = 60_000): Promise<{ stdout: string; stderr: string }> {
  const run = new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
    execFile('perl', ['scripts/kernel-doc', ...args, file], { cwd: tree, timeout: ms, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (err, stdout, stderr) => {
      // an exit status is kernel-doc's count of errors ("Cannot parse struct"): its output stands;
      // not starting, or being stopped by the time limit, is a failure
      const code = (err as { code?: unknown } | null)?.code;
      if (err && (err.killed || typeof code !== 'number')) reject(new Error(`kernel-doc on ${file}: ${err.message}`));
      else resolve({ stdout, stderr });
    });
  });
  return within(run, ms + 5_000, `kernel-doc output for ${file}`);
}

/** The warnings of `kernel-doc -none -Wall` that are about members and names. */
export function parseWarnings(stderr: string): KernelDocFindings {
  const f = emptyFindings();
  const lines = stderr.split('\n');
  for (const [i, line] of lines.entries()) {
    let m: RegExpExecArray | null;
    // the identifier line follows the warning on a line of its own
    if (/warning: missing initial short description on line:$/.test(line)) {
      const id = /^\s*\*\s*(struct|union|enum)\s+(\w+)/.exec(lines[i + 1] ?? '');
      if (id) f.noSummary.add(`${id[1]} ${id[2]}`);
      continue;
    }
    if ((m = /warning: Function parameter or struct member '(.*)' not described in '(.*)'$/.exec(line))) f.undescribed.add(`${m[2]}\t${m[1]}`);
    else if ((m = /warning: Excess (?:struct|union) member '(.*)' description in '(.*)'$/.exec(line))) f.excess.add(`${m[2]}\t${m[1]}`);
    else if ((m = /warning: expecting prototype for (?:struct|union) (.*)\. Prototype was for (?:struct|union) (.*) instead$/.exec(line))) f.mismatch.add(`${m[2]}\t${m[1]}`);
    else if ((m = /warning: Enum value '(.*)' not described in enum '(.*)'$/.exec(line))) f.enumUndescribed.add(`${m[2]}\t${m[1]}`);
    else if ((m = /warning: Excess enum value '(.*)' description in '(.*)'$/.exec(line))) f.enumExcess.add(`${m[2]}\t${m[1]}`);
  }
  return f;
}

/**
 * From `kernel-doc -rst -sphinx-version 3.4.3`: each struct and union it documented (it emits
 * none for a comment naming another one), with the members it has a description of.
 */
export function parseRst(stdout: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current: string[] | undefined;
  let inMembers = false;
  for (const line of stdout.split('\n')) {
    const decl = /^\.\. c:(struct|union|enum|macro|function|type)::\s*(.*)$/.exec(line);
    if (decl) {
      inMembers = false;
      current = undefined;
      if (decl[1] === 'struct' || decl[1] === 'union') {
        current = [];
        out.set(decl[2].trim(), current);
      }
      continue;
    }
    if (!current) continue;
    if (line === '  **Members**') inMembers = true;
    else if (inMembers && /^\S/.test(line)) inMembers = false;
    else if (inMembers) {
      const m = /^ {2}``(.*)``$/.exec(line);
      if (m && !/^\{unnamed_(struct|union)\}$/.test(m[1])) current.push(m[1]);
    }
  }
  return out;
}

/** What uapi-lint says kernel-doc would warn about, for every struct, union and enum of the file it reads a comment for. */
export function ourFindings(file: KernelDocFile): { findings: KernelDocFindings; described: Map<string, string[]>; members: number } {
  const f = emptyFindings();
  const described = new Map<string, string[]>();
  let members = 0;
  for (const { doc } of documentedRecords(file)) {
    if (doc.mismatch) {
      f.mismatch.add(`${doc.name}\t${doc.mismatch.name}`);
      continue;
    }
    members += doc.members.length;
    described.set(doc.name!, doc.described);
    for (const m of doc.undescribed) f.undescribed.add(`${doc.name}\t${m}`);
    for (const m of doc.excess) f.excess.add(`${doc.name}\t${m}`);
  }
  for (const b of kernelDocScan(file).blocks) {
    const id = b.identifier.ok ? b.identifier.id : null;
    if (id && id.name && id.summary === '' && (id.kind === 'struct' || id.kind === 'union' || id.kind === 'enum')) f.noSummary.add(`${id.kind} ${id.name}`);
  }
  for (const { doc } of documentedEnums(file)) {
    if (doc.mismatch) continue;
    members += doc.members.length;
    for (const m of doc.undescribed) f.enumUndescribed.add(`${doc.name}\t${m}`);
    for (const m of doc.excess) f.enumExcess.add(`${doc.name}\t${m}`);
  }
  return { findings: f, described, members };
}

/** Items of one set that the other lacks, both ways, as `only kernel-doc: ...` / `only uapi-lint: ...`. */
export function differences(theirs: KernelDocFindings, ours: KernelDocFindings, keep: (item: string) => boolean = () => true): string[] {
  const out: string[] = [];
  for (const k of KINDS) {
    for (const x of theirs[k]) if (!ours[k].has(x) && keep(x)) out.push(`${k}: only kernel-doc: ${x}`);
    for (const x of ours[k]) if (!theirs[k].has(x) && keep(x)) out.push(`${k}: only uapi-lint: ${x}`);
  }
  return out;
}
