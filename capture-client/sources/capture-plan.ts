/**
 * What to ask of the camera: its own MJPEG (copied, no decode) or raw pixels that ffmpeg encodes to JPEG,
 * and which size and rate. Pure: the modes come from the dshow listing, or are unknown (v4l2, a failed listing).
 */
import type { CameraMode } from './dshow-options.js';

export interface CapturePlan {
  /** false: `-vcodec mjpeg`/`-input_format mjpeg` and copy; true: take what the camera gives and encode JPEG in ffmpeg. */
  encode: boolean;
  /** With encode, the raw format to ask for when the listing names one. */
  pixelFormat?: string;
  /** The capture size to ask for (`-video_size`), when the camera offers it. */
  size?: { width: number; height: number };
  /** The capture rate to ask for (`-framerate`), when the camera offers it. */
  framerate?: number;
}

export interface Wanted {
  width?: number;
  height?: number;
  fps: number;
}

// dshow prints rates such as 30.0003 and 29.97: a rate this close counts as offered.
const FPS_SLACK = 0.5;

function sizeFor(mode: CameraMode, want: Wanted): { width: number; height: number } | undefined | null {
  const { width, height } = want;
  if (width === undefined && height === undefined) return undefined; // nothing asked: any mode fits
  const inW = width === undefined || (width >= mode.minWidth && width <= mode.maxWidth);
  const inH = height === undefined || (height >= mode.minHeight && height <= mode.maxHeight);
  if (!inW || !inH) return null;
  if (width !== undefined && height !== undefined) return { width, height };
  // One side asked: usable only where the mode has a single size, which gives the other side.
  return mode.minWidth === mode.maxWidth && mode.minHeight === mode.maxHeight ? { width: mode.minWidth, height: mode.minHeight } : null;
}

function offersFps(mode: CameraMode, fps: number): boolean {
  return fps >= mode.minFps - FPS_SLACK && fps <= mode.maxFps + FPS_SLACK;
}

/** The best plan for these modes: MJPEG over raw, the asked size over the asked rate; with no modes known, MJPEG as asked. */
export function choosePlan(modes: readonly CameraMode[], want: Wanted): CapturePlan {
  const asked = want.width !== undefined && want.height !== undefined ? { width: want.width, height: want.height } : undefined;
  if (modes.length === 0) return { encode: false, ...(asked ? { size: asked } : {}), framerate: want.fps };
  const mjpeg = modes.filter((m) => m.vcodec === 'mjpeg');
  const raw = modes.filter((m) => m.pixelFormat !== null);
  for (const [group, encode] of [
    [mjpeg, false],
    [raw, true],
  ] as const) {
    const sized = group.filter((m) => sizeFor(m, want) !== null);
    const best = sized.find((m) => offersFps(m, want.fps)) ?? sized[0];
    if (!best) continue;
    const size = sizeFor(best, want);
    return {
      encode,
      ...(encode ? { pixelFormat: best.pixelFormat! } : {}),
      ...(size ? { size } : {}),
      ...(offersFps(best, want.fps) ? { framerate: want.fps } : {}),
    };
  }
  // No mode has the size: capture at the camera's own size (the transcoder resizes), in MJPEG when it has any.
  const any = mjpeg[0] ?? raw[0];
  if (!any) return { encode: true };
  const encode = any.vcodec !== 'mjpeg';
  return { encode, ...(encode ? { pixelFormat: any.pixelFormat! } : {}), ...(offersFps(any, want.fps) ? { framerate: want.fps } : {}) };
}

/**
 * The plans to try in turn when ffmpeg refuses one: the chosen plan, then ffmpeg encoding whatever the camera
 * gives at the asked size and rate, then with no size or rate at all (the camera's default mode).
 */
export function fallbackPlans(first: CapturePlan): CapturePlan[] {
  const plans = [first, { ...first, encode: true }, { encode: true }];
  // A spread keeps the key order, so equal plans have equal JSON.
  return plans.filter((p, i) => plans.findIndex((q) => JSON.stringify(q) === JSON.stringify(p)) === i);
}
