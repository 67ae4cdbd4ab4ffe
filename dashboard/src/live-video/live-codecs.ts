/**
 * Which cameras this page asks for as H.264 (#30), and why the others are JPEG. H.264 comes at the
 * camera's full size, so it is asked only for a tile that would get native frames anyway (the
 * single view, a phone's one column, a big tile); a smaller tile takes its rung's H.264 where the camera
 * side makes one (`h264Rungs`), else keeps its JPEG rung. A camera whose
 * H.264 failed here goes back to JPEG at once and is tried again after a backoff (`H264_RETRY_MS`),
 * as the WebRTC upgrade is. A tile on JPEG says why whenever a person could wonder: its H.264 failed, its camera or
 * this browser has none, the tile is smaller than the camera whose capture side makes H.264 at full size only, or the
 * page asked H.264 and only JPEG came (`RELAY_JPEG_AFTER_MS`).
 */
import { H264_RETRY_MS, type JpegReason, type LiveCodec } from '../../../shared/live-video.js';
import { renditionFor } from '../../../shared/subscription.js';
import type { DecoderKind } from './can-decode.js';

/** A camera as the choice needs it: whether its capture side sends H.264, and its full width. */
export interface CodecCandidate {
  id: string;
  h264: boolean;
  /** Its capture side also makes H.264 at rung widths (CameraInfo.h264Rungs). */
  h264Rungs?: boolean;
  width: number | null;
}

/** What a tile's codec indicator shows: the codec, and for JPEG why (empty when JPEG is simply what suits the tile). */
export interface CodecWord {
  codec: LiveCodec;
  why: string;
}

export interface LiveCodecsOptions {
  /** The page's decoder (can-decode.ts), or null where it has none. */
  kind: DecoderKind | null;
  /** The set of cameras to ask for changed: the page subscribes again. */
  onChange: () => void;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
  now?: () => number;
}

/**
 * Asked as H.264 this long and still drawn as JPEG: the tile says the relay sent JPEG. Past a first picture's time
 * (≤ 0.7 s, #30) and a camera side's encoder start, and past the 1.5 s a tile keeps an H.264 picture up (tile-video.ts).
 */
export const RELAY_JPEG_AFTER_MS = 3000;

/** Why a tile smaller than the camera is JPEG though the camera sends H.264 (the choice here, not a failure). */
const SMALL_TILE =
  'this tile shows the camera smaller than its full size, and its capture side makes H.264 at full size only: a JPEG at the tile’s size costs less to send and decode';

const WORDS: Record<JpegReason, string> = {
  'no-decoder': 'this browser cannot decode H.264 here (no WebCodecs nor Media Source Extensions)',
  'unsupported-profile': "this browser cannot decode the camera's H.264 profile",
  'decoder-error': "the browser's H.264 decoder failed",
  stall: 'H.264 arrived but no picture was decoded within two seconds',
  'camera-jpeg-only': "the camera's capture side sends JPEG only",
  'relay-jpeg-only': 'the relay sent this camera as JPEG',
};

interface Fall {
  reason: JpegReason;
  detail: string;
  falls: number;
  timer: unknown;
}

export class LiveCodecs {
  private readonly falls = new Map<string, Fall>();
  /** The cameras that send H.264, as last seen in the camera list. */
  private offering = '';
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (timer: unknown) => void;
  private readonly now: () => number;
  /** Cameras named for H.264 (either list) in the last choice, and since when without a break. */
  private readonly askedSince = new Map<string, number>();
  /** Cameras that send H.264 but are left on a JPEG rung by the tile's size alone. */
  private readonly smallTiles = new Set<string>();

  constructor(private readonly o: LiveCodecsOptions) {
    this.setTimer = o.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = o.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>));
    this.now = o.now ?? (() => performance.now());
  }

  /** The cameras to name in `subscribe.h264`, given the widths the page asks (`widths`, as sent). */
  ask(cameras: Iterable<CodecCandidate>, widths: Record<string, number>): string[] {
    return this.pick(cameras, widths, false);
  }

  /** The cameras to name in `subscribe.h264Rungs`: tiles on a rung whose camera side makes H.264 rungs. */
  askRungs(cameras: Iterable<CodecCandidate>, widths: Record<string, number>): string[] {
    return this.pick(cameras, widths, true);
  }

  private pick(cameras: Iterable<CodecCandidate>, widths: Record<string, number>, rungs: boolean): string[] {
    const out: string[] = [];
    // `ask` and `askRungs` see the same cameras and widths, so each keeps the same record of the choice.
    for (const c of cameras) {
      const fall = this.falls.get(c.id);
      const can = this.o.kind !== null && c.h264 && !(fall && fall.timer !== null);
      const onRung = renditionFor(widths[c.id], c.width ?? Infinity) !== null;
      const named = can && (!onRung || c.h264Rungs === true);
      if (named && onRung === rungs) out.push(c.id);
      if (!named) this.askedSince.delete(c.id);
      else if (!this.askedSince.has(c.id)) this.askedSince.set(c.id, this.now());
      if (can && !named) this.smallTiles.add(c.id);
      else this.smallTiles.delete(c.id);
    }
    return out;
  }

  /**
   * Takes the camera list's word on which cameras send H.264, and at what width; true when that changed,
   * so the page asks again. Only then: a subscribe on every list would send a layout's widths halfway
   * through a change.
   */
  camerasChanged(cameras: Iterable<CodecCandidate>): boolean {
    const offering = [...cameras]
      .filter((c) => c.h264)
      // The width too: a camera listed before its first frame has none, and `ask` cannot choose without it.
      .map((c) => `${c.id} ${c.width}${c.h264Rungs ? ' rungs' : ''}`)
      .join('\n');
    if (offering === this.offering) return false;
    this.offering = offering;
    return true;
  }

  /** A tile's H.264 failed: JPEG now, H.264 again after the backoff (longer each time, up to the last step). */
  fellBack(cameraId: string, reason: JpegReason, detail: string): void {
    const old = this.falls.get(cameraId);
    if (old?.timer) this.clearTimer(old.timer);
    const falls = (old?.falls ?? 0) + 1;
    const wait = H264_RETRY_MS[Math.min(falls, H264_RETRY_MS.length) - 1] ?? H264_RETRY_MS[0];
    const fall: Fall = { reason, detail, falls, timer: null };
    fall.timer = this.setTimer(() => {
      fall.timer = null;
      this.o.onChange();
    }, wait);
    this.falls.set(cameraId, fall);
    this.o.onChange();
  }

  /** A camera's H.264 drew pictures again after a retry: its next failure starts the backoff over. */
  recovered(cameraId: string): void {
    const fall = this.falls.get(cameraId);
    if (fall && fall.timer === null) this.falls.delete(cameraId);
  }

  /** The indicator's words for a camera drawn as `shown` now; `drawing`: its tile is live (not paused, off screen or waiting). */
  word(camera: CodecCandidate, shown: LiveCodec, drawing = true): CodecWord {
    if (shown === 'h264') return { codec: 'h264', why: '' };
    const fall = this.falls.get(camera.id);
    if (fall) return { codec: 'jpeg', why: `${WORDS[fall.reason]}${fall.detail ? ` (${fall.detail})` : ''}` };
    if (!camera.h264) return { codec: 'jpeg', why: WORDS['camera-jpeg-only'] };
    if (!this.o.kind) return { codec: 'jpeg', why: WORDS['no-decoder'] };
    if (this.smallTiles.has(camera.id)) return { codec: 'jpeg', why: SMALL_TILE };
    const since = this.askedSince.get(camera.id);
    if (drawing && since !== undefined && this.now() - since >= RELAY_JPEG_AFTER_MS) {
      return { codec: 'jpeg', why: `${WORDS['relay-jpeg-only']} (asked as H.264, none came within ${RELAY_JPEG_AFTER_MS / 1000} s)` };
    }
    return { codec: 'jpeg', why: '' };
  }

  dispose(): void {
    for (const fall of this.falls.values()) if (fall.timer) this.clearTimer(fall.timer);
    this.falls.clear();
  }
}
