/**
 * What `--detect` needs beside the one-file program (#39), laid out as capture-client/detect/detector-host.ts
 * looks for it: the detection worker as a script of its own (a worker thread runs a file; the executable's
 * embedded script cannot be one), tfjs's .wasm files, and the NanoDet model with its licences and NOTICE; the native
 * packages it requires, per executable's platform, are native-packages.ts's.
 */
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';
import { BUNDLED_DETECT } from '../../capture-client/detect/detector-host.js';
import { fetchModel } from '../detect-model/fetch-model.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);

/** The .wasm builds the worker may load: SIMD, or plain where the CPU has none (the threaded one does not start in Node). */
const WASM = ['tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm.wasm'];

/** A file written under `dir`, by its path relative to `dir` (what goes into the zip under the same name). */
export type DetectFile = string;

/**
 * Writes the worker (sharp's JavaScript inside it; sharp's native part, `@img/*`, and onnxruntime-node required at
 * run time from `detect/node_modules` beside it, or from the repository's when built there), the .wasm files and the model under `dir`.
 */
export async function writeDetectFiles(dir: string): Promise<DetectFile[]> {
  const written: DetectFile[] = [];
  const detect = path.join(dir, BUNDLED_DETECT.dir);
  const worker = path.join(detect, BUNDLED_DETECT.worker);
  await build({
    entryPoints: [path.join(ROOT, 'common', 'detect', 'detect-worker.ts')],
    outfile: worker,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // sharp's native parts stay out (required from detect/node_modules at run time); its JavaScript (@img/colour too) goes in.
    // onnxruntime-node stays a package: its binding.js requires the binding by a path relative to itself. Where the
    // folder lacks it, the import fails and the worker runs tfjs-wasm, saying why.
    external: ['@img/sharp-*', 'onnxruntime-node'],
    banner: { js: 'const __camrelay_import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
    define: { 'import.meta.url': '__camrelay_import_meta_url' },
    legalComments: 'eof',
    logLevel: 'error',
  });
  written.push(path.relative(dir, worker));
  const wasmFrom = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
  mkdirSync(path.join(detect, BUNDLED_DETECT.wasm), { recursive: true });
  for (const file of WASM) {
    const to = path.join(detect, BUNDLED_DETECT.wasm, file);
    copyFileSync(path.join(wasmFrom, file), to);
    written.push(path.relative(dir, to));
  }
  // The repository's checked copy (npm run detect:model's own module: fetched once, SHA-256 checked).
  const model = await fetchModel();
  const models = path.join(dir, BUNDLED_DETECT.models);
  mkdirSync(models, { recursive: true });
  for (const file of readdirSync(model.dir)) {
    copyFileSync(path.join(model.dir, file), path.join(models, file));
    written.push(path.join(BUNDLED_DETECT.models, file));
  }
  return written;
}
