/**
 * What `--detect` needs beside the one-file program (#39), laid out as capture-client/detect/detector-host.ts
 * looks for it: the detection worker as a script of its own (a worker thread runs a file; the executable's
 * embedded script cannot be one), tfjs's .wasm files, the NanoDet model with its licences and NOTICE, and on
 * Windows sharp's prebuilt native module (the worker decodes JPEGs with it), from the npm registry at build time.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';
import { BUNDLED_DETECT } from '../../capture-client/detect/detector-host.js';
import { fetchModel } from '../detect-model/fetch-model.js';
import { packFiles, writeWhole } from './npm-pack.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);

/** The .wasm builds the worker may load: SIMD, or plain where the CPU has none (the threaded one does not start in Node). */
const WASM = ['tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm.wasm'];

/**
 * sharp's native part for Windows x64 (its libvips DLLs inside): the files of the package the worker's sharp requires,
 * as @img/sharp-win32-x64 0.35.5 lays them out (a version that names its DLLs otherwise fails the build, naming the file).
 */
const SHARP_WIN = {
  name: '@img/sharp-win32-x64',
  files: ['package.json', 'index.cjs', 'versions.json', 'LICENSE', 'lib/sharp-win32-x64-{v}.node', 'lib/libvips-42.dll', 'lib/libvips-cpp-8.18.7.dll'],
};

/** A file written under `dir`, by its path relative to `dir` (what goes into the zip under the same name). */
export type DetectFile = string;

function lockedVersion(name: string): string {
  const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
  const version = lock.packages[`node_modules/${name}`]?.version;
  if (!version) throw new Error(`package-lock.json has no ${name}: the detection worker's sharp needs it.`);
  return version;
}

/**
 * Writes the worker (sharp's JavaScript inside it; its native part, `@img/*`, required at run time from
 * `detect/node_modules`, or from the repository's when built there), the .wasm files and the model under `dir`.
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
    // onnxruntime-node is not carried beside the program yet (#57 item 7): its import fails and the worker runs tfjs-wasm, saying why.
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

/** Writes sharp's Windows x64 native package under `dir/detect/node_modules`, cached in `cacheDir`; its files, relative to `dir`. */
export async function writeWindowsSharp(dir: string, cacheDir: string): Promise<DetectFile[]> {
  const version = lockedVersion(SHARP_WIN.name);
  const files = SHARP_WIN.files.map((f) => f.replace('{v}', version));
  const cached = path.join(cacheDir, `${SHARP_WIN.name.replace('/', '+')}@${version}`);
  if (!files.every((f) => existsSync(path.join(cached, f))))
    for (const [f, bytes] of await packFiles({ name: SHARP_WIN.name, version }, files, cacheDir)) writeWhole(path.join(cached, f), bytes);
  const to = path.join(dir, BUNDLED_DETECT.dir, 'node_modules', ...SHARP_WIN.name.split('/'));
  return files.map((f) => {
    const target = path.join(to, f);
    mkdirSync(path.dirname(target), { recursive: true });
    copyFileSync(path.join(cached, f), target);
    return path.relative(dir, target);
  });
}
