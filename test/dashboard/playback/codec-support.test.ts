import { describe, expect, it } from 'vitest';
import type { Segment } from '../../../shared/segments.js';
import { codecSupport, HEVC_TYPE, HEVC_UNPLAYABLE } from '../../../dashboard/src/playback/codec-support.js';

const base = { id: '1', camera: 'door', start: 0, end: 60_000, format: 'h264' } as unknown as Segment;
const none = { canPlayType: () => '', isTypeSupported: () => false };

describe('codecSupport', () => {
  it('lets an H.264 segment play whatever the browser says about H.265', () => {
    expect(codecSupport(base, none)).toBeNull();
  });

  it('says in words that an H.265 segment cannot play where the browser answers no', () => {
    expect(codecSupport({ ...base, codec: 'h265' }, none)).toBe(HEVC_UNPLAYABLE);
  });

  it('lets an H.265 segment play where the video element or MediaSource takes hvc1', () => {
    const asked: string[] = [];
    expect(codecSupport({ ...base, codec: 'h265' }, { canPlayType: (t) => (asked.push(t), 'maybe') })).toBeNull();
    expect(asked).toEqual([HEVC_TYPE]);
    expect(codecSupport({ ...base, codec: 'h265' }, { canPlayType: () => '', isTypeSupported: (t) => t === HEVC_TYPE })).toBeNull();
  });
});
