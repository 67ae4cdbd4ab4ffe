/**
 * What runs NanoDet inside a detection worker: onnxruntime-node on nanodet.onnx, or tfjs-wasm on the
 * TF.js graph when the native library will not load or the ONNX file is missing (docs/detection.md).
 */
import type { RawOutput } from './nanodet-decode.js';

/** The engine's name as the Admin and `/metrics` show it. */
export type EngineName = 'onnxruntime' | 'tfjs-wasm';

export interface InferenceEngine {
  readonly name: EngineName;
  /** NanoDet's six output tensors for one [1, 3, 416, 416] input. */
  run(input: Float32Array): Promise<RawOutput[]>;
}

/** The engine a worker runs, and why it is not onnxruntime when it is not. */
export interface EngineInfo {
  engine: EngineName;
  /** One sentence, or null when onnxruntime runs. */
  fallbackReason: string | null;
}
