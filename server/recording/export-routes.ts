/**
 * The export routes: `export.json` says what a clip of a range will hold (recorded time, gaps)
 * before anyone waits for it, `export.mp4` streams the clip (HEAD: its headers only, no ffmpeg).
 */
import type { Express, Request } from 'express';
import { CamrelayError } from '../../shared/errors.js';
import { validateCameraId } from '../../shared/validate.js';
import { principalOf } from '../auth/http.js';
import { sendError } from '../http/http-errors.js';
import { sendClip } from './export.js';
import { planExport, planHeaders, type ExportPlan } from './export-plan.js';
import { ExportSlots } from './export-slots.js';
import type { RecordingManager } from './recording-manager.js';
import { parseRange, type RouteDeps } from './routes.js';
import type { SegmentRecord } from './segment-files.js';

export interface ExportRouteDeps extends RouteDeps {
  /** Who is exporting now; one is made with the defaults when not given. */
  exportSlots?: ExportSlots;
  /** Tests: the pid of each export's ffmpeg. */
  onExportSpawn?: (pid: number | undefined) => void;
}

export function attachExportRoutes(app: Express, manager: RecordingManager, d: ExportRouteDeps): ExportSlots {
  const now = d.now ?? Date.now;
  const slots = d.exportSlots ?? new ExportSlots();

  /** The segments of the asked range and its plan, or the refusal to send. */
  async function plan(req: Request): Promise<{ segments: SegmentRecord[]; plan: ExportPlan } | CamrelayError> {
    const id = validateCameraId(req.params.cameraId);
    if (!id.ok) return id.error;
    if (req.query.from === undefined || req.query.to === undefined) return new CamrelayError('BAD_TIME_RANGE');
    const range = parseRange({ from: req.query.from, to: req.query.to }, now());
    if (!range.ok) return range.error;
    const { from, to } = range.value;
    const { segments: indexed } = await manager.index.range(id.value, from, to);
    // The segment being written reaches its last frame, as in the listing: the clip holds up to there.
    const live = await manager.openSegment(id.value);
    const segments = indexed.map((s) => (live && s.id === live.id && s.state === 'open' ? { ...s, end: live.end, frames: live.frames } : s));
    const p = planExport(id.value, segments, from, to, now());
    if (!p) return new CamrelayError('NO_RECORDING', 'No recording of this camera covers that time.');
    return { segments, plan: p };
  }

  app.get('/api/cameras/:cameraId/export.json', d.cameraViewer, async (req, res) => {
    const p = await plan(req);
    if (p instanceof CamrelayError) return sendError(res, p);
    res.setHeader('Cache-Control', 'no-store');
    res.json(p.plan);
  });

  app.get('/api/cameras/:cameraId/export.mp4', d.cameraViewer, async (req, res) => {
    const p = await plan(req);
    if (p instanceof CamrelayError) return sendError(res, p);
    // Express answers HEAD with the GET route: the headers are known without making the clip.
    if (req.method === 'HEAD') {
      res.set({ ...planHeaders(p.plan), 'Content-Type': 'video/mp4', 'Cache-Control': 'no-store' });
      return void res.end();
    }
    try {
      sendClip(res, {
        ffmpegPath: d.ffmpeg(),
        files: manager.files,
        segments: p.segments,
        plan: p.plan,
        slots,
        user: principalOf(res).username,
        onSpawn: d.onExportSpawn,
      });
    } catch (err) {
      sendError(res, err instanceof CamrelayError ? err : new CamrelayError('EXPORT_FAILED', (err as Error).message));
    }
  });
  return slots;
}
