import type { Rule } from './rule';
import type { DocumentModel } from '../core/document';
import { ABIS, type AbiName } from '../core/abi/abis';
import { recordType, variableOf } from '../core/driver/context';
import type { CopyFact } from '../core/driver/handlers';
import type { FunctionSyntax } from '../core/driver/syntax';
import { driverOf, rangeOf, resolvedDispatch } from './driver-facts';

/**
 * A copy between the ioctl's argument and the kernel whose size is not the ioctl's argument
 * type: more than the command's `_IOC_SIZE` reads or writes past what userspace passed, less
 * leaves part of the struct unread (Documentation/process/botching-up-ioctls.rst, "Basics").
 * In a DRM driver the core copies `_IOC_SIZE` bytes and hands the handler `void *data`; a
 * handler that reads it as another struct of another size is the same mistake. Sizes are
 * computed per ABI; a copy whose size cannot be computed exactly is not judged.
 */

type Measured = { kind: 'record'; rec: { kind: 'struct' | 'union'; tag: string }; text: string } | { kind: 'pointer'; text: string } | { kind: 'command'; text: string };

/** What a size expression measures: `sizeof(x)`, `sizeof(*p)`, `sizeof(struct foo)`, `_IOC_SIZE(cmd)`. */
function measured(f: FunctionSyntax, text: string, at: number): Measured | undefined {
  const t = text.trim();
  if (/^_IOC_SIZE\s*\(/.test(t)) return { kind: 'command', text: t };
  const m = /^sizeof\s*(?:\(\s*(.+?)\s*\)|\s+(.+))$/s.exec(t);
  if (!m) return undefined;
  const inner = (m[1] ?? m[2]).trim();
  const rec = recordType(inner);
  if (rec && !/\*/.test(inner)) return { kind: 'record', rec, text: t };
  const v = /^(\*?)\s*([A-Za-z_]\w*)$/.exec(inner);
  if (!v) return undefined;
  const local = variableOf(f, v[2], at);
  if (!local || local.isArray) return undefined;
  const pointers = local.pointers - (v[1] ? 1 : 0);
  if (pointers > 0) return { kind: 'pointer', text: t };
  const r = recordType(local.type);
  return r && pointers === 0 ? { kind: 'record', rec: r, text: t } : undefined;
}

function recordSize(model: DocumentModel, abi: AbiName, rec: { kind: 'struct' | 'union'; tag: string }): number | null {
  const unit = model.unit(abi);
  const decl = unit.index.record(rec.kind, rec.tag);
  if (!decl?.fields) return null;
  const r = unit.layout.record(decl);
  return r.ok ? r.value.size : null;
}

export const ioctlCopySizeMismatch: Rule = {
  id: 'ioctl-copy-size-mismatch',
  defaultSeverity: 'error',
  description: "A copy of the ioctl's argument whose size is not its argument type's, or exceeds _IOC_SIZE of the command.",
  criteria: 'ioctl-handler',
  documents: ['source'],
  usesLayouts: true,
  check(model, report) {
    const driver = driverOf(model);
    if (!driver) return;
    const done = new Set<string>();
    for (const d of resolvedDispatch(driver)) {
      const argRec = d.ioctl.argType ? recordType(d.ioctl.argType) : null;
      const ioctlSize = model.abiValues(d.ioctl);
      const facts = driver.handler(d);
      const check = (span: { start: number; end: number }, describe: (abi: AbiName, size: number, expected: number) => string, sizeOn: (abi: AbiName) => number | null) => {
        const key = `${span.start}\0${d.name}`;
        if (done.has(key)) return;
        for (const abi of ABIS) {
          const expected = ioctlSize[abi.name].size;
          const size = sizeOn(abi.name);
          if (expected === null || size === null || size === expected) continue;
          done.add(key);
          report({ range: rangeOf(model, span), message: describe(abi.name, size, expected), ioctls: [d.name] });
          return;
        }
      };
      // the copies of the argument itself
      for (const c of facts.copies) {
        if (!c.fromArgument || !c.size) continue;
        const f = model.file.driver!.functions.get(c.fn)!;
        const m = measured(f, c.size.text, c.start);
        if (!m) continue;
        const dir = c.call.direction === 'from-user' ? 'from' : 'to';
        if (m.kind === 'command') {
          // _IOC_SIZE(cmd) bytes into a kernel object that may be smaller
          const target = targetRecord(c, f);
          if (target) check(c, (abi, size, expected) => `${d.name}: ${c.call.name}() copies _IOC_SIZE(cmd) = ${expected} bytes ${dir} ${target.kind} ${target.tag}, which is ${size} bytes on ${abi}: it ${dir === 'from' ? 'overruns it' : 'copies out past it'}.`, (abi) => recordSize(model, abi, target));
          continue;
        }
        const sizeOn = (abi: AbiName) => (m.kind === 'pointer' ? ABIS.find((a) => a.name === abi)!.types.pointer[0] : recordSize(model, abi, m.rec));
        const what = m.kind === 'pointer' ? `${m.text}, the size of a pointer` : `${m.text}`;
        check(c, (abi, size, expected) =>
          `${d.name}: ${c.call.name}() copies ${what} = ${size} bytes ${dir} userspace, but the command's argument is ${d.ioctl.argType} of ${expected} bytes (_IOC_SIZE) on ${abi}` +
          `${size > expected ? ': it reads or writes past what userspace passed' : ': part of the argument is never copied'}.`, sizeOn);
      }
      // a DRM or table handler that reads the core's copy as another struct
      const arg = facts.argument;
      if (!facts.copies.length && arg && argRec && (arg.tag !== argRec.tag || arg.kind !== argRec.kind)) {
        check(arg.site, (abi, size, expected) =>
          `${d.name}: ${arg.fn}() reads the argument as ${arg.kind} ${arg.tag} (${size} bytes on ${abi}), but the core copied ${d.ioctl.argType} (_IOC_SIZE ${expected} bytes).`,
          (abi) => recordSize(model, abi, arg));
      }
    }
  },
};

function targetRecord(c: CopyFact, f: FunctionSyntax): { kind: 'struct' | 'union'; tag: string } | null {
  if (!c.target || c.target.member.length) return null;
  const local = variableOf(f, c.target.name, c.start);
  if (!local || local.isArray) return null;
  const rec = recordType(local.type);
  // `&k` of a struct, or a pointer to one
  return rec && local.pointers <= 1 ? rec : null;
}
