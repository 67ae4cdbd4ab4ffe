/**
 * The native packages the detection worker requires at run time (sharp's native part, onnxruntime-node and the
 * onnxruntime-common it requires), carried in `detect/node_modules` beside each executable for that executable's
 * platform only: taken from the npm registry's tarball at the version package-lock.json pins (its integrity
 * checked), never from this machine's node_modules, which hold the build machine's platform.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { BUNDLED_DETECT } from '../../capture-client/detect/detector-host.js';
import { packFiles, writeWhole } from './npm-pack.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The platforms an executable is built for, as Node names them (`${process.platform}-${process.arch}`). */
export type NativePlatform = 'win32-x64' | 'linux-x64';

/** One registry package and the files of it the worker needs; `{v}` stands for the locked version. */
export interface NativePackage {
  name: string;
  files: readonly string[];
}

/** onnxruntime-node's JavaScript: dist/binding.js requires the binding at bin/napi-v6/<platform>/<arch>/. */
const ORT_DIST = ['package.json', 'README.md', 'dist/index.js', 'dist/backend.js', 'dist/binding.js', 'dist/version.js'];

/**
 * onnxruntime-common's CommonJS build (onnxruntime-node requires it; the worker is CommonJS). Its package.json
 * maps `require` to dist/cjs, whose own package.json says "commonjs"; the ESM build is left out.
 */
const ORT_COMMON: NativePackage = {
  name: 'onnxruntime-common',
  files: [
    'package.json',
    'README.md',
    'dist/cjs/package.json',
    ...[
      'backend-impl',
      'backend',
      'env-impl',
      'env',
      'index',
      'inference-session-impl',
      'inference-session',
      'onnx-model',
      'onnx-value',
      'tensor-conversion-impl',
      'tensor-conversion',
      'tensor-factory-impl',
      'tensor-factory',
      'tensor-impl-type-mapping',
      'tensor-impl',
      'tensor-utils-impl',
      'tensor-utils',
      'tensor',
      'trace',
      'type-helper',
      'version',
    ].map((m) => `dist/cjs/${m}.js`),
  ],
};

/**
 * Per platform, as the locked versions lay them out (a version that names its files otherwise fails the build,
 * naming the file). On Windows the binding imports onnxruntime.dll alone of the package's DLLs: DirectML.dll is
 * delay-loaded for the DirectML provider, dxcompiler.dll and dxil.dll loaded by the WebGPU one, and the worker
 * asks for neither (CPU), so those 38 MB, under other licences than MIT, stay out.
 */
export const NATIVE_PACKAGES: Record<NativePlatform, readonly NativePackage[]> = {
  'win32-x64': [
    {
      name: '@img/sharp-win32-x64',
      files: ['package.json', 'index.cjs', 'versions.json', 'LICENSE', 'lib/sharp-win32-x64-{v}.node', 'lib/libvips-42.dll', 'lib/libvips-cpp-8.18.7.dll'],
    },
    { name: 'onnxruntime-node', files: [...ORT_DIST, 'bin/napi-v6/win32/x64/onnxruntime_binding.node', 'bin/napi-v6/win32/x64/onnxruntime.dll'] },
    ORT_COMMON,
  ],
  'linux-x64': [
    { name: '@img/sharp-linux-x64', files: ['package.json', 'index.cjs', 'LICENSE', 'lib/sharp-linux-x64-{v}.node'] },
    // sharp-linux-x64's .node finds libvips through its rpath, ../../sharp-libvips-linux-x64/lib.
    { name: '@img/sharp-libvips-linux-x64', files: ['package.json', 'README.md', 'versions.json', 'lib/index.js', 'lib/libvips-cpp.so.8.18.7'] },
    { name: 'onnxruntime-node', files: [...ORT_DIST, 'bin/napi-v6/linux/x64/onnxruntime_binding.node', 'bin/napi-v6/linux/x64/libonnxruntime.so.1'] },
    ORT_COMMON,
  ],
};

/**
 * ONNX Runtime's licence (MIT), which its npm tarballs do not hold: the text of the LICENSE file in
 * github.com/microsoft/onnxruntime, kept here and written beside the package as its LICENSE.
 */
const ORT_LICENSE = { file: 'LICENSE-onnxruntime.txt', writtenAs: 'onnxruntime-node/LICENSE' } as const;

/** The version and integrity package-lock.json pins for `name`. */
export function lockedPackage(name: string): { name: string; version: string; integrity: string } {
  const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { version?: string; integrity?: string }>;
  };
  const entry = lock.packages[`node_modules/${name}`];
  if (!entry?.version || !entry.integrity) throw new Error(`package-lock.json has no ${name}: the detection worker needs it beside the program.`);
  return { name, version: entry.version, integrity: entry.integrity };
}

/** Writes `platform`'s native packages under `dir/detect/node_modules`, each cached in `cacheDir`; their files, relative to `dir`. */
export async function writeNativePackages(dir: string, cacheDir: string, platform: NativePlatform): Promise<string[]> {
  const modules = path.join(dir, BUNDLED_DETECT.dir, 'node_modules');
  const written: string[] = [];
  for (const pkg of NATIVE_PACKAGES[platform]) {
    const locked = lockedPackage(pkg.name);
    const files = pkg.files.map((f) => f.replace('{v}', locked.version));
    const cached = path.join(cacheDir, `${pkg.name.replace('/', '+')}@${locked.version}`);
    if (!files.every((f) => existsSync(path.join(cached, f))))
      for (const [f, bytes] of await packFiles(locked, files, cacheDir)) writeWhole(path.join(cached, f), bytes);
    for (const f of files) {
      const target = path.join(modules, ...pkg.name.split('/'), ...f.split('/'));
      mkdirSync(path.dirname(target), { recursive: true });
      copyFileSync(path.join(cached, f), target);
      written.push(path.relative(dir, target));
    }
  }
  const licence = path.join(modules, ...ORT_LICENSE.writtenAs.split('/'));
  copyFileSync(path.join(import.meta.dirname, ORT_LICENSE.file), licence);
  written.push(path.relative(dir, licence));
  return written;
}
