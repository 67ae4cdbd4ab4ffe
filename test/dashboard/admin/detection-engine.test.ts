/** The Admin's engine line (#57): which engine runs the relay's detector, and why it fell back. */
import { describe, expect, it } from 'vitest';
import { DETECT_DEFAULTS } from '../../../common/detect/detect-settings.js';
import { describeStatus, parseAnswer } from '../../../dashboard/src/admin/detection-data.js';
import type { DetectionStatus } from '../../../shared/detection.js';

const status: DetectionStatus = {
  detector: 'ready',
  error: null,
  where: 'relay',
  motion: true,
  counts: { detected: 3, skipped: 0, failed: 0 },
  costPercent: 6,
  objects: {},
};
const engineLine = (s: Partial<DetectionStatus>) => {
  const facts = parseAnswer({ settings: { ...DETECT_DEFAULTS, enabled: true }, status: { ...status, ...s } });
  return facts && describeStatus(facts).find((l) => l.key === 'engine');
};

describe('describeStatus', () => {
  describe('engine line', () => {
    it('says "Engine: onnxruntime-node (CPU)" when the relay runs onnxruntime', () => {
      expect(engineLine({ engine: 'onnxruntime', fallbackReason: null })).toEqual({ key: 'engine', text: 'Engine: onnxruntime-node (CPU)', tone: 'off' });
    });

    it('says tfjs-wasm and why it fell back', () => {
      const reason = 'onnxruntime-node did not load: libonnxruntime.so.1: cannot open shared object file';
      expect(engineLine({ engine: 'tfjs-wasm', fallbackReason: reason })).toEqual({
        key: 'engine',
        text: `Engine: tfjs-wasm (fallback: ${reason})`,
        tone: 'wait',
      });
    });

    it('is left out before the detector has started, for a relay older than #57, and where the camera detects', () => {
      expect(engineLine({})).toBeUndefined();
      expect(engineLine({ engine: 'something-else' as never })).toBeUndefined();
      expect(engineLine({ engine: 'onnxruntime', fallbackReason: null, where: 'camera' })).toBeUndefined();
    });
  });
});
