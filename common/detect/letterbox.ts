/**
 * Letterboxing: the source picture scaled to fit the model's square input whole, centred, the rest
 * padded, so shapes are not stretched; and the way back from input pixels to source pixels.
 */

/** Where the scaled source sits in the square input. */
export interface Letterbox {
  srcWidth: number;
  srcHeight: number;
  /** Input pixels per source pixel. */
  scale: number;
  /** Size of the scaled source inside the input. */
  width: number;
  height: number;
  /** Left and top padding, in input pixels. */
  padX: number;
  padY: number;
}

export function letterbox(srcWidth: number, srcHeight: number, size: number): Letterbox {
  const scale = Math.min(size / srcWidth, size / srcHeight);
  const width = Math.max(1, Math.min(size, Math.round(srcWidth * scale)));
  const height = Math.max(1, Math.min(size, Math.round(srcHeight * scale)));
  return { srcWidth, srcHeight, scale, width, height, padX: Math.floor((size - width) / 2), padY: Math.floor((size - height) / 2) };
}

/** A box [x1, y1, x2, y2] in input pixels, as [x, y, w, h] in source pixels, clipped to the picture. */
export function toSource(lb: Letterbox, x1: number, y1: number, x2: number, y2: number): [number, number, number, number] {
  const clip = (v: number, max: number) => Math.min(max, Math.max(0, v));
  const left = clip((x1 - lb.padX) / lb.scale, lb.srcWidth);
  const top = clip((y1 - lb.padY) / lb.scale, lb.srcHeight);
  const right = clip((x2 - lb.padX) / lb.scale, lb.srcWidth);
  const bottom = clip((y2 - lb.padY) / lb.scale, lb.srcHeight);
  return [Math.round(left), Math.round(top), Math.round(right - left), Math.round(bottom - top)];
}
