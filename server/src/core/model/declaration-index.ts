import type { TranslationUnit } from '../preprocess/preprocessor';
import { isInactive } from '../preprocess/preprocessor';
import { collectDeclarations, type EnumDecl, type RecordDecl, type TypedefDecl } from './declarations';
import { parseC } from '../parse/parser';
import { tokenize, tokensToText, type Token } from '../preprocess/tokens';
import { MacroTable, type MacroDef } from '../preprocess/macros';
import { tryExpand } from '../preprocess/expand';

/**
 * The types visible in one translation unit: what its active groups declare, across all the
 * files it includes. A tag's complete definition wins over forward declarations.
 */
export class DeclarationIndex {
  readonly records = new Map<string, RecordDecl>();
  readonly typedefs = new Map<string, TypedefDecl>();
  readonly enums = new Map<string, EnumDecl>();
  /** Every enum (tagged or not), for the enum-size rule of enumerators. */
  readonly allEnums: EnumDecl[] = [];

  /**
   * @param expand macro expansion in this unit: struct tags and whole declarations may be
   *   written with macros, and C expands them before it parses.
   */
  constructor(
    private readonly tu: TranslationUnit,
    expand: (tokens: Token[]) => Token[] | undefined = () => undefined,
  ) {
    this.tagOf = (tag: string): string => {
      const m = this.tu.macros.get(tag);
      if (!m || m.params !== undefined) return tag;
      const e = expand([{ kind: 'identifier', text: tag, space: false, offset: -1 }]);
      return e && e.length === 1 && e[0].kind === 'identifier' ? e[0].text : tag;
    };
    const tagOf = this.tagOf;
    // declarations written with macros see them as they were defined, even if #undef'd later
    // (the table of both is made for the first such declaration: most units have none)
    let both: MacroTable | undefined;
    const expandWith = (tokens: Token[]) => {
      if (!both) {
        both = new MacroTable([...this.tu.undefined.values(), ...this.tu.macros.values()].map((m) => [m.name, m] as [string, MacroDef]));
        both.budget = this.tu.macros.budget;
      }
      return tryExpand(both, tokens);
    };
    for (const activity of tu.files.values()) {
      const d = activity.file.declarations;
      const add = (records: RecordDecl[], typedefs: TypedefDecl[], enums: EnumDecl[], at?: number) => {
        for (const r of records) {
          if (!r.tag || isInactive(activity, at ?? r.start)) continue;
          const key = `${r.kind} ${tagOf(r.tag)}`;
          const known = this.records.get(key);
          if (!known || (known.fields === null && r.fields !== null)) this.records.set(key, r);
        }
        for (const t of typedefs) {
          if (!isInactive(activity, at ?? t.start)) this.typedefs.set(t.name, t);
        }
        for (const e of enums) {
          if (isInactive(activity, at ?? e.start)) continue;
          this.allEnums.push(e);
          if (e.tag) this.enums.set(e.tag, e);
        }
      };
      add(d.records, d.typedefs, d.enums);
      for (const m of d.macroDeclarations) {
        const first = /^\s*([A-Za-z_]\w*)/.exec(m.text)?.[1];
        if (!first || !(this.tu.macros.has(first) || this.tu.undefined.has(first)) || isInactive(activity, m.start)) continue;
        const expanded = expandWith(tokenize(m.text));
        if (!expanded) continue;
        const text = tokensToText(expanded);
        const tree = parseC(text);
        try {
          const more = collectDeclarations(tree, text, activity.file.path, []);
          // positions inside the expansion mean nothing: they stand at the macro's place
          const here = <T extends { start: number }>(x: T): T => ({ ...x, start: m.start });
          add(more.records.map(here), more.typedefs.map(here), more.enums.map(here), m.start);
        } finally {
          tree.delete();
        }
      }
    }
  }

  /** False for a declaration inside a group this unit's conditionals skip. */
  isActive(file: string, offset: number): boolean {
    const activity = this.tu.files.get(file);
    return !activity || !isInactive(activity, offset);
  }

  private readonly tagOf: (tag: string) => string;

  /** The struct or union with this tag (a tag written with a macro is expanded first). */
  record(kind: 'struct' | 'union', tag: string): RecordDecl | undefined {
    return this.records.get(`${kind} ${this.tagOf(tag)}`);
  }
}
