/** The messages between a PlateThread and its worker (plate-worker.ts). */
import type { ErrorCodeName } from '../../shared/errors.js';
import type { Box } from '../detect/boxes.js';
import type { PlateReading, PlateTimings } from './plate-reader.js';

export interface PlateWorkerInit {
  /** The module onnxruntime-node is imported from (default its package name). */
  onnxRuntimeModule?: string;
}

export type ToPlateWorker =
  /** `crop`: the vehicle's box on the picture, [x, y, w, h] in its pixels. */
  | { type: 'read'; id: number; jpeg: Uint8Array; crop: Box }
  /** Ends the thread once the read it is on is done: onnxruntime-node aborts the process if its thread is terminated mid-run. */
  | { type: 'close' };

export type FromPlateWorker =
  | { type: 'ready'; loadMs: number }
  | { type: 'fatal'; code: ErrorCodeName; message: string }
  | { type: 'result'; id: number; reading: PlateReading | null; timings: PlateTimings }
  | { type: 'failed'; id: number; message: string };
