/**
 * Live H.264 to viewers (#30), on the connection a viewer already has. A viewer that can decode
 * H.264 names the cameras it takes that way in `subscribe` (`SubscribeRequest.h264`) and then gets
 * `h264` events for them instead of `frame`s; every other camera, and every camera whose capture
 * side sends no H.264, stays JPEG. JPEG is the floor: the page goes back to it by itself (no
 * decoder, a decoder error, a stall, a camera without H.264) by subscribing again without the
 * camera in `h264`, and says why on the tile and in Diagnostics.
 *
 * Newest wins, by GOP: a P-frame cannot be dropped alone, so the relay drops whole GOPs. It holds
 * at most one GOP per viewer and camera (`H264_VIEWER_QUEUE_BYTES`); when a viewer is behind and a
 * newer keyframe arrives, what it had not been sent is dropped and it goes on from that keyframe.
 * A viewer that joins, or resumes after `pause`, gets the camera's current GOP from its keyframe at
 * once (the relay keeps it, `H264_GOP_CACHE_BYTES`), so its first picture does not wait for the
 * camera's next keyframe; every unit of it but the newest is marked `catchUp`: the page decodes
 * them (the newest picture needs them) and draws none, so its first picture is the newest one the
 * relay had, never up to a GOP old.
 *
 * A page that thaws (Page Lifecycle `resume`) or comes back to view may still receive units that
 * were in flight into it before: up to `H264_VIEWER_WINDOW`, of a GOP the relay has since left.
 * So a page numbers its returns: each `pause { paused: false, resume: n }` (n from 1, counted per
 * connection, at most `H264_RESUME_MAX`) restarts the viewer's streams from the GOP kept, even one
 * not paused, and from then on every unit it is sent carries `resume: n`. The page drops any unit
 * whose `resume` is below its own newest n, so nothing from before the restart is decoded or drawn.
 * A unit without `resume` comes from an older relay and is taken as before; an older page sends no
 * `resume` and ignores both marks.
 * The wire types (`MonitorH264Meta`, the `h264` and `keyframe` events) are in protocol.ts.
 */
/** How a tile is drawn now: its codec indicator shows this. */
export const LIVE_CODECS = ['h264', 'jpeg'] as const;
export type LiveCodec = (typeof LIVE_CODECS)[number];

/**
 * Access units sent to one viewer for one camera and not yet acked: its pipeline over a link with
 * a long round trip (15 fps over 300 ms is 4.5 frames in flight). Past this, units wait in its queue.
 */
export const H264_VIEWER_WINDOW = 8;
/** Bytes unacked for one viewer and camera: a keyframe of 720p is 50 to 150 KB. */
export const H264_VIEWER_WINDOW_BYTES = 1024 * 1024;
/** Bytes queued for one viewer and camera (one GOP at most); a GOP bigger than this is skipped whole. */
export const H264_VIEWER_QUEUE_BYTES = 4 * 1024 * 1024;
/** Bytes of the current GOP the relay keeps per camera, for viewers that join; past this, only from the next keyframe. */
export const H264_GOP_CACHE_BYTES = 4 * 1024 * 1024;

/**
 * The least time between two keyframe requests the relay sends one camera's capture side
 * (`keyframe` on `/capture`), however many viewers join or fall behind: viewers cannot make a
 * camera send only keyframes.
 */
export const KEYFRAME_REQUEST_MIN_MS = 2000;

/** The largest `pause.resume` a relay takes; anything else (not a whole number 1…this) is ignored. */
export const H264_RESUME_MAX = 2 ** 31 - 1;

/** A `pause` request's `resume` number when it has a valid one, else undefined (an older page sends none). */
export function resumeOf(req: unknown): number | undefined {
  const n = (req as { resume?: unknown } | null)?.resume;
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= H264_RESUME_MAX ? n : undefined;
}

/**
 * No decoded picture this long while units arrive: the page goes back to JPEG (`stall`). A catch-up picture decoded
 * counts. Two seconds, not one: on a loaded CI box (stop 49) a working WebCodecs worker gave nothing for 1.1 s in the
 * middle of a 720p15 stream and the tile fell back to JPEG; a decoder that is really stuck still shows in 2 s.
 */
export const H264_STALL_MS = 2000;
/**
 * A fresh decoder's first picture may take this long before it counts as a stall: starting the worker and
 * VideoDecoder (or MSE's video), configuring it and decoding the first keyframe took 1.0–1.3 s on the
 * 2-core bench box under load, and each rung switch starts a fresh one. Past the first picture, `H264_STALL_MS`.
 */
export const H264_FIRST_PICTURE_MS = 3000;
/** Backoff before the page tries H.264 again for a camera after falling back: doubled per fall, to the last. */
export const H264_RETRY_MS = [5_000, 15_000, 60_000, 300_000] as const;

/** Why a tile is JPEG although the page asked for H.264 (the tile's indicator and Diagnostics say it). */
export const JPEG_REASONS = ['no-decoder', 'unsupported-profile', 'decoder-error', 'stall', 'camera-jpeg-only', 'relay-jpeg-only'] as const;
export type JpegReason = (typeof JPEG_REASONS)[number];

/**
 * `auth.page` of a `/monitor` handshake: a random id the page makes once and sends on every reconnect, so the relay
 * can start it where its last connection's link left it (the H.264 step-down, kept a minute). Anything else is ignored.
 */
export const PAGE_ID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;
export const pageIdOf = (auth: unknown): string | null => {
  const page = (auth as { page?: unknown } | null | undefined)?.page;
  return typeof page === 'string' && PAGE_ID_PATTERN.test(page) ? page : null;
};
