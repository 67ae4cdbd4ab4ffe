/**
 * The engine a Detector's worker runs, as the relay reads it: onnxruntime-node by default; tfjs-wasm
 * when onnxruntime-node cannot be imported, the reason logged once (not again after a crash) and kept.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { Detector } from '../../../common/detect/detector.js';
import type { CamrelayError } from '../../../shared/errors.js';
import { detectModelDir } from '../../helpers/detect-model.js';
import { waitFor } from '../../helpers/wait.js';

const jpeg = () => readFileSync(new URL('../../fixtures/detect/dog-human.jpg', import.meta.url));

describe('Detector', () => {
  let detector: Detector | undefined;
  afterEach(() => detector?.close());

  describe('#engine', () => {
    it('is onnxruntime, with no fallback reason, where onnxruntime-node loads', async () => {
      const lines: string[] = [];
      detector = new Detector({ modelDir: await detectModelDir(), log: (l) => lines.push(l) });
      expect(await detector.start()).toMatchObject({ engine: 'onnxruntime', fallbackReason: null });
      expect(detector.engine).toEqual({ engine: 'onnxruntime', fallbackReason: null });
      expect((await detector.detect(jpeg())).detections.map((d) => d.label)).toContain('person');
      expect(lines).toEqual([]);
    }, 120_000);

    it('is tfjs-wasm with the reason when onnxruntime-node will not load; the reason is logged once, not again after a restart', async () => {
      const lines: string[] = [];
      detector = new Detector({
        modelDir: await detectModelDir(),
        log: (l) => lines.push(l),
        onnxRuntimeModule: 'onnxruntime-node-not-installed',
        restartDelayMs: 50,
      });
      const info = await detector.start();
      expect(info.engine).toBe('tfjs-wasm');
      expect(info.fallbackReason).toMatch(/^onnxruntime-node did not load: .*onnxruntime-node-not-installed/);
      expect((await detector.detect(jpeg())).detections.map((d) => d.label)).toContain('person');
      detector.crashForTest();
      await waitFor(() => detector!.crashes === 1 && detector!.status === 'ready', 'the worker restarted', 60_000);
      expect(lines.filter((l) => l.includes('running on tfjs-wasm'))).toEqual([
        `camrelay:detect running on tfjs-wasm, not onnxruntime-node: ${info.fallbackReason}`,
      ]);
      expect(detector.engine).toEqual({ engine: 'tfjs-wasm', fallbackReason: info.fallbackReason });
    }, 120_000);
  });

  describe('#close', () => {
    it('lets the worker finish the frame it is on before ending it: terminating onnxruntime-node mid-run aborts the process', async () => {
      // The run inside the worker cannot be watched, so the close lands at points spread over one look's time.
      const first = new Detector({ modelDir: await detectModelDir(), log: () => {} });
      await first.start();
      const { timings } = await first.detect(jpeg());
      await first.close();
      for (const share of [0.25, 0.5, 0.75, 1, 1.25]) {
        const closing = new Detector({ modelDir: await detectModelDir(), log: () => {} });
        await closing.start();
        const held = closing.detect(jpeg()).then(
          () => 'done',
          (e: unknown) => (e as CamrelayError).code,
        );
        await new Promise((resolve) => setTimeout(resolve, (timings.prepareMs + timings.inferMs) * share));
        await closing.close();
        // A close that lands after the answer finds nothing held; one before it fails the frame.
        expect(['done', 'DETECT_FAILED']).toContain(await held);
      }
      // Still here: on the code before, the process ended with "terminate called after throwing an instance of 'Napi::Error'".
    }, 120_000);
  });
});
