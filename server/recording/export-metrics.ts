/** The exports' series: how many run, and how each ended (a reader that stopped reading is `stalled`). */
import { Counter, Gauge, type Registry } from 'prom-client';
import { EXPORT_OUTCOMES, type ExportSlots } from './export-slots.js';

export function exportMetrics(registry: Registry, slots: ExportSlots): void {
  const registers = [registry];
  new Gauge({
    name: 'camrelay_recording_exports_running',
    help: 'Exports running now (each an ffmpeg), at most one per user.',
    registers,
    collect() {
      this.set(slots.running);
    },
  });
  new Counter({
    name: 'camrelay_recording_exports_total',
    help: 'Exports ended: done, failed (ffmpeg), gone (the client left), stalled (its response did not drain in time), too-long.',
    labelNames: ['outcome'],
    registers,
    collect() {
      this.reset();
      for (const outcome of EXPORT_OUTCOMES) this.inc({ outcome }, slots.ended[outcome]);
    },
  });
}
