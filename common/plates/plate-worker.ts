/**
 * The plate reader (plate-reader.ts) in a worker thread of its own: onnxruntime-node's run holds the
 * thread it is called on (a read held the relay's event loop for 63 ms, measured), so the relay's
 * frames must not wait behind it. The parent (PlateThread) sends one vehicle's picture at a time.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CamrelayError } from '../../shared/errors.js';
import type { OnnxRuntime } from '../detect/engine-onnx.js';
import { ocrModelFiles } from './ocr-models.js';
import type { FromPlateWorker, PlateWorkerInit, ToPlateWorker } from './plate-messages.js';
import { loadPlateReader } from './plate-reader.js';

const port = parentPort!;
const init = (workerData ?? {}) as PlateWorkerInit;
const post = (message: FromPlateWorker) => port.postMessage(message);

async function main(): Promise<void> {
  const started = performance.now();
  const files = await ocrModelFiles();
  if (!files.ok) throw files.error;
  const ort = (await import(init.onnxRuntimeModule ?? 'onnxruntime-node')) as OnnxRuntime;
  const reader = await loadPlateReader(files.value, ort);
  post({ type: 'ready', loadMs: performance.now() - started });
  let busy: Promise<void> = Promise.resolve();
  port.on('message', (message: ToPlateWorker) => {
    // In a worker, process.exit ends this thread only; after the read, so no native callback outlives it.
    if (message.type === 'close') return void busy.finally(() => process.exit(0));
    busy = reader.read(message.jpeg, message.crop).then(
      ({ reading, timings }) => post({ type: 'result', id: message.id, reading, timings }),
      (error: unknown) => post({ type: 'failed', id: message.id, message: error instanceof Error ? error.message : String(error) }),
    );
  });
}

main().catch((error: unknown) => {
  const code = error instanceof CamrelayError ? error.code : 'PLATE_READ_FAILED';
  post({ type: 'fatal', code, message: error instanceof Error ? error.message : String(error) });
  process.exitCode = 1;
});
