/** The messages between a Detector and its worker thread. */
import type { ErrorCodeName } from '../../shared/errors.js';
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

export interface DetectTimings {
  /** JPEG decode, letterbox resize and normalisation. */
  prepareMs: number;
  inferMs: number;
  decodeMs: number;
}

export type ToWorker =
  | { type: 'detect'; id: number; jpeg: Uint8Array }
  /** Makes the thread throw, as a bug would: tests check that the Detector survives it. */
  | { type: 'crash' }
  /** Ends the thread once the frame it is on is done: onnxruntime-node aborts the process if its thread is terminated mid-run. */
  | { type: 'close' };

export type FromWorker =
  | { type: 'ready'; simd: boolean; loadMs: number; engine: EngineName; fallbackReason: string | null }
  | { type: 'fatal'; code: ErrorCodeName; message: string }
  | { type: 'result'; id: number; detections: Detection[]; timings: DetectTimings }
  | { type: 'failed'; id: number; code: ErrorCodeName; message: string };
