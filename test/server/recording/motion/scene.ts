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

export function sceneJpeg(o: SceneOptions = {}): Promise<Buffer> {
  const rnd = random(o.seed ?? 1);
  const px = Buffer.alloc(SCENE_W * SCENE_H * 3);
  for (let y = 0; y < SCENE_H; y++)
    for (let x = 0; x < SCENE_W; x++) {
      const sq = o.square && x >= o.square.x && x < o.square.x + SQUARE && y >= o.square.y && y < o.square.y + SQUARE;
      const v = (sq ? 235 : texture(x, y)) + (o.light ?? 0) + (o.noise ? (rnd() * 2 - 1) * o.noise : 0);
      const c = Math.max(0, Math.min(255, Math.round(v)));
      const i = (y * SCENE_W + x) * 3;
      px[i] = c;
      px[i + 1] = c;
      px[i + 2] = c;
    }
  return sharp(px, { raw: { width: SCENE_W, height: SCENE_H, channels: 3 } })
    .jpeg({ quality: 80 })
    .toBuffer();
}
