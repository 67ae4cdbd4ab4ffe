/** Object detection's series on the server's Prometheus registry, read at scrape time (docs/detection.md). */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { DetectionService } from './detection-service.js';

const STATES = ['off', 'starting', 'ready', 'restarting', 'failed'] as const;

export function detectionMetrics(registry: Registry, service: DetectionService): void {
  const registers = [registry];
  new Counter({
    name: 'camrelay_object_detections_total',
    help: 'Frames offered to the object detector per camera: detected, skipped (a newer frame took its turn: the detector cannot keep up), failed.',
    labelNames: ['camera', 'outcome'],
    registers,
    collect() {
      this.reset();
      for (const { camera, counts } of service.detecting()) {
        for (const outcome of ['detected', 'skipped', 'failed'] as const) this.inc({ camera, outcome }, counts[outcome]);
      }
    },
  });
  new Gauge({
    name: 'camrelay_object_detector_state',
    help: 'The relay’s object detector: 1 for its state now (off until a camera detects; failed: its model is missing or corrupt).',
    labelNames: ['state'],
    registers,
    collect() {
      this.reset();
      for (const state of STATES) this.set({ state }, service.detectorState === state ? 1 : 0);
    },
  });
  new Gauge({
    name: 'camrelay_object_detector_engine',
    help: 'What runs the relay’s object detector: 1 for onnxruntime or tfjs-wasm, with why it fell back to tfjs-wasm (no series until it has started).',
    labelNames: ['engine', 'fallback_reason'],
    registers,
    collect() {
      this.reset();
      const info = service.detectorEngine;
      if (info) this.set({ engine: info.engine, fallback_reason: info.fallbackReason ?? '' }, 1);
    },
  });
  // Read at scrape time: busy equal to workers for long means looks are being skipped (#57 item 6).
  new Gauge({
    name: 'camrelay_object_detector_workers',
    help: 'Worker threads the relay’s object detector runs (the setting detectWorkers), each a model and up to one core.',
    registers,
    collect() {
      this.set(service.detectorWorkers.workers);
    },
  });
  new Gauge({
    name: 'camrelay_object_detector_busy',
    help: 'Workers of the relay’s object detector holding a look now (0 to camrelay_object_detector_workers).',
    registers,
    collect() {
      this.set(service.detectorWorkers.busy);
    },
  });
  new Gauge({
    name: 'camrelay_object_looks_per_second',
    help: 'Looks done per second for each detecting camera over the last minute (by the relay’s workers or its capture side).',
    labelNames: ['camera'],
    registers,
    collect() {
      this.reset();
      for (const { camera } of service.detecting()) {
        const looks = service.looks(camera);
        if (looks) this.set({ camera }, looks.looksPerS);
      }
    },
  });
  new Gauge({
    name: 'camrelay_object_looks_skipped_per_second',
    help: 'Turns skipped per second for each detecting camera over the last minute: workers_busy (more looks out than workers), slow_look (a look outlasts the time between looks).',
    labelNames: ['camera', 'reason'],
    registers,
    collect() {
      this.reset();
      for (const { camera } of service.detecting()) {
        const looks = service.looks(camera);
        if (!looks) continue;
        for (const reason of ['workers_busy', 'slow_look'] as const) this.set({ camera, reason }, looks.skippedPerS[reason]);
      }
    },
  });
  new Gauge({
    name: 'camrelay_object_look_ms',
    help: 'Mean time a relay worker spent on one look of each camera over the last minute, ms (prepare, inference, boxes; no series without a look).',
    labelNames: ['camera'],
    registers,
    collect() {
      this.reset();
      for (const { camera } of service.detecting()) {
        const ms = service.looks(camera)?.msPerLook;
        if (ms !== null && ms !== undefined) this.set({ camera }, ms);
      }
    },
  });
  new Gauge({
    name: 'camrelay_object_look_regions',
    help: 'Regions per look of each camera over the last minute (1: the whole picture; no series without a relay look).',
    labelNames: ['camera'],
    registers,
    collect() {
      this.reset();
      for (const { camera } of service.detecting()) {
        const regions = service.looks(camera)?.regionsPerLook;
        if (regions !== null && regions !== undefined) this.set({ camera }, regions);
      }
    },
  });
  new Gauge({
    name: 'camrelay_object_detector_capacity_looks_per_second',
    help: 'Looks per second the relay’s workers can do: workers × 1000 / ms per look (measured, else the benchmark’s).',
    registers,
    collect() {
      this.set(service.capacity().looksPerS);
    },
  });
  new Gauge({
    name: 'camrelay_object_detector_demand_looks_per_second',
    help: 'Looks per second the cameras the relay detects for ask while motion lasts (the sum of their rates).',
    registers,
    collect() {
      this.set(service.capacity().demandPerS);
    },
  });
  new Gauge({
    name: 'camrelay_objects',
    help: 'Objects each camera’s detector follows now, per followed name (person, vehicle…).',
    labelNames: ['camera', 'label'],
    registers,
    collect() {
      this.reset();
      for (const { camera } of service.detecting()) {
        for (const [label, n] of Object.entries(service.presence.of(camera))) this.set({ camera, label }, n);
      }
    },
  });
}
