/**
 * One NanoDet model in one worker thread, on the engine pickEngine chose (onnxruntime-node, else
 * tfjs-wasm with the reason). The parent (Detector) sends JPEG frames one at a time, each to be looked
 * at whole or at its regions (regions.ts), and gets boxes back in the picture's pixels; a failure it
 * cannot recover from is reported as 'fatal' and the thread ends.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CamrelayError, type ErrorCodeName } from '../../shared/errors.js';
import type { Box } from './boxes.js';
import { DECODE_DEFAULTS, decodeNanodet, type Detection } from './nanodet-decode.js';
import type { InferenceEngine } from './engine.js';
import { pickEngine } from './pick-engine.js';
import { clipRegion, decodePicture, prepareInput, prepareRegion } from './prepare-input.js';
import { mergeDetections, shiftDetections } from './regions.js';
import type { FromWorker, ToWorker, WorkerInit } from './worker-messages.js';

const port = parentPort!;
const init = workerData as WorkerInit;
const post = (message: FromWorker) => port.postMessage(message);

type DetectMessage = Extract<ToWorker, { type: 'detect' }>;

async function detect(engine: InferenceEngine, message: DetectMessage): Promise<FromWorker> {
  return message.regions?.length ? detectRegions(engine, message, message.regions) : detectWhole(engine, message);
}

/** The whole picture scaled to the model's input: sharp shrinks it while decoding, the cheapest look. */
async function detectWhole(engine: InferenceEngine, message: DetectMessage): Promise<FromWorker> {
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

/** The JPEG decoded once, the model run on each region, the boxes brought back to the picture and merged. */
async function detectRegions(engine: InferenceEngine, message: DetectMessage, regions: readonly Box[]): Promise<FromWorker> {
  const failed = (error: { code: ErrorCodeName; message: string }): FromWorker => ({
    type: 'failed',
    id: message.id,
    code: error.code,
    message: error.message,
  });
  const timings = { prepareMs: 0, inferMs: 0, decodeMs: 0, regions: 0 };
  let t = performance.now();
  const lap = (key: 'prepareMs' | 'inferMs' | 'decodeMs') => {
    const now = performance.now();
    timings[key] += now - t;
    t = now;
  };
  const picture = await decodePicture(message.jpeg);
  if (!picture.ok) return failed(picture.error);
  lap('prepareMs');
  const found: Detection[] = [];
  for (const asked of regions) {
    const region = clipRegion(asked, picture.value.width, picture.value.height);
    if (!region) {
      const size = `${picture.value.width}×${picture.value.height}`;
      return failed({ code: 'DETECT_BAD_REGION', message: `The region [${asked.join(', ')}] is outside the ${size} picture.` });
    }
    const prepared = await prepareRegion(picture.value, region);
    if (!prepared.ok) return failed(prepared.error);
    lap('prepareMs');
    const outputs = await engine.run(prepared.value.data);
    lap('inferMs');
    const decoded = decodeNanodet(outputs, prepared.value.lb, init.decode);
    if (!decoded.ok) return failed(decoded.error);
    found.push(...shiftDetections(decoded.value, region));
    timings.regions++;
    lap('decodeMs');
  }
  const { iou, maxDetections } = { ...DECODE_DEFAULTS, ...init.decode };
  const detections = mergeDetections(found, iou).slice(0, maxDetections);
  lap('decodeMs');
  return { type: 'result', id: message.id, detections, timings };
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
