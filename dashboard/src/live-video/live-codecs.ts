/**
 * Which cameras this page asks for as H.264 (#30), and why the others are JPEG. H.264 comes at the
 * camera's full size, so it is asked only for a tile that would get native frames anyway (the
 * single view, a phone's one column, a big tile); a smaller tile takes its rung's H.264 where the camera
 * side makes one (`h264Rungs`), else keeps its JPEG rung. A camera whose
 * H.264 failed here goes back to JPEG at once and is tried again after a backoff (`H264_RETRY_MS`),
 * as the WebRTC upgrade is.
 */
import { H264_RETRY_MS, type JpegReason, type LiveCodec } from '../../../shared/live-video.js';
import { renditionFor } from '../../../shared/protocol.js';
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
}

const WORDS: Record<JpegReason, string> = {
  'no-decoder': 'this browser cannot decode H.264 here (no WebCodecs nor Media Source Extensions)',
  'unsupported-profile': "this browser cannot decode the camera's H.264 profile",
  'decoder-error': "the browser's H.264 decoder failed",
  stall: 'H.264 arrived but no picture was decoded within a second',
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

  constructor(private readonly o: LiveCodecsOptions) {
    this.setTimer = o.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = o.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>));
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
    if (!this.o.kind) return [];
    const out: string[] = [];
    for (const c of cameras) {
      const fall = this.falls.get(c.id);
      if (!c.h264 || (fall && fall.timer !== null)) continue;
      const onRung = renditionFor(widths[c.id], c.width ?? Infinity) !== null;
      if (onRung === rungs && (!rungs || c.h264Rungs)) out.push(c.id);
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

  /** The indicator's words for a camera drawn as `shown` now. */
  word(camera: CodecCandidate, shown: LiveCodec): CodecWord {
    if (shown === 'h264') return { codec: 'h264', why: '' };
    const fall = this.falls.get(camera.id);
    if (fall) return { codec: 'jpeg', why: `${WORDS[fall.reason]}${fall.detail ? ` (${fall.detail})` : ''}` };
    if (!camera.h264) return { codec: 'jpeg', why: WORDS['camera-jpeg-only'] };
    if (!this.o.kind) return { codec: 'jpeg', why: WORDS['no-decoder'] };
    return { codec: 'jpeg', why: '' };
  }

  dispose(): void {
    for (const fall of this.falls.values()) if (fall.timer) this.clearTimer(fall.timer);
    this.falls.clear();
  }
}
