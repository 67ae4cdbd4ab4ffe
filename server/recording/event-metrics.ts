/** Motion detection's series on the server's Prometheus registry, read at scrape time (the webhooks' are notifications'). */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { RecordingManager } from './recording-manager.js';

export function eventMetrics(registry: Registry, manager: RecordingManager): void {
  const registers = [registry];
  const detecting = () => manager.detection.detecting().map((camera) => ({ camera, status: manager.detection.status(camera)! }));
  new Counter({
    name: 'camrelay_motion_detections_total',
    help: 'Motion detections per camera: done, busy (skipped: the one before was still running), error (the frame did not decode).',
    labelNames: ['camera', 'outcome'],
    registers,
    collect() {
      this.reset();
      for (const { camera, status } of detecting()) {
        this.inc({ camera, outcome: 'done' }, status.detections);
        this.inc({ camera, outcome: 'busy' }, status.busy);
        this.inc({ camera, outcome: 'error' }, status.errors);
      }
    },
  });
  new Gauge({
    name: 'camrelay_motion_score',
    help: 'The last detection’s score per camera: % of the unmasked picture changed.',
    labelNames: ['camera'],
    registers,
    collect() {
      this.reset();
      for (const { camera, status } of detecting()) if (status.score !== null) this.set({ camera }, status.score);
    },
  });
  new Gauge({
    name: 'camrelay_motion_active',
    help: '1 while a camera sees motion (an event is under way).',
    labelNames: ['camera'],
    registers,
    collect() {
      this.reset();
      for (const { camera, status } of detecting()) this.set({ camera }, status.moving ? 1 : 0);
    },
  });
}
