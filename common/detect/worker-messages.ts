/** The messages between a Detector and its worker thread. */
import type { ErrorCodeName } from '../../shared/errors.js';
import type { Box } from './boxes.js';
import type { EngineName } from './engine.js';
import type { DecodeOptions, Detection } from './nanodet-decode.js';

export interface WorkerInit {
  modelDir: string;
  /** The folder of tfjs-backend-wasm's .wasm files, ending in a path separator. */
  wasmDir: string;
  decode: Partial<DecodeOptions>;
  /** The module onnxruntime-node is imported from (default its package name): a bundled program names its copy beside it. */
  onnxRuntimeModule?: string;
  /** 'tfjs-wasm' skips onnxruntime (the bench's comparison row). */
  engine?: EngineName;
}

/** Regions one look may ask for: each is one inference (regions.ts picks 4 at most by default). */
export const MAX_LOOK_REGIONS = 8;

export interface DetectTimings {
  /** JPEG decode, letterbox resize and normalisation (of every region). */
  prepareMs: number;
  /** Inference, summed over the regions. */
  inferMs: number;
  /** Boxes from the tensors, and merging the regions' boxes. */
  decodeMs: number;
  /** Regions looked at; absent for a look at the whole picture. */
  regions?: number;
}

export type ToWorker =
  /** `regions` [x, y, w, h] in picture pixels, each looked at on its own; none: the whole picture. */
  | { type: 'detect'; id: number; jpeg: Uint8Array; regions?: Box[] }
  /** Makes the thread throw, as a bug would: tests check that the Detector survives it. */
  | { type: 'crash' }
  /** Ends the thread once the frame it is on is done: onnxruntime-node aborts the process if its thread is terminated mid-run. */
  | { type: 'close' };

export type FromWorker =
  | { type: 'ready'; simd: boolean; loadMs: number; engine: EngineName; fallbackReason: string | null }
  | { type: 'fatal'; code: ErrorCodeName; message: string }
  | { type: 'result'; id: number; detections: Detection[]; timings: DetectTimings }
  | { type: 'failed'; id: number; code: ErrorCodeName; message: string };
