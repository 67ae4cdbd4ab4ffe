/** Pure SVG builders for the test pattern: the static background, and the per-frame overlay. */

export interface PatternSize {
  width: number;
  height: number;
}

export interface OverlayState extends PatternSize {
  frame: number;
  /** Local time, ms since the epoch, to burn in. */
  time: number;
  /** Draw text as SVG <text> (needs a font) or as seven-segment rects (works with no font at all). */
  text: 'font' | 'segments';
}

const FONT = 'DejaVu Sans Mono, Liberation Mono, Consolas, Menlo, monospace';
const BARS = ['#c0c0c0', '#c0c000', '#00c0c0', '#00c000', '#c000c0', '#c00000', '#0000c0'];

/** `HH:MM:SS.mmm` in local time. */
export function clockText(time: number): string {
  const d = new Date(time);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

/** Colour bars over a dark band: rendered once per source. */
export function backgroundSvg({ width, height }: PatternSize): string {
  const barW = width / BARS.length;
  const barH = Math.round(height * 0.6);
  const bars = BARS.map((c, i) => `<rect x="${(i * barW).toFixed(2)}" y="0" width="${(barW + 1).toFixed(2)}" height="${barH}" fill="${c}"/>`);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
    `<rect width="${width}" height="${height}" fill="#202428"/>${bars.join('')}</svg>`
  );
}

/** A box that sweeps left to right with the frame number, plus the clock and frame number. */
export function overlaySvg(s: OverlayState): string {
  const { width, height, frame } = s;
  const box = Math.max(4, Math.round(height / 6));
  const span = Math.max(1, width - box);
  const step = Math.max(2, Math.round(width / 40));
  const x = (frame * step) % span;
  const y = Math.round(height * 0.6 - box / 2);
  const hue = (frame * 7) % 360;
  const label = `${clockText(s.time)} #${frame}`;
  const size = Math.max(8, Math.round(height / 9));
  const textY = Math.round(height * 0.63 + box / 2);
  const text =
    s.text === 'font'
      ? `<text x="${Math.round(width * 0.03)}" y="${textY + size}" font-family="${FONT}" font-size="${size}" fill="#ffffff">${label}</text>`
      : sevenSegment(label, Math.round(width * 0.03), textY, size, '#ffffff');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
    `<rect x="${x}" y="${y}" width="${box}" height="${box}" fill="hsl(${hue},90%,55%)" stroke="#000" stroke-width="2"/>` +
    `${text}</svg>`
  );
}

const SEGMENTS: Record<string, string> = {
  '0': 'abcdef',
  '1': 'bc',
  '2': 'abdeg',
  '3': 'abcdg',
  '4': 'bcfg',
  '5': 'acdfg',
  '6': 'acdefg',
  '7': 'abc',
  '8': 'abcdefg',
  '9': 'abcdfg',
};

/** Digits, ':' and '.' as rects, for machines where librsvg finds no font; other characters are gaps. */
export function sevenSegment(text: string, left: number, top: number, height: number, fill: string): string {
  const w = height * 0.55;
  const t = Math.max(1, height * 0.12);
  const vh = (height - 3 * t) / 2;
  const rects: string[] = [];
  const rect = (x: number, y: number, rw: number, rh: number): void => {
    rects.push(`<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${rw.toFixed(1)}" height="${rh.toFixed(1)}" fill="${fill}"/>`);
  };
  let x = left;
  for (const ch of text) {
    const segs = SEGMENTS[ch];
    if (segs !== undefined) {
      const parts: Record<string, [number, number, number, number]> = {
        a: [x + t, top, w - 2 * t, t],
        b: [x + w - t, top + t, t, vh],
        c: [x + w - t, top + 2 * t + vh, t, vh],
        d: [x + t, top + height - t, w - 2 * t, t],
        e: [x, top + 2 * t + vh, t, vh],
        f: [x, top + t, t, vh],
        g: [x + t, top + t + vh, w - 2 * t, t],
      };
      for (const s of segs) rect(...parts[s]!);
      x += w + t * 1.5;
    } else if (ch === ':') {
      rect(x, top + height * 0.25, t, t);
      rect(x, top + height * 0.7, t, t);
      x += t * 2.5;
    } else if (ch === '.') {
      rect(x, top + height - t, t, t);
      x += t * 2.5;
    } else {
      x += w * 0.6;
    }
  }
  return rects.join('');
}
