/** Recording by copy on /metrics: the camera side's H.264 bytes, segments by how they were made, fallbacks. */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { RecordingManager } from './recording-manager.js';

export function copyMetrics(registry: Registry, manager: RecordingManager): void {
  const registers = [registry];
  const sources = () => manager.recorderCameras().flatMap((c) => (manager.status(c).source ? [{ camera: c, ...manager.status(c).source! }] : []));
  new Counter({
    name: 'camrelay_recording_uplink_bytes_total',
    help: 'Bytes of H.264 received from a camera’s capture client for recording by copy (its dropped access units are camrelay_recording_dropped_total{reason="uplink"}).',
    labelNames: ['camera'],
    registers,
    collect() {
      this.reset();
      for (const s of sources()) this.inc({ camera: s.camera }, s.uplinkBytes);
    },
  });
  new Counter({
    name: 'camrelay_recording_segments_started_total',
    help: 'Segments started per camera: with an encoder on the relay (encode) or by copy of the camera side’s H.264 (copy).',
    labelNames: ['camera', 'how'],
    registers,
    collect() {
      this.reset();
      for (const s of sources()) {
        this.inc({ camera: s.camera, how: 'encode' }, s.encoders);
        this.inc({ camera: s.camera, how: 'copy' }, s.copies);
      }
    },
  });
  new Counter({
    name: 'camrelay_recording_copy_fallbacks_total',
    help: 'Times a camera’s H.264 stopped for 3 s while its JPEGs came, so the relay went back to encoding them.',
    labelNames: ['camera'],
    registers,
    collect() {
      this.reset();
      for (const s of sources()) this.inc({ camera: s.camera }, s.fallbacks);
    },
  });
  new Gauge({
    name: 'camrelay_recording_copy',
    help: '1 while a camera is recorded by copy of its H.264, 0 while the relay encodes its JPEGs.',
    labelNames: ['camera'],
    registers,
    collect() {
      this.reset();
      for (const s of sources()) this.set({ camera: s.camera }, s.mode === 'copy' ? 1 : 0);
    },
  });
}
