/** A test scene as real JPEGs: a textured picture with light noise, and a bright square that can move. */
import sharp from 'sharp';

export const SCENE_W = 640;
export const SCENE_H = 360;
export const SQUARE = 48;

export interface SceneOptions {
  /** The square's top-left corner, or none. */
  square?: { x: number; y: number } | null;
  /** Per-pixel noise, ± grey levels (a sensor's, before JPEG). */
  noise?: number;
  /** Added to every pixel (the light changing). */
  light?: number;
  seed?: number;
}

/** A small deterministic PRNG (mulberry32): the same seed gives the same noise. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Greyish blocks over a soft wave: detail for the JPEG to keep, nothing that moves. */
const texture = (x: number, y: number) => 90 + 40 * Math.sin(x / 23) * Math.cos(y / 17) + ((Math.floor(x / 16) * 7 + Math.floor(y / 16) * 13) % 5) * 8;

/** The still scene with its noise and light, one grey byte per pixel: made once per (noise, seed, light). */
const backgrounds = new Map<string, Uint8Array>();
function background(noise: number, seed: number, light: number): Uint8Array {
  const key = `${noise}/${seed}/${light}`;
  let px = backgrounds.get(key);
  if (px) return px;
  const rnd = random(seed);
  px = new Uint8Array(SCENE_W * SCENE_H);
  for (let y = 0; y < SCENE_H; y++)
    for (let x = 0; x < SCENE_W; x++) {
      const v = texture(x, y) + light + (noise ? (rnd() * 2 - 1) * noise : 0);
      px[y * SCENE_W + x] = Math.max(0, Math.min(255, Math.round(v)));
    }
  backgrounds.set(key, px);
  return px;
}

export function sceneJpeg(o: SceneOptions = {}): Promise<Buffer> {
  const px = Buffer.from(background(o.noise ?? 0, o.seed ?? 1, o.light ?? 0));
  const sq = o.square;
  if (sq) {
    const bright = Math.max(0, Math.min(255, 235 + (o.light ?? 0)));
    for (let y = Math.max(0, sq.y); y < Math.min(SCENE_H, sq.y + SQUARE); y++) {
      const row = y * SCENE_W;
      px.fill(bright, row + Math.max(0, Math.round(sq.x)), row + Math.min(SCENE_W, Math.round(sq.x) + SQUARE));
    }
  }
  // Encoded in colour (YCbCr 4:2:0), as cameras send.
  return sharp(px, { raw: { width: SCENE_W, height: SCENE_H, channels: 1 } })
    .toColourspace('srgb')
    .jpeg({ quality: 80 })
    .toBuffer();
}
