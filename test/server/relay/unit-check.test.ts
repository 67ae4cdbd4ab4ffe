import { describe, expect, it } from 'vitest';
import { ACCESS_UNIT_MAX } from '../../../common/codec/annexb.js';
import { checkH264, offersH264 } from '../../../server/relay/unit-check.js';
import { oversizedSpsUnit, repeatedUnit } from '../../helpers/hostile-h264.js';

const META = { seq: 5, capturedAt: 1_700_000_000_000, keyframe: true, width: 1280, height: 720 };
const AU = Buffer.from([0, 0, 0, 1, 0x65, 0x88]);
const codeOf = (r: ReturnType<typeof checkH264>) => (r.ok ? 'ok' : r.error.code);

describe('checkH264', () => {
  it('takes a well-formed access unit whose seq rises, with its clock offset', () => {
    const r = checkH264({ ...META, clockOffset: -12, extra: 'ignored' }, AU, 4);
    expect(r.ok && r.value.meta).toEqual({ ...META, clockOffset: -12 });
  });

  it('carries codec h265 (an H.265 main stream copied by request) and refuses any other codec', () => {
    const r = checkH264({ ...META, codec: 'h265' }, AU, 4);
    expect(r.ok && r.value.meta).toEqual({ ...META, codec: 'h265' });
    expect(codeOf(checkH264({ ...META, codec: 'vp9' }, AU, 4))).toBe('BAD_H264');
  });

  it('refuses a unit over 2 MiB with H264_TOO_LARGE before it looks at the meta', () => {
    expect(codeOf(checkH264(null, Buffer.alloc(ACCESS_UNIT_MAX + 1), -1))).toBe('H264_TOO_LARGE');
  });

  it('refuses a unit no encoder makes (#37) with H264_NOT_ENCODER_MADE, saying what was wrong', () => {
    const r = checkH264(META, oversizedSpsUnit(), 4);
    expect(codeOf(r)).toBe('H264_NOT_ENCODER_MADE');
    expect(!r.ok && r.error.message).toContain('A parameter set of 70000 bytes came');
  });

  it('refuses a unit of more than 256 NAL units with H264_TOO_MANY_NALS (#55)', () => {
    expect(codeOf(checkH264({ ...META, keyframe: false }, repeatedUnit([0, 0, 1, 0x41, 0x9a]), 4))).toBe('H264_TOO_MANY_NALS');
    expect(codeOf(checkH264(META, repeatedUnit([0, 0, 1, 0x67]), 4))).toBe('H264_TOO_MANY_NALS');
  });

  it('refuses a unit that is not binary or is empty', () => {
    expect(codeOf(checkH264(META, 'AAAB', -1))).toBe('BAD_H264');
    expect(codeOf(checkH264(META, Buffer.alloc(0), -1))).toBe('BAD_H264');
  });

  it('refuses meta with a missing or out-of-range field', () => {
    for (const bad of [
      { ...META, seq: -1 },
      { ...META, capturedAt: Number.NaN },
      { ...META, keyframe: 1 },
      { ...META, width: 0 },
      { ...META, height: 9000 },
      { ...META, clockOffset: 'x' },
      { ...META, session: 'x'.repeat(65) },
      'meta',
    ])
      expect(codeOf(checkH264(bad, AU, -1)), JSON.stringify(bad)).toBe('BAD_H264');
  });

  it('refuses a seq that does not rise, and takes one that skips (a hole is the recorder’s to mark)', () => {
    const again = checkH264(META, AU, 5);
    expect(!again.ok && again.error.message).toBe('The H.264 seq must rise: 5 came after 5.');
    expect(codeOf(checkH264({ ...META, seq: 50 }, AU, 5))).toBe('ok');
  });
});

describe('offersH264', () => {
  it('reads h264 from a bounded offers list only', () => {
    expect(offersH264({ offers: ['rungs', 'h264'] })).toBe(true);
    expect(offersH264({ offers: ['rungs'] })).toBe(false);
    expect(offersH264({ offers: 'h264' })).toBe(false);
    expect(offersH264({ offers: [...Array(20).fill('x'), 'h264'] })).toBe(false);
    expect(offersH264(undefined)).toBe(false);
  });
});
