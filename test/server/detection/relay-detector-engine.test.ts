/**
 * The relay's detector says which engine runs it, for the Admin and `/metrics`: tfjs-wasm with the
 * reason when onnxruntime-node will not load (a module that is not installed stands in for it), and
 * what a look costs on it, measured once it has made a few.
 */
import { readFileSync } from 'node:fs';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { BENCH_MS_PER_LOOK } from '../../../common/detect/engine-cost.js';
import type { DetectionService } from '../../../server/detection/detection-service.js';
import { detectionMetrics } from '../../../server/detection/metrics.js';
import { RelayDetector } from '../../../server/detection/relay-detector.js';
import { detectModelDir } from '../../helpers/detect-model.js';
import { waitFor } from '../../helpers/wait.js';

/** The service as metrics reads it: its detector's state and engine, no cameras. */
const serviceOf = (detector: RelayDetector) =>
  ({
    detecting: () => [],
    detectorState: detector.state,
    detectorEngine: detector.engine,
    detectorWorkers: { workers: 1, busy: 0 },
    presence: { of: () => ({}) },
    looks: () => null,
    capacity: () => ({ looksPerS: 0, demandPerS: 0 }),
  }) as unknown as DetectionService;

describe('RelayDetector', () => {
  let detector: RelayDetector | undefined;
  afterEach(() => detector?.close());

  describe('#engine', () => {
    it('is null until started, then tfjs-wasm with the reason when onnxruntime-node will not load, and /metrics says so', async () => {
      const lines: string[] = [];
      detector = new RelayDetector({ modelDir: await detectModelDir(), onnxRuntimeModule: 'onnxruntime-node-not-installed', log: (l) => lines.push(l) });
      expect(detector.engine).toBeNull();
      const empty = new Registry();
      detectionMetrics(empty, serviceOf(detector));
      expect(await empty.metrics()).not.toMatch(/^camrelay_object_detector_engine\{/m);
      detector.ensure();
      await waitFor(() => detector!.state === 'ready', 'the detector is ready', 60_000);
      expect(detector.engine?.engine).toBe('tfjs-wasm');
      expect(detector.engine?.fallbackReason).toMatch(/^onnxruntime-node did not load: .*onnxruntime-node-not-installed/);
      expect(lines.filter((l) => l.includes('running on tfjs-wasm'))).toHaveLength(1);
      const registry = new Registry();
      detectionMetrics(registry, serviceOf(detector));
      expect(await registry.metrics()).toMatch(
        /^camrelay_object_detector_engine\{engine="tfjs-wasm",fallback_reason="onnxruntime-node did not load: [^"]*onnxruntime-node-not-installed[^"]*"\} 1$/m,
      );
    }, 120_000);
  });

  describe('#msPerLook', () => {
    it('is the bench figure before the worker has started, then the quickest of the engine’s own looks', async () => {
      detector = new RelayDetector({ modelDir: await detectModelDir() });
      expect(detector.msPerLook()).toEqual({ ms: BENCH_MS_PER_LOOK['tfjs-wasm'], source: 'bench' });
      detector.ensure();
      await waitFor(() => detector!.state === 'ready', 'the detector is ready', 60_000);
      expect(detector.msPerLook()).toEqual({ ms: BENCH_MS_PER_LOOK[detector.engine!.engine], source: 'bench' });
      const photo = readFileSync(new URL('../../fixtures/detect/jockey.jpg', import.meta.url));
      for (let k = 0; k < 5; k++) expect((await detector.offer('door', photo)).kind).toBe('detected');
      const cost = detector.msPerLook();
      console.log(`${detector.engine!.engine}: ${cost.ms.toFixed(1)} ms per look, the quickest of 5`);
      expect(cost.source).toBe('looks');
      expect(cost.ms).toBeGreaterThan(0);
    }, 120_000);
  });

  describe('with two workers', () => {
    it('looks at two cameras at once, one in each worker', async () => {
      detector = new RelayDetector({ workers: 2, modelDir: await detectModelDir(), log: () => {} });
      expect(detector.workers).toBe(2);
      detector.ensure();
      await waitFor(() => detector!.state === 'ready', 'the detector is ready', 60_000);
      const jpeg = readFileSync(new URL('../../fixtures/detect/jockey.jpg', import.meta.url));
      const looks = [detector.offer('door', jpeg), detector.offer('drive', jpeg)];
      expect(detector.running).toBe(2);
      expect((await Promise.all(looks)).map((o) => o.kind)).toEqual(['detected', 'detected']);
      expect(detector.running).toBe(0);
    }, 90_000);

    it('refuses a number of workers the machine cannot run when it is made, not when a camera first wakes it', () => {
      expect(() => new RelayDetector({ workers: 0 })).toThrow(/^The number of detection workers must be a whole number from 1 to \d+/);
    });
  });
});
