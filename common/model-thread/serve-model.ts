/**
 * The worker side of a ModelThread: loads its model once, then runs one input at a time as the parent
 * sends them. onnxruntime-node's run holds the thread it is called on (a plate read held the relay's
 * event loop for 63 ms, measured), so the relay's frames must not wait behind a model: each reader of
 * objects (plates, faces) runs in a thread of its own. A model that cannot load is reported as 'fatal'.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CamrelayError, type ErrorCodeName } from '../../shared/errors.js';
import type { OnnxRuntime } from '../detect/engine-onnx.js';
import type { FromModelWorker, ModelWorkerInit, ToModelWorker } from './messages.js';

export type ModelRun<In, Out> = (input: In) => Promise<Out>;

/** Serves `load`'s model on this worker's port; `failed` is the code of a load that fails without a CamrelayError. */
export function serveModel<In, Out>(load: (ort: OnnxRuntime) => Promise<ModelRun<In, Out>>, failed: ErrorCodeName): void {
  const port = parentPort!;
  const init = (workerData ?? {}) as ModelWorkerInit;
  const post = (message: FromModelWorker<Out>) => port.postMessage(message);
  const main = async () => {
    const started = performance.now();
    const ort = (await import(init.onnxRuntimeModule ?? 'onnxruntime-node')) as OnnxRuntime;
    const run = await load(ort);
    post({ type: 'ready', loadMs: performance.now() - started });
    let busy: Promise<void> = Promise.resolve();
    port.on('message', (message: ToModelWorker<In>) => {
      // In a worker, process.exit ends this thread only; after the run, so no native callback outlives it.
      if (message.type === 'close') return void busy.finally(() => process.exit(0));
      busy = run(message.input).then(
        (output) => post({ type: 'result', id: message.id, output }),
        (error: unknown) => post({ type: 'failed', id: message.id, message: error instanceof Error ? error.message : String(error) }),
      );
    });
  };
  main().catch((error: unknown) => {
    const code = error instanceof CamrelayError ? error.code : failed;
    post({ type: 'fatal', code, message: error instanceof Error ? error.message : String(error) });
    process.exitCode = 1;
  });
}
