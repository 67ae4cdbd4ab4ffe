/** The messages between a ModelThread and its worker (serve-model.ts), whatever the model reads. */
import type { ErrorCodeName } from '../../shared/errors.js';

export interface ModelWorkerInit {
  /** The module onnxruntime-node is imported from (default its package name). */
  onnxRuntimeModule?: string;
}

export type ToModelWorker<In> =
  | { type: 'run'; id: number; input: In }
  /** Ends the thread once the run it is on is done: onnxruntime-node aborts the process if its thread is terminated mid-run. */
  | { type: 'close' };

export type FromModelWorker<Out> =
  | { type: 'ready'; loadMs: number }
  | { type: 'fatal'; code: ErrorCodeName; message: string }
  | { type: 'result'; id: number; output: Out }
  | { type: 'failed'; id: number; message: string };
