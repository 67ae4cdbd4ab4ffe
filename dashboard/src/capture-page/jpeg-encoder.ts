/**
 * A camera picture to JPEG bytes in the browser: drawn to a canvas, encoded by the browser's own
 * encoder. `OffscreenCanvas.convertToBlob` where it exists (Chrome, Edge, Firefox, Safari 16.4+),
 * else a `<canvas>`'s `toBlob`. (WebCodecs has no image encoder: only `ImageDecoder` shipped.)
 */

type Surface =
  | { kind: 'offscreen'; canvas: OffscreenCanvas; ctx: OffscreenCanvasRenderingContext2D }
  | { kind: 'element'; canvas: HTMLCanvasElement; ctx: CanvasRenderingContext2D };

function makeSurface(): Surface {
  if (typeof OffscreenCanvas !== 'undefined') {
    const canvas = new OffscreenCanvas(1, 1);
    const ctx = canvas.getContext('2d', { alpha: false });
    if (ctx) return { kind: 'offscreen', canvas, ctx };
  }
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d', { alpha: false });
  if (!ctx) throw new Error('This browser gives no 2D canvas.');
  return { kind: 'element', canvas, ctx };
}

/** One canvas, reused for every frame: encodes one picture at a time. */
export class JpegEncoder {
  private readonly surface = makeSurface();

  constructor(private readonly quality: number) {}

  /** Which browser API does the encoding, for the page's details line. */
  get method(): string {
    return this.surface.kind === 'offscreen' ? 'OffscreenCanvas.convertToBlob' : 'canvas.toBlob';
  }

  /** Draws `source` at `width`×`height` and encodes it. */
  async encode(source: CanvasImageSource, width: number, height: number): Promise<Uint8Array> {
    const s = this.surface;
    if (s.canvas.width !== width || s.canvas.height !== height) {
      s.canvas.width = width;
      s.canvas.height = height;
    }
    s.ctx.drawImage(source, 0, 0, width, height);
    const blob =
      s.kind === 'offscreen'
        ? await s.canvas.convertToBlob({ type: 'image/jpeg', quality: this.quality })
        : await new Promise<Blob | null>((resolve) => s.canvas.toBlob(resolve, 'image/jpeg', this.quality));
    // A browser that cannot encode JPEG quietly gives PNG (or nothing): the relay would refuse it.
    if (!blob || blob.type !== 'image/jpeg') throw new Error(`The browser encoded ${blob?.type || 'nothing'} instead of a JPEG.`);
    return new Uint8Array(await blob.arrayBuffer());
  }
}
