/**
 * One NanoDet model in one worker thread: tfjs on its wasm backend, SIMD, one thread (the threaded
 * build makes its own worker from a blob: URL, which Node does not run). The parent (Detector) sends
 * JPEG frames one at a time and gets boxes back; a failure it cannot recover from is reported as
 * 'fatal' and the thread ends.
 */
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { CamrelayError } from '../../shared/errors.js';
import { checkModel } from './model-files.js';
import { decodeNanodet, INPUT_SIZE, type RawOutput } from './nanodet-decode.js';
import { prepareInput } from './prepare-input.js';
import type { FromWorker, ToWorker, WorkerInit } from './worker-messages.js';

const port = parentPort!;
const init = workerData as WorkerInit;
const post = (message: FromWorker) => port.postMessage(message);

async function load(): Promise<GraphModel> {
  const checked = checkModel(init.modelDir);
  if (!checked.ok) throw checked.error;
  // A path, not a URL: in Node the wasm backend reads its .wasm files with fs from this prefix.
  setWasmPaths(init.wasmDir);
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (!(await tf.setBackend('wasm'))) throw new CamrelayError('DETECT_FAILED', 'The wasm backend of TensorFlow.js did not start.');
  let graph: { modelTopology: object; weightsManifest: { weights: object[] }[]; format: string; generatedBy: string; convertedBy: string; signature: object };
  try {
    graph = JSON.parse(readFileSync(checked.value.graph, 'utf8')) as typeof graph;
  } catch (error) {
    throw new CamrelayError('DETECT_MODEL_CORRUPT', `${checked.value.graph} is not JSON: ${(error as Error).message}`);
  }
  const bin = readFileSync(checked.value.weights);
  return loadGraphModel({
    load: () =>
      Promise.resolve({
        modelTopology: graph.modelTopology,
        weightSpecs: graph.weightsManifest.flatMap((m) => m.weights) as never,
        weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
        format: graph.format,
        generatedBy: graph.generatedBy,
        convertedBy: graph.convertedBy,
        signature: graph.signature,
      }),
  });
}

async function detect(model: GraphModel, message: Extract<ToWorker, { type: 'detect' }>): Promise<FromWorker> {
  const t0 = performance.now();
  const prepared = await prepareInput(message.jpeg);
  if (!prepared.ok) return { type: 'failed', id: message.id, code: prepared.error.code, message: prepared.error.message };
  const t1 = performance.now();
  const input = tf.tensor4d(prepared.value.data, [1, 3, INPUT_SIZE, INPUT_SIZE]);
  const tensors = model.execute(input) as tf.Tensor[];
  let outputs: RawOutput[];
  try {
    outputs = await Promise.all(tensors.map(async (t) => ({ shape: t.shape, data: (await t.data()) as Float32Array })));
  } finally {
    tf.dispose([input, ...tensors]);
  }
  const t2 = performance.now();
  const decoded = decodeNanodet(outputs, prepared.value.lb, init.decode);
  if (!decoded.ok) return { type: 'failed', id: message.id, code: decoded.error.code, message: decoded.error.message };
  const t3 = performance.now();
  return { type: 'result', id: message.id, detections: decoded.value, timings: { prepareMs: t1 - t0, inferMs: t2 - t1, decodeMs: t3 - t2 } };
}

async function main(): Promise<void> {
  const started = performance.now();
  const model = await load();
  // The first run compiles and allocates (0.3-0.5 s): pay it now, not on the first frame with motion.
  tf.dispose(model.execute(tf.zeros([1, 3, INPUT_SIZE, INPUT_SIZE])) as tf.Tensor[]);
  post({ type: 'ready', simd: (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true, loadMs: performance.now() - started });
  // One frame at a time: the parent sends the next only after this one's answer.
  port.on('message', (message: ToWorker) => {
    if (message.type === 'crash') throw new Error('crash asked for by a test');
    detect(model, message).then(post, (error: unknown) =>
      post({ type: 'failed', id: message.id, code: 'DETECT_FAILED', message: error instanceof Error ? error.message : String(error) }),
    );
  });
}

main().catch((error: unknown) => {
  const code = error instanceof CamrelayError ? error.code : 'DETECT_FAILED';
  post({ type: 'fatal', code, message: error instanceof Error ? error.message : String(error) });
  // No process.exit(): it could end the thread before that message is sent. The thread has nothing left
  // to run and ends by itself; the parent also terminates it on 'fatal'.
  process.exitCode = 1;
});
