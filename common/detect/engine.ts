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

/**
 * On Windows, what to do when onnxruntime-node's library did not load: its binding and onnxruntime.dll import the
 * Visual C++ runtime (MSVCP140.dll and others), which Windows lacks until a program installs the Redistributable, and
 * node.exe does not carry (the fallback's reason then is Windows' bare "The specified module could not be found").
 * Empty elsewhere, and after any other reason. Said by the capture program's ready line and the relay's Admin alike.
 */
export function nativeRuntimeHint(fallbackReason: string | null, platform: NodeJS.Platform = process.platform): string {
  if (platform !== 'win32' || fallbackReason === null || !fallbackReason.startsWith('onnxruntime-node did not load')) return '';
  return 'onnxruntime-node, five times cheaper, needs the Microsoft Visual C++ Redistributable (x64) on this PC: install it and start the program again.';
}

/** A fallback's reason as the relay's Admin shows it: with what to install, when it is Windows' missing Visual C++ runtime. */
export function withNativeRuntimeHint(reason: string | null, platform: NodeJS.Platform = process.platform): string | null {
  const hint = nativeRuntimeHint(reason, platform);
  return reason && hint ? `${reason} ${hint}` : reason;
}
