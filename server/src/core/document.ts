import * as path from 'node:path';
import { ParseTooSlow } from './parse/parser';
import { parseSourceFile, type SourceFile } from './include/source-file';
import { HeaderCache, unreadableReason } from './include/header-cache';
import { missingIncludes, preprocess, type IncludeResolver, type PreprocessProblem, type TranslationUnit } from './preprocess/preprocessor';
import { findKernelTree } from './include/roots';
import { buildDriverModel, type DriverModel } from './driver/model';
import type { DriverContext } from './driver/context';
import { predefinedMacros } from './preprocess/target';
import { tokenize, type Token } from './preprocess/tokens';
import { Expander, ExpansionError, expansionBudget, tryExpand, type ExpansionBudget } from './preprocess/expand';
import { lastObjectLikeDefines, type MacroDef, type MacroTable } from './preprocess/macros';
import { EnumValues } from './model/enum-values';
import { DeclarationIndex } from './model/declaration-index';
import { fixedWidthIntType, isFixedWidthTypedef } from './model/kernel-types';
import { ExtractionMemo, extractIoctls, type AbiValue, type IoctlDefinition, type IoctlEvalContext } from './ioctl/extract';
import { LayoutEngine } from './layout/layout';
import { ABIS, HOST_ABI, type Abi, type AbiName } from './abi/abis';
import { AbiResolver, standIns } from './abi/abi-resolver';
import { FALLBACK_MACROS } from '../knowledge/fallback-macros';
import { classify, evidenceKeyOf, type Classification } from './ioctl/classify';
import { decideFile, REGISTER_NAMES, sharedUapiOf, type SubsystemAnswer, type SubsystemInput, type WholeAnswer } from './ioctl/subsystem';
import { DRM_MAGIC } from './ioctl/forms';
import { kernelDocAbove, plainCommentAbove, trailingComment } from './parse/kernel-doc';
import type { RecordDecl } from './model/declarations';
import { namedValuesOf } from './ioctl/named-values';

/**
 * The model of one document (a uAPI header, or a driver's C source): its preprocessing on every
 * ABI, the ioctls it defines and those it can see, their layouts and purposes. What rules read;
 * it knows nothing of rules, LSP or the command line (the pipeline in analysis/ runs the rules).
 */

/** The header as compiled for one ABI: its preprocessing, declarations and layouts. */
export interface AbiUnit {
  abi: Abi;
  tu: TranslationUnit;
  index: DeclarationIndex;
  enums: EnumValues;
  layout: LayoutEngine;
}

/** A uAPI header (`.h`), or a driver's C source (`.c`), whose driver model the rules read too. */
export type DocumentKind = 'header' | 'source';

/** `.c` files are driver sources; everything else is read as a header. */
export function documentKind(filePath: string): DocumentKind {
  return /\.c$/i.test(filePath) ? 'source' : 'header';
}

export interface DocumentModel {
  path: string;
  kind: DocumentKind;
  file: SourceFile;
  /** The host ABI's translation unit (x86_64), which decides what the header defines. */
  tu: TranslationUnit;
  host: AbiUnit;
  /** What the preprocessor could not do in this file (missing includes, bad conditionals). */
  problems: PreprocessProblem[];
  ioctls: IoctlDefinition[];
  /** The header compiled for another ABI (computed when first asked for). */
  unit(abi: AbiName): AbiUnit;
  /** Size and command number of an ioctl on every ABI. */
  abiValues(ioctl: IoctlDefinition): Record<AbiName, AbiValue>;
  /** The ioctl a macro visible in this header defines (this file's or an included one's). */
  ioctlNamed(name: string): IoctlDefinition | undefined;
  /** What the ioctl is for, with the evidence (computed when first asked for). */
  purposeOf(ioctl: IoctlDefinition): Classification;
  /** Which subsystem's interface covers the ioctl, with the evidence (computed when first asked for). */
  subsystemOf(ioctl: IoctlDefinition): SubsystemAnswer;
  /**
   * The subsystem the header's or driver's private interface belongs in as a whole, every
   * ioctl's answer and the groups they form: the header's own ioctls, or the ioctls a driver
   * source defines and dispatches.
   */
  subsystems(): WholeAnswer;
  /** Why the file's content was not analysed (binary, too large); undefined normally. */
  skipped?: string;
  /** A driver source's driver model (computed when first asked for); undefined for a header. */
  readonly driver?: DriverModel;
}

/** Per cache, the extraction memos of the documents being edited (the most recent few). */
const memos = new WeakMap<HeaderCache, Map<string, ExtractionMemo>>();
const MEMOS_MAX = 32;

function extractionMemo(cache: HeaderCache, filePath: string): ExtractionMemo {
  let byPath = memos.get(cache);
  if (!byPath) memos.set(cache, (byPath = new Map()));
  let memo = byPath.get(filePath);
  if (memo) byPath.delete(filePath);
  else memo = new ExtractionMemo();
  byPath.set(filePath, memo);
  if (byPath.size > MEMOS_MAX) byPath.delete(byPath.keys().next().value!);
  return memo;
}

/**
 * Per cache, the decodings of every definition extracted: another ABI's extraction of the same
 * definition, and another header's of an ioctl they both include, reuse them (bounded: a whole
 * tree's headers pass through one cache).
 */
const sharedMemos = new WeakMap<HeaderCache, ExtractionMemo>();
const SHARED_MEMO_MAX = 16384;

function sharedMemo(cache: HeaderCache): ExtractionMemo {
  let memo = sharedMemos.get(cache);
  if (!memo) sharedMemos.set(cache, (memo = new ExtractionMemo(SHARED_MEMO_MAX, false)));
  return memo;
}

/** For a document being edited: its syntax tree is kept, and the next version reuses it. */
export interface EditingOptions {
  /** The model's file of the document's previous version, if any. */
  previous?: SourceFile;
}

/** Add the fallback uAPI macros that nothing in the translation unit defined. */
function addFallbacks(macros: MacroTable): void {
  for (const f of FALLBACK_MACROS) {
    if (macros.has(f.name)) continue;
    macros.define({ name: f.name, params: f.params, body: tokenize(f.body), bodyText: f.body, fallback: true });
  }
}

// asm-generic headers that every architecture's own version reduces to in userspace
const SAME_ON_ALL_ARCHES = new Set(['types.h', 'int-ll64.h', 'bitsperlong.h']);

/**
 * A driver source reads only what userspace can read: the uAPI headers it includes (and the
 * driver's own headers), never the kernel-internal ones of a kernel tree (`include/linux/slab.h`,
 * `include/drm/drm_drv.h`, `arch/x86/include/asm/...`), which would pull in thousands of files
 * and define nothing its ioctls are made of. Such an include is left unread, and is no finding.
 */
class UapiViewResolver implements IncludeResolver {
  constructor(private readonly inner: IncludeResolver) {}

  resolve(spec: string, quoted: boolean, fromFile: string, next: boolean): string | undefined {
    const found = this.inner.resolve(spec, quoted, fromFile, next);
    return found && isKernelInternal(found) ? undefined : found;
  }

  searched(fromFile: string, quoted: boolean): string[] {
    return this.inner.searched(fromFile, quoted);
  }

  load(file: string): SourceFile | { error: string } {
    return this.inner.load(file);
  }
}

const treeOfDir = new Map<string, string | undefined>();

/** A kernel tree's internal headers: `include/` and `arch/<arch>/include/` outside their `uapi/` folders. */
export function isKernelInternal(file: string): boolean {
  const dir = path.dirname(file);
  // asked for every include of every ABI's preprocessing: the folders up to / are looked at once
  let tree = treeOfDir.get(dir);
  if (!treeOfDir.has(dir)) {
    tree = findKernelTree(dir);
    if (treeOfDir.size > 4096) treeOfDir.clear();
    treeOfDir.set(dir, tree);
  }
  if (!tree) return false;
  const rel = path.relative(tree, file).split(path.sep).join('/');
  if (/^(include|arch\/[^/]+\/include)\/(generated\/)?uapi\//.test(rel)) return false;
  return /^(include|arch\/[^/]+\/include)\//.test(rel);
}

/** Whether userspace can include the file: a kernel tree's uAPI headers, a `uapi/` folder, or the system's. */
export function isUapiHeader(file: string, systemInclude: string): boolean {
  if (/\/uapi\//.test(file.split(path.sep).join('/'))) return true;
  return !!systemInclude && file.startsWith(systemInclude + path.sep) && !isKernelInternal(file);
}

type Unit = AbiUnit & { isTypeName: (n: string) => boolean; distrust: (f?: string) => string | undefined };

function buildUnit(file: SourceFile, abi: Abi, cache: HeaderCache, budget: ExpansionBudget, kind: DocumentKind): Unit {
  const abiResolver = new AbiResolver(cache, abi);
  const resolver = kind === 'source' ? new UapiViewResolver(abiResolver) : abiResolver;
  const tu = preprocess(file, { model: abi.model, predefined: predefinedMacros(abi), resolver, replays: cache.replaysFor(abi.name), budget });
  addFallbacks(tu.macros);
  const env = { model: abi.model, typedefType: fixedWidthIntType };
  const enums = new EnumValues(tu, env);
  const expand = (tokens: Token[]) => tryExpand(tu.macros, tokens);
  let substituted: Map<string, string> | undefined;
  const distrust = (f?: string): string | undefined => {
    const stands = f ? (substituted ??= standIns(tu)).get(f) : undefined;
    if (!stands || SAME_ON_ALL_ARCHES.has(path.basename(f!))) return undefined;
    return `it depends on ${stands}, whose ${abi.title} version is not installed (only asm-generic/${stands.slice(4)}, which ${abi.title} may override)`;
  };
  // the declarations and layouts are built when first used: diagnostics mostly do not need them
  let index: DeclarationIndex | undefined;
  let layout: LayoutEngine | undefined;
  const unit: Unit = {
    abi,
    tu,
    enums,
    get index() {
      return (index ??= new DeclarationIndex(tu, expand));
    },
    get layout() {
      return (layout ??= new LayoutEngine(
        abi,
        unit.index,
        (tokens, sizeOf) => enums.evaluateTokens(tokens, sizeOf, unit.isTypeName),
        (d) => distrust(d.file),
        expand,
        (name) => tu.macros.get(name)?.params === undefined && tu.macros.has(name),
      ));
    },
    // enum constants and fixed-width types are answered without building the index
    isTypeName: (n: string) => !enums.has(n) && (isFixedWidthTypedef(n) || unit.index.typedefs.has(n)),
    distrust,
  };
  return unit;
}

export function buildModel(file: SourceFile, cache: HeaderCache, memo?: ExtractionMemo, kind: DocumentKind = 'header'): DocumentModel {
  const units = new Map<AbiName, Unit>();
  // the macro expansions of all ten ABIs of the header share one budget: a macro bomb costs
  // the header that much once, not once per ABI
  const budget = expansionBudget();
  const unit = (name: AbiName) => {
    let u = units.get(name);
    if (!u) {
      u = buildUnit(file, ABIS.find((a) => a.name === name)!, cache, budget, kind);
      units.set(name, u);
    }
    return u;
  };
  // one evaluation context per unit and kind, shared by all its ioctls
  const contexts = new Map<string, IoctlEvalContext>();
  const ctxOf = (u: Unit, fieldsOnly = false): IoctlEvalContext => {
    const key = `${u.abi.name} ${fieldsOnly}`;
    let ctx = contexts.get(key);
    if (!ctx) {
      ctx = {
        fieldsOnly,
        tu: u.tu,
        enums: u.enums,
        env: { model: u.abi.model, typedefType: fixedWidthIntType },
        isTypeName: u.isTypeName,
        missing: missingIncludes(u.tu),
        abi: u.abi,
        get layout() {
          return u.layout;
        },
        distrustMacro: (m: MacroDef) => u.distrust(m.file),
      };
      contexts.set(key, ctx);
    }
    return ctx;
  };
  const shared = sharedMemo(cache);
  const host = unit(HOST_ABI.name);
  const ioctls = extractIoctls(ctxOf(host, true), memo ?? shared);
  memo?.keepOnly(host.tu.files.get(host.tu.main)?.defines ?? []);

  const abiValues = (ioctl: IoctlDefinition): Record<AbiName, AbiValue> => {
    for (const abi of ABIS) {
      if (ioctl.abi[abi.name]) continue;
      const u = unit(abi.name);
      // the file's own definition, or (an ioctl of an included header) the one the unit ends with
      const def = lastObjectLikeDefines(u.tu.files.get(u.tu.main)?.defines ?? []).get(ioctl.name) ?? (ioctl.file !== file.path ? u.tu.macros.peek(ioctl.name) : undefined);
      const other = def ? shared.abiValue(def, ctxOf(u)) : undefined;
      ioctl.abi[abi.name] = other?.value ?? {
        size: null,
        value: null,
        unresolved: other?.unresolved ?? `${ioctl.name} is not defined when the header is compiled for ${abi.title}`,
      };
    }
    return ioctl.abi as Record<AbiName, AbiValue>;
  };

  const others = new Map<string, IoctlDefinition | undefined>();
  const ioctlNamed = (name: string): IoctlDefinition | undefined => {
    const own = ioctls.find((i) => i.name === name);
    if (own) return own;
    if (!others.has(name)) {
      const def = host.tu.macros.get(name);
      others.set(name, def && def.file ? shared.extract(def, ctxOf(host)) : undefined);
    }
    return others.get(name);
  };

  /** The argument struct's member names and the kernel-doc comments of an ioctl: what both classifiers read. */
  type Described = { members: string[]; values: string[]; doc: string | null; remark: string | null; evidenceKey: string };
  const described = new Map<IoctlDefinition, Described>();
  const describe = (ioctl: IoctlDefinition): Described => {
    let d = described.get(ioctl);
    if (d) return d;
    const [kind, tag] = (ioctl.argType ?? '').split(/\s+/);
    const members: string[] = [];
    let values: string[] = [];
    // the file that defines the ioctl: this one, or (in a driver source) the uAPI header it includes
    const home = ioctl.file === file.path ? file : host.tu.files.get(ioctl.file)?.file;
    const at = home ? home.lines.offset(ioctl.range.start) : 0;
    const docs: Array<string | null> = [home ? kernelDocAbove(home.text, at) : null];
    // the plain comment on the define's line or right above it: the command's name spelled out
    const remark = home ? (trailingComment(home.text, at, home.lines.offset(ioctl.range.end)) ?? plainCommentAbove(home.text, at)) : null;
    // the analysed header's own structs are known from its first parse; a struct of the ioctl's
    // own header from that header's declarations (kept with it across edits of this file); any
    // other needs the whole unit's declarations
    const own = file.recordMembers?.get(`${kind} ${tag}`);
    if (own) {
      for (const m of own.members) members.push(m);
      docs.push(kernelDocAbove(file.text, own.start));
    } else if ((kind === 'struct' || kind === 'union') && tag) {
      const beside = home && home !== file ? home.declarations.records.find((r) => r.kind === kind && r.tag === tag && r.fields) : undefined;
      const rec = beside ?? host.index.record(kind, tag);
      const collect = (r: RecordDecl | undefined, depth: number) => {
        for (const f of r?.fields ?? []) {
          if (f.name) members.push(f.name);
          else if (f.type.kind === 'record' && depth < 8) collect(f.type.record, depth + 1);
        }
      };
      collect(rec, 0);
      if (rec && home && rec.file === home.path) docs.push(kernelDocAbove(home.text, rec.start));
    } else if (home) {
      // a scalar's values named after the ioctl (SDTX_DEVICE_MODE_TABLET) say what it is
      values = namedValuesOf(ioctl.name, home.enumerators);
    }
    const doc = docs.filter(Boolean).join('\n') || null;
    described.set(ioctl, (d = { members, values, doc, remark, evidenceKey: evidenceKeyOf({ argType: ioctl.argType, members, values, doc }) }));
    return d;
  };

  const purposes = new Map<IoctlDefinition, Classification>();
  const purposeOf = (ioctl: IoctlDefinition): Classification => {
    let c = purposes.get(ioctl);
    if (!c) {
      const { members, doc, remark, evidenceKey } = describe(ioctl);
      c = classify({ name: ioctl.name, argType: ioctl.argType, members, doc, remark, evidenceKey, calls: kind === 'source' ? handlerCalls(ioctl.name) : undefined, dir: ioctl.dir });
      purposes.set(ioctl, c);
    }
    return c;
  };

  /** In a driver source: the kernel functions the code that handles the ioctl calls. */
  const handlerCalls = (name: string): string[] | undefined => {
    const d = model.driver?.dispatch.dispatched.find((x) => x.name === name);
    if (!d) return undefined;
    const calls: string[] = [];
    for (const r of d.regions) {
      for (const c of file.driver?.functions.get(r.fn)?.body?.calls ?? []) {
        if (!c.indirect && (!r.span || (c.start >= r.span.start && c.end <= r.span.end))) calls.push(c.callee);
      }
    }
    return calls;
  };

  /** What the subsystem classifier reads of an ioctl; a DRM ioctl or a subsystem's own is known by its numbers, its words unread. */
  const subsystemInput = (i: IoctlDefinition): SubsystemInput => {
    const known = i.type === DRM_MAGIC || sharedUapiOf(i) !== undefined;
    const { members, values, doc, evidenceKey } = known ? { members: [], values: [], doc: null, evidenceKey: '' } : describe(i);
    return { name: i.name, file: i.file, type: i.type, nr: i.nr, dir: i.dir, argType: i.argType, members, values, doc, evidenceKey, purpose: known ? 'other' : purposeOf(i).purpose };
  };

  let subsystemAnswers: WholeAnswer | undefined;
  const subsystems = (): WholeAnswer => {
    if (subsystemAnswers) return subsystemAnswers;
    const inputs = new Map<string, SubsystemInput>();
    const add = (i: IoctlDefinition) => {
      if (!inputs.has(i.name)) inputs.set(i.name, subsystemInput(i));
    };
    for (const i of ioctls) add(i);
    let names: Set<string> | undefined;
    const drv = model.driver;
    if (drv && file.driver) {
      for (const d of drv.dispatch.dispatched) if (d.ioctl && !d.compatOnly) add(d.ioctl);
      // only what joins a subsystem is read: the set stays small, and keys the answers kept
      names = new Set<string>();
      for (const m of file.driver.mentions) if (REGISTER_NAMES.has(m.name)) names.add(m.name);
      for (const c of file.driver.topLevelCalls) if (REGISTER_NAMES.has(c.callee)) names.add(c.callee);
      for (const f of file.driver.functions.values()) for (const c of f.body?.calls ?? []) if (REGISTER_NAMES.has(c.callee)) names.add(c.callee);
    }
    return (subsystemAnswers = decideFile({ path: file.path, ioctls: [...inputs.values()], names, description: openingComment(file.text) }));
  };
  const subsystemOf = (ioctl: IoctlDefinition): SubsystemAnswer => {
    const known = subsystems().byName.get(ioctl.name);
    if (known) return known;
    // an ioctl of another header, seen from this one: its own words, in its own file
    return decideFile({ path: ioctl.file, ioctls: [subsystemInput(ioctl)] }).byName.get(ioctl.name)!;
  };

  let driver: DriverModel | undefined;
  const driverContext = (): DriverContext => ({
    path: file.path,
    text: file.text,
    syntax: file.driver!,
    ioctlNamed,
    macro: (name) => host.tu.macros.peek(name),
    expand: (text, opaque) => {
      try {
        return new Expander(host.tu.macros, { opaque }).expand(tokenize(text));
      } catch (e) {
        if (e instanceof ExpansionError) return undefined;
        throw e;
      }
    },
    record: (k, tag) => host.index.record(k, tag),
    isUapiHeader: (f) => isUapiHeader(f, cache.rootOptions.systemInclude ?? '/usr/include'),
  });

  const model: DocumentModel = {
    path: file.path,
    kind,
    get driver() {
      if (kind !== 'source' || !file.driver) return undefined;
      return (driver ??= buildDriverModel(driverContext()));
    },
    file,
    tu: host.tu,
    host,
    problems: host.tu.problems.filter((p) => p.file === file.path),
    ioctls,
    unit,
    abiValues,
    ioctlNamed,
    purposeOf,
    subsystemOf,
    subsystems,
  };
  return model;
}

/**
 * The comment that opens a file and says what it is for: the first block comment before its
 * first code that is not only a licence or copyright line (at most 2,000 characters).
 */
export function openingComment(text: string): string | null {
  const head = text.slice(0, 8192);
  // typing rarely touches a file's first comment: the last answer is kept by the text it read
  if (head === lastHead.text) return lastHead.comment;
  const comment = openingCommentOf(head);
  lastHead = { text: head, comment };
  return comment;
}

let lastHead: { text: string; comment: string | null } = { text: '', comment: null };

function openingCommentOf(head: string): string | null {
  let after = 0;
  for (const m of head.matchAll(/\/\*([\s\S]*?)\*\//g)) {
    // only what comes before the first code opens the file: blank lines, line comments, the
    // include guard and includes (a trailing `/* periodic-capable comparator */` is no description)
    const between = head.slice(after, m.index).replace(/\/\/[^\n]*/g, '');
    if (between.split('\n').some((l) => l.trim() !== '' && !/^\s*#\s*(?:ifndef|define\s+_*\w+_H_*\s*$|include|pragma)\b/.test(l))) break;
    after = m.index! + m[0].length;
    // the GPL's boilerplate, to the comment's end, says nothing about the device
    const body = m[1].replace(/^\s*\*+ ?/gm, '').split(/^.*(?:is free software|GNU General Public License|WITHOUT ANY WARRANTY)/im)[0].trim();
    const prose = body.split('\n').filter((l) => !/SPDX-License-Identifier|Copyright|\(C\)|All rights reserved/i.test(l)).join('\n').trim();
    if (prose.length >= 20) return prose.slice(0, 2000);
    if (m.index! > 4096) break;
  }
  return null;
}

/**
 * The model of one header, without findings. Text that is not worth parsing (binary, over the
 * size limit) gives a model with no content and `skipped` saying why. `keepTree`: the syntax
 * tree stays until the caller disposes of the file (its declarations then need no second parse).
 */
export function modelDocument(filePath: string, text: string, cache: HeaderCache, editing?: EditingOptions, knownSkipped?: string, keepTree = false): DocumentModel {
  let skipped = knownSkipped ?? unreadableReason(text, cache.limits);
  const kind = documentKind(filePath);
  const source = kind === 'source';
  const parse = (t: string) => parseSourceFile(filePath, t, { recordMembers: !source, source, keepTree: keepTree || editing !== undefined, edited: editing !== undefined, previous: editing?.previous });
  let file: SourceFile;
  try {
    file = parse(skipped ? '' : text);
  } catch (e) {
    if (!(e instanceof ParseTooSlow)) throw e;
    skipped = e.message;
    file = parse('');
  }
  const model = buildModel(file, cache, editing ? extractionMemo(cache, filePath) : undefined, kind);
  model.skipped = skipped;
  return model;
}
