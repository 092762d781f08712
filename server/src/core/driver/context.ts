import { CARRIER_CALLS } from '../../knowledge/driver-apis';
import type { IoctlDefinition } from '../ioctl/extract';
import type { MacroDef } from '../preprocess/macros';
import type { Token } from '../preprocess/tokens';
import type { RecordDecl } from '../model/declarations';
import type { DriverSyntax, Expr, FunctionSyntax, LocalSyntax, Span } from './syntax';

/**
 * What the driver model needs from the document's translation unit (the source preprocessed
 * with the uAPI headers it includes), so that it depends on the document model's parts and not
 * on the document model itself.
 */
export interface DriverContext {
  path: string;
  text: string;
  syntax: DriverSyntax;
  /** The ioctl an object-like macro defines, as the source sees it (its own or an included header's). */
  ioctlNamed(name: string): IoctlDefinition | undefined;
  /** The macro of that name, as the source sees it. */
  macro(name: string): MacroDef | undefined;
  /** `text` with the unit's macros expanded, `opaque` names left as calls; undefined when it cannot be. */
  expand(text: string, opaque: (name: string) => boolean): Token[] | undefined;
  /** The struct or union of that tag the unit declares, if it does. */
  record(kind: 'struct' | 'union', tag: string): RecordDecl | undefined;
  /** Whether userspace can include `file`: a uAPI header of a kernel tree or of the system. */
  isUapiHeader(file: string): boolean;
}

/** `-ENOTTY` -> `ENOTTY`; anything else -> undefined. */
export function errnoOf(e: Expr | null | undefined): string | undefined {
  if (!e) return undefined;
  return /^\s*-\s*\(?\s*(E[A-Z0-9]+)\s*\)?\s*$/.exec(e.text)?.[1];
}

/** The local or parameter of that name in a function, the nearest declaration before `at`. */
export function variableOf(f: FunctionSyntax, name: string, at = Infinity): LocalSyntax | undefined {
  let best: LocalSyntax | undefined;
  for (const l of f.body?.locals ?? []) if (l.name === name && l.start <= at && (!best || l.start > best.start)) best = l;
  return best ?? f.params.find((p) => p.name === name);
}

export function within(inner: Span, outer: Span): boolean {
  return inner.start >= outer.start && inner.end <= outer.end;
}

/** `struct foo` from `const struct foo`, `struct foo`; null for anything else. */
export function recordType(type: string): { kind: 'struct' | 'union'; tag: string } | null {
  const m = /^(?:const\s+|volatile\s+)*(struct|union)\s+(\w+)/.exec(type);
  return m ? { kind: m[1] as 'struct' | 'union', tag: m[2] } : null;
}

/**
 * The expression is one of `names` (through casts and parentheses), or a carrier of one
 * (`compat_ptr(arg)`, `_IOC_NR(cmd)`): what holds the command or the argument under another name.
 */
export function derivesFrom(e: Expr | null | undefined, names: ReadonlySet<string>, depth = 0): boolean {
  if (!e || depth > 8) return false;
  if (e.access && !e.access.path.length && !e.access.addressOf && names.has(e.access.name)) return true;
  if (e.call && CARRIER_CALLS.has(e.call.callee)) return derivesFrom(e.call.args[0], names, depth + 1);
  return false;
}
