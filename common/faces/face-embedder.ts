/**
 * A found face to 128 numbers (#58 item 1): the face cut out as dlib's face chip (face-align.ts) and
 * run through dlib's face recognition ResNet on onnxruntime-node (face-embed.onnx, converted by
 * npm run detect:model; one intra-op thread, as NanoDet). Two faces of one person lie within
 * FACE_MATCH_DISTANCE of each other (dlib trained the network so), two people's further apart.
 */
import { SESSION_OPTIONS, type OnnxRuntime } from '../detect/engine-onnx.js';
import type { DecodedPicture } from '../detect/prepare-input.js';
import { chipTransform, CHIP_SIZE, cutChip } from './face-align.js';
import type { FoundFace } from './face-finder.js';

/** dlib's own threshold for "the same person" (its LFW accuracy of 99.38% is at 0.6); docs/faces-and-plates.md has what the test set measured. */
export const FACE_MATCH_DISTANCE = 0.6;
export const EMBEDDING_SIZE = 128;

export interface FaceEmbedding {
  /** 128 numbers. */
  vector: Float32Array;
  /** The 150×150 chip the numbers were taken from, the model's input (face-align.ts's chipPixels shows it). */
  chip: Float32Array;
  /** Inference by the clock. */
  ms: number;
}

export interface FaceEmbedder {
  embed(picture: DecodedPicture, face: FoundFace): Promise<FaceEmbedding>;
}

/** The Euclidean distance between two embeddings. */
export function faceDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < EMBEDDING_SIZE; i++) sum += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(sum);
}

export async function loadFaceEmbedder(modelFile: string, ort: OnnxRuntime): Promise<FaceEmbedder> {
  const session = await ort.InferenceSession.create(modelFile, SESSION_OPTIONS);
  const [input, output] = [session.inputNames[0]!, session.outputNames[0]!];
  return {
    async embed(picture, face) {
      const chip = cutChip(picture, chipTransform(face.keypoints));
      const t0 = performance.now();
      const out = await session.run({ [input]: new ort.Tensor('float32', chip, [1, 3, CHIP_SIZE, CHIP_SIZE]) });
      const vector = new Float32Array(out[output]!.data as Float32Array);
      if (vector.length !== EMBEDDING_SIZE)
        throw new Error(`The face embedding model gave ${vector.length} numbers, not ${EMBEDDING_SIZE}: not face-embed.onnx.`);
      return { vector, chip, ms: performance.now() - t0 };
    },
  };
}
