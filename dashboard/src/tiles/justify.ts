/**
 * Tiles at their pictures' own shapes (#31), laid out as photo galleries lay out pictures of mixed
 * shapes: in rows, every picture of a row as tall as the others, each row as wide as the grid. A
 * portrait camera gets a narrow tile of its own shape instead of a third of a 16:9 one.
 */

export interface JustifyInput {
  /** Width / height of each tile's picture, in the grid's order. */
  aspects: readonly number[];
  /** The grid's width (px). */
  width: number;
  /** The picture height rows are packed at: a row takes tiles while they fit at this height. */
  height: number;
  gap: number;
  /** No tile narrower: its name and status must still show. */
  minWidth: number;
  /** What a tile adds to its picture's width (its borders). */
  border: number;
  /** No row's pictures taller (the window's height less a tile's head and figures). */
  maxHeight: number;
  /** At most this many tiles in a row (1: one camera across, a phone's or a "1" layout's). */
  perRow?: number;
}

export interface Justified {
  /** Each tile's width (px), in the grid's order; its picture's height is width / aspect. */
  widths: number[];
  /** Each row's height of its tallest picture (px). */
  rows: number[];
  /**
   * Each tile's left and right margin (px): a row narrower than the grid (held at maxHeight, or the
   * last) is centred by its ends' margins, so every row spans the width and the browser cannot pull
   * the next row's first tile up into the room.
   */
  margins: Array<[number, number]>;
}

/**
 * Packs tiles into rows at `height`, then scales each row's pictures to fill the width (the last row
 * no taller than the one before it, so a lone camera at the end is not blown up).
 */
export function justify({ aspects, width, height, gap, minWidth, border, maxHeight, perRow = Infinity }: JustifyInput): Justified {
  // Less a pixel: rows summing to the grid's width exactly can wrap on a rounding error.
  const room = width - 1;
  const widthAt = (a: number, h: number) => Math.min(room, Math.max(minWidth, a * h + border));
  const widths: number[] = [];
  const rows: number[] = [];
  const margins: Array<[number, number]> = [];
  let previous = height;
  for (let i = 0; i < aspects.length;) {
    let end = i + 1;
    let used = widthAt(aspects[i]!, height);
    // Packed against the whole width: N columns' 16:9 tiles make a row of N, floating point or not.
    while (end < aspects.length && end - i < perRow && used + gap + widthAt(aspects[end]!, height) <= width + 0.5)
      used += gap + widthAt(aspects[end++]!, height);
    const row = aspects.slice(i, end);
    const fill = fillHeight(row, room - (gap + border) * row.length + gap, minWidth - border);
    const h = Math.min(end === aspects.length ? Math.min(previous, fill) : fill, maxHeight);
    const rowWidths = row.map((a) => widthAt(a, h));
    const indent = Math.max(0, room - gap * (row.length - 1) - rowWidths.reduce((sum, w) => sum + w, 0)) / 2;
    rowWidths.forEach((w, k) => {
      widths.push(w);
      margins.push([k === 0 ? indent : 0, k === row.length - 1 ? indent : 0]);
    });
    rows.push(Math.max(...row.map((a) => (widthAt(a, h) - border) / a)));
    previous = h;
    i = end;
  }
  return { widths, rows, margins };
}

/** The picture height at which a row's pictures fill `room`, pictures held at `minWidth` taking that. */
function fillHeight(row: readonly number[], room: number, minWidth: number): number {
  let h = room / row.reduce((s, a) => s + a, 0);
  // A tile held at its minimum takes room from the others and may push another below it: a pass per tile at most.
  for (let pass = 0; pass < row.length; pass++) {
    const held = row.filter((a) => a * h < minWidth).length;
    const free = row.filter((a) => a * h >= minWidth).reduce((s, a) => s + a, 0);
    const next = free === 0 ? h : (room - held * minWidth) / free;
    if (next === h) break;
    h = next;
  }
  return h;
}
