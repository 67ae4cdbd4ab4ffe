/**
 * `detection`: object detection on the relay for cameras whose pixels are here (#39,
 * docs/detection.md), motion-gated, with its settings routes and metrics. Confirmed objects join
 * the recording's event under way; the modules after it read presence and settings (provided.ts).
 */
import type { Verdict } from '../relay/detections-track.js';
import type { LaneSink } from '../tracks/lane.js';
import type { TrackReader } from '../tracks/track.js';
import { requireAdmin, requireSessionChange } from '../auth/http.js';
import { jsonBody } from '../http/body-deadline.js';
import type { Module } from '../modules/module.js';
import { detects } from '../recording/motion/motion-detection.js';
import { DetectionService } from './detection-service.js';
import { detectionMetrics } from './metrics.js';
import type { DetectionAttached } from './provided.js';
import { attachDetectionRoutes } from './routes.js';
import { detectionSettings, type DetectionSettings } from './settings.js';

export const detection: Module<'detection', DetectionSettings> & { settings: typeof detectionSettings } = {
  name: 'detection',
  settings: detectionSettings,
  // Motion (recording's detector) wakes the detector; objects join the events under way.
  needs: ['recording', 'events'],
  attach(ctx): DetectionAttached {
    const log = ctx.log.child({ name: 'camrelay:detection' });
    const { detections, objects } = ctx.relay.tracks;
    // The detector reads a capture side's verdicts as any reader reads a track: the cameras it asked for them.
    const reader: TrackReader = { wants: () => true, paused: false };
    const verdicts: LaneSink<Verdict> = {
      write: (v, done) => {
        service.verdicts(v.cameraId, v.meta, v.detections);
        done();
      },
    };
    const manager = ctx.provided.need('recording').manager;
    const events = ctx.provided.need('events');
    const service = new DetectionService({
      dataDir: ctx.config.dataDir,
      detector: { workers: ctx.config.detectWorkers },
      motion: (camera) => ({
        detects: detects(manager.settingsOf(camera)),
        moving: manager.detection.stirring(camera),
        boxes: manager.detection.boxes(camera),
      }),
      onObjects: (camera, sighting) => events.objects(camera, sighting),
      onBetter: (camera, sighting) => events.better(camera, sighting),
      onError: (camera, message) => log.warn({ camera, err: message }, 'object detection problem'),
      live: { publishing: (camera, on) => objects.setPublishing(camera, on), look: (look) => objects.publishLook(look) },
      // A capture side that offers `detect` runs the detector where the pixels are; the relay asks it while motion lasts.
      cameraSide: {
        offers: (camera) => ctx.relay.cameraSide.demand.offersDetect(camera),
        ask: (camera, rate, where) => {
          detections.read(reader, camera, rate === null ? null : verdicts);
          ctx.relay.cameraSide.demand.read(camera, 'detector', rate === null ? null : { track: 'detections', rate, ...(where ? { where } : {}) });
        },
      },
    });
    events.onEvent((type, record) => type === 'start' && service.eventStarted(record.camera, record.start));
    service.onLoitering((camera, alert) => events.loitering(camera, alert));
    service.onLeaving((camera, alert) => events.left(camera, alert));
    ctx.relay.onLocalFrame((frame) =>
      service.offer(frame.cameraId, { jpeg: frame.jpeg, width: frame.meta.width, height: frame.meta.height, at: frame.receivedAt }),
    );
    ctx.relay.cameras.onIngestEnded((camera) => service.ended(camera));
    ctx.relay.onCameraRemoved(
      (camera) => void service.forget(camera).catch((err: Error) => log.warn({ camera, err: err.message }, 'detection settings not forgotten')),
    );
    const admin = [ctx.requireCameraViewer, requireAdmin()];
    attachDetectionRoutes(ctx.app, service, { read: admin, change: [...admin, requireSessionChange(ctx.httpAuth), jsonBody()] });
    return {
      settings: (camera) => service.settings(camera),
      onConfigured: (listener) => service.onConfigured(listener),
      presence: service.presence,
      metrics: (registry) => detectionMetrics(registry, service),
      close: () => {
        detections.unsubscribe(reader);
        return service.close();
      },
    };
  },
};
