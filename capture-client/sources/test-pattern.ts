/** A camera-free source: colour bars, a moving box and the time burned in, encoded with sharp. */
import sharp from 'sharp';
import { CamrelayError } from '../../shared/errors.js';
import type { FrameSource, SourceFrame, SourceOptions } from './source.js';
import { backgroundSvg, type OverlayState, overlaySvg } from './test-pattern-svg.js';
import { Ticker } from './ticker.js';

let textProbe: Promise<boolean> | null = null;

/**
 * True when librsvg can draw text here: "1" and "8" must render differently (no font draws nothing,
 * a missing glyph draws the same box for both). Probed once per process.
 */
export function svgTextRenders(): Promise<boolean> {
  textProbe ??= (async () => {
    const glyph = (t: string): Promise<Buffer> =>
      sharp(
        Buffer.from(
          `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"><text x="4" y="24" font-family="monospace" font-size="22" fill="#fff">${t}</text></svg>`,
        ),
      )
        .raw()
        .toBuffer();
    try {
      const [one, eight] = await Promise.all([glyph('1'), glyph('8')]);
      return !one.equals(eight);
    } catch {
      return false;
    }
  })();
  return textProbe;
}

export class TestPatternSource implements FrameSource {
  readonly name = 'test-pattern' as const;
  readonly width: number;
  readonly height: number;
  readonly quality: number;
  readonly fps: number;
  private readonly ticker: Ticker;
  private background: Buffer | null = null;
  private text: OverlayState['text'] = 'segments';
  private frame = 0;

  constructor(opts: SourceOptions) {
    const { fps = 10, width = 640, height = 360, quality = 80 } = opts;
    const bad = (what: string): never => {
      throw new CamrelayError('BAD_CONFIG', `test-pattern: ${what}`);
    };
    if (!(fps > 0) || fps > 120) bad(`fps must be in (0, 120], got ${fps}.`);
    if (!Number.isInteger(width) || width < 16 || width > 7680) bad(`width must be an integer 16-7680, got ${width}.`);
    if (!Number.isInteger(height) || height < 16 || height > 4320) bad(`height must be an integer 16-4320, got ${height}.`);
    if (!Number.isInteger(quality) || quality < 1 || quality > 100) bad(`quality must be an integer 1-100, got ${quality}.`);
    this.fps = fps;
    this.width = width;
    this.height = height;
    this.quality = quality;
    this.ticker = new Ticker(fps);
  }

  /** Encodes one frame; the box position and the text depend on `frame`, so consecutive frames differ. */
  async render(frame: number, time: number): Promise<Buffer> {
    const { width, height } = this;
    this.background ??= await sharp(Buffer.from(backgroundSvg({ width, height })))
      .removeAlpha()
      .raw()
      .toBuffer();
    const overlay = Buffer.from(overlaySvg({ width, height, frame, time, text: this.text }));
    return sharp(this.background, { raw: { width, height, channels: 3 } })
      .composite([{ input: overlay, top: 0, left: 0 }])
      .jpeg({ quality: this.quality })
      .toBuffer();
  }

  async start(onFrame: (frame: SourceFrame) => void, onError: (err: Error) => void): Promise<void> {
    if (this.ticker.running) throw new CamrelayError('SOURCE_FAILED', 'This test-pattern source is already running.');
    this.text = (await svgTextRenders()) ? 'font' : 'segments';
    try {
      await this.render(0, Date.now()); // surfaces a broken sharp install here rather than after start
    } catch (err) {
      throw new CamrelayError('SOURCE_UNAVAILABLE', `test-pattern: sharp could not encode a frame: ${(err as Error).message}`);
    }
    // One render per tick and the ticker awaits it, so two sharp jobs never run at once for this source.
    this.ticker.start(
      async () => {
        const capturedAt = Date.now();
        const jpeg = await this.render(this.frame, capturedAt);
        this.frame++;
        return { jpeg, capturedAt, width: this.width, height: this.height };
      },
      onFrame,
      (err) => onError(new CamrelayError('SOURCE_FAILED', `test-pattern: ${err.message}`)),
    );
  }

  async stop(): Promise<void> {
    await this.ticker.stop();
  }
}
