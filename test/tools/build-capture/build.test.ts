/**
 * Over 300 lines as one piece: every check here reads the one build its beforeAll makes (a minute and more).
 * `npm run build:capture` as a release would run it, into a temp folder outside the repository (no
 * node_modules above it, as on a camera PC): the bundle and the Linux executable run, the Linux one
 * sends frames to a real relay, and the Windows one is checked as a file (this machine cannot run it).
 */
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveFfmpegPath } from '../../../capture-client/sources/ffmpeg-binary.js';
import { readJpegSize } from '../../../common/codec/jpeg.js';
import { MODEL_FILES, sha256 } from '../../../common/detect/model-files.js';
import type { Detection } from '../../../common/detect/nanodet-decode.js';
import { hasPeResourceName, readPe } from '../../../tools/build-capture/pe.js';
import { SEA_FUSE } from '../../../tools/build-capture/sea.js';
import { nativePackagesSuite } from './native-packages-suite.js';
import { run, whileRunning, type Ran } from './run-built.js';
import { startTestServer, stopTestServer, type TestServer } from '../../helpers/server.js';
import { waitFor } from '../../helpers/wait.js';
import { readTrack } from '../../helpers/track-reader.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
const FIXTURES = path.join(ROOT, 'bench', 'fixtures'); // 1280×720 JPEGs
const DETECT_WORKER = 'detect/detect-worker.cjs';

describe('npm run build:capture', () => {
  let out: string;
  let build: Ran;

  beforeAll(async () => {
    out = mkdtempSync(path.join(tmpdir(), 'camrelay-build-capture-'));
    // The registry packages are cached in the repository's .cache, so only a fresh checkout downloads them.
    build = await run(process.execPath, ['--import', 'tsx', 'tools/build-capture/main.ts', '--out', out], { cwd: ROOT, ms: 280_000 });
  }, 300_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('builds the bundle, both executables and the zip', () => {
    expect(build.out).toContain('build:capture done');
    expect(build.code).toBe(0);
    // detect/ and models/: what --detect needs beside the bundle (#39), as beside each executable.
    expect(readdirSync(out).sort()).toEqual(['camrelay-capture-win-x64.zip', 'camrelay-capture.cjs', 'detect', 'linux-x64', 'models', 'win-x64']);
  });

  describe('the bundle', () => {
    it('runs with plain node from a folder with no node_modules', async () => {
      const alone = mkdtempSync(path.join(tmpdir(), 'camrelay-bundle-'));
      copyFileSync(path.join(out, 'camrelay-capture.cjs'), path.join(alone, 'camrelay-capture.cjs'));
      try {
        const ran = await run(process.execPath, ['camrelay-capture.cjs', '--version'], { cwd: alone });
        expect(ran).toEqual({ code: 0, out: `${version}\n` });
        const help = await run(process.execPath, ['camrelay-capture.cjs', '--help'], { cwd: alone });
        expect(help.code).toBe(0);
        expect(help.out).toContain('--server <url>');
        // The help describes the program that prints it: no npm, no capture.cmd in the zip (#26 item 7).
        expect(help.out).toContain('Usage: node camrelay-capture.cjs --server <url>');
        expect(help.out).not.toMatch(/npm|capture\.cmd/);
      } finally {
        rmSync(alone, { recursive: true, force: true });
      }
    });
  });

  describe('the Linux x64 executable', () => {
    const exe = () => path.join(out, 'linux-x64', 'camrelay-capture');
    let relay: TestServer | undefined;
    afterAll(() => stopTestServer(relay));

    it('prints its version with no warning', async () => {
      expect(await run(exe(), ['--version'])).toEqual({ code: 0, out: `${version}\n` });
    });

    it('sends a folder of 720p JPEGs to a real relay', async () => {
      relay = await startTestServer();
      const child = spawn(
        exe(),
        ['--server', relay.url, '--camera', 'exe-cam', '--token', relay.captureToken, '--source', 'file', '--path', FIXTURES, '--fps', '15'],
        {
          cwd: tmpdir(),
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let said = '';
      child.stderr.on('data', (d) => (said += d));
      await whileRunning(child, async () => {
        const first = await waitFor(() => relay!.relay.latestFrame('exe-cam'), 'a frame from the executable', 20_000);
        expect(readJpegSize(first.jpeg)).toEqual({ width: 1280, height: 720 });
        // Frames keep coming: the sequence moves on.
        await waitFor(() => (relay!.relay.latestFrame('exe-cam')?.seq ?? 0) > first.seq + 5, 'more frames', 20_000);
        expect(said).toContain(`camrelay capture ${version}: file →`);
      });
    }, 60_000);

    it('sends the test pattern with no sharp: ffmpeg beside it draws the pattern', async () => {
      relay ??= await startTestServer();
      // As in the Windows zip, ffmpeg lies beside the program.
      copyFileSync(resolveFfmpegPath(), path.join(out, 'linux-x64', 'ffmpeg'));
      const child = spawn(exe(), ['--server', relay.url, '--camera', 'exe-pattern', '--token', relay.captureToken, '--source', 'test-pattern', '--fps', '5'], {
        cwd: tmpdir(),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      await whileRunning(child, async () => {
        const first = await waitFor(() => relay!.relay.latestFrame('exe-pattern'), 'a test-pattern frame from the executable', 20_000);
        expect(readJpegSize(first.jpeg)).toEqual({ width: 1280, height: 720 });
      });
    }, 60_000);

    it('runs from a folder with spaces, brackets and accents, ffmpeg beside it, and logs there with --log (#37 item 17)', async () => {
      relay ??= await startTestServer();
      const folder = mkdtempSync(path.join(tmpdir(), 'camrelay capture (copie) é '));
      try {
        copyFileSync(exe(), path.join(folder, 'camrelay-capture'));
        chmodSync(path.join(folder, 'camrelay-capture'), 0o755);
        copyFileSync(resolveFfmpegPath(), path.join(folder, 'ffmpeg'));
        const log = path.join(folder, 'capture log.txt');
        const args = ['--server', relay.url, '--camera', 'exe-spaced', '--token', relay.captureToken, '--source', 'test-pattern', '--fps', '5', '--log', log];
        const child = spawn(path.join(folder, 'camrelay-capture'), args, { cwd: folder, stdio: ['ignore', 'pipe', 'pipe'] });
        await whileRunning(child, async () => {
          // The pattern is drawn by the ffmpeg beside the program, found in a folder with spaces.
          await waitFor(() => relay!.relay.latestFrame('exe-spaced'), 'a test-pattern frame from the spaced folder', 20_000);
          await waitFor(() => existsSync(log) && readFileSync(log, 'utf8').includes('test-pattern →'), 'the log', 10_000);
        });
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    }, 60_000);

    it('carries the WebRTC sender (werift is in the bundle): frames move to the data channel', async () => {
      const rtc = await startTestServer({ webrtc: 'optional' });
      const child = spawn(
        exe(),
        ['--server', rtc.url, '--camera', 'exe-rtc', '--token', rtc.captureToken, '--source', 'file', '--path', FIXTURES, '--transport', 'webrtc'],
        {
          cwd: tmpdir(),
          stdio: 'ignore',
        },
      );
      const gone = new Promise((resolve) => child.once('exit', resolve));
      try {
        await waitFor(() => rtc.relay.latestFrame('exe-rtc')?.link === 'webrtc', 'a frame over the data channel', 20_000);
      } finally {
        child.kill('SIGTERM');
        await gone;
        await stopTestServer(rtc);
      }
    });

    it('runs --width and --quality from a folder with no node_modules and no sharp: ffmpeg beside it scales and re-encodes', async () => {
      relay ??= await startTestServer();
      const dir = path.join(out, 'linux-x64');
      copyFileSync(resolveFfmpegPath(), path.join(dir, 'ffmpeg'));
      expect(existsSync(path.join(dir, 'node_modules'))).toBe(false);
      /** The bytes of six frames the relay received from a run at this quality, and the last one's size. */
      const runAt = async (camera: string, quality: number): Promise<{ bytes: number[]; size: unknown }> => {
        const args = ['--server', relay!.url, '--camera', camera, '--token', relay!.captureToken, '--source', 'file', '--path', FIXTURES];
        const child = spawn(exe(), [...args, '--fps', '10', '--width', '640', '--quality', String(quality)], {
          cwd: tmpdir(),
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        const bytes: number[] = [];
        let size: unknown;
        await whileRunning(child, async () => {
          let seen = -1;
          await waitFor(
            () => {
              const frame = relay!.relay.latestFrame(camera);
              if (frame && frame.seq !== seen) {
                seen = frame.seq;
                bytes.push(frame.jpeg.length);
                size = readJpegSize(frame.jpeg);
              }
              return bytes.length >= 6;
            },
            `six frames at quality ${quality}`,
            20_000,
          );
        });
        return { bytes, size };
      };
      const high = await runAt('exe-q90', 90);
      const low = await runAt('exe-q20', 20);
      // The 1280×720 fixtures arrive 640 wide, the height following.
      expect(high.size).toEqual({ width: 640, height: 360 });
      expect(low.size).toEqual({ width: 640, height: 360 });
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
      // Measured: about 4x between qscale 2 and 25 on these frames; half is the line.
      expect(median(low.bytes)).toBeLessThan(median(high.bytes) / 2);
    }, 90_000);
  });

  describe('the Linux x64 executable with --detect (#39)', () => {
    let relay: TestServer | undefined;
    let photos: string;
    afterAll(async () => {
      await stopTestServer(relay);
      rmSync(photos, { recursive: true, force: true });
    });

    it('detects with the worker, wasm and model its build put beside it: the relay hears the person in a photo', async () => {
      const dir = path.join(out, 'linux-x64');
      for (const file of [DETECT_WORKER, 'detect/wasm/tfjs-backend-wasm-simd.wasm', 'models/nanodet/nanodet.bin', 'models/nanodet/NOTICE.md'])
        expect(existsSync(path.join(dir, file)), file).toBe(true);
      // sharp and onnxruntime-node for Linux x64 are the build's own, in detect/node_modules (native-packages.ts).
      photos = mkdtempSync(path.join(tmpdir(), 'camrelay-exe-detect-'));
      copyFileSync(path.join(ROOT, 'test', 'fixtures', 'detect', 'dog-human.jpg'), path.join(photos, 'dog-human.jpg'));
      relay = await startTestServer();
      const heard: Detection[][] = [];
      readTrack(relay.relay.tracks.detections, ['exe-detect'], (v) => heard.push(v.detections));
      const args = ['--server', relay.url, '--camera', 'exe-detect', '--token', relay.captureToken, '--source', 'file', '--path', photos];
      const child = spawn(path.join(dir, 'camrelay-capture'), [...args, '--fps', '2', '--detect'], {
        cwd: tmpdir(),
        env: { ...process.env, CAMRELAY_DETECT_MODEL_DIR: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let said = '';
      for (const stream of [child.stdout, child.stderr]) stream.on('data', (d) => (said += d));
      await whileRunning(child, async () => {
        const demand = relay!.relay.cameraSide.demand;
        await waitFor(() => demand.offersDetect('exe-detect'), 'the executable offering detect', 30_000);
        demand.read('exe-detect', 'detector', { track: 'detections', rate: 2 });
        demand.refresh();
        await waitFor(() => heard.some((d) => d.some((x) => x.label === 'person' && x.score >= 0.45)), 'a person from the executable', 60_000);
        await waitFor(() => said.includes('Object detection ready (NanoDet on onnxruntime-node'), 'the engine named: onnxruntime-node', 10_000);
      });
    }, 120_000);
  });

  nativePackagesSuite(() => out);

  describe('the Windows x64 executable', () => {
    let exe: Buffer;
    beforeAll(() => {
      exe = readFileSync(path.join(out, 'win-x64', 'camrelay-capture.exe'));
    });

    it('is an x64 PE file with a resource section and no broken signature', () => {
      expect(exe.toString('latin1', 0, 2)).toBe('MZ');
      expect(exe.toString('latin1', exe.readUInt32LE(0x3c), exe.readUInt32LE(0x3c) + 4)).toBe('PE\0\0');
      const pe = readPe(exe)!;
      expect(pe.machine).toBe(0x8664);
      expect(pe.sections).toContain('.rsrc');
      // node.exe's Authenticode signature is removed before injection, which would break it.
      expect(pe.certificate).toEqual({ offset: 0, size: 0 });
    });

    it('has the blob injected: the NODE_SEA_BLOB resource, and the fuse flipped to 1', () => {
      expect(hasPeResourceName(exe, 'NODE_SEA_BLOB')).toBe(true);
      expect(exe.includes(`${SEA_FUSE}:1`)).toBe(true);
      expect(exe.includes(`${SEA_FUSE}:0`)).toBe(false);
    });

    it('carries the bundle byte for byte, and that bundle runs --version under Node', async () => {
      const bundle = readFileSync(path.join(out, 'camrelay-capture.cjs'));
      const at = exe.indexOf(bundle);
      expect(at).toBeGreaterThan(0);
      const dir = mkdtempSync(path.join(tmpdir(), 'camrelay-from-exe-'));
      try {
        writeFileSync(path.join(dir, 'from-exe.cjs'), exe.subarray(at, at + bundle.length));
        expect(await run(process.execPath, ['from-exe.cjs', '--version'], { cwd: dir })).toEqual({ code: 0, out: `${version}\n` });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('the Windows zip', () => {
    let files: Record<string, Uint8Array>;
    beforeAll(() => {
      files = unzipSync(readFileSync(path.join(out, 'camrelay-capture-win-x64.zip')));
    });

    it('holds the exe, ffmpeg.exe, README-capture.txt and what --detect needs, as built', () => {
      const top = Object.keys(files).filter((name) => !name.includes('/'));
      expect(top.sort()).toEqual(['README-capture.txt', 'camrelay-capture.exe', 'ffmpeg.exe']);
      for (const name of Object.keys(files)) expect(Buffer.from(files[name]!).equals(readFileSync(path.join(out, 'win-x64', ...name.split('/'))))).toBe(true);
      expect(readPe(Buffer.from(files['ffmpeg.exe']!))?.machine).toBe(0x8664);
      // Its README's "In this folder" names each file and folder the zip holds at the top, as Explorer shows them.
      const readme = Buffer.from(files['README-capture.txt']!).toString('utf8');
      const folder = readme.slice(readme.indexOf('In this folder'), readme.indexOf('Where to put it'));
      const folders = new Set(
        Object.keys(files)
          .filter((name) => name.includes('/'))
          .map((name) => `${name.split('/')[0]}\\`),
      );
      for (const name of top) expect(folder, name).toContain(`  ${name} `);
      for (const name of folders) expect(folder, name).toContain(`  ${name}`);
    });

    it('carries --detect’s worker, wasm, the pinned model with its licences, and sharp and onnxruntime-node built for Windows x64 (#39, #57)', () => {
      const names = Object.keys(files);
      for (const name of [DETECT_WORKER, 'detect/wasm/tfjs-backend-wasm-simd.wasm', 'detect/wasm/tfjs-backend-wasm.wasm']) expect(names, name).toContain(name);
      for (const file of MODEL_FILES) expect(sha256(files[`models/nanodet/${file.name}`]!), file.name).toBe(file.sha256);
      for (const name of ['LICENSE-Apache-2.0.txt', 'LICENSE-human-models.txt', 'NOTICE.md']) expect(names).toContain(`models/nanodet/${name}`);
      const sharp = names.find((n) => /^detect\/node_modules\/@img\/sharp-win32-x64\/lib\/sharp-win32-x64-[\d.]+\.node$/.test(n));
      expect(readPe(Buffer.from(files[sharp!]!))?.machine).toBe(0x8664);
      expect(names).toContain('detect/node_modules/@img/sharp-win32-x64/lib/libvips-42.dll');
      expect(names).toContain('detect/node_modules/@img/sharp-win32-x64/LICENSE');
      // onnxruntime-node for Windows x64 and the onnxruntime-common it requires (native-packages-suite.ts checks their bytes).
      const ort = 'detect/node_modules/onnxruntime-node/';
      for (const name of [
        'package.json',
        'LICENSE',
        'dist/index.js',
        'bin/napi-v6/win32/x64/onnxruntime_binding.node',
        'bin/napi-v6/win32/x64/onnxruntime.dll',
      ])
        expect(names).toContain(ort + name);
      expect(readPe(Buffer.from(files[`${ort}bin/napi-v6/win32/x64/onnxruntime_binding.node`]!))?.machine).toBe(0x8664);
      expect(names).toContain('detect/node_modules/onnxruntime-common/dist/cjs/index.js');
    });

    it('has a README for Notepad (CRLF) naming this version', () => {
      const text = Buffer.from(files['README-capture.txt']!).toString('utf8');
      expect(text).toContain(`version ${version}`);
      expect(text).not.toMatch(/[^\r]\n/);
      expect(text).not.toContain('{{');
    });
  });
});
