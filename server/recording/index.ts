/**
 * Recording, wired into a relay: a manager fed by the relay's local-frame hook, its routes and its
 * metrics. start-server.ts calls `startRecording` once; `close()` finishes every open segment.
 */
import type { Express, RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { HttpAuthOptions } from '../auth/http.js';
import type { Relay } from '../relay/relay.js';
import { eventMetrics } from './event-metrics.js';
import { exportMetrics } from './export-metrics.js';
import { attachExportRoutes } from './export-routes.js';
import { ExportSlots, type ExportSlotsOptions } from './export-slots.js';
import { attachEventRoutes } from './events/event-routes.js';
import { recorderFfmpeg } from './ffmpeg-path.js';
import { recordingMetrics } from './metrics.js';
import { RecordingManager, type ManagerOptions } from './recording-manager.js';
import { attachRecordingRoutes } from './routes.js';
import type { RecordingConfig } from './settings.js';

export interface RecordingContext {
  app: Express;
  relay: Relay;
  registry: Registry;
  log: Logger;
  user: RequestHandler;
  cameraViewer: RequestHandler;
  httpAuth: HttpAuthOptions;
  dataDir: string;
  recording: RecordingConfig;
  offlineAfterMs: number;
  /** Tests: free bytes, the sweep interval, the keyframe interval. */
  overrides?: Partial<ManagerOptions>;
  /** Export limits other than export-slots.ts's defaults. */
  exports?: Partial<ExportSlotsOptions>;
}

export async function startRecording(ctx: RecordingContext): Promise<RecordingManager> {
  const log = ctx.log.child({ name: 'camrelay:recording' });
  const manager = new RecordingManager({
    dataDir: ctx.dataDir,
    config: ctx.recording,
    ffmpeg: () => recorderFfmpeg(),
    silenceMs: ctx.offlineAfterMs,
    onError: (camera, message) => log.warn({ camera, err: message }, 'recording problem'),
    ...ctx.overrides,
  });
  await manager.start();
  ctx.relay.onLocalFrame((frame) => manager.offer(frame));
  ctx.relay.onIngestEnded((camera) => manager.disconnected(camera));
  const routeDeps = { user: ctx.user, cameraViewer: ctx.cameraViewer, httpAuth: ctx.httpAuth, ffmpeg: () => recorderFfmpeg() };
  attachRecordingRoutes(ctx.app, manager, routeDeps);
  attachEventRoutes(ctx.app, manager, routeDeps);
  const onEnd = (user: string, outcome: string) => outcome !== 'done' && log.info({ user, outcome }, 'export ended early');
  const exportSlots = attachExportRoutes(ctx.app, manager, {
    ...routeDeps,
    exportSlots: new ExportSlots({ onEnd, drainTimeoutMs: ctx.recording.exportStallSeconds * 1000, ...ctx.exports }),
  });
  recordingMetrics(ctx.registry, manager);
  eventMetrics(ctx.registry, manager);
  exportMetrics(ctx.registry, exportSlots);
  return manager;
}

export type { RecordingManager } from './recording-manager.js';
export type { MotionSignal } from './camera-recorder.js';
