import type { Token } from './tokens';
import type { SourceRange } from '../source';

/** What all expansions of one header (its translation units for every ABI) may do together (`MacroTable.budget`). */
export interface ExpansionBudget {
  /** Work left, in the unit of `ExpandLimits.maxWork`. */
  remaining: number;
  readonly total: number;
  /** Expansions stopped by a work limit (their own or this one): results that depend on the budget. */
  stopped: number;
}

/** One `#define`, object-like (`params === undefined`) or function-like. */
export interface MacroDef {
  name: string;
  params?: string[];
  variadic?: boolean;
  body: Token[];
  /** The replacement list as written (without the name and parameters). */
  bodyText: string;
  /** Where it is defined; absent for macros the tool knows without a header. */
  file?: string;
  /** Where the name is (computed when asked: most macros are never shown). */
  readonly nameRange?: SourceRange;
  /** The whole directive. */
  readonly range?: SourceRange;
  /** True for a definition from the tool's own knowledge, used when no header provides one. */
  fallback?: boolean;
}

const lastByName = new WeakMap<readonly MacroDef[], Map<string, MacroDef>>();

/**
 * The last object-like definition of each name among a file's definitions (in order), indexed
 * once per list: rules look ioctls up by name, and a header may define thousands.
 */
export function lastObjectLikeDefines(defines: readonly MacroDef[]): ReadonlyMap<string, MacroDef> {
  let byName = lastByName.get(defines);
  if (!byName) {
    byName = new Map();
    for (const d of defines) if (d.params === undefined) byName.set(d.name, d);
    lastByName.set(defines, byName);
  }
  return byName;
}

/**
 * The macro table as the preprocessor holds it at one point of a translation unit. Copying is
 * cheap (a Map copy) so a header's final table can be kept while another walk goes on.
 */
export class MacroTable {
  private readonly defs: Map<string, MacroDef>;
  /** Told of every lookup (the preprocessor records what an included header depended on). */
  onLookup?: (name: string, found: MacroDef | undefined) => void;
  /** Shared by every expansion with this table (and the tables of the same header for other ABIs), so that their total is bounded. */
  budget?: ExpansionBudget;

  constructor(entries?: Iterable<[string, MacroDef]>) {
    this.defs = new Map(entries);
  }

  get(name: string): MacroDef | undefined {
    const def = this.defs.get(name);
    this.onLookup?.(name, def);
    return def;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** A lookup nobody is told of. */
  peek(name: string): MacroDef | undefined {
    return this.defs.get(name);
  }

  define(def: MacroDef): void {
    this.defs.set(def.name, def);
  }

  undef(name: string): void {
    this.defs.delete(name);
  }

  clone(): MacroTable {
    return new MacroTable(this.defs);
  }

  values(): IterableIterator<MacroDef> {
    return this.defs.values();
  }

  get size(): number {
    return this.defs.size;
  }
}
