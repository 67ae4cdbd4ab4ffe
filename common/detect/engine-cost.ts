/**
 * What one look costs on each engine, for the Admin's cost line: the quickest of the engine's own
 * recent looks once it has made a few, else the figure measured for it by the benchmark. A look runs on
 * one thread, so its clock time is at least its CPU time, and the quickest is the nearest to it: at load
 * 25 the bench's median look took 115 ms by the clock for 37 ms of CPU.
 */
import type { EngineName } from './engine.js';
import type { DetectTimings } from './worker-messages.js';

/**
 * CPU per look on one core, measured by `npm run bench -- --only=detect` on 2026-11-28 (docs/detection.md,
 * "What it costs"): onnxruntime-node 29.8-32.5 ms, tfjs-wasm 146-154 ms, two runs at load 4.4-4.5.
 */
export const BENCH_MS_PER_LOOK: Readonly<Record<EngineName, number>> = { onnxruntime: 31, 'tfjs-wasm': 150 };

/** Looks kept per engine: the newest 32, so the figure follows a change of camera or engine within seconds at 2/s. */
const WINDOW = 32;
/** Fewer looks than this, and the bench figure is said: the first looks after a start run cold. */
const ENOUGH = 5;

export interface LookCost {
  ms: number;
  /** 'looks': the quickest of this engine's own recent looks; 'bench': BENCH_MS_PER_LOOK. */
  source: 'looks' | 'bench';
}

export class EngineCost {
  private readonly looks = new Map<EngineName, number[]>();

  /** One finished look's time in the worker (prepare, inference, decode), by the clock. */
  record(engine: EngineName, timings: DetectTimings): void {
    const kept = this.looks.get(engine) ?? [];
    kept.push(timings.prepareMs + timings.inferMs + timings.decodeMs);
    if (kept.length > WINDOW) kept.shift();
    this.looks.set(engine, kept);
  }

  msPerLook(engine: EngineName): LookCost {
    const kept = this.looks.get(engine) ?? [];
    if (kept.length < ENOUGH) return { ms: BENCH_MS_PER_LOOK[engine], source: 'bench' };
    return { ms: Math.min(...kept), source: 'looks' };
  }
}
