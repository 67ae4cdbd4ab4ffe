/** The recorders' series on the server's Prometheus registry, read from their counts at scrape time. */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { RecordingManager } from './recording-manager.js';

const STATES = ['off', 'waiting', 'recording', 'disk-full', 'error'] as const;

export function recordingMetrics(registry: Registry, manager: RecordingManager): void {
  const registers = [registry];
  const perCamera = () => manager.recorderCameras().map((c) => manager.status(c));
  new Counter({
    name: 'camrelay_recording_frames_total',
    help: 'Frames offered to a recorder: kept (written), or skipped by its fps cap.',
    labelNames: ['camera', 'outcome'],
    registers,
    collect() {
      this.reset();
      for (const s of perCamera()) for (const outcome of ['kept', 'skipped'] as const) this.inc({ camera: s.camera, outcome }, s.frames[outcome]);
    },
  });
  new Counter({
    name: 'camrelay_recording_dropped_total',
    help: 'Frames a recorder meant to keep but lost: its queue full (disk or encoder too slow), the disk full, a write error, another frame size inside a segment’s first 10 s (size_change), a seventh segment start within a minute, not counting those after a segment reached its length (start_limit), or H.264 access units after a hole in the camera side’s stream, up to the next keyframe (uplink).',
    labelNames: ['camera', 'reason'],
    registers,
    collect() {
      this.reset();
      for (const s of perCamera()) for (const [reason, n] of Object.entries(s.dropped)) this.inc({ camera: s.camera, reason }, n);
    },
  });
  new Gauge({
    name: 'camrelay_recording_queue_frames',
    help: 'Frames waiting to be written, per camera.',
    labelNames: ['camera'],
    registers,
    collect() {
      this.reset();
      for (const s of perCamera()) this.set({ camera: s.camera }, s.queued);
    },
  });
  new Gauge({
    name: 'camrelay_recording_queue_bytes',
    help: 'Bytes of frames waiting to be written, per camera (capped by recording.queueMb and, over all cameras, recording.queueTotalMb).',
    labelNames: ['camera'],
    registers,
    collect() {
      this.reset();
      for (const s of perCamera()) this.set({ camera: s.camera }, s.queuedBytes);
    },
  });
  new Gauge({
    name: 'camrelay_recording_preroll_bytes',
    help: 'Bytes of motion pre-roll held in memory, per camera (capped by recording.preRollMb and, over all cameras, recording.preRollTotalMb).',
    labelNames: ['camera'],
    registers,
    collect() {
      this.reset();
      for (const s of perCamera()) this.set({ camera: s.camera }, s.preRoll.bytes);
    },
  });
  new Counter({
    name: 'camrelay_recording_preroll_trimmed_total',
    help: 'Pre-roll frames let go before their time because a byte cap was reached: the pre-roll is shorter than preRollSeconds.',
    labelNames: ['camera'],
    registers,
    collect() {
      this.reset();
      for (const s of perCamera()) this.inc({ camera: s.camera }, s.preRoll.trimmed);
    },
  });
  new Gauge({
    name: 'camrelay_recording_state',
    help: 'Each recorder’s state (1 for the current one): off, waiting (for frames or motion), recording, disk-full, error.',
    labelNames: ['camera', 'state'],
    registers,
    collect() {
      this.reset();
      for (const s of perCamera()) for (const state of STATES) this.set({ camera: s.camera, state }, s.state === state ? 1 : 0);
    },
  });
  new Gauge({
    name: 'camrelay_recording_bytes',
    help: 'Bytes of recordings kept per camera, as of the last retention pass.',
    labelNames: ['camera'],
    registers,
    collect() {
      this.reset();
      for (const [camera, bytes] of manager.retention.bytes) this.set({ camera }, bytes);
    },
  });
  new Gauge({
    name: 'camrelay_recording_disk_full',
    help: '1 while free space is below the floor (recording.minFreeMb) with nothing left to delete: recorders stop, live goes on.',
    registers,
    collect() {
      this.set(manager.retention.diskFull ? 1 : 0);
    },
  });
  new Counter({
    name: 'camrelay_recording_deleted_total',
    help: 'Segments deleted: older than the retention days (age), over the camera quota (quota), under the free-space floor (floor).',
    labelNames: ['reason'],
    registers,
    collect() {
      this.reset();
      for (const [reason, n] of Object.entries(manager.retention.deleted)) this.inc({ reason }, n);
    },
  });
}
