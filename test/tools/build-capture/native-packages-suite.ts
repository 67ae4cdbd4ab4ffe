/**
 * What tools/build-capture/native-packages.ts put beside each executable, checked on the build that
 * build.test.ts makes (one build for both: it takes a minute and more): every carried file byte for byte
 * the npm registry's, from tarballs packed here on their own at the versions package-lock.json pins; each
 * platform's binaries only; on Windows every DLL the binding loads carried or Windows' own (it cannot run
 * here); on Linux the bundled worker, run from a copy of the folder, on onnxruntime-node, finding the person.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Detector } from '../../../common/detect/detector.js';
import { sha256 } from '../../../common/detect/model-files.js';
import { packFiles } from '../../../tools/build-capture/npm-pack.js';
import { readPeImports } from '../../../tools/build-capture/pe.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version: string; integrity: string }> };
const ORT = ['onnxruntime-node', 'onnxruntime-common'];

/** Every file under `dir`, relative to it with forward slashes. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

/** Each package under `modules`, as `name` → its folder (scoped ones, @img/…, one level down). */
function packagesIn(modules: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const entry of readdirSync(modules))
    if (entry.startsWith('@')) for (const pkg of readdirSync(path.join(modules, entry))) found.set(`${entry}/${pkg}`, path.join(modules, entry, pkg));
    else found.set(entry, path.join(modules, entry));
  return found;
}

/** Runs the worker of a `detect/` + `models/nanodet/` folder as the program does, on the photo with a person. */
async function detectFrom(dir: string): Promise<{ engine: string; fallbackReason: string | null; person: boolean }> {
  const detector = new Detector({
    modelDir: path.join(dir, 'models', 'nanodet'),
    workerFile: pathToFileURL(path.join(dir, 'detect', 'detect-worker.cjs')),
    wasmDir: path.join(dir, 'detect', 'wasm') + path.sep,
    log: () => {},
  });
  try {
    const started = await detector.start();
    const outcome = await detector.detect(readFileSync(path.join(ROOT, 'test', 'fixtures', 'detect', 'dog-human.jpg')));
    const person = 'detections' in outcome && outcome.detections.some((d) => d.label === 'person' && d.score >= 0.45);
    return { engine: started.engine, fallbackReason: started.fallbackReason, person };
  } finally {
    await detector.close();
  }
}

/** Registers the checks on `out()`, the build's output folder (filled by the caller's beforeAll). */
export function nativePackagesSuite(out: () => string): void {
  describe('the native packages beside each executable (native-packages.ts)', () => {
    /** The registry's tarballs, packed here with npm's own client, unpacked by tar: name → folder of its files. */
    const registry = new Map<string, string>();
    let work: string;
    beforeAll(() => {
      work = mkdtempSync(path.join(tmpdir(), 'camrelay-native-'));
      const names = new Set([
        ...packagesIn(path.join(out(), 'win-x64', 'detect', 'node_modules')).keys(),
        ...packagesIn(path.join(out(), 'linux-x64', 'detect', 'node_modules')).keys(),
      ]);
      for (const name of names) {
        const { version, integrity } = lock.packages[`node_modules/${name}`]!;
        const into = path.join(work, name.replace('/', '+'));
        mkdirSync(into);
        const tgz = execFileSync('npm', ['pack', `${name}@${version}`, '--silent'], { cwd: into, encoding: 'utf8' }).trim();
        // The very tarball the lock pins.
        expect(
          `sha512-${createHash('sha512')
            .update(readFileSync(path.join(into, tgz)))
            .digest('base64')}`,
          name,
        ).toBe(integrity);
        execFileSync('tar', ['-xzf', tgz], { cwd: into });
        registry.set(name, path.join(into, 'package'));
      }
    }, 120_000);
    afterAll(() => rmSync(work, { recursive: true, force: true }));

    for (const target of ['win-x64', 'linux-x64'] as const) {
      it(`carries in ${target}'s detect/node_modules the registry’s files byte for byte, and ONNX Runtime’s MIT licence`, () => {
        const modules = path.join(out(), target, 'detect', 'node_modules');
        const packages = packagesIn(modules);
        expect([...packages.keys()].filter((n) => ORT.includes(n)).sort()).toEqual([...ORT].sort());
        for (const [name, dir] of packages)
          for (const file of filesUnder(dir)) {
            // The tarballs hold no LICENSE: the build writes onnxruntime's own, kept in the repository.
            if (name === 'onnxruntime-node' && file === 'LICENSE') continue;
            expect(sha256(readFileSync(path.join(dir, file))), `${name}/${file}`).toBe(sha256(readFileSync(path.join(registry.get(name)!, file))));
          }
        const licence = readFileSync(path.join(modules, 'onnxruntime-node', 'LICENSE'), 'utf8');
        expect(licence).toBe(readFileSync(path.join(ROOT, 'tools', 'build-capture', 'LICENSE-onnxruntime.txt'), 'utf8'));
        expect(licence).toMatch(/^MIT License\n\nCopyright \(c\) 2018 - present Microsoft Corporation\n/);
      });
    }

    it('puts only Windows x64 binaries in the zip’s folder, and only Linux x64 ones in the Linux folder', () => {
      const binaries = (target: string) => filesUnder(path.join(out(), target, 'detect', 'node_modules')).filter((f) => /\.(node|dll|so(\.[\d.]+)?)$/.test(f));
      expect(binaries('win-x64')).toEqual([
        '@img/sharp-win32-x64/lib/libvips-42.dll',
        '@img/sharp-win32-x64/lib/libvips-cpp-8.18.7.dll',
        expect.stringMatching(/^@img\/sharp-win32-x64\/lib\/sharp-win32-x64-[\d.]+\.node$/),
        'onnxruntime-node/bin/napi-v6/win32/x64/onnxruntime.dll',
        'onnxruntime-node/bin/napi-v6/win32/x64/onnxruntime_binding.node',
      ]);
      expect(binaries('linux-x64')).toEqual([
        '@img/sharp-libvips-linux-x64/lib/libvips-cpp.so.8.18.7',
        expect.stringMatching(/^@img\/sharp-linux-x64\/lib\/sharp-linux-x64-[\d.]+\.node$/),
        'onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime.so.1',
        'onnxruntime-node/bin/napi-v6/linux/x64/onnxruntime_binding.node',
      ]);
    });

    it('carries every DLL the Windows binding loads that Windows or the Visual C++ runtime does not give; DirectML only delay-loaded', () => {
      const bin = path.join(out(), 'win-x64', 'detect', 'node_modules', 'onnxruntime-node', 'bin', 'napi-v6', 'win32', 'x64');
      const carried = new Set(readdirSync(bin).map((f) => f.toLowerCase()));
      // Windows' own DLLs, and the Visual C++ runtime the Redistributable installs (docs/capture-program.md says so).
      const windows = /^(api-ms-win-|kernel32|advapi32|setupapi|dbghelp|shell32|user32|d3d12|dxgi)|^(msvcp140|vcruntime140)/i;
      for (const file of ['onnxruntime_binding.node', 'onnxruntime.dll']) {
        const imports = readPeImports(readFileSync(path.join(bin, file)))!;
        for (const dll of imports.loaded) expect(carried.has(dll.toLowerCase()) || windows.test(dll), `${file} loads ${dll}`).toBe(true);
        if (file === 'onnxruntime.dll') {
          expect(imports.delayed).toContain('DirectML.dll');
          expect(imports.loaded).not.toContain('DirectML.dll');
        }
      }
    });

    describe('the Linux folder’s worker, copied away from the build (no node_modules above it)', () => {
      let copy: string;
      beforeAll(() => {
        copy = mkdtempSync(path.join(tmpdir(), 'camrelay-native-linux-'));
        for (const part of ['detect', 'models']) cpSync(path.join(out(), 'linux-x64', part), path.join(copy, part), { recursive: true });
      });
      afterAll(() => rmSync(copy, { recursive: true, force: true }));

      it('runs on onnxruntime-node from detect/node_modules and finds the person in the photo', async () => {
        expect(await detectFrom(copy)).toEqual({ engine: 'onnxruntime', fallbackReason: null, person: true });
      });

      it('without onnxruntime-node there, runs tfjs-wasm and says why, and still finds the person', async () => {
        rmSync(path.join(copy, 'detect', 'node_modules', 'onnxruntime-node'), { recursive: true });
        const ran = await detectFrom(copy);
        expect(ran).toMatchObject({ engine: 'tfjs-wasm', person: true });
        expect(ran.fallbackReason).toMatch(/^onnxruntime-node did not load: Cannot find (package|module) 'onnxruntime-node'/);
      }, 60_000);
    });

    it('refuses a tarball other than the one package-lock.json pins', async () => {
      const { version } = lock.packages['node_modules/onnxruntime-common']!;
      const wrong = `sha512-${Buffer.alloc(64).toString('base64')}`;
      await expect(packFiles({ name: 'onnxruntime-common', version, integrity: wrong }, ['package.json'], work)).rejects.toThrow(
        /not sha512-A+=* as package-lock\.json pins/,
      );
    });
  });
}
