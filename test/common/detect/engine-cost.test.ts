/** The Admin's cost of a look: the bench figure until an engine has made a few looks, then the quickest of its own. */
import { describe, expect, it } from 'vitest';
import { BENCH_MS_PER_LOOK, EngineCost } from '../../../common/detect/engine-cost.js';

const look = (ms: number) => ({ prepareMs: ms / 2, inferMs: ms / 4, decodeMs: ms / 4 });

describe('EngineCost', () => {
  describe('#msPerLook', () => {
    it('is the bench figure for each engine before it has made five looks', () => {
      const cost = new EngineCost();
      for (const ms of [40, 40, 40, 40]) cost.record('onnxruntime', look(ms));
      expect(cost.msPerLook('onnxruntime')).toEqual({ ms: BENCH_MS_PER_LOOK.onnxruntime, source: 'bench' });
      expect(cost.msPerLook('tfjs-wasm')).toEqual({ ms: BENCH_MS_PER_LOOK['tfjs-wasm'], source: 'bench' });
    });

    it('is the quickest of the engine’s own looks (prepare, inference and decode) from the fifth, the other engine’s not mixed in', () => {
      const cost = new EngineCost();
      for (const ms of [36, 32, 400, 34, 40]) cost.record('onnxruntime', look(ms));
      cost.record('tfjs-wasm', look(20));
      expect(cost.msPerLook('onnxruntime')).toEqual({ ms: 32, source: 'looks' });
      cost.record('onnxruntime', look(30));
      expect(cost.msPerLook('onnxruntime')).toEqual({ ms: 30, source: 'looks' });
    });

    it('keeps only the newest 32 looks, so a camera that now costs more shows', () => {
      const cost = new EngineCost();
      for (let k = 0; k < 40; k++) cost.record('tfjs-wasm', look(150));
      for (let k = 0; k < 31; k++) cost.record('tfjs-wasm', look(300));
      expect(cost.msPerLook('tfjs-wasm').ms).toBe(150);
      cost.record('tfjs-wasm', look(300));
      expect(cost.msPerLook('tfjs-wasm').ms).toBe(300);
    });
  });
});
