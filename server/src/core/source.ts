/** Positions are tree-sitter's: 0-based rows, columns in UTF-16 code units (LSP's default unit). */
export interface SourcePosition {
  row: number;
  column: number;
}

export interface SourceRange {
  start: SourcePosition;
  end: SourcePosition;
}

/**
 * Maps UTF-16 offsets of one text to rows and columns. The lines are found when first asked
 * for: positions are needed only for what is shown, and included headers rarely need them.
 */
export class LineIndex {
  private lineStarts: number[] | undefined;

  constructor(private readonly text: string) {}

  private get starts(): number[] {
    if (this.lineStarts) return this.lineStarts;
    const starts = [0];
    // indexOf, not a loop over every character: a header's index is made in the server's first
    // analysis, before V8 has compiled anything here, where a JS loop pays for every character
    const text = this.text;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', nl + 1)) starts.push(nl + 1);
    return (this.lineStarts = starts);
  }

  position(offset: number): SourcePosition {
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { row: lo, column: offset - starts[lo] };
  }

  offset(pos: SourcePosition): number {
    const starts = this.starts;
    return (starts[pos.row] ?? starts[starts.length - 1]) + pos.column;
  }

  range(start: number, end: number): SourceRange {
    return { start: this.position(start), end: this.position(end) };
  }
}

export function comparePositions(a: SourcePosition, b: SourcePosition): number {
  return a.row !== b.row ? a.row - b.row : a.column - b.column;
}

export function rangeContains(range: SourceRange, pos: SourcePosition): boolean {
  return comparePositions(range.start, pos) <= 0 && comparePositions(pos, range.end) <= 0;
}
