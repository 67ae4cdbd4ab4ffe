/**
 * One NanoDet model in one worker thread, on the engine pickEngine chose (onnxruntime-node, else
 * tfjs-wasm with the reason). The parent (Detector) sends JPEG frames one at a time and gets boxes
 * back; a failure it cannot recover from is reported as 'fatal' and the thread ends.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CamrelayError } from '../../shared/errors.js';
import { decodeNanodet } from './nanodet-decode.js';
import type { InferenceEngine } from './engine.js';
import { pickEngine } from './pick-engine.js';
import { prepareInput } from './prepare-input.js';
import type { FromWorker, ToWorker, WorkerInit } from './worker-messages.js';

const port = parentPort!;
const init = workerData as WorkerInit;
const post = (message: FromWorker) => port.postMessage(message);

async function detect(engine: InferenceEngine, message: Extract<ToWorker, { type: 'detect' }>): Promise<FromWorker> {
  const t0 = performance.now();
  const prepared = await prepareInput(message.jpeg);
  if (!prepared.ok) return { type: 'failed', id: message.id, code: prepared.error.code, message: prepared.error.message };
  const t1 = performance.now();
  const outputs = await engine.run(prepared.value.data);
  const t2 = performance.now();
  const decoded = decodeNanodet(outputs, prepared.value.lb, init.decode);
  if (!decoded.ok) return { type: 'failed', id: message.id, code: decoded.error.code, message: decoded.error.message };
  const t3 = performance.now();
  return { type: 'result', id: message.id, detections: decoded.value, timings: { prepareMs: t1 - t0, inferMs: t2 - t1, decodeMs: t3 - t2 } };
}

async function main(): Promise<void> {
  const started = performance.now();
  const picked = await pickEngine({
    modelDir: init.modelDir,
    wasmDir: init.wasmDir,
    ...(init.engine ? { engine: init.engine } : {}),
    ...(init.onnxRuntimeModule ? { loadOnnxRuntime: () => import(init.onnxRuntimeModule!) as never } : {}),
  });
  post({
    type: 'ready',
    simd: picked.simd === true,
    loadMs: performance.now() - started,
    engine: picked.engine,
    fallbackReason: picked.fallbackReason,
  });
  let busy: Promise<void> = Promise.resolve();
  // One frame at a time: the parent sends the next only after this one's answer.
  port.on('message', (message: ToWorker) => {
    if (message.type === 'crash') throw new Error('crash asked for by a test');
    // In a worker, process.exit ends this thread only; after the run, so no native callback outlives it.
    if (message.type === 'close') return void busy.finally(() => process.exit(0));
    busy = detect(picked.runner, message).then(post, (error: unknown) =>
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
