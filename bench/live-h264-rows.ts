/**
 * Issue #30's rows: live H.264 to the Live Monitor beside today's JPEG, in the same run. Each row is a real
 * relay process, a bench publisher (CaptureClient: JPEG only, or honouring the relay's demand with libx264
 * units of the bench fixtures and camera-side rungs, lib/camera-side.ts) and a real Chromium page of the
 * Live Monitor; what the page drew is read through its draw hook (lib/live-page.ts, lib/live-measure.ts).
 * `npm run bench -- --only=live-h264` runs these alone, `--only=live-h264-phone` the phone pair alone, `--only=live-h264-bytes`
 * the bytes pair alone (#38: bytes at the page per picture); the full run has them too.
 */
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { decodeSpeed, type DecodeSpeed } from './lib/decode-speed.js';
import { firstFrames, freezeThaw, measureWindow, type FirstFrame, type LiveWindow, type Thaw } from './lib/live-measure.js';
import { withLivePage, type LivePage, type LivePageSpec } from './lib/live-page.js';

/** The phone row of #17 (browser-rows.ts): devicePixelRatio 2 behind 2 Mbit/s and 300 ms of round trip. */
const PHONE: Omit<LivePageSpec, 'h264'> = {
  cameras: 4,
  fps: 15,
  viewport: { width: 390, height: 844, dpr: 2 },
  shape: { latencyMs: 150, bytesPerSecond: 250_000 },
};
/**
 * One camera in the single view, 720p15, behind 2 Mbit/s and 150 ms of round trip. The H.264 camera's full size (2.06
 * Mbit/s, the capture program's cap) is over the link: the relay steps it to the camera side's 960 rung within a few GOPs.
 */
const THIN_SINGLE: Omit<LivePageSpec, 'h264'> = { cameras: 1, fps: 15, route: '#/camera/cam0', shape: { latencyMs: 75, bytesPerSecond: 250_000 } };
const SINGLE_15: Omit<LivePageSpec, 'h264'> = { cameras: 1, fps: 15, route: '#/camera/cam0', freezable: true };
const SINGLE_30: Omit<LivePageSpec, 'h264'> = { cameras: 1, fps: 30, route: '#/camera/cam0' };
/** A desktop grid of 4 (tiles of about 640 px take the 640 rung: the H.264 camera's rung H.264), from which cam0 is opened. */
const GRID_4: Omit<LivePageSpec, 'h264'> = { cameras: 4, fps: 15 };
/** The bench fixture is one 2 s GOP (lib/h264-fixture.ts). */
const FULL_WIDTH = 1280;

/** One page run's window, with the load average when it started (the box is shared). */
export interface Measured<T> {
  load: number;
  value: T;
}
type Pair<T> = { jpeg: Measured<T> | null; h264: Measured<T> | null };

export interface LiveH264Rows {
  phone: Pair<LiveWindow>;
  thinSingle: Pair<LiveWindow>;
  /** Loopback single view 720p15: bytes per viewer, then the page frozen and thawed. */
  single15: Pair<{ window: LiveWindow; thaw: Thaw }>;
  glass: { jpeg: Measured<LiveWindow> | null; webcodecs: Measured<LiveWindow> | null; mse: Measured<LiveWindow> | null };
  /** #38: the single view 720p15 on a LAN page (MSE), pictures drawn of the camera's over 20 s. */
  mseDrawn: Measured<DrawnShare> | null;
  /** One picture's decode in that Chromium, right after the WebCodecs glass-to-glass window. */
  decode: Measured<DecodeSpeed> | null;
  firstFrame: Pair<FirstFrame[]>;
  loadBefore: number[];
  loadAfter: number[];
  /** The phone pair alone was run (`--only=live-h264-phone`). */
  phoneOnly?: true;
}

/** H.264 pictures one tile drew of those its camera made from the first to the last drawn (seq numbers), and the gaps. */
export interface DrawnShare {
  drawn: number;
  camera: number;
  /** Runs of pictures not drawn, as [first missing seq, how many]. */
  gaps: [number, number][];
}

type Log = (m: string) => void;

/** Over `ms` after `settleMs`: which of cam0's pictures were drawn as H.264. */
const drawnShare =
  (settleMs: number, ms: number): Body<DrawnShare> =>
  async (p) => {
    await sleep(settleMs);
    await p.takeDraws();
    await sleep(ms);
    const seqs = [...new Set((await p.takeDraws()).filter((d) => d.cameraId === 'cam0' && d.codec === 'h264').map((d) => d.seq))].sort((a, b) => a - b);
    const gaps: [number, number][] = [];
    for (let i = 1; i < seqs.length; i++) if (seqs[i]! - seqs[i - 1]! > 1) gaps.push([seqs[i - 1]! + 1, seqs[i]! - seqs[i - 1]! - 1]);
    return { drawn: seqs.length, camera: seqs.length ? seqs.at(-1)! - seqs[0]! + 1 : 0, gaps };
  };
type Body<T> = (p: LivePage) => Promise<T>;

async function run<T>(log: Log, name: string, spec: LivePageSpec, body: Body<T>): Promise<Measured<T> | null> {
  log(`  live-h264: ${name} (${spec.h264 ? (spec.mse ? 'H.264 camera, MSE page' : 'H.264 camera') : 'JPEG camera'})…`);
  const load = loadavg()[0]!;
  // One row that fails (a busy box) is said and skipped: the others still report.
  const value = await withLivePage(spec, body).catch((err: Error) => (log(`  live-h264: ${name} FAILED: ${err.message.split('\n')[0]}`), null));
  return value === null ? null : { load, value };
}

const windowAfter =
  (settleMs: number, ms: number): Body<LiveWindow> =>
  async (p) => (await sleep(settleMs), measureWindow(p, ms));

async function pair<T>(log: Log, name: string, spec: Omit<LivePageSpec, 'h264'>, body: Body<T>): Promise<Pair<T>> {
  return { jpeg: await run(log, name, { ...spec, h264: false }, body), h264: await run(log, name, { ...spec, h264: true }, body) };
}

/** `--only=live-h264-mse`: the MSE drawn-pictures row alone, about 40 s. */
export async function runMseDrawnRow(log: Log): Promise<Measured<DrawnShare> | null> {
  return run(log, 'single view 720p15, MSE, pictures drawn over 20 s', { ...SINGLE_15, freezable: false, h264: true, mse: true }, drawnShare(3000, 20_000));
}

/** `--only=live-h264-bytes`: the loopback single view 720p15, JPEG then H.264, bytes at the page over 10 s, about 40 s. */
export async function runBytesPair(log: Log): Promise<Pair<LiveWindow>> {
  return pair(log, 'single view 720p15 on loopback, bytes at the page', { ...SINGLE_15, freezable: false }, windowAfter(3000, 10_000));
}

/** `phoneOnly` (`--only=live-h264-phone`): the phone pair alone, about 60 s, the other rows not run. */
export async function runLiveH264Rows(log: Log, phoneOnly = false): Promise<LiveH264Rows> {
  const loadBefore = loadavg();
  // The phone's rungs step down (each after a 2 s measurement, at most one per 4 s): 18 s as #17's row.
  const phone = await pair(log, 'phone 390×844, 4 × 15 fps, 2 Mbit/s + 300 ms', PHONE, windowAfter(18_000, 6000));
  if (phoneOnly) {
    const none = { jpeg: null, h264: null };
    return {
      phone,
      mseDrawn: null,
      thinSingle: none,
      single15: none,
      glass: { jpeg: null, webcodecs: null, mse: null },
      decode: null,
      firstFrame: none,
      loadBefore,
      loadAfter: loadavg(),
      phoneOnly: true,
    };
  }
  const thinSingle = await pair(log, 'single view 720p15, 2 Mbit/s + 150 ms', THIN_SINGLE, windowAfter(14_000, 6000));
  const single15 = await pair(log, 'single view 720p15 on loopback, bytes, then frozen 4 s', SINGLE_15, async (p) => {
    await sleep(3000);
    const window = await measureWindow(p, 5000);
    return { window, thaw: await freezeThaw(p, 4000, 15, 30) };
  });
  const glassBody = windowAfter(3000, 5000);
  let decode: Measured<DecodeSpeed> | null = null;
  const glass = {
    jpeg: await run(log, 'glass-to-glass 720p30', { ...SINGLE_30, h264: false }, glassBody),
    webcodecs: await run(log, 'glass-to-glass 720p30', { ...SINGLE_30, h264: true }, async (p) => {
      const window = await glassBody(p);
      decode = { load: loadavg()[0]!, value: await decodeSpeed(p.page, 15) };
      return window;
    }),
    mse: await run(log, 'glass-to-glass 720p30, MSE', { ...SINGLE_30, h264: true, mse: true }, glassBody),
  };
  const mseDrawn = await runMseDrawnRow(log);
  // The first open is cold (the camera is not yet asked for H.264); the others within the relay's 10 s release.
  const firstFrame = await pair(
    log,
    'first picture after opening a tile',
    GRID_4,
    async (p) => (await sleep(3000), firstFrames(p, 'cam0', FULL_WIDTH, 5, 2500)),
  );
  return { phone, thinSingle, single15, glass, mseDrawn, decode, firstFrame, loadBefore, loadAfter: loadavg() };
}
