/** Positions are tree-sitter's: 0-based rows, columns in UTF-16 code units (LSP's default unit). */
export interface SourcePosition {
  row: number;
  column: number;
}

export interface SourceRange {
  start: SourcePosition;
  end: SourcePosition;
}

/** Maps UTF-16 offsets of one text to rows and columns. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    // indexOf, not a loop over every character: a header's index is made in the server's first
    // analysis, before V8 has compiled anything here, where a JS loop pays for every character
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', nl + 1)) this.starts.push(nl + 1);
  }

  position(offset: number): SourcePosition {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { row: lo, column: offset - this.starts[lo] };
  }

  offset(pos: SourcePosition): number {
    return (this.starts[pos.row] ?? this.starts[this.starts.length - 1]) + pos.column;
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
