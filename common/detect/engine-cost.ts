/**
 * What one look costs on each engine, for the Admin's cost line: the median of the engine's own
 * recent looks once it has made a few, else the figure measured for it by the benchmark.
 */
import type { EngineName } from './engine.js';
import type { DetectTimings } from './worker-messages.js';

/**
 * CPU per look on one core, measured by `npm run bench -- --only=detect` on 2026-11-28 (docs/detection.md,
 * "What it costs"): onnxruntime-node 29.8-32.5 ms, tfjs-wasm 146-154 ms, two runs at load 4.4-4.5.
 */
export const BENCH_MS_PER_LOOK: Readonly<Record<EngineName, number>> = { onnxruntime: 31, 'tfjs-wasm': 150 };

/** Looks kept per engine: the median of the newest 32 follows a change of load within seconds at 2/s. */
const WINDOW = 32;
/** Fewer looks than this, and the bench figure is said: the first looks after a start run cold. */
const ENOUGH = 5;

export interface LookCost {
  ms: number;
  /** 'looks': the median of this engine's own recent looks; 'bench': BENCH_MS_PER_LOOK. */
  source: 'looks' | 'bench';
}

export class EngineCost {
  private readonly looks = new Map<EngineName, number[]>();

  /** One finished look's time in the worker (prepare, inference, decode): clock time, so on a busy box it errs high. */
  record(engine: EngineName, timings: DetectTimings): void {
    const kept = this.looks.get(engine) ?? [];
    kept.push(timings.prepareMs + timings.inferMs + timings.decodeMs);
    if (kept.length > WINDOW) kept.shift();
    this.looks.set(engine, kept);
  }

  msPerLook(engine: EngineName): LookCost {
    const kept = this.looks.get(engine) ?? [];
    if (kept.length < ENOUGH) return { ms: BENCH_MS_PER_LOOK[engine], source: 'bench' };
    const sorted = [...kept].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    const ms = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
    return { ms, source: 'looks' };
  }
}
