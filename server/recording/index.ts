/**
 * `recording`: a manager that reads this node's cameras' tracks, its routes and its metrics
 * (docs/recording.md). Closing it finishes every open segment before the process goes.
 */
import type { Attached, Module } from '../modules/module.js';
import { copyMetrics } from './copy-metrics.js';
import { eventMetrics } from './event-metrics.js';
import { exportMetrics } from './export-metrics.js';
import { attachExportRoutes } from './export-routes.js';
import { ExportSlots } from './export-slots.js';
import { attachEventRoutes } from './events/event-routes.js';
import { recorderFfmpeg } from './ffmpeg-path.js';
import { recordLooks } from './look-log.js';
import { recordingMetrics } from './metrics.js';
import { RecordingManager } from './recording-manager.js';
import { attachRecordingRoutes } from './routes.js';
import { recordingSettings, type RecordingConfig } from './settings.js';

export interface RecordingAttached extends Attached {
  /** Recorders, the index of recordings and retention. */
  manager: RecordingManager;
}

declare module '../modules/module.js' {
  interface Provided {
    recording: RecordingAttached;
  }
}

export const recording: Module<'recording', { recording: RecordingConfig }> & { settings: typeof recordingSettings } = {
  name: 'recording',
  settings: recordingSettings,
  async attach(ctx) {
    const log = ctx.log.child({ name: 'camrelay:recording' });
    const manager = new RecordingManager({
      dataDir: ctx.config.dataDir,
      config: ctx.config.recording,
      ffmpeg: () => recorderFfmpeg(),
      silenceMs: ctx.config.offlineAfterMs,
      onError: (camera, message) => log.warn({ camera, err: message }, 'recording problem'),
      // Motion decodes the smallest picture the camera side sends, and asks for one while it detects.
      smaller: (camera) => ctx.relay.cameraSide.smallestRung(camera),
      wantsSmall: (camera, width) => ctx.relay.cameraSide.demand.read(camera, 'motion', width === null ? null : { track: 'jpeg', width }),
    });
    await manager.start();
    // Every medium it records is one of the relay's own tracks (#56 item 5), read as every reader reads it.
    manager.read({ jpeg: ctx.relay.tracks.jpeg, h264: ctx.relay.tracks.h264, sound: ctx.relay.tracks.sound });
    // Only cameras connected here: one this node merely knows (restored offline from the shared list) is another node's
    // to record, and reading its tracks here would bring its units through Redis to a second recorder.
    const follow = () => manager.follow(ctx.relay.cameras.listLocal().flatMap((c) => (c.online ? [c.id] : [])));
    follow();
    ctx.relay.cameras.onLocalChange(follow);
    ctx.relay.cameras.onIngestEnded((camera) => manager.disconnected(camera));
    // A camera an admin deletes leaves too, whatever its transport: its connection's end is not told once its entry is gone,
    // and an http camera has none, so without this its pre-roll (up to 32 MB) stayed for the offline grace, or 60 s for H.264.
    ctx.relay.onCameraRemoved((camera) => manager.disconnected(camera));
    // A capture side that says its camera is gone ends the segment at once: the timeline shows the hole as the camera's.
    ctx.relay.cameras.onLocalChange(() => {
      for (const camera of ctx.relay.cameras.listLocal()) if (camera.source?.state === 'waiting') manager.sourceLost(camera.id);
    });
    // Recording by copy: the camera side's H.264 goes to the recorder untouched.
    ctx.relay.cameraSide.intake.onOffered((camera) => manager.expectH264(camera));
    // The recorder reads the detector's looks as a viewer does (#56 item 5), beside the segments of the cameras that record.
    const looks = recordLooks(ctx.relay, manager, (camera, message) => log.warn({ camera, err: message }, 'recording problem'));
    const routeDeps = { user: ctx.requireUser, cameraViewer: ctx.requireCameraViewer, httpAuth: ctx.httpAuth, ffmpeg: () => recorderFfmpeg() };
    attachRecordingRoutes(ctx.app, manager, routeDeps);
    attachEventRoutes(ctx.app, manager, routeDeps);
    const onEnd = (user: string, outcome: string) => outcome !== 'done' && log.info({ user, outcome }, 'export ended early');
    const exportSlots = attachExportRoutes(ctx.app, manager, {
      ...routeDeps,
      exportSlots: new ExportSlots({ onEnd, drainTimeoutMs: ctx.config.recording.exportStallSeconds * 1000 }),
    });
    return {
      manager,
      metrics(registry) {
        recordingMetrics(registry, manager);
        copyMetrics(registry, manager);
        eventMetrics(registry, manager);
        exportMetrics(registry, exportSlots);
      },
      // Open segments end as `relay-down` and their files are finished.
      close: () => looks.close().then(() => manager.close()),
    };
  },
};

export type { RecordingManager } from './recording-manager.js';
export type { MotionSignal } from './camera-recorder.js';
