/**
 * The H264Player's test page (h264-page/), built by Vite as the dashboard is (its worker included)
 * and served by a tiny static server; and H.264 fixtures for it from the bundled ffmpeg's libx264.
 */
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { parameterSets } from '../../common/codec/avc.js';
import { avcCodecString } from '../../common/codec/sps.js';
import type { MonitorH264Meta } from '../../shared/protocol.js';
import { ffmpegOutput, splitAccessUnits } from './h264.js';
import { SEQ_BITS, SEQ_ROWS } from './h264-page-seq.js';
import type { H264TestApi, TestUnit } from './h264-page/main.js';
import { CHROMIUM_FLAGS, chromiumPath } from './chromium.js';

export type { TestUnit };

/** A LAN name that is not localhost: a plain-http page there is not a secure context (MSE, no WebCodecs). */
export const LAN_NAME = 'camrelay.test';

/** Chromium with `LAN_NAME` mapped to 127.0.0.1, so one page server serves a secure and a plain-http page. */
export function launchWithLanName(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath()!, args: [...CHROMIUM_FLAGS, `--host-resolver-rules=MAP ${LAN_NAME} 127.0.0.1`], headless: true });
}

/** Calls the test page's `window.h264test[name](...args)`. */
export const callH264 = <K extends keyof H264TestApi>(page: Page, name: K, ...args: Parameters<H264TestApi[K]>) =>
  page.evaluate(({ name, args }) => (window as unknown as { h264test: Record<string, (...a: unknown[]) => unknown> }).h264test[name]!(...args), {
    name,
    args,
  }) as Promise<Awaited<ReturnType<H264TestApi[K]>>>;

const pageRoot = fileURLToPath(new URL('./h264-page/', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

export interface H264Page {
  /** `http://127.0.0.1:<port>`; open it as `localhost` (secure) or a mapped name (not). */
  port: number;
  close(): Promise<void>;
}

/** Builds the test page into a temporary folder and serves it on 127.0.0.1. */
export async function serveH264Page(): Promise<H264Page> {
  const outDir = path.join(os.tmpdir(), `camrelay-h264-page-${process.pid}`);
  await build({
    root: pageRoot,
    base: './',
    configFile: false,
    logLevel: 'error',
    build: { outDir, emptyOutDir: true, target: 'es2022', minify: false },
    worker: { format: 'es' },
    server: { fs: { allow: [repoRoot] } },
  });
  const server = http.createServer((req, res) => {
    const name = new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/+/, '') || 'index.html';
    const file = path.join(outDir, path.normalize(name));
    if (!file.startsWith(outDir)) return void res.writeHead(404).end();
    readFile(file).then(
      (body) => res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, close: () => new Promise((r) => server.close(() => r())) };
}

export interface FixtureOptions {
  frames: number;
  width: number;
  height: number;
  profile: 'baseline' | 'high';
  /** Frames per keyframe (15: one second at 15 fps). */
  gop?: number;
  /** Each picture carries its seq across its top (`SEQ_BITS` black or white blocks, `SEQ_ROWS` rows), read back by `h264-page/main.ts`. */
  numbered?: boolean;
}

/** ffmpeg filters that draw seq (frame n + 1) in binary across the top of each picture: robust to H.264, as test/server/recording/media.ts does for JPEG. */
function seqBlocks(width: number): string {
  const block = Math.floor(width / SEQ_BITS);
  const boxes = Array.from(
    { length: SEQ_BITS },
    (_, i) => `drawbox=x=${i * block}:y=0:w=${block}:h=${SEQ_ROWS}:color=white:t=fill:enable='eq(mod(floor((n+1)/${2 ** (SEQ_BITS - 1 - i)}),2),1)'`,
  );
  return [`drawbox=x=0:y=0:w=${width}:h=${SEQ_ROWS}:color=black:t=fill`, ...boxes].join(',');
}

/** SMPTE colour bars as a capture side sends them: Annex B units with their relay meta, 15 fps from `capturedAt0`. */
export async function h264Fixture(o: FixtureOptions, capturedAt0 = Date.now()): Promise<TestUnit[]> {
  const args = ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', `smptebars=size=${o.width}x${o.height}:rate=15`, '-frames:v', String(o.frames)];
  if (o.numbered) args.push('-vf', seqBlocks(o.width));
  // ultrafast leaves out CABAC and 8x8 transforms, which makes High into Constrained Baseline.
  const preset = o.profile === 'high' ? 'veryfast' : 'ultrafast';
  args.push('-c:v', 'libx264', '-preset', preset, '-profile:v', o.profile, '-g', String(o.gop ?? 15), '-bf', '0', '-pix_fmt', 'yuv420p');
  args.push('-x264-params', 'repeat-headers=1', '-f', 'h264', '-');
  const out = await ffmpegOutput(args);
  let codec = '';
  return splitAccessUnits(out).map(({ au, keyframe }, i) => {
    const sets = keyframe ? parameterSets(au) : null;
    if (sets) codec = avcCodecString(sets.sps);
    const capturedAt = capturedAt0 + Math.round((i * 1000) / 15);
    const meta: MonitorH264Meta = {
      cameraId: 'cam',
      seq: i + 1,
      epoch: 1,
      capturedAt,
      clockSynced: true,
      receivedAt: capturedAt,
      width: o.width,
      height: o.height,
      keyframe,
      codec,
    };
    return { meta, au: au.toString('base64') };
  });
}
