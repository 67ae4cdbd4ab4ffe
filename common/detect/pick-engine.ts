/**
 * Which engine a detection worker runs: onnxruntime-node on nanodet.onnx when both load, else tfjs-wasm
 * on the TF.js graph, with the reason in one sentence. Only a missing or corrupt TF.js model fails the
 * worker, since then neither engine can run.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { CamrelayError } from '../../shared/errors.js';
import { checkModel, checkOnnx } from './model-files.js';
import { INPUT_SIZE } from './nanodet-decode.js';
import { loadOnnxEngine, type OnnxRuntime } from './engine-onnx.js';
import { loadTfjsEngine } from './engine-tfjs.js';
import type { EngineInfo, EngineName, InferenceEngine } from './engine.js';

export interface PickOptions {
  modelDir: string;
  /** tfjs-backend-wasm's .wasm folder, ending in a path separator. */
  wasmDir: string;
  /** 'tfjs-wasm' runs it without trying onnxruntime (the bench's row beside it); default: onnxruntime first. */
  engine?: EngineName;
  /** Loads the native library (default: import('onnxruntime-node')); tests hand in one that throws. */
  loadOnnxRuntime?: () => Promise<OnnxRuntime>;
}

export interface PickedEngine extends EngineInfo {
  runner: InferenceEngine;
  /** Whether tfjs-wasm runs with SIMD; null when onnxruntime runs. */
  simd: boolean | null;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 300);

async function tryOnnx(options: PickOptions): Promise<InferenceEngine | string> {
  const onnx = checkOnnx(options.modelDir);
  if (!onnx.ok) return onnx.error.message;
  let ort: OnnxRuntime;
  try {
    ort = await (options.loadOnnxRuntime ?? (() => import('onnxruntime-node')))();
  } catch (error) {
    return `onnxruntime-node did not load: ${message(error)}`;
  }
  try {
    const engine = await loadOnnxEngine(onnx.value, ort);
    // The first run allocates its buffers: pay it now, not on the first frame with motion.
    await engine.run(new Float32Array(3 * INPUT_SIZE * INPUT_SIZE));
    return engine;
  } catch (error) {
    return `onnxruntime-node could not run ${onnx.value}: ${message(error)}`;
  }
}

/** tfjs-backend-wasm's files, which a bundled program ships beside itself. */
const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm'];

/** The engine to run; throws the TF.js model's CamrelayError when neither engine can start. */
export async function pickEngine(options: PickOptions): Promise<PickedEngine> {
  // The fallback is checked even when onnxruntime runs: a program shipped without it is found out now,
  // not on the day the native library fails to load.
  const absent = WASM_FILES.filter((f) => !existsSync(path.join(options.wasmDir, f)));
  if (absent.length) throw new CamrelayError('DETECT_FAILED', `The tfjs-wasm fallback cannot start: ${absent.join(' and ')} not in ${options.wasmDir}.`);
  const onnx = options.engine === 'tfjs-wasm' ? 'tfjs-wasm was asked for.' : await tryOnnx(options);
  if (typeof onnx !== 'string') return { runner: onnx, engine: 'onnxruntime', fallbackReason: null, simd: null };
  const checked = checkModel(options.modelDir);
  if (!checked.ok) throw checked.error;
  const tfjs = await loadTfjsEngine(checked.value, options.wasmDir);
  return { runner: tfjs, engine: 'tfjs-wasm', fallbackReason: onnx, simd: tfjs.simd };
}
