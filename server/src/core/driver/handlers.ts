import { COPY_CALLS, ZERO_CHECKS, type CopyCall } from '../../knowledge/driver-apis';
import { derivesFrom, recordType, variableOf, within, type DriverContext } from './context';
import type { DispatchedIoctl } from './dispatch';
import type { Expr, FunctionSyntax, Span } from './syntax';

/**
 * What the code that handles one ioctl does with its argument (Documentation/driver-api/
 * ioctl.rst, Documentation/process/botching-up-ioctls.rst): the copies from and to userspace
 * with their sizes, the struct the argument is copied into (or, in a DRM or table-dispatched
 * driver, the struct the core copied and handed over as `void *data`), and which of its
 * members the handler reads, tests, or writes, following the struct and its members into the
 * functions of the same file it is passed to.
 */

export interface CopyFact extends Span {
  call: CopyCall;
  fn: string;
  /** The kernel variable copied into or out of, with its declared type. */
  target: { name: string; type: string; pointers: number; member: string[] } | null;
  size: Expr | null;
  /** The user pointer is the ioctl's argument itself (not a pointer found inside it). */
  fromArgument: boolean;
}

export interface MemberFacts {
  read: boolean;
  written: boolean;
  /** Tested itself (a condition, a comparison, `!`), or checked for zero (`memchr_inv`). */
  tested: boolean;
  /** Masked with a complement (`flags & ~KNOWN`). */
  unknownBits: boolean;
  /** Masked with known bits only (`flags & KNOWN`): unknown bits silently dropped. */
  masked: boolean;
  /** Handed to a function of another file, which may check it. */
  passedOn: boolean;
  at: Span;
}

export interface ArgumentStruct {
  /** The function that holds it and the variable's name there. */
  fn: string;
  name: string;
  kind: 'struct' | 'union';
  tag: string;
  /** Where the argument arrives: the copy from userspace, or the `data` local of a DRM handler. */
  site: Span;
  copy: CopyFact | null;
  /** Per member path (`flags`, `in.pad`), how the handler uses it. */
  members: Map<string, MemberFacts>;
  /** A function of another file that receives the whole struct: what it checks is not known. */
  escapes: string | null;
}

export interface HandlerFacts {
  copies: CopyFact[];
  argument: ArgumentStruct | null;
}

const MAX_PASS_DEPTH = 3;
// what a handler can hand its struct to without that function checking it for the handler
const SINKS = new Set([
  'copy_to_user', '__copy_to_user', 'copy_from_user', '__copy_from_user', 'copy_struct_from_user', 'memset', 'kfree', 'kvfree',
  'kfree_sensitive', 'dev_dbg', 'dev_err', 'dev_warn', 'dev_info', 'pr_debug', 'pr_err', 'pr_warn', 'pr_info', 'sizeof', 'ARRAY_SIZE',
]);
const COPIES = new Map(COPY_CALLS.map((c) => [c.name, c]));

export class HandlerReader {
  private readonly cache = new Map<DispatchedIoctl, HandlerFacts>();

  constructor(private readonly ctx: DriverContext) {}

  private fn(name: string): FunctionSyntax | undefined {
    return this.ctx.syntax.functions.get(name);
  }

  facts(d: DispatchedIoctl): HandlerFacts {
    let f = this.cache.get(d);
    if (!f) this.cache.set(d, (f = d.via === 'switch' ? this.switchFacts(d) : this.tableFacts(d)));
    return f;
  }

  /** Names that hold the ioctl's argument in each function of the regions, starting from the dispatcher's. */
  private argumentNames(d: DispatchedIoctl): Map<string, Set<string>> {
    const out = new Map<string, Set<string>>();
    const first = this.fn(d.dispatcher);
    if (!first) return out;
    const seed = new Set(d.argNames);
    const grow = (f: FunctionSyntax, names: Set<string>) => {
      for (let round = 0; round < 3; round++) {
        for (const l of f.body?.locals ?? []) if (derivesFrom(l.init, names)) names.add(l.name);
        for (const a of f.body?.assignments ?? []) if (a.operator === '=' && a.left.access && !a.left.access.path.length && derivesFrom(a.right, names)) names.add(a.left.access.name);
      }
    };
    grow(first, seed);
    out.set(first.name, seed);
    for (const r of d.regions) {
      const f = this.fn(r.fn);
      const names = out.get(r.fn);
      if (!f?.body || !names) continue;
      for (const c of f.body.calls) {
        if (c.indirect || (r.span && !within(c, r.span))) continue;
        const g = this.fn(c.callee);
        if (!g?.body) continue;
        const into = out.get(g.name) ?? new Set<string>();
        c.args.forEach((a, k) => {
          if (g.params[k]?.name && derivesFrom(a, names)) into.add(g.params[k].name);
        });
        if (into.size) {
          grow(g, into);
          out.set(g.name, into);
        }
      }
    }
    return out;
  }

  private copiesIn(d: DispatchedIoctl, argNames: Map<string, Set<string>>): CopyFact[] {
    const out: CopyFact[] = [];
    for (const r of d.regions) {
      const f = this.fn(r.fn);
      for (const c of f?.body?.calls ?? []) {
        const call = COPIES.get(c.callee);
        if (!call || (r.span && !within(c, r.span))) continue;
        const kernel = c.args[call.kernelArg];
        const user = c.args[call.userArg];
        const acc = kernel?.access;
        const v = acc ? variableOf(f!, acc.name, c.start) : undefined;
        out.push({
          start: c.start,
          end: c.end,
          call,
          fn: f!.name,
          target: acc && v ? { name: acc.name, type: v.type, pointers: v.pointers, member: acc.path } : null,
          size: call.sizeArg !== null ? (c.args[call.sizeArg] ?? null) : null,
          fromArgument: derivesFrom(user, argNames.get(f!.name) ?? new Set()),
        });
      }
    }
    return out;
  }

  private switchFacts(d: DispatchedIoctl): HandlerFacts {
    const names = this.argumentNames(d);
    const copies = this.copiesIn(d, names);
    const copy = copies.find((c) => c.call.direction === 'from-user' && c.fromArgument && c.target && !c.target.member.length && recordType(c.target.type));
    if (!copy) return { copies, argument: null };
    const rec = recordType(copy.target!.type)!;
    const argument: ArgumentStruct = {
      fn: copy.fn, name: copy.target!.name, kind: rec.kind, tag: rec.tag, site: copy, copy, members: new Map(), escapes: null,
    };
    this.collectUses(argument, copy.fn, copy.target!.name, [], 0, new Set());
    return { copies, argument };
  }

  /** DRM and table-dispatched handlers: the core copied the struct and hands it over as `void *data`. */
  private tableFacts(d: DispatchedIoctl): HandlerFacts {
    const h = d.handler ? this.fn(d.handler) : undefined;
    if (!h?.body) return { copies: [], argument: null };
    const data = h.params.find((p) => p.type === 'void' && p.pointers === 1);
    if (!data) return { copies: [], argument: null };
    // `struct drm_foo *args = data;`, or an assignment of `data` to such a pointer
    const local =
      h.body.locals.find((l) => l.pointers === 1 && recordType(l.type) && l.init?.access?.name === data.name && !l.init.access.path.length) ??
      h.body.assignments
        .filter((a) => a.right.access?.name === data.name && !a.right.access.path.length && a.left.access && !a.left.access.path.length)
        .map((a) => variableOf(h, a.left.access!.name, a.start))
        .find((l) => l && l.pointers === 1 && recordType(l.type));
    if (!local) return { copies: [], argument: null };
    const rec = recordType(local.type)!;
    const argument: ArgumentStruct = {
      fn: h.name, name: local.name, kind: rec.kind, tag: rec.tag, site: local.nameSpan, copy: null, members: new Map(), escapes: null,
    };
    // `data` itself is the struct too: it may be handed on as it is
    this.collectUses(argument, h.name, data.name, [], 0, new Set());
    return { copies: [], argument };
  }

  /** Member uses of `name` (standing for the argument's `prefix`) in `fnName`, and through the calls it is passed to. */
  private collectUses(arg: ArgumentStruct, fnName: string, name: string, prefix: string[], depth: number, seen: Set<string>): void {
    const key = `${fnName}\0${name}\0${prefix.join('.')}`;
    if (seen.has(key) || depth > MAX_PASS_DEPTH) return;
    seen.add(key);
    const f = this.fn(fnName);
    if (!f?.body) return;
    // the names it goes by here: `struct foo *args = data;` makes args the same struct
    const names = new Set([name]);
    if (!prefix.length) {
      for (const l of f.body.locals) if (l.pointers > 0 && derivesFrom(l.init, names)) names.add(l.name);
      for (const a of f.body.assignments) if (a.operator === '=' && a.left.access && !a.left.access.path.length && derivesFrom(a.right, names)) names.add(a.left.access.name);
    }
    const note = (path: string[], at: Span, how: Partial<MemberFacts>) => {
      if (!path.length) return;
      const k = path.join('.');
      const m = arg.members.get(k) ?? { read: false, written: false, tested: false, unknownBits: false, masked: false, passedOn: false, at };
      m.read ||= !!how.read;
      m.written ||= !!how.written;
      m.tested ||= !!how.tested;
      m.unknownBits ||= !!how.unknownBits;
      m.masked ||= !!how.masked;
      m.passedOn ||= !!how.passedOn;
      arg.members.set(k, m);
    };
    for (const u of f.body.members) {
      if (!names.has(u.access.name)) continue;
      const path = [...prefix, ...u.access.path];
      note(path, u, { read: !u.write, written: u.write, tested: u.tested, unknownBits: u.unknownBits, masked: u.masked });
    }
    if (prefix.length) {
      // the parameter stands for a member: a helper testing it tests the member
      for (const t of f.body.testedNames) if (t.name === name) note(prefix, { start: t.start, end: t.start + name.length }, { tested: !t.unknownBits, unknownBits: t.unknownBits, read: true });
    }
    for (const c of f.body.calls) {
      c.args.forEach((a, k) => {
        if (!a.access || !names.has(a.access.name)) return;
        const path = [...prefix, ...a.access.path];
        if (c.callee in ZERO_CHECKS && ZERO_CHECKS[c.callee] === k) {
          note(path, a, { tested: true, read: true });
          return;
        }
        const g = this.fn(c.callee);
        if (!c.indirect && g?.body && g.params[k]?.name) {
          this.collectUses(arg, g.name, g.params[k].name, path, depth + 1, seen);
        } else if (!SINKS.has(c.callee) && !COPIES.has(c.callee)) {
          if (path.length) note(path, a, { passedOn: true, read: true });
          else arg.escapes ??= c.callee;
        }
      });
    }
  }
}
