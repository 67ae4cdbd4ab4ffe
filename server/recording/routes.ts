/**
 * The recording routes. Every camera route sits behind the same gate as live frames (a viewer
 * limited to some cameras gets UNKNOWN_CAMERA for the others), and a file is reached only through
 * a record the index found: no part of a request becomes a path.
 */
import type { Express, RequestHandler, Request } from 'express';
import { CamrelayError } from '../../shared/errors.js';
import { LIVE_OBJECTS_SHOWN_MS, type RecordedLooks } from '../../shared/live-objects.js';
import type { CameraRecordingAnswer, RecordingOverview } from '../../shared/recording-status.js';
import { fail, ok, type Result } from '../../shared/result.js';
import type { RecordingListing, Segment } from '../../shared/segments.js';
import { validateCameraId } from '../../shared/validate.js';
import { canView } from '../auth/authenticator.js';
import { principalOf, requireAdmin, requireSessionChange, type HttpAuthOptions } from '../auth/http.js';
import { jsonBody } from '../http/body-deadline.js';
import { readRevision, refuseStale, revisionOf, SaveMarks } from '../http/edit-revision.js';
import { sendError } from '../http/http-errors.js';
import { publicEvent, shownTo } from '../events/public-event.js';
import { gapsOf } from './gaps.js';
import { readLooks } from './look-log.js';
import type { RecordingManager } from './recording-manager.js';
import { DAY, type SegmentRecord } from './segment-files.js';
import { sendMedia } from './send-media.js';
import { checkCameraRecording } from './settings.js';

const DAY_MS = 86_400_000;
/** The longest range one request for looks covers: an hour of segments' looks files, each bounded. */
export const LOOKS_RANGE_MAX_MS = 3_600_000;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface RouteDeps {
  user: RequestHandler;
  cameraViewer: RequestHandler;
  httpAuth: HttpAuthOptions;
  ffmpeg: () => string;
  now?: () => number;
}

/** `?day=YYYY-MM-DD` (a UTC day of the calendar, else BAD_DAY) or `?from=&to=` in ms since the epoch, at most a day long. */
export function parseRange(query: Request['query'], now: number): Result<{ from: number; to: number }> {
  const bad = (why: string) => fail(new CamrelayError('BAD_TIME_RANGE', `The time range is not valid: ${why}.`));
  if (query.day !== undefined) {
    const day = String(query.day);
    const from = Date.parse(`${day}T00:00:00Z`);
    // Date.parse rolls 2026-02-31 over to 3 March: only a day that reads back the same is one.
    if (!DAY.test(day) || Number.isNaN(from) || new Date(from).toISOString().slice(0, 10) !== day) return fail(new CamrelayError('BAD_DAY'));
    return ok({ from, to: from + DAY_MS });
  }
  if (query.from === undefined && query.to === undefined) {
    const from = Date.parse(`${new Date(now).toISOString().slice(0, 10)}T00:00:00Z`);
    return ok({ from, to: from + DAY_MS });
  }
  const from = Number(query.from);
  const to = Number(query.to);
  if (!/^\d{1,15}$/.test(String(query.from)) || !/^\d{1,15}$/.test(String(query.to))) return bad('from and to must be ms since the epoch');
  if (to <= from || to - from > DAY_MS) return bad('from must be before to, at most 24 hours apart');
  return ok({ from, to });
}

/** A segment's record as the listing shows it: no writer, and where its media is. */
const publicSegment = (camera: string, s: SegmentRecord): Segment => ({
  id: s.id,
  start: s.start,
  end: s.end,
  frames: s.frames,
  bytes: s.bytes,
  format: s.format,
  width: s.width,
  height: s.height,
  state: s.state,
  endReason: s.endReason,
  // A sidecar is read back from disk: only the values it can hold are shown.
  ...(s.audio === 'aac' || s.audio === 'opus' ? { audio: s.audio } : {}),
  ...(s.codec === 'h265' ? { codec: 'h265' as const } : {}),
  url: `/api/cameras/${camera}/recordings/${s.id}`,
});

export function attachRecordingRoutes(app: Express, manager: RecordingManager, d: RouteDeps): void {
  const now = d.now ?? Date.now;
  const cameraId = (req: Request) => validateCameraId(req.params.cameraId);
  const marks = new SaveMarks();
  const revisionInfo = (camera: string) => marks.info(camera, revisionOf(manager.settingsOf(camera)));

  // Every camera the caller may see that records or has recordings, with its state.
  app.get('/api/recording', d.user, async (_req, res) => {
    const principal = principalOf(res);
    const cameras = (await manager.cameras()).filter((c) => canView(principal, c));
    res.json({
      diskFull: manager.retention.diskFull,
      freeBytes: manager.retention.freeBytes,
      cameras: cameras.map((c) => manager.status(c)),
    } satisfies RecordingOverview);
  });

  app.get('/api/cameras/:cameraId/recording', d.cameraViewer, (req, res) => {
    const id = cameraId(req);
    if (!id.ok) return sendError(res, id.error);
    res.json({ ...manager.status(id.value), diskFull: manager.retention.diskFull, ...revisionInfo(id.value) } satisfies CameraRecordingAnswer);
  });

  app.put('/api/cameras/:cameraId/recording', d.cameraViewer, requireAdmin(), requireSessionChange(d.httpAuth), jsonBody(), async (req, res) => {
    const id = cameraId(req);
    if (!id.ok) return sendError(res, id.error);
    // `revision` rides beside the change (docs/recording.md#http); a body without one saves as before.
    const raw: unknown = req.body;
    const { revision, ...body } = isObject(raw) ? raw : {};
    const sent = readRevision(revision);
    if (!sent.ok) return sendError(res, sent.error);
    const change = checkCameraRecording(isObject(raw) ? body : raw, 'body');
    if (!change.ok) {
      const error = new CamrelayError('BAD_RECORDING_SETTINGS', `The recording settings are not valid: ${change.error}.`);
      const field = /^body\.((?:motion\.)?[A-Za-z]+)/.exec(change.error)?.[1];
      if (field) error.field = field;
      return sendError(res, error);
    }
    // No await between this check and configure()'s change: two saves cannot both pass it.
    if (refuseStale(res, sent.value, revisionInfo(id.value))) return;
    const settings = await manager.configure(id.value, change.value);
    const made = revisionOf(settings);
    marks.mark(id.value, principalOf(res).username, now(), made);
    res.json({ ok: true, settings, ...marks.info(id.value, made) });
  });

  app.get('/api/cameras/:cameraId/recordings', d.cameraViewer, async (req, res) => {
    const id = cameraId(req);
    if (!id.ok) return sendError(res, id.error);
    const range = parseRange(req.query, now());
    if (!range.ok) return sendError(res, range.error);
    const { from, to } = range.value;
    const { segments: indexed, events } = await manager.index.range(id.value, from, to);
    // The segment being written here reaches its last frame, not its last sidecar: what a person just saw happen is listed.
    const live = await manager.openSegment(id.value);
    const segments = indexed.map((s) => (live && s.id === live.id && s.state === 'open' ? { ...s, end: live.end, frames: live.frames } : s));
    res.setHeader('Cache-Control', 'no-store');
    res.json({
      camera: id.value,
      from,
      to,
      segments: segments.map((s) => publicSegment(id.value, s)),
      gaps: gapsOf(segments, from, to, now()),
      events: events.map((e) => shownTo(principalOf(res), publicEvent(e))),
      recording: manager.status(id.value),
    } satisfies RecordingListing);
  });

  // Ranges (a <video> seeking) are answered by send, which res.sendFile uses.
  app.get('/api/cameras/:cameraId/recordings/:segmentId', d.cameraViewer, async (req, res) => {
    const id = cameraId(req);
    if (!id.ok) return sendError(res, id.error);
    const segment = await manager.index.segment(id.value, String(req.params.segmentId));
    if (!segment) return sendError(res, new CamrelayError('NO_RECORDING'));
    const type = segment.format === 'h264' ? 'video/mp4' : 'video/x-matroska';
    // An open segment grows and retention deletes: a copy is used only after asking (ETag, Last-Modified).
    const headers = { 'Content-Type': type, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'private, no-cache' };
    sendMedia(res, manager.files.mediaPath(segment), headers, new CamrelayError('NO_RECORDING', 'The recording was deleted meanwhile (retention).'));
  });

  // The detector's looks kept beside the segments of a range (look-log.ts), for playback and export: as the media, by camera.
  app.get('/api/cameras/:cameraId/looks', d.cameraViewer, async (req, res) => {
    const id = cameraId(req);
    if (!id.ok) return sendError(res, id.error);
    if (req.query.from === undefined || req.query.to === undefined) return sendError(res, new CamrelayError('BAD_TIME_RANGE'));
    const range = parseRange({ from: req.query.from, to: req.query.to }, now());
    if (!range.ok) return sendError(res, range.error);
    const { from, to } = range.value;
    if (to - from > LOOKS_RANGE_MAX_MS)
      return sendError(res, new CamrelayError('BAD_TIME_RANGE', 'The time range is not valid: looks are given for at most an hour at a time.'));
    // A look taken just before a segment began may lie in the file of the segment before it.
    const { segments } = await manager.index.range(id.value, from - LIVE_OBJECTS_SHOWN_MS, to);
    const { looks, cut } = await readLooks(manager.files, segments, from, to);
    res.setHeader('Cache-Control', 'no-store');
    res.json({ camera: id.value, from, to, looks, cut } satisfies RecordedLooks);
  });

  // The export routes are export-routes.ts, attached beside these (index.ts).
}
