/**
 * What a viewer asks the relay for (`subscribe` on `/monitor`) and what it is told back: the cameras,
 * their widths on the rendition ladder, H.264 or JPEG, and why a camera comes smaller. Its own file:
 * one concern with its own bounds, read by the relay's subscribe handler and the dashboard's grid,
 * while protocol.ts keeps the event maps.
 */
import type { ErrorReply } from './webrtc/protocol.js';

/**
 * A subscribe may name this many more cameras than the viewer may see (its `cameras` list): one
 * removed, or added for someone else, while the subscribe was on its way is no reason to refuse it.
 */
export const SUBSCRIBE_ID_SLACK = 8;

/**
 * `cameraIds`, `widths` and `pinned` each name at most as many cameras as the viewer may see (plus
 * `SUBSCRIBE_ID_SLACK`, and never over 1000), else `TOO_MANY_IDS`; ids it may not see are dropped.
 */
export interface SubscribeRequest {
  cameraIds: string[] | '*';
  /**
   * The width in pixels this viewer shows a camera at, by camera id: the relay sends that camera's
   * frames at the smallest rendition width at least as wide (`renditionFor`), native when it has no
   * entry, or when the camera is no wider. Clients that send no `widths` get native frames.
   */
  widths?: Record<string, number>;
  /**
   * Cameras whose rung the relay must keep even when this viewer's link cannot carry it (a rung
   * the person chose). Without it, the relay steps a camera's rung down while the viewer's link
   * takes under two thirds of its frames, and back up when there is room.
   */
  pinned?: string[];
  /**
   * Cameras this viewer decodes as H.264 (#30, shared/live-video.ts): they come as `h264` events
   * instead of `frame`s while their capture side sends H.264, as JPEG otherwise. Bounded as `pinned`.
   */
  h264?: string[];
  /**
   * Cameras this viewer decodes as H.264 at their rung (#30): a camera whose capture side offers it
   * (`CameraInfo.h264Rungs`) and that `widths` puts on a rung comes as that rung's H.264 stream; one
   * without comes as its JPEGs (never full-size H.264 for a small tile). A camera `widths` puts at
   * native size is taken as in `h264`. Bounded as `pinned`.
   */
  h264Rungs?: string[];
  /**
   * Cameras whose detector boxes this viewer draws (#39, shared/live-objects.ts): each look of a camera
   * whose detector runs comes as an `objects` event, newest wins. Bounded as `pinned`.
   */
  objects?: string[];
  /**
   * Cameras this viewer listens to (#40, shared/live-audio.ts): each AAC frame of a camera whose sound is on
   * (`CameraInfo.sound`) comes as an `aac` event, every frame in order (a slow viewer loses the oldest). Bounded as `pinned`.
   */
  audio?: string[];
}

/**
 * `h264`: the cameras of `SubscribeRequest.h264` and `h264Rungs` this viewer now gets as H.264 (the others come as
 * JPEG); `h264Widths`: of those, the ones it gets at a rung, with the rung's width.
 */
export type SubscribeReply = { ok: true; cameraIds: string[]; h264?: string[]; h264Widths?: Record<string, number> } | (ErrorReply & { cameraIds: [] });

/** Why the relay sends a camera smaller (or with more frames in flight) to one viewer. */
export interface RenditionNotice {
  cameraId: string;
  /** Rungs below the one asked for (0: as asked). */
  steps: number;
  /** Frames in flight at once for this camera (1 unless the link's round trip needs more). */
  window: number;
  reason: string;
}

/**
 * The rendition ladder, in pixels of width. 320: a thumbnail, a phone's grid of four; 640: a tile of
 * a desktop grid (two or three columns at 1280 CSS pixels); 960: a large tile, or a small one at
 * devicePixelRatio 2; 1280: 720p, a phone's single view at devicePixelRatio 3; above that, native.
 * Each rung halves the bytes of the next one up, roughly, so a step down is worth taking.
 */
export const RENDITION_WIDTHS = [320, 640, 960, 1280] as const;
/** Widths a subscription or `?width=` may ask for. */
export const RENDITION_ASK_MIN = 16;
export const RENDITION_ASK_MAX = 8192;

/** The rung that serves a viewer showing `width` pixels: the smallest at least as wide, or null for native. */
export function renditionFor(width: number | undefined, nativeWidth = Infinity): number | null {
  if (width === undefined) return null;
  const rung = RENDITION_WIDTHS.find((w) => w >= width);
  return rung !== undefined && rung < nativeWidth ? rung : null;
}
