/**
 * One look for a face (#58): on a picture, or a person's box of it, the largest face found (another
 * person's face can overlap the box) is embedded, and its chip kept as a small JPEG (the crop an
 * owner chooses to keep, or is shown beside "unknown person"). A face narrower than MIN_FACE_PX is
 * too small to tell people apart by, and is not embedded.
 */
import sharp from 'sharp';
import type { Box } from '../detect/boxes.js';
import { decodePicture } from '../detect/prepare-input.js';
import { chipPixels, CHIP_SIZE } from './face-align.js';
import type { FaceEmbedder } from './face-embedder.js';
import type { FaceFinder } from './face-finder.js';

/** Faces narrower than this on the picture are not embedded: dlib's chip of fewer pixels says too little. */
export const MIN_FACE_PX = 32;
/** The chip kept: 150×150 JPEG at this quality, about 5 kB. */
const CHIP_QUALITY = 85;

export interface FaceInput {
  jpeg: Uint8Array;
  /** A person's box on the picture, [x, y, w, h] in its pixels; the whole picture when absent. */
  crop?: Box;
}

export interface SeenFace {
  /** The 128 numbers (face-embedder.ts), as a plain array: it crosses threads and is kept as JSON. */
  vector: number[];
  score: number;
  /** [x, y, w, h] on the picture. */
  box: Box;
  /** The chip as a JPEG. */
  chip: Uint8Array;
}

export interface FaceLook {
  /** Faces found, however small. */
  found: number;
  /** The largest face, embedded; null when none was found or it was too small. */
  face: SeenFace | null;
  timings: { findMs: number; embedMs: number };
}

export type LookForFace = (input: FaceInput) => Promise<FaceLook>;

export function faceLooker(finder: FaceFinder, embedder: FaceEmbedder): LookForFace {
  return async ({ jpeg, crop }) => {
    const picture = await decodePicture(jpeg);
    if (!picture.ok) throw picture.error;
    const { faces, ms } = await finder.find(picture.value, crop);
    const largest = [...faces].sort((a, b) => b.box[2] - a.box[2])[0];
    if (!largest || largest.box[2] < MIN_FACE_PX) return { found: faces.length, face: null, timings: { findMs: ms, embedMs: 0 } };
    const embedded = await embedder.embed(picture.value, largest);
    const chip = await sharp(chipPixels(embedded.chip), { raw: { width: CHIP_SIZE, height: CHIP_SIZE, channels: 3 } })
      .jpeg({ quality: CHIP_QUALITY })
      .toBuffer();
    return {
      found: faces.length,
      face: { vector: Array.from(embedded.vector), score: largest.score, box: largest.box, chip },
      timings: { findMs: ms, embedMs: embedded.ms },
    };
  };
}
