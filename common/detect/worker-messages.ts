/** The messages between a Detector and its worker thread. */
import type { ErrorCodeName } from '../../shared/errors.js';
import type { DecodeOptions, Detection } from './nanodet-decode.js';

export interface WorkerInit {
  modelDir: string;
  /** The folder of tfjs-backend-wasm's .wasm files, ending in a path separator. */
  wasmDir: string;
  decode: Partial<DecodeOptions>;
}

export interface DetectTimings {
  /** JPEG decode, letterbox resize and normalisation. */
  prepareMs: number;
  inferMs: number;
  decodeMs: number;
}

export type ToWorker =
  | { type: 'detect'; id: number; jpeg: Uint8Array }
  /** Makes the thread throw, as a bug would: tests check that the Detector survives it. */
  | { type: 'crash' };

export type FromWorker =
  | { type: 'ready'; simd: boolean; loadMs: number }
  | { type: 'fatal'; code: ErrorCodeName; message: string }
  | { type: 'result'; id: number; detections: Detection[]; timings: DetectTimings }
  | { type: 'failed'; id: number; code: ErrorCodeName; message: string };
