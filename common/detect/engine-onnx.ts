/**
 * NanoDet on onnxruntime-node: nanodet.onnx (converted by npm run detect:model) in one session with one
 * intra-op thread, the sequential executor and every graph optimisation, the settings that gave 34-40 ms
 * of CPU per inference against tfjs-wasm's 200-246 (two threads cost 71 ms on a 2-core box).
 */
import type { InferenceSession } from 'onnxruntime-node';
import { INPUT_SIZE, type RawOutput } from './nanodet-decode.js';
import type { InferenceEngine } from './engine.js';

/** The part of onnxruntime-node the engine uses; tests hand in a loader that fails. */
export type OnnxRuntime = Pick<typeof import('onnxruntime-node'), 'InferenceSession' | 'Tensor'>;

export const SESSION_OPTIONS: InferenceSession.SessionOptions = {
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
};

/** One session on `onnxFile`; throws what onnxruntime throws when the file or the library is bad. */
export async function loadOnnxEngine(onnxFile: string, ort: OnnxRuntime): Promise<InferenceEngine> {
  const session = await ort.InferenceSession.create(onnxFile, SESSION_OPTIONS);
  const inputName = session.inputNames[0]!;
  return {
    name: 'onnxruntime',
    async run(input: Float32Array): Promise<RawOutput[]> {
      const results = await session.run({ [inputName]: new ort.Tensor('float32', input, [1, 3, INPUT_SIZE, INPUT_SIZE]) });
      return session.outputNames.map((name) => {
        const t = results[name]!;
        return { shape: t.dims.map(Number), data: t.data as Float32Array };
      });
    },
  };
}
