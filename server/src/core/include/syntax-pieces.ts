import type { Node, Tree } from 'web-tree-sitter';
import { directivesIn, type Directive } from '../parse/directives';
import { enumeratorsIn, type EnumeratorDecl } from '../model/enums';
import { firstDefinitions, recordMembersIn, type RecordMembers } from '../model/record-members';
import type { Token } from '../preprocess/tokens';

/**
 * An open document's directives, enumerators and record members, kept piece by piece so that
 * the next version reads again only the pieces an edit touched (a keystroke touches one or two of
 * a header's hundreds) and moves the rest. Searching the whole tree on every keystroke cost more
 * than the incremental parse itself.
 *
 * The pieces are the children of the nodes that hold a file's declarations: the translation unit,
 * conditional groups (an include guard holds a whole header), `extern "C"` blocks and error
 * recovery. What a piece yields depends only on its subtree and on text from its start to its
 * `reach`, so a piece outside the edit, whose syntax tree-sitter reports unchanged, yields the
 * same again, moved by the edit's length.
 */
export interface SyntaxPiece {
  type: string;
  /** UTF-16 offsets of the node. */
  start: number;
  end: number;
  /** Where the text it was read from ends: a directive's logical line (and its newline) can run past the node. */
  reach: number;
  /** Its directives, those inside another's logical line left out. */
  directives: Directive[];
  /**
   * A directive before it has a logical line that runs over one of its directive keywords (error
   * recovery: a comment left open on a directive line): what it yields depends on that directive,
   * so it is read every time.
   */
  entered: boolean;
  /** Absent when not searched: the file has no `enum`. */
  enumerators?: EnumeratorDecl[];
  /** Absent when not searched: not the analysed header. */
  records?: RecordMembers[];
}

/** How a version's text differs from the previous version's: one span, and what tree-sitter says changed. */
export interface TextChange {
  /** Offsets of the span; outside it, before and after are the same text (after it, moved). */
  start: number;
  oldEnd: number;
  newEnd: number;
  /** Ranges of the new text whose syntax changed (tree-sitter's changed ranges). */
  changed: Array<{ startIndex: number; endIndex: number }>;
}

export interface PieceTexts {
  /** The text directives and enumerators are read from (as written). */
  text: string;
  /** Search for enumerators (the file has the word `enum`). */
  enums: boolean;
  /** Search for records, reading their names from this text (annotations blanked); absent: do not. */
  recordText?: string;
}

export interface FileSyntax {
  directives: Directive[];
  enumerators: EnumeratorDecl[];
  recordMembers?: Map<string, RecordMembers>;
  /** Kept for the next version; absent when the pieces do not account for every result (then nothing is reused). */
  pieces?: SyntaxPiece[];
}

/** Nodes whose children are pieces (and not pieces themselves). */
const HOLDERS = new Set([
  'translation_unit', 'preproc_if', 'preproc_ifdef', 'preproc_elif', 'preproc_elifdef', 'preproc_else',
  'linkage_specification', 'declaration_list', 'ERROR',
]);

/**
 * Past this many pieces to read again (a paste, a brace that changed the structure below it), one
 * search of the whole tree costs less than one per piece.
 */
const MAX_PIECES_READ = 32;

interface PieceNode {
  type: string;
  start: number;
  end: number;
  /** The nodes, taken only for a piece that is read again. */
  nodes?: Node[];
  /** The previous version's piece, when it can be moved instead. */
  kept?: SyntaxPiece;
}

/**
 * The pieces of `tree` in document order, with a cursor: deep `#if` nesting cannot exhaust the
 * stack. A node of no width (what tree-sitter inserts for a missing `#endif` or `;`) goes with
 * the piece after it: both start at its offset, and what it yields must belong to one piece.
 */
function pieceNodes(tree: Tree, keep: (type: string, start: number, end: number) => SyntaxPiece | undefined): PieceNode[] {
  const out: PieceNode[] = [];
  const cursor = tree.walk();
  // nodes of no width waiting for the next piece, and the start and type they give it
  let empty: Node[] = [];
  let emptyStart = 0;
  let emptyTypes = '';
  const push = (type: string, start: number, end: number, node: () => Node | undefined) => {
    if (empty.length) {
      type = `${emptyTypes}${type}`;
      start = emptyStart;
    }
    const kept = keep(type, start, end);
    if (kept) out.push({ type, start, end, kept });
    else {
      const last = node();
      out.push({ type, start, end, nodes: last ? [...empty, last] : empty });
    }
    empty = [];
    emptyTypes = '';
  };
  try {
    if (cursor.gotoFirstChild()) {
      for (;;) {
        const type = cursor.nodeType;
        if (!(HOLDERS.has(type) && cursor.gotoFirstChild())) {
          const start = cursor.startIndex;
          const end = cursor.endIndex;
          if (end === start) {
            if (!empty.length) emptyStart = start;
            empty.push(cursor.currentNode);
            emptyTypes += `${type}+`;
          } else push(type, start, end, () => cursor.currentNode);
          let done = false;
          while (!cursor.gotoNextSibling()) {
            if (!cursor.gotoParent() || cursor.currentDepth === 0) {
              done = true;
              break;
            }
          }
          if (done) break;
        }
      }
    }
    // nodes of no width at the very end: a piece of their own
    if (empty.length) push('', emptyStart, emptyStart, () => undefined);
    return out;
  } finally {
    cursor.delete();
  }
}

function reachOf(end: number, directives: Directive[]): number {
  let reach = end;
  // the character at a directive's end (its newline) was looked at too
  for (const d of directives) if (d.end + 1 > reach) reach = d.end + 1;
  return reach;
}

/** A piece read from its node; `after`: where the directives before it end. */
function readPiece(p: PieceNode, texts: PieceTexts, after: number): SyntaxPiece {
  const skipped: number[] = [];
  const directives: Directive[] = [];
  const enumerators: EnumeratorDecl[] = [];
  const records: RecordMembers[] = [];
  let lastEnd = after;
  for (const node of p.nodes!) {
    for (const d of directivesIn(node, texts.text, lastEnd, skipped)) {
      directives.push(d);
      lastEnd = d.end;
    }
    if (texts.enums) for (const e of enumeratorsIn(node, texts.text)) enumerators.push(e);
    if (texts.recordText !== undefined) for (const r of recordMembersIn(node, texts.recordText)) records.push(r);
  }
  return {
    type: p.type,
    start: p.start,
    end: p.end,
    reach: reachOf(p.end, directives),
    directives,
    entered: skipped.some((at) => at < after),
    enumerators: texts.enums ? enumerators : undefined,
    records: texts.recordText !== undefined ? records : undefined,
  };
}

const movedTokens = (tokens: Token[], d: number): Token[] => tokens.map((t) => ({ kind: t.kind, text: t.text, space: t.space, offset: t.offset + d }));

/**
 * A kept piece at its new place: itself where it has not moved (the definitions a directive
 * makes are kept per version of the file, not per directive, so versions may share it).
 */
function moved(p: SyntaxPiece, start: number, end: number): SyntaxPiece {
  const d = start - p.start;
  if (d === 0) return p;
  let enumerators: EnumeratorDecl[] | undefined;
  if (p.enumerators) {
    enumerators = [];
    const lists = new Map<EnumeratorDecl[], EnumeratorDecl[]>();
    for (const e of p.enumerators) {
      let list = lists.get(e.list);
      if (!list) lists.set(e.list, (list = []));
      const m: EnumeratorDecl = { name: e.name, start: e.start + d, end: e.end + d, value: e.value && movedTokens(e.value, d), list };
      list.push(m);
      enumerators.push(m);
    }
  }
  return {
    type: p.type,
    start,
    end,
    reach: p.reach + d,
    entered: false,
    directives: p.directives.map((x) => ({ kind: x.kind, start: x.start + d, end: x.end + d, tokens: movedTokens(x.tokens, d), rest: x.rest, restOffset: x.restOffset + d })),
    enumerators,
    records: p.records?.map((r) => ({ ...r, start: r.start + d })),
  };
}

/** The previous version's piece that the new one at [start, end) is, moved; undefined if it must be read again. */
function keeper(previous: SyntaxPiece[], change: TextChange, texts: PieceTexts) {
  const delta = change.newEnd - change.oldEnd;
  const searched = (p: SyntaxPiece) => (p.enumerators !== undefined) === texts.enums && (p.records !== undefined) === (texts.recordText !== undefined);
  return (type: string, start: number, end: number): SyntaxPiece | undefined => {
    // a piece before the edit stays where it was; one after it moves by the edit's length
    const before = end <= change.start;
    if (!before && start < change.newEnd) return undefined;
    const oldStart = before ? start : start - delta;
    // the previous pieces are in document order: the last one starting at or before oldStart
    let lo = 0;
    let hi = previous.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (previous[mid].start <= oldStart) lo = mid + 1;
      else hi = mid;
    }
    const old = previous[lo - 1];
    if (!old || old.start !== oldStart || old.type !== type || old.end - old.start !== end - start || old.entered || !searched(old)) return undefined;
    // all it read lies on one side of the edit (text after the edit is unchanged to the end),
    // and tree-sitter reports its syntax unchanged
    if (before && old.reach > change.start) return undefined;
    const reach = old.reach + (start - oldStart);
    for (const c of change.changed) {
      if (start < Math.max(c.endIndex, c.startIndex + 1) && c.startIndex < reach) return undefined;
    }
    return old;
  };
}

/** Results of the whole tree handed to the pieces they lie in; false if one lies in none (nothing is then kept). */
function distribute<T>(pieces: SyntaxPiece[], items: T[], offset: (item: T) => number, into: (piece: SyntaxPiece) => T[]): boolean {
  let k = 0;
  for (const item of items) {
    const at = offset(item);
    // past the pieces that end before it (a piece of no width at the end takes what is at its offset)
    while (k < pieces.length && pieces[k].end <= at && !(pieces[k].start === at && pieces[k].end === at)) k++;
    if (k === pieces.length || pieces[k].start > at) return false;
    into(pieces[k]).push(item);
  }
  return true;
}

/** Every piece read from the whole tree at once (a first version, or too many changed pieces). */
function readWhole(tree: Tree, nodes: PieceNode[], texts: PieceTexts): FileSyntax {
  const root = tree.rootNode;
  const skipped: number[] = [];
  const directives = directivesIn(root, texts.text, -1, skipped);
  const enumerators = texts.enums ? enumeratorsIn(root, texts.text) : undefined;
  const records = texts.recordText !== undefined ? recordMembersIn(root, texts.recordText) : undefined;
  const pieces: SyntaxPiece[] = nodes.map((n) => ({
    type: n.type,
    start: n.start,
    end: n.end,
    reach: n.end,
    directives: [],
    entered: false,
    enumerators: enumerators && [],
    records: records && [],
  }));
  const complete =
    distribute(pieces, directives, (d) => d.start, (p) => p.directives) &&
    (!enumerators || distribute(pieces, enumerators, (e) => e.start, (p) => p.enumerators!)) &&
    (!records || distribute(pieces, records, (r) => r.start, (p) => p.records!));
  if (complete) {
    // a piece is entered when a keyword in it was skipped for a directive of an earlier piece:
    // one before the end of the directives before it (its own come after that)
    let lastEnd = -1;
    let k = 0;
    for (const p of pieces) {
      while (k < skipped.length && skipped[k] < p.start) k++;
      p.entered = k < skipped.length && skipped[k] < p.end && skipped[k] < lastEnd;
      p.reach = reachOf(p.end, p.directives);
      if (p.directives.length) lastEnd = p.directives[p.directives.length - 1].end;
    }
  }
  return {
    directives,
    enumerators: enumerators ?? [],
    recordMembers: records && firstDefinitions(records),
    pieces: complete ? pieces : undefined,
  };
}

/**
 * The file's directives, enumerators and (if asked) record members, read again only where
 * `change` touched the previous version's pieces. Identical to reading the whole tree: the
 * incremental-against-fresh test compares them over random edits of real files.
 */
export function collectFileSyntax(tree: Tree, texts: PieceTexts, previous?: { pieces: SyntaxPiece[]; change: TextChange }): FileSyntax {
  const keep = previous ? keeper(previous.pieces, previous.change, texts) : () => undefined;
  const nodes = pieceNodes(tree, keep);
  let toRead = 0;
  for (const n of nodes) if (!n.kept) toRead++;
  if (!previous || toRead > MAX_PIECES_READ) return readWhole(tree, nodes, texts);
  const pieces: SyntaxPiece[] = [];
  const directives: Directive[] = [];
  const enumerators: EnumeratorDecl[] = [];
  const records: RecordMembers[] = [];
  // where the directives so far end: a piece a directive's line runs into reads its own after it
  let lastEnd = -1;
  for (const n of nodes) {
    // a kept piece whose first keyword an earlier directive's line now runs over (rare: error
    // recovery) cannot be read here without its node; its keywords all come from its first on
    if (n.kept?.directives.length && n.kept.directives[0].start + (n.start - n.kept.start) < lastEnd) return readWhole(tree, nodes, texts);
    const p = n.kept ? moved(n.kept, n.start, n.end) : readPiece(n, texts, lastEnd);
    pieces.push(p);
    if (p.directives.length) lastEnd = p.directives[p.directives.length - 1].end;
    for (const d of p.directives) directives.push(d);
    if (p.enumerators) for (const e of p.enumerators) enumerators.push(e);
    if (p.records) for (const r of p.records) records.push(r);
  }
  return {
    directives,
    enumerators,
    recordMembers: texts.recordText !== undefined ? firstDefinitions(records) : undefined,
    pieces,
  };
}
