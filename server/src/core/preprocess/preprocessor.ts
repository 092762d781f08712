import type { Directive } from '../parse/directives';
import type { SourceFile } from '../include/source-file';
import type { SourceRange } from '../source';
import { MacroTable, type MacroDef } from './macros';
import { Expander, ExpansionError, expansionBudget, type ExpansionBudget } from './expand';
import { parseExpression, ExpressionSyntaxError } from './expression';
import { evaluate, type IntModel } from './evaluate';
import { tokensToText, type Token } from './tokens';

/**
 * Runs the directives of a file and of everything it includes, in order, the way cpp does:
 * conditionals select groups, `#define`/`#undef` change the macro table as they are reached,
 * and `#include` walks the included file with the table as it is at that point.
 */

export interface IncludeResolver {
  /** Absolute path of the file an include names, or undefined when no root has it. */
  resolve(spec: string, quoted: boolean, fromFile: string, next: boolean): string | undefined;
  /** The folders searched for an include from `fromFile`, in order (for messages). */
  searched(fromFile: string, quoted: boolean): string[];
  load(path: string): SourceFile | { error: string };
}

export interface IncludeRecord {
  spec: string;
  quoted: boolean;
  /** The file it resolved to; undefined when missing. */
  path?: string;
  /** Why it could not be read, or the folders searched when it was not found. */
  error?: string;
  searched?: string[];
  range: SourceRange;
}

export interface PreprocessProblem {
  file: string;
  range: SourceRange;
  /** Short id of the kind of problem: 'include-missing', 'include-depth', 'condition', 'limit', 'conditional-balance'. */
  kind: string;
  message: string;
}

/** What the walk learnt about one file of the translation unit. */
export interface FileActivity {
  file: SourceFile;
  /** Offsets [start, end) of groups skipped by conditionals. */
  inactive: Array<[number, number]>;
  /** Macro definitions reached in active groups, in order. */
  defines: MacroDef[];
  includes: IncludeRecord[];
}

export interface TranslationUnit {
  main: string;
  /** The macro table at the end of the main file. */
  macros: MacroTable;
  /**
   * Macros that were #undef'd along the way, with their last definition: declarations written
   * with a helper macro that the header removes afterwards (glibc's `__STD_TYPE`) need them.
   */
  undefined: MacroTable;
  /** Every file walked, the main file first. */
  files: Map<string, FileActivity>;
  problems: PreprocessProblem[];
}

export interface PreprocessOptions {
  model: IntModel;
  /** Macros the compiler predefines for the target. */
  predefined: MacroTable;
  resolver?: IncludeResolver;
  /** What the unit's macro expansions may do in all; shared by the ABIs of one header. */
  budget?: ExpansionBudget;
  maxIncludeDepth?: number;
  maxFiles?: number;
  /**
   * Walks of the main file's includes, kept between translation units of the same target (the
   * same ABI): an include reached again in the same state is replayed instead of walked.
   */
  replays?: Map<string, IncludeReplay>;
}

/**
 * What walking one of the main file's includes did, and what it depended on. A header's walk
 * depends only on the macros it looked up that it had not defined itself, on the files it read,
 * and on which missing includes were reported already; when all of those are as they were, the
 * walk would do exactly the same again, so its effects are applied without walking.
 */
export interface IncludeReplay {
  /** Every file walked, in order, with what the walk learnt about it. */
  files: FileActivity[];
  /** How many walks it took (a file included twice is walked twice). */
  walks: number;
  /** Lookups of macros the walk had not defined itself, with what they found. */
  lookups: Map<string, MacroDef | undefined>;
  /** The walk's changes to the macro table, in order (a name alone: #undef). */
  changes: Array<MacroDef | string>;
  /** Definitions the walk's #undefs removed. */
  removed: MacroDef[];
  problems: PreprocessProblem[];
  /** Missing includes met, and whether each had been reported before the walk. */
  missing: Map<string, boolean>;
  /**
   * The macro-expansion work the walk did: charged to the unit's budget again when it is
   * replayed, so that a header's expansions stop at the same point however its includes were
   * processed (a walk that any work limit stopped is never recorded).
   */
  work: number;
}

interface Group {
  /** This group's lines are processed. */
  active: boolean;
  /** Some group of this conditional has been taken already. */
  taken: boolean;
  /** The conditional as a whole sits in an active group. */
  parentActive: boolean;
  /** Where the current inactive stretch began, if it is inactive. */
  inactiveStart?: number;
}

/** Recorded include walks kept per target: the includes of the documents being edited, not of a whole indexed tree. */
const MAX_REPLAYS = 64;

// Every ABI walks the same directives: the definition a directive makes is built once, and kept
// with the version of the file it was read in. Not one table of every directive: each edit of an
// open document makes new directives, and V8 never shrinks a weak table grown to the most of them
// alive between two full collections (2 MB after 1,000 edits of a header, measured).
const definitions = new WeakMap<SourceFile, Map<Directive, MacroDef | null>>();

export function macroFromDirective(d: Directive, file: SourceFile): MacroDef | undefined {
  let ofFile = definitions.get(file);
  if (!ofFile) definitions.set(file, (ofFile = new Map()));
  let def = ofFile.get(d);
  if (def === undefined) {
    def = buildMacro(d, file) ?? null;
    ofFile.set(d, def);
  }
  return def ?? undefined;
}

function buildMacro(d: Directive, file: SourceFile): MacroDef | undefined {
  const toks = d.tokens;
  const nameTok = toks[0];
  if (!nameTok || nameTok.kind !== 'identifier') return undefined;
  let params: string[] | undefined;
  let variadic = false;
  let bodyStart = 1;
  const open = toks[1];
  // function-like only when '(' follows the name with no space (C11 6.10.3p3)
  if (open && open.text === '(' && !open.space) {
    params = [];
    let k = 2;
    for (; k < toks.length && toks[k].text !== ')'; k++) {
      const t = toks[k];
      if (t.text === ',') continue;
      if (t.text === '...') {
        variadic = true;
        params.push('__VA_ARGS__');
      } else if (t.kind === 'identifier') {
        if (toks[k + 1]?.text === '...') {
          variadic = true;
          k++;
        }
        params.push(t.text);
      } else {
        return undefined; // malformed parameter list
      }
    }
    if (k >= toks.length) return undefined;
    bodyStart = k + 1;
  }
  const body = toks.slice(bodyStart);
  let bodyText: string | undefined;
  // the file's text and lines, not the file: a definition a memo keeps (an edited document's)
  // must not keep that version's whole syntax alive with it
  const { text, lines } = file;
  const { start, end } = d;

  return {
    name: nameTok.text,
    params,
    variadic: variadic || undefined,
    body,
    get bodyText() {
      return (bodyText ??= body.length ? text.slice(body[0].offset, end).replace(/\s+$/, '') : '');
    },
    file: file.path,
    get nameRange() {
      return lines.range(nameTok.offset, nameTok.offset + nameTok.text.length);
    },
    get range() {
      return lines.range(start, end);
    },
  };
}

/** A directive's text as a message quotes it: on one line, and not a megabyte of it. */
function shown(rest: string): string {
  const line = rest.slice(0, 200).replace(/\s+/g, ' ').trimEnd();
  return rest.length > 200 ? `${line} ...` : line;
}

/** Replace `defined X` and `defined(X)` before expansion (C11 6.10.1p4). */
function resolveDefined(tokens: Token[], macros: MacroTable): Token[] {
  const out: Token[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.kind === 'identifier' && t.text === 'defined') {
      let name: Token | undefined;
      if (tokens[k + 1]?.text === '(' && tokens[k + 3]?.text === ')') {
        name = tokens[k + 2];
        k += 3;
      } else {
        name = tokens[k + 1];
        k += 1;
      }
      out.push({ kind: 'number', text: name && macros.has(name.text) ? '1' : '0', space: t.space, offset: t.offset });
      continue;
    }
    out.push(t);
  }
  return out;
}

export function preprocess(main: SourceFile, options: PreprocessOptions): TranslationUnit {
  const macros = options.predefined.clone();
  macros.budget = options.budget ?? expansionBudget();
  const undefinedMacros = new MacroTable();
  const files = new Map<string, FileActivity>();
  const problems: PreprocessProblem[] = [];
  const maxDepth = options.maxIncludeDepth ?? 200;
  const maxFiles = options.maxFiles ?? 4000;
  let filesWalked = 0;
  const reportedMissing = new Set<string>();
  // the definitions already recorded of each file walked more than once in this unit (an include
  // cycle without a guard reaches the same directives again); a file walked once needs none
  const again = new Map<string, Set<MacroDef>>();
  // the include of the main file being recorded for replay, if any
  let recording: (IncludeReplay & { pure: boolean; written: Set<string>; paths: string[] }) | undefined;
  macros.onLookup = (name, found) => {
    if (recording && !recording.written.has(name) && !recording.lookups.has(name)) recording.lookups.set(name, found);
  };
  const define = (def: MacroDef) => {
    macros.define(def);
    if (recording) {
      recording.changes.push(def);
      recording.written.add(def.name);
    }
  };
  const undef = (name: string) => {
    const gone = macros.get(name);
    if (!gone) return;
    undefinedMacros.define(gone);
    macros.undef(name);
    if (recording) {
      recording.changes.push(name);
      recording.removed.push(gone);
      recording.written.add(name);
    }
  };

  // the main file's #include being followed: limits hit below it are shown on that line
  let topInclude: Directive | undefined;
  const surfaced = new Set<string>();
  const report = (p: PreprocessProblem) => {
    problems.push(p);
    if (p.file !== main.path && topInclude && (p.kind === 'include-depth' || p.kind === 'limit') && !surfaced.has(p.kind)) {
      surfaced.add(p.kind);
      problems.push({ file: main.path, range: main.lines.range(topInclude.start, topInclude.end), kind: p.kind, message: `in ${p.file}: ${p.message}` });
    }
  };
  const problem = (file: SourceFile, d: Directive, kind: string, message: string) => {
    const p = { file: file.path, range: file.lines.range(d.start, d.end), kind, message };
    recording?.problems.push(p);
    report(p);
  };

  /** Apply a recorded walk if everything it depended on is as it was; false if it must be walked. */
  const replay = (r: IncludeReplay | undefined, path: string): boolean => {
    if (!r || r.files[0]?.file.path !== path || filesWalked + r.walks > maxFiles || macros.budget!.remaining < r.work) return false;
    for (const a of r.files) if (files.has(a.file.path) || options.resolver?.load(a.file.path) !== a.file) return false;
    for (const [name, found] of r.lookups) if (macros.get(name) !== found) return false;
    for (const [spec, before] of r.missing) if (reportedMissing.has(spec) !== before) return false;
    for (const a of r.files) {
      files.set(a.file.path, { file: a.file, inactive: a.inactive.slice(), defines: a.defines.slice(), includes: a.includes.slice() });
    }
    for (const c of r.changes) {
      if (typeof c === 'string') macros.undef(c);
      else macros.define(c);
    }
    for (const def of r.removed) undefinedMacros.define(def);
    for (const spec of r.missing.keys()) reportedMissing.add(spec);
    for (const p of r.problems) report(p);
    filesWalked += r.walks;
    macros.budget!.remaining -= r.work;
    return true;
  };

  /** Walk one of the main file's includes, recording it for the next translation unit. */
  const walkRecorded = (loaded: SourceFile) => {
    const replays = options.replays;
    if (!replays || loaded === main) return walk(loaded, 1);
    const known = replays.get(loaded.path);
    if (replay(known, loaded.path)) {
      // most recently used last: the oldest go first when there are too many
      replays.delete(loaded.path);
      replays.set(loaded.path, known!);
      return;
    }
    const before = filesWalked;
    const budget = macros.budget!;
    const [remaining, stopped] = [budget.remaining, budget.stopped];
    const r = { files: [], walks: 0, lookups: new Map(), changes: [], removed: [], problems: [], missing: new Map(), work: 0, pure: true, written: new Set<string>(), paths: [] as string[] };
    recording = r;
    try {
      walk(loaded, 1);
    } finally {
      recording = undefined;
    }
    // a walk that met files this unit had walked before depended on that earlier walk too, and
    // one that a work limit stopped depended on how much was left
    if (!r.pure || budget.stopped !== stopped) return;
    replays.set(loaded.path, {
      // each file as it is after the last of its walks (a guarded header walked twice)
      files: r.paths.map((p) => {
        const a = files.get(p)!;
        return { file: a.file, inactive: a.inactive.slice(), defines: a.defines.slice(), includes: a.includes.slice() };
      }),
      walks: filesWalked - before,
      lookups: r.lookups,
      changes: r.changes,
      removed: r.removed,
      problems: r.problems,
      missing: r.missing,
      work: remaining - budget.remaining,
    });
    if (replays.size > MAX_REPLAYS) replays.delete(replays.keys().next().value!);
  };

  const condition = (file: SourceFile, d: Directive): boolean => {
    if (d.kind === 'ifdef' || d.kind === 'elifdef') return macros.has(d.tokens[0]?.text ?? '');
    if (d.kind === 'ifndef' || d.kind === 'elifndef') return !macros.has(d.tokens[0]?.text ?? '');
    try {
      const expanded = new Expander(macros).expand(resolveDefined(d.tokens, macros));
      const r = evaluate(parseExpression(expanded), { model: options.model, preprocessor: true });
      if (r.ok) return r.value.value !== 0n;
      problem(file, d, 'condition', `cannot evaluate '#${d.kind}${shown(d.rest)}': ${r.reason}; the group is skipped`);
    } catch (e) {
      if (!(e instanceof ExpansionError || e instanceof ExpressionSyntaxError)) throw e;
      problem(file, d, 'condition', `cannot evaluate '#${d.kind}${shown(d.rest)}': ${e.message}; the group is skipped`);
    }
    return false;
  };

  const include = (file: SourceFile, d: Directive, activity: FileActivity, depth: number) => {
    let text = d.rest;
    let m = /^\s*(<([^>\n]*)>|"([^"\n]*)")/.exec(text);
    if (!m) {
      // computed include: expand, then read the result as a header name
      try {
        text = tokensToText(new Expander(macros).expand(d.tokens));
      } catch {
        /* fall through to the message below */
      }
      m = /^\s*(<\s*([^>\n]*?)\s*>|"([^"\n]*)")/.exec(text.replace(/\s*([/.])\s*/g, '$1'));
    }
    if (!m) {
      problem(file, d, 'include-syntax', `cannot read the header name in '#include${shown(d.rest)}'`);
      return;
    }
    const quoted = m[3] !== undefined;
    const spec = (quoted ? m[3] : m[2]).trim();
    // where the include is written, worked out when a finding shows it: most included headers
    // never need their line index (the lines, not the file: a replay keeps the record)
    const { lines } = file;
    const { start, end } = d;
    const record: IncludeRecord = {
      spec,
      quoted,
      get range() {
        return lines.range(start, end);
      },
    };
    activity.includes.push(record);
    const resolver = options.resolver;
    const path = resolver?.resolve(spec, quoted, file.path, d.kind === 'include_next');
    if (!path) {
      record.searched = resolver?.searched(file.path, quoted) ?? [];
      if (recording && !recording.missing.has(spec)) recording.missing.set(spec, reportedMissing.has(spec));
      if (!reportedMissing.has(spec)) {
        reportedMissing.add(spec);
        problem(file, d, 'include-missing', `'${spec}' was not found (searched: ${record.searched.join(', ') || 'no include roots'})`);
      }
      return;
    }
    record.path = path;
    if (depth + 1 > maxDepth) {
      problem(file, d, 'include-depth', `includes nest deeper than ${maxDepth} levels at '${spec}' (an include cycle without a guard?); not followed`);
      return;
    }
    if (filesWalked >= maxFiles) {
      problem(file, d, 'limit', `more than ${maxFiles} included files; '${spec}' not followed`);
      return;
    }
    // the file being analysed includes itself (through a cycle): it is the text being analysed
    const loaded = path === main.path ? main : resolver!.load(path);
    if ('error' in loaded) {
      record.error = loaded.error;
      problem(file, d, 'include-unreadable', `'${spec}' (${path}) ${loaded.error}`);
      return;
    }
    if (depth === 0) walkRecorded(loaded);
    else walk(loaded, depth + 1);
  };

  const walk = (file: SourceFile, depth: number) => {
    filesWalked++;
    const earlier = files.get(file.path);
    if (recording && earlier && !recording.paths.includes(file.path)) recording.pure = false;
    // each inclusion records its own skipped groups; a group is inactive only if every
    // inclusion skipped it (the second, include-guarded pass skips the whole file)
    const activity: FileActivity = { file, inactive: [], defines: earlier?.defines ?? [], includes: earlier?.includes ?? [] };
    if (earlier && !again.has(file.path)) again.set(file.path, new Set(earlier.defines));
    files.set(file.path, activity);
    if (recording && !earlier) recording.paths.push(file.path);
    const stack: Group[] = [];
    const isActive = () => stack.length === 0 || stack[stack.length - 1].active;
    for (const d of file.directives) {
      switch (d.kind) {
        case 'if':
        case 'ifdef':
        case 'ifndef': {
          const parentActive = isActive();
          const active = parentActive && condition(file, d);
          stack.push({ active, taken: active, parentActive, inactiveStart: parentActive && !active ? d.end : undefined });
          continue;
        }
        case 'elif':
        case 'elifdef':
        case 'elifndef':
        case 'else': {
          const g = stack[stack.length - 1];
          if (!g) {
            problem(file, d, 'conditional-balance', `#${d.kind} without #if`);
            continue;
          }
          const wasActive = g.active;
          const active = g.parentActive && !g.taken && (d.kind === 'else' || condition(file, d));
          if (!wasActive && active && g.inactiveStart !== undefined) {
            activity.inactive.push([g.inactiveStart, d.start]);
            g.inactiveStart = undefined;
          }
          if (wasActive && !active) g.inactiveStart = d.end;
          if (!wasActive && !active && g.parentActive && g.inactiveStart === undefined) g.inactiveStart = d.end;
          g.active = active;
          g.taken ||= active;
          continue;
        }
        case 'endif': {
          const g = stack.pop();
          if (!g) {
            problem(file, d, 'conditional-balance', '#endif without #if');
            continue;
          }
          if (g.inactiveStart !== undefined) activity.inactive.push([g.inactiveStart, d.start]);
          continue;
        }
      }
      if (!isActive()) continue;
      switch (d.kind) {
        case 'define': {
          const def = macroFromDirective(d, file);
          if (def) {
            define(def);
            // a file included again (a cycle, no guard) reaches the same directives again
            const seen = again.get(file.path);
            if (!seen?.has(def)) {
              activity.defines.push(def);
              seen?.add(def);
            }
          }
          break;
        }
        case 'undef':
          if (d.tokens[0]) undef(d.tokens[0].text);
          break;
        case 'include':
        case 'include_next':
          if (depth === 0) topInclude = d;
          include(file, d, activity, depth);
          if (depth === 0) topInclude = undefined;
          break;
      }
    }
    for (const g of stack.reverse()) {
      if (g.inactiveStart !== undefined) activity.inactive.push([g.inactiveStart, file.text.length]);
    }
    if (stack.length) {
      const last = file.directives[file.directives.length - 1];
      if (last) problem(file, last, 'conditional-balance', `${stack.length} #if without #endif at the end of the file`);
    }
    activity.inactive.sort((a, b) => a[0] - b[0]);
    if (earlier) activity.inactive = intersectRanges(earlier.inactive, activity.inactive);
  };

  walk(main, 0);
  macros.onLookup = undefined;
  return { main: main.path, macros, undefined: undefinedMacros, files, problems };
}

export function isInactive(activity: FileActivity, offset: number): boolean {
  return activity.inactive.some(([s, e]) => offset >= s && offset < e);
}

/** Includes of the translation unit that no root had, in the order they were met. */
export function missingIncludes(tu: TranslationUnit): string[] {
  const specs: string[] = [];
  for (const f of tu.files.values()) for (const i of f.includes) if (!i.path && !i.error) specs.push(i.spec);
  return [...new Set(specs)];
}

/** Intersection of two sorted lists of [start, end) ranges. */
function intersectRanges(a: Array<[number, number]>, b: Array<[number, number]>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const start = Math.max(a[i][0], b[j][0]);
    const end = Math.min(a[i][1], b[j][1]);
    if (start < end) out.push([start, end]);
    if (a[i][1] < b[j][1]) i++;
    else j++;
  }
  return out;
}
