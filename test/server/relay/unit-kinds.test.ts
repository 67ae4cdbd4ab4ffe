import { describe, expect, it } from 'vitest';
import { ACCESS_UNIT_MAX } from '../../../common/codec/annexb.js';
import { UNIT_BOUNDS, largestPayloadBytes, largestUnitBytes } from '../../../server/relay/unit-kinds.js';
import { readUnits } from '../../../server/relay/unit-takers.js';
import { AAC_FRAME_MAX_BYTES, DETECTIONS_MAX_BYTES } from '../../../shared/demand.js';
import { UNIT_KINDS, UNITS_BATCH_BYTES } from '../../../shared/units.js';

const settings = { maxFrameBytes: 64 * 1024 };

describe('UNIT_BOUNDS', () => {
  it('states the bytes of every kind once: the frame setting for jpeg, the codecs and wire bounds for the rest', () => {
    expect(Object.keys(UNIT_BOUNDS)).toEqual([...UNIT_KINDS]);
    expect(UNIT_KINDS.map((k) => [k, (UNIT_BOUNDS[k] as { maxBytes(s: typeof settings): number }).maxBytes(settings), UNIT_BOUNDS[k].tooLarge])).toEqual([
      ['h264', ACCESS_UNIT_MAX, 'H264_TOO_LARGE'],
      ['h264-rung', ACCESS_UNIT_MAX, 'H264_TOO_LARGE'],
      ['aac', AAC_FRAME_MAX_BYTES, 'AAC_TOO_LARGE'],
      ['detections', DETECTIONS_MAX_BYTES, 'DETECTIONS_TOO_LARGE'],
      ['jpeg', 64 * 1024, 'FRAME_TOO_LARGE'],
    ]);
  });

  it('sizes a message for the largest unit of any kind alone, or a full batch', () => {
    expect(largestUnitBytes(settings)).toBe(ACCESS_UNIT_MAX);
    expect(largestUnitBytes({ maxFrameBytes: 8 * 1024 * 1024 })).toBe(8 * 1024 * 1024);
    expect(largestPayloadBytes({ maxFrameBytes: 1024 })).toBe(Math.max(UNITS_BATCH_BYTES, ACCESS_UNIT_MAX));
  });
});

describe('readUnits', () => {
  it("bounds each item by its own kind's bytes: one over is refused with its kind's code, the items around it read", () => {
    const sizes = { aac: AAC_FRAME_MAX_BYTES + 1, detections: DETECTIONS_MAX_BYTES + 1, jpeg: settings.maxFrameBytes + 1 };
    for (const [kind, over] of Object.entries(sizes)) {
      const payload = Buffer.alloc(over + 3);
      const read = readUnits(
        {
          items: [
            { kind: 'h264', meta: {}, bytes: 1 },
            { kind, meta: {}, bytes: over },
            { kind, meta: {}, bytes: 2 },
          ],
        },
        payload,
        settings,
      );
      expect(read.ok && read.value.map((u) => [u.kind, u.bytes.length, u.refused?.code])).toEqual([
        ['h264', 1, undefined],
        [kind, 0, UNIT_BOUNDS[kind as keyof typeof sizes].tooLarge],
        [kind, 2, undefined],
      ]);
    }
  });

  it('reads a jpeg item up to the frame setting, whatever the H.264 cap', () => {
    const read = readUnits({ items: [{ kind: 'jpeg', meta: {}, bytes: 100 }] }, Buffer.alloc(100), { maxFrameBytes: 100 });
    expect(read.ok && read.value[0]!.refused).toBeUndefined();
  });
});
