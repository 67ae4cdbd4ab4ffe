import { describe, expect, it } from 'vitest';
import type { H264FrameMeta } from '../../../shared/demand.js';
import { h264RungIn } from '../../../server/relay/h264-rung-in.js';

const meta = (over: Partial<H264FrameMeta> = {}): H264FrameMeta => ({ seq: 1, capturedAt: 1, keyframe: true, width: 320, height: 180, ...over });

describe('h264RungIn', () => {
  it('takes a unit of a demanded rung, with its rung', () => {
    const r = h264RungIn(meta(), 320, [320, 640]);
    expect(r.ok && r.value.rung).toBe(320);
  });

  it('refuses a rung the demand does not list with RUNG_NOT_DEMANDED', () => {
    for (const rung of [640, undefined, '320', 320.5, null]) {
      const r = h264RungIn(meta(), rung, [320]);
      expect(!r.ok && r.error.code).toBe('RUNG_NOT_DEMANDED');
    }
  });

  it('refuses a unit wider than its rung, and an H.265 one, with BAD_H264', () => {
    const wide = h264RungIn(meta({ width: 640 }), 320, [320]);
    expect(!wide.ok && wide.error.code).toBe('BAD_H264');
    const h265 = h264RungIn(meta({ codec: 'h265' }), 320, [320]);
    expect(!h265.ok && h265.error.code).toBe('BAD_H264');
  });
});
