import type { IoctlDefinition } from '../ioctl/extract';
import { splitTopLevel } from '../preprocess/expression';
import { tokensToText, type Token } from '../preprocess/tokens';
import { DRM_IOCTL_DEF, DRM_IOCTL_FLAGS, DRM_IOCTL_HANDLER, DRM_COMPAT_HANDLER, COMPAT_PTR_IOCTL } from '../../knowledge/driver-apis';
import { derivesFrom, errnoOf, within, type DriverContext } from './context';
import type { FopsModel } from './registration';
import type { CaseSyntax, Expr, FunctionBody, FunctionSyntax, GlobalSyntax, Span, SwitchSyntax } from './syntax';

/**
 * Where a driver's ioctls are dispatched: from the `unlocked_ioctl` (and `compat_ioctl`) of
 * its `file_operations`, through the calls it makes in the same file, to every `switch` on the
 * command and its case labels; and the ioctl tables (DRM's `DRM_IOCTL_DEF_DRV` entries, or a
 * driver's own table of commands and handlers). Each case label is resolved to the ioctl
 * definition it names, with the handler it calls; the `default:` arm (or what follows a switch
 * without one) gives what an unknown command returns.
 */

export interface DispatchedIoctl {
  /** The ioctl's macro name as the uAPI header defines it (`DRM_IOCTL_FOO` for `DRM_IOCTL_DEF_DRV(FOO, ...)`). */
  name: string;
  /** Its definition, when the source can see it (resolved when first read). */
  readonly ioctl: IoctlDefinition | undefined;
  /** Where the file names it: the case label, or the table entry's first argument. */
  span: Span;
  /** The case arm, or the table entry. */
  armSpan: Span;
  via: 'switch' | 'table';
  /** The function whose switch dispatches it, or the table's name. */
  dispatcher: string;
  /** The `file_operations` handler it arrives through (`foo_ioctl`; `drm_ioctl` for a DRM table). */
  entry: string;
  /** The function of this file that handles it, when the arm calls one. */
  handler: string | null;
  /** The code that runs for it in this file: the arm itself, then the functions it calls. */
  regions: Array<{ fn: string; span: Span | null }>;
  /** DRM_IOCTL_DEF_DRV's flags (DRM_RENDER_ALLOW, ...). */
  flags: string[];
  /** The command reached the switch through `compat_ioctl` only. */
  compatOnly: boolean;
  /** The names the dispatcher holds the ioctl's argument in (`arg`, `argp`); none for a table. */
  argNames: string[];
}

/** A place an unknown command's result is set, with the errno. */
export interface UnknownResult {
  /** `ENOTTY`, `EINVAL`, ... or `0` for success. */
  errno: string;
  /** The expression that gives it. */
  span: Span;
  /** Set in the `default:` arm itself (its expression is the one to change); otherwise after the switch. */
  inArm: boolean;
}

export interface SwitchDispatcher {
  /** The fops handler the commands come through. */
  entry: string;
  role: 'unlocked' | 'compat' | 'handler';
  /** The function holding the switch. */
  fn: string;
  switch: SwitchSyntax;
  defaultCase: CaseSyntax | null;
  /** What an unknown command ends in; empty when the file does not show it. */
  unknown: UnknownResult[];
  /** The default passes unknown commands on (another function, `ops->ioctl`): judged there. */
  delegated: string[];
  /** For a switch without `default:`: where one goes and what it would set. */
  insertDefault?: { at: number; indent: string; variable: string | null; breakFirst: boolean };
  /** For a `default:` that sets nothing: where the new statement goes (after the colon) and what it would set. */
  fillDefault?: { at: number; indent: string; variable: string | null };
}

export interface IoctlTable {
  name: string;
  span: Span;
  drm: boolean;
  entries: DispatchedIoctl[];
}

export interface Dispatch {
  dispatchers: SwitchDispatcher[];
  tables: IoctlTable[];
  dispatched: DispatchedIoctl[];
  /** Case labels that name no ioctl the source can see (a number, an undefined macro). */
  unresolvedLabels: Array<{ text: string; span: Span; fn: string }>;
}

const MAX_DEPTH = 4;
const GENERIC = new Set([DRM_IOCTL_HANDLER, DRM_COMPAT_HANDLER, COMPAT_PTR_IOCTL]);

function mentions(e: Expr, names: Set<string>): boolean {
  if (e.access && names.has(e.access.name)) return true;
  return [...names].some((n) => new RegExp(`\\b${n}\\b`).test(e.text));
}

/** The arm of case `i`: labels without statements share the next one's. */
function armOf(cases: CaseSyntax[], i: number, text: string): Span {
  for (let j = i; j < cases.length; j++) {
    const c = cases[j];
    const labelEnd = c.label ? c.label.end : c.start + 'default'.length;
    if (text.slice(labelEnd, c.end).replace(/[\s:]/g, '').length > 0) return { start: cases[i].start, end: c.end };
  }
  return { start: cases[i].start, end: cases[i].end };
}

/**
 * The ioctl definition a dispatched name stands for, resolved when first asked: the rules the
 * editor publishes first (unknown commands, file descriptors) need the dispatch, not the
 * definitions, whose sizes take layouts.
 */
function withDefinition(ctx: DriverContext, d: Omit<DispatchedIoctl, 'ioctl'>): DispatchedIoctl {
  let known = false;
  let ioctl: IoctlDefinition | undefined;
  return Object.defineProperty(d, 'ioctl', {
    enumerable: true,
    get: () => {
      if (!known) {
        ioctl = ctx.ioctlNamed(d.name);
        known = true;
      }
      return ioctl;
    },
  }) as DispatchedIoctl;
}

/** The last statement of an arm leaves the switch (`break;`, `return x;`, `goto out;`), so code after it is not reached by falling through. */
function endsInJump(arm: string): boolean {
  let t = arm.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '').trimEnd();
  // the last statement of a block ends the block's arm as well
  for (let k = 0; k < 4 && t.endsWith('}'); k++) t = t.slice(0, -1).trimEnd();
  return /(^|[;{}:\s])(break|continue|return\b[^;]*|goto\s+\w+|fallthrough|BUG\(\))\s*;$/.test(t) || t.endsWith(':');
}

/** The ioctl macro a case label names: `FOO`, `_IOC_NR(FOO)`, `(FOO)`. */
function labelName(label: Expr): string | null {
  let e: Expr | undefined = label;
  for (let k = 0; e && k < 4; k++) {
    if (e.call && /^_IOC_(NR|TYPE)$/.test(e.call.callee)) e = e.call.args[0];
    else if (e.access && e.access.path.length === 0 && !e.access.addressOf && /^[A-Za-z_]\w*$/.test(e.text.replace(/[()\s]/g, ''))) return e.access.name;
    else return null;
  }
  return null;
}

class DispatchReader {
  readonly dispatchers: SwitchDispatcher[] = [];
  readonly dispatched: DispatchedIoctl[] = [];
  readonly unresolvedLabels: Dispatch['unresolvedLabels'] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly ctx: DriverContext) {}

  private get functions(): Map<string, FunctionSyntax> {
    return this.ctx.syntax.functions;
  }

  /** Functions of this file called in `span` of `fn` (all of it when span is null), a few calls deep. */
  regionsFrom(fn: string, span: Span | null, exclude: Set<string>): Array<{ fn: string; span: Span | null }> {
    const out: Array<{ fn: string; span: Span | null }> = [{ fn, span }];
    const seen = new Set<string>([fn, ...exclude]);
    let frontier: Array<{ fn: string; span: Span | null }> = [{ fn, span }];
    for (let d = 0; d < MAX_DEPTH && frontier.length; d++) {
      const next: typeof frontier = [];
      for (const r of frontier) {
        for (const c of this.functions.get(r.fn)?.body?.calls ?? []) {
          if (c.indirect || (r.span && !within(c, r.span)) || seen.has(c.callee) || !this.functions.get(c.callee)?.body) continue;
          seen.add(c.callee);
          out.push({ fn: c.callee, span: null });
          next.push({ fn: c.callee, span: null });
        }
      }
      frontier = next;
    }
    return out;
  }

  /** Names in `f` that hold the command or the argument under another name (`nr = _IOC_NR(cmd)`, `argp = (void __user *)arg`). */
  private aliases(f: FunctionSyntax, names: Set<string>): Set<string> {
    const out = new Set(names);
    for (let round = 0; round < 3; round++) {
      for (const l of f.body?.locals ?? []) if (derivesFrom(l.init, out)) out.add(l.name);
      for (const a of f.body?.assignments ?? []) if (a.operator === '=' && a.left.access && !a.left.access.path.length && derivesFrom(a.right, out)) out.add(a.left.access.name);
    }
    return out;
  }

  visit(entry: string, role: SwitchDispatcher['role'], fnName: string, cmd: Set<string>, arg: Set<string>, depth: number): void {
    const key = `${entry}\0${fnName}`;
    if (this.seen.has(key) || depth > MAX_DEPTH) return;
    this.seen.add(key);
    const f = this.functions.get(fnName);
    if (!f?.body) return;
    const cmds = this.aliases(f, cmd);
    const args = this.aliases(f, arg);
    for (const sw of f.body.switches) {
      if (!mentions(sw.condition, cmds)) continue;
      this.readSwitch(entry, role, f, sw, args);
    }
    // the command handed on to another function of this file
    for (const c of f.body.calls) {
      const target = this.functions.get(c.callee);
      if (c.indirect || !target?.body) continue;
      const passes = c.args.map((a, k) => ({ a, k })).filter(({ a }) => derivesFrom(a, cmds));
      if (!passes.length) continue;
      const tc = new Set(passes.map(({ k }) => target.params[k]?.name).filter((n): n is string => !!n));
      const ta = new Set(c.args.map((a, k) => (derivesFrom(a, args) ? target.params[k]?.name : undefined)).filter((n): n is string => !!n));
      this.visit(entry, role, c.callee, tc, ta, depth + 1);
    }
  }

  private readSwitch(entry: string, role: SwitchDispatcher['role'], f: FunctionSyntax, sw: SwitchSyntax, args: Set<string>): void {
    const text = this.ctx.text;
    let labelled = 0;
    sw.cases.forEach((c, i) => {
      if (!c.label) return;
      const arm = armOf(sw.cases, i, text);
      const name = labelName(c.label);
      if (!name) {
        this.unresolvedLabels.push({ text: c.label.text, span: { start: c.label.start, end: c.label.end }, fn: f.name });
        return;
      }
      labelled++;
      const calls = (f.body?.calls ?? []).filter((x) => within(x, arm) && !x.indirect && this.functions.get(x.callee)?.body);
      const handler = (calls.find((x) => x.args.some((a) => derivesFrom(a, args))) ?? calls[0])?.callee ?? null;
      const known = this.dispatched.find((d) => d.name === name && d.dispatcher === f.name && d.span.start === c.label!.start);
      if (known) {
        if (role !== 'compat') known.compatOnly = false;
        return;
      }
      this.dispatched.push(withDefinition(this.ctx, {
        name,
        span: { start: c.label.start, end: c.label.end },
        armSpan: arm,
        via: 'switch',
        dispatcher: f.name,
        entry,
        handler,
        regions: this.regionsFrom(f.name, arm, new Set()),
        flags: [],
        compatOnly: role === 'compat',
        argNames: [...args],
      }));
    });
    // a switch on the command with no ioctl among its labels is not a dispatch (a sub-switch on a mode)
    if (labelled === 0 && !sw.cases.some((c) => !c.label)) return;
    if (this.dispatchers.some((d) => d.switch.start === sw.start)) return;
    this.dispatchers.push(this.unknownCommand(entry, role, f, sw));
  }

  /** What a command that leaves the switch ends in: the return after it, or the value its variable has then. Returns that variable. */
  private afterSwitch(body: FunctionBody, sw: SwitchSyntax, judge: (e: Expr | null, span: Span) => void): string | null {
    const after = body.returns.filter((r) => r.start >= sw.end).sort((a, b) => a.start - b.start)[0];
    let variable: string | null = null;
    if (after?.value?.access && after.value.access.path.length === 0 && !errnoOf(after.value)) {
      variable = after.value.access.name;
      // its value when the switch is left: the last assignment before the switch, or its initializer
      const before = body.assignments.filter((a) => a.end <= sw.start && a.operator === '=' && a.left.access?.name === variable && !a.left.access.path.length).sort((a, b) => b.start - a.start)[0];
      const local = body.locals.find((l) => l.name === variable);
      const value = before?.right ?? local?.init ?? null;
      if (value) judge(value, value);
    } else if (after) {
      judge(after.value, after.value ?? after);
    }
    return variable;
  }

  /** What an unknown command ends in, through `default:` or past a switch without one. */
  private unknownCommand(entry: string, role: SwitchDispatcher['role'], f: FunctionSyntax, sw: SwitchSyntax): SwitchDispatcher {
    const body = f.body!;
    const i = sw.cases.findIndex((c) => !c.label);
    const defaultCase = i >= 0 ? sw.cases[i] : null;
    const unknown: UnknownResult[] = [];
    const delegated: string[] = [];
    // the variables the function returns
    const returned = new Set(body.returns.filter((r) => r.value?.access && r.value.access.path.length === 0).map((r) => r.value!.access!.name));
    let inArm = true;
    const judge = (e: Expr | null, span: Span) => {
      if (!e) return;
      const errno = errnoOf(e) ?? (e.text.trim() === '0' ? '0' : undefined);
      if (errno) unknown.push({ errno, span, inArm });
      else if (e.call) delegated.push(e.call.callee);
    };
    if (defaultCase) {
      const arm = armOf(sw.cases, i, this.ctx.text);
      for (const r of body.returns) if (within(r, arm)) judge(r.value, r.value ?? r);
      for (const a of body.assignments) {
        if (!within(a, arm) || a.operator !== '=' || !a.left.access || a.left.access.path.length || !returned.has(a.left.access.name)) continue;
        judge(a.right, a.right);
      }
      for (const c of body.calls) if (within(c, arm) && c.indirect) delegated.push(c.callee);
      // `default: break;` sets nothing: the command ends in what follows the switch
      if (unknown.length || delegated.length || /\b(return|goto)\b/.test(this.ctx.text.slice(arm.start, arm.end))) {
        return { entry, role, fn: f.name, switch: sw, defaultCase, unknown, delegated };
      }
      inArm = false;
      const variable = this.afterSwitch(body, sw, judge);
      const text = this.ctx.text;
      const colon = text.indexOf(':', defaultCase.start);
      const indent = /[ \t]*$/.exec(text.slice(0, defaultCase.start))![0];
      return { entry, role, fn: f.name, switch: sw, defaultCase, unknown, delegated, fillDefault: { at: colon + 1, indent, variable } };
    }
    // no default: the command falls out of the switch
    inArm = false;
    const variable = this.afterSwitch(body, sw, judge);
    const firstCase = sw.cases[0];
    const indent = firstCase ? /[ \t]*$/.exec(this.ctx.text.slice(0, firstCase.start))![0] : '\t';
    return {
      entry, role, fn: f.name, switch: sw, defaultCase: null, unknown, delegated,
      insertDefault: { at: sw.end - 1, indent, variable, breakFirst: !endsInJump(this.ctx.text.slice(sw.cases.at(-1)?.start ?? sw.start, sw.end - 1)) },
    };
  }
}

/** An ioctl table: a file-scope array whose entries name ioctls and this file's handlers. */
function readTable(ctx: DriverContext, g: GlobalSyntax, drmTables: Set<string>): IoctlTable | undefined {
  if (!g.isArray || !g.init?.list?.length) return undefined;
  const entries: DispatchedIoctl[] = [];
  const drm = drmTables.has(g.name) || g.type === 'struct drm_ioctl_desc';
  for (const e of g.init.list) {
    const call = e.value.call;
    if (!call) continue;
    let name: string | null = null;
    let handler: string | null = null;
    let flags: string[] = [];
    const fromDrmDef = (args: string[]) => {
      name = `DRM_IOCTL_${args[0].trim()}`;
      handler = /^\w+$/.test(args[1]?.trim() ?? '') ? args[1].trim() : null;
      flags = DRM_IOCTL_FLAGS.filter((f) => new RegExp(`\\b${f}\\b`).test(args[2] ?? ''));
    };
    if (call.callee === DRM_IOCTL_DEF) {
      fromDrmDef(call.args.map((a) => a.text));
    } else {
      // a wrapper (`PANFROST_IOCTL(SUBMIT, submit, DRM_RENDER_ALLOW)`): expanded as the file defines it
      const tokens = ctx.expand(e.value.text, (n) => n === DRM_IOCTL_DEF);
      const at = tokens?.findIndex((t, k) => t.text === DRM_IOCTL_DEF && tokens[k + 1]?.text === '(') ?? -1;
      if (tokens && at >= 0) {
        let depth = 0;
        let end = at + 1;
        for (; end < tokens.length; end++) {
          if (tokens[end].text === '(') depth++;
          else if (tokens[end].text === ')' && --depth === 0) break;
        }
        fromDrmDef(splitTopLevel(tokens.slice(at + 2, end)).map((p: Token[]) => tokensToText(p)));
      } else {
        // a driver's own table (`HL_IOCTL_DEF(DRM_IOCTL_HL_INFO, hl_info_ioctl)`): an ioctl and a handler among the arguments
        for (const a of call.args) {
          const id = a.access && !a.access.path.length ? a.access.name : null;
          if (!id) continue;
          if (!name && ctx.ioctlNamed(id)) name = id;
          else if (!handler && ctx.syntax.functions.has(id)) handler = id;
        }
      }
    }
    if (!name) continue;
    const first = call.args[0] ?? e.value;
    entries.push(withDefinition(ctx, {
      name,
      span: { start: first.start, end: first.end },
      armSpan: { start: e.start, end: e.end },
      via: 'table',
      dispatcher: g.name,
      entry: drm ? DRM_IOCTL_HANDLER : g.name,
      handler,
      regions: handler && ctx.syntax.functions.get(handler)?.body ? [{ fn: handler, span: null }] : [],
      flags,
      compatOnly: false,
      argNames: [],
    }));
  }
  if (!entries.length) return undefined;
  return { name: g.name, span: g.nameSpan, drm, entries };
}

export function readDispatch(ctx: DriverContext, fops: FopsModel[], drmTables: Set<string>): Dispatch {
  const reader = new DispatchReader(ctx);
  const roots: Array<{ fn: string; role: SwitchDispatcher['role'] }> = [];
  for (const f of fops) {
    if (f.unlockedIoctl && !GENERIC.has(f.unlockedIoctl)) roots.push({ fn: f.unlockedIoctl, role: 'unlocked' });
  }
  for (const f of fops) {
    if (f.compatIoctl && !GENERIC.has(f.compatIoctl) && f.compatIoctl !== f.unlockedIoctl) roots.push({ fn: f.compatIoctl, role: 'compat' });
  }
  // an ioctl handler whose fops are in another file of the driver
  for (const f of ctx.syntax.functions.values()) {
    const [file, cmd, arg] = f.params;
    if (f.params.length === 3 && file.type === 'struct file' && file.pointers === 1 && /int/.test(cmd.type) && /long/.test(arg.type) && !roots.some((r) => r.fn === f.name)) {
      roots.push({ fn: f.name, role: 'handler' });
    }
  }
  for (const r of roots) {
    const f = ctx.syntax.functions.get(r.fn);
    if (!f || f.params.length < 3) continue;
    reader.visit(r.fn, r.role, r.fn, new Set([f.params[1].name]), new Set([f.params[2].name]), 0);
  }
  const tables: IoctlTable[] = [];
  for (const g of ctx.syntax.globals) {
    const t = readTable(ctx, g, drmTables);
    if (t) tables.push(t);
  }
  const dispatched = [...reader.dispatched, ...tables.flatMap((t) => t.entries)].sort((a, b) => a.span.start - b.span.start);
  return { dispatchers: reader.dispatchers, tables, dispatched, unresolvedLabels: reader.unresolvedLabels };
}

