/**
 * HLS out (#41): `GET /api/cameras/:cameraId/stream.m3u8`, its init and media segments under `hls/`,
 * with the same access as stream.mp4 (requireStreamReader). A camera's packager starts at its first
 * playlist fetch; that fetch waits (up to `readyWaitMs`) for the first segment rather than answer an
 * error at once: ffmpeg's HLS demuxer gives up on an error at its first playlist, and hls.js waits 20 s
 * for a playlist by default. Low-Latency HLS (hls-blocking.ts): a playlist asked with `_HLS_msn`/`_HLS_part`
 * waits for that part, and the preload-hinted part's fetch waits for it to be made, each a bounded time. A browser's
 * own player (`<video src>`) gets a segment it was not given yet, or waits a bounded time for one (hls-element-reloads.ts).
 * The URL's token is never logged: only the reader's token id is.
 */
import type { Express, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { CamrelayError } from '../../shared/errors.js';
import { sendError } from '../http/http-errors.js';
import type { LiveH264 } from '../relay/live-h264.js';
import type { Cameras } from '../relay/cameras.js';
import { directive, satisfied, tooFar } from './hls-blocking.js';
import type { HlsPackagers } from './hls-packagers.js';
import { ElementReloads, fromMediaElement } from './hls-element-reloads.js';
import { HLS_DIR, targetSeconds } from './hls-playlist.js';
import { ReaderSlots } from './reader-slots.js';
import type { HlsSegmenter } from './hls-segmenter.js';
import { tokenOf } from './stream-auth.js';

export const HLS_ROUTE_DEFAULTS = {
  /** The first playlist fetch waits this long at most for the first segment (about two GOPs of a slow camera). */
  readyWaitMs: 10_000,
  /** What a 503 HLS_NOT_READY asks the player to wait. */
  retryAfterMs: 2000,
  /**
   * A blocking reload waits at most this many part targets for its part (segment targets for a segment alone:
   * RFC 8216bis' bound). Then the playlist as it is: a player asks again, where a 503 would make hls.js back off.
   */
  blockTargets: 3,
  /**
   * A media element's playlist waits at most this many target durations for a segment it was not answered (about one
   * segment's time, and as long again for a late one); then the playlist as it is, as a blocking reload's wait ends.
   */
  elementTargets: 2,
  /**
   * Requests one stream token (or account) may have waiting on a camera at once, of the packagers' 100 (#55): a player
   * holds two (its reload and the hinted part), so ten players on one token fit, and one token cannot hold them all.
   */
  waitsPerReader: 20,
};

export interface HlsRouteDeps {
  app: Express;
  reader: RequestHandler;
  relay: { readonly cameras: Pick<Cameras, 'get'> };
  live: Pick<LiveH264, 'canSend'>;
  packagers: HlsPackagers;
  clientIp: (req: Parameters<RequestHandler>[0]) => string;
  log: Pick<Logger, 'info'>;
  readyWaitMs?: number;
  /** In place of `elementTargets` target durations: how long a media element's playlist waits at most for a new segment. */
  elementWaitMs?: number;
}

const FILE = /^(?:seg-(\d{1,9})\.m4s|init-(\d{1,9})\.mp4|part-(\d{1,9})\.m4s)$/;

/** An AbortSignal that fires when the response closes unsent (the reader left while its request waited). */
function closed(res: Parameters<RequestHandler>[1]): AbortSignal {
  const ac = new AbortController();
  // Not after an answer sent: nothing waits then, and an abort makes a DOMException (with its stack) per request (#41).
  res.once('close', () => res.writableFinished || ac.abort());
  return ac.signal;
}

const busy = () => {
  const error = new CamrelayError('HLS_BUSY');
  error.retryAfterMs = 1000;
  return error;
};

export function attachHlsRoutes(d: HlsRouteDeps): void {
  const readyWaitMs = d.readyWaitMs ?? HLS_ROUTE_DEFAULTS.readyWaitMs;
  // Per camera the packagers' maxWaiting bounds the waits; here each reader's share of them.
  const waits = new ReaderSlots({ perCamera: Number.POSITIVE_INFINITY, perReader: HLS_ROUTE_DEFAULTS.waitsPerReader });
  /** HlsPackagers#until, 'busy' when the reader has its share of waits already. */
  const until = async (cameraId: string, res: Parameters<RequestHandler>[1], check: (s: HlsSegmenter) => boolean, ms: number, signal: AbortSignal) => {
    const slot = waits.take(cameraId, res.locals.streamReader as string);
    if (!slot.ok) return 'busy';
    try {
      return await d.packagers.until(cameraId, check, ms, signal);
    } finally {
      slot.release();
    }
  };
  const elements = new ElementReloads();
  // Each body's ETag (Express's own function), made once: res.send would hash the same part or playlist for every reader (#41).
  const tags = new WeakMap<Buffer, string>();
  const send = (req: Parameters<RequestHandler>[0], res: Parameters<RequestHandler>[1], bytes: Buffer) => {
    const etag = req.app.get('etag fn') as ((body: Buffer) => string | undefined) | undefined;
    if (typeof etag === 'function') {
      let tag = tags.get(bytes);
      if (tag === undefined) tags.set(bytes, (tag = etag(bytes) ?? ''));
      if (tag) res.set('ETag', tag);
    }
    res.send(bytes);
  };

  d.app.get('/api/cameras/:cameraId/stream.m3u8', d.reader, (req, res, next) => {
    const cameraId = String(req.params.cameraId);
    if (!d.relay.cameras.get(cameraId)) return sendError(res, new CamrelayError('UNKNOWN_CAMERA'));
    if (!d.live.canSend(cameraId)) return sendError(res, new CamrelayError('STREAM_NO_H264'));
    const wants = directive(req.query);
    if (wants.kind === 'bad') return sendError(res, new CamrelayError('HLS_BAD_DIRECTIVE'));
    const starting = !d.packagers.get(cameraId);
    const who = res.locals.streamReader as string;
    const segmenter = d.packagers.touch(cameraId, `${who}@${d.clientIp(req)}`);
    if (starting) d.log.info({ cameraId, reader: who }, 'hls packager started');
    // Players fetch the URIs without the playlist's query: the token the reader gave goes into each (never a cookie).
    const token = tokenOf(req.query.token, req.headers.authorization);
    const query = token === undefined ? '' : `?token=${encodeURIComponent(token)}`;
    const signal = closed(res);
    // A reader as the packager counts one: its token or account at its address.
    const element = fromMediaElement(req.headers) ? `${who}@${d.clientIp(req)}` : null;
    const answer = async (): Promise<CamrelayError | null> => {
      if (!(await d.packagers.ready(cameraId, readyWaitMs))) {
        const error = new CamrelayError('HLS_NOT_READY');
        error.retryAfterMs = HLS_ROUTE_DEFAULTS.retryAfterMs;
        return error;
      }
      if (wants.kind !== 'wait') {
        const fresh = element === null ? null : elements.fresh(segmenter, element);
        if (!fresh || fresh(segmenter)) return null;
        const ms = d.elementWaitMs ?? HLS_ROUTE_DEFAULTS.elementTargets * 1000 * targetSeconds(segmenter.segments, segmenter.targetMs);
        return (await until(cameraId, res, fresh, ms, signal)) === 'busy' ? busy() : null;
      }
      if (tooFar(segmenter, wants)) return new CamrelayError('HLS_BAD_DIRECTIVE');
      const ms = HLS_ROUTE_DEFAULTS.blockTargets * (wants.part === null ? segmenter.targetMs : segmenter.partTargetMs);
      return (await until(cameraId, res, (s) => satisfied(s, wants), ms, signal)) === 'busy' ? busy() : null;
    };
    answer().then((error) => {
      if (res.headersSent || signal.aborted) return;
      if (error) return sendError(res, error);
      res.status(200).set({ 'Content-Type': 'application/vnd.apple.mpegurl', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
      if (element !== null) elements.answer(segmenter, element);
      // Rendered once per new part or segment: every reader woken by it gets the same bytes (#41).
      send(req, res, d.packagers.playlist(segmenter, query));
    }, next);
  });

  d.app.get(`/api/cameras/:cameraId/${HLS_DIR}/:file`, d.reader, (req, res, next) => {
    const cameraId = String(req.params.cameraId);
    const m = FILE.exec(String(req.params.file));
    const segmenter = d.packagers.get(cameraId);
    const media = (bytes: Buffer | undefined) => {
      if (!bytes) return sendError(res, new CamrelayError('HLS_SEGMENT_GONE'));
      // A segment's bytes never change once listed; the token in its URL is why it is not shared caches' to keep.
      res.status(200).set({ 'Content-Type': 'video/mp4', 'Cache-Control': 'private, max-age=60', 'X-Content-Type-Options': 'nosniff' });
      // The stored Buffer itself, to every reader: no copy.
      send(req, res, bytes);
    };
    if (!m || !segmenter) return media(undefined);
    if (m[3] === undefined) return media(m[1] !== undefined ? segmenter.segment(Number(m[1]))?.bytes : segmenter.init(Number(m[2])));
    const id = Number(m[3]);
    const part = (s: HlsSegmenter) => s.part(id)?.bytes;
    // Only the preload hint's part (the one being made) is waited for; any other not held is gone, or never listed.
    if (part(segmenter) || id !== segmenter.nextPartId) return media(part(segmenter));
    const signal = closed(res);
    until(cameraId, res, (s) => part(s) !== undefined, HLS_ROUTE_DEFAULTS.blockTargets * segmenter.partTargetMs, signal).then((made) => {
      if (res.headersSent || signal.aborted) return;
      if (made === 'busy') return sendError(res, busy());
      media(part(segmenter));
    }, next);
  });
}
