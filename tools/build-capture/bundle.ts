/** One CommonJS file of the capture client, runnable with plain `node` and as a single executable's main script. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';

// .cjs: a .js file would be read as ESM under any package.json with "type": "module", this repository's included.
export const BUNDLE_NAME = 'camrelay-capture.cjs';

const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * Left out of the bundle: loaded with createRequire where used, so only a program run inside the
 * repository finds them (the Windows zip has ffmpeg.exe beside the program instead).
 */
const EXTERNAL = ['node-webcam', '@ffmpeg-installer/ffmpeg'];

/**
 * Optional native speed-ups that `ws` and `debug` try to require in a try/catch. Left as plain
 * requires, a single executable warns on each ("only supports loading built-in modules"), so each
 * becomes a module that throws, as a missing package does.
 */
const ABSENT = ['bufferutil', 'utf-8-validate', 'supports-color'];

const absentModules: Plugin = {
  name: 'absent-modules',
  setup(b) {
    b.onResolve({ filter: new RegExp(`^(${ABSENT.join('|')})$`) }, (args) => ({ path: args.path, namespace: 'absent' }));
    b.onLoad({ filter: /.*/, namespace: 'absent' }, (args) => ({
      contents: `throw Object.assign(new Error("Cannot find module '${args.path}' (not in the capture bundle)"), { code: 'MODULE_NOT_FOUND' });`,
      loader: 'js',
    }));
  },
};

/** Every `import … from 'sharp'` in the client gets the stand-in that loads sharp on its first call. */
const sharpOnDemand: Plugin = {
  name: 'sharp-on-demand',
  setup(b) {
    b.onResolve({ filter: /^sharp$/ }, () => ({ path: path.join(import.meta.dirname, 'shims', 'sharp.ts') }));
  },
};

export interface BundleResult {
  file: string;
  bytes: number;
  version: string;
}

/** Writes `outDir/camrelay-capture.cjs`. */
export async function bundleCaptureClient(outDir: string): Promise<BundleResult> {
  const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const file = path.join(outDir, BUNDLE_NAME);
  const result = await build({
    entryPoints: [path.join(ROOT, 'capture-client', 'main.ts')],
    outfile: file,
    bundle: true,
    platform: 'node',
    // A single executable runs its main script as CommonJS (Node 20 has no ESM entry for it).
    format: 'cjs',
    target: 'node20',
    external: EXTERNAL,
    plugins: [sharpOnDemand, absentModules],
    // The sources use import.meta.url for createRequire and file paths; in CommonJS the file is __filename,
    // which is process.execPath inside a single executable.
    banner: { js: 'const __camrelay_import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
    define: { 'import.meta.url': '__camrelay_import_meta_url', CAMRELAY_BUNDLE_VERSION: JSON.stringify(version) },
    legalComments: 'eof',
    logLevel: 'warning',
    // The detector's import.meta.resolve finds its worker and wasm from the sources; the program gives both (detector-host.ts).
    logOverride: { 'empty-import-meta': 'silent' },
    metafile: true,
  });
  const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
  return { file, bytes, version };
}
