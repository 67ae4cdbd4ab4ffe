import { describe, expect, it } from 'vitest';
import { checkAac } from '../../../server/relay/unit-check.js';
import { AAC_FRAME_MAX_BYTES } from '../../../shared/demand.js';

const META = { seq: 5, capturedAt: 1_700_000_000_000, sampleRate: 48000, channels: 2, config: '1190' };
const FRAME = Buffer.from([0x21, 0x10, 0x04]);
const codeOf = (r: ReturnType<typeof checkAac>) => (r.ok ? 'ok' : r.error.code);
const messageOf = (r: ReturnType<typeof checkAac>) => (r.ok ? 'ok' : r.error.message);

describe('checkAac', () => {
  it('takes a well-formed frame whose seq rises, with its clock offset and the config in lower case', () => {
    const r = checkAac({ ...META, config: '1190ABCD', clockOffset: -12, extra: 'ignored' }, FRAME, 4);
    expect(r.ok && r.value.meta).toEqual({ ...META, config: '1190abcd', clockOffset: -12 });
  });

  it('refuses a frame over 8 KiB with AAC_TOO_LARGE before it looks at the meta', () => {
    expect(codeOf(checkAac(null, Buffer.alloc(AAC_FRAME_MAX_BYTES + 1), -1))).toBe('AAC_TOO_LARGE');
    expect(codeOf(checkAac(META, Buffer.alloc(AAC_FRAME_MAX_BYTES), -1))).toBe('ok');
  });

  it('refuses a frame that is not binary or is empty', () => {
    expect(codeOf(checkAac(META, 'AAAB', -1))).toBe('BAD_AAC');
    expect(codeOf(checkAac(META, Buffer.alloc(0), -1))).toBe('BAD_AAC');
  });

  it('refuses a config that is not 2 to 16 bytes of hex, saying so', () => {
    for (const config of ['11', '119', 'zz90', 'ab'.repeat(17), 'ab'.repeat(100_000), 1190, undefined])
      expect(messageOf(checkAac({ ...META, config }, FRAME, -1)), String(config).slice(0, 40)).toBe(
        'The AAC config must be the AudioSpecificConfig as 2 to 16 bytes of hex.',
      );
    expect(codeOf(checkAac({ ...META, config: 'ab'.repeat(16) }, FRAME, -1))).toBe('ok');
  });

  it('refuses a sample rate outside 8000–96000 and channels outside 1–8, saying which', () => {
    for (const sampleRate of [7999, 96001, 44100.5, '48000'])
      expect(messageOf(checkAac({ ...META, sampleRate }, FRAME, -1))).toBe('The AAC sampleRate must be a whole number from 8000 to 96000.');
    for (const channels of [0, 9, 1.5])
      expect(messageOf(checkAac({ ...META, channels }, FRAME, -1))).toBe('The AAC channels must be a whole number from 1 to 8.');
    expect(codeOf(checkAac({ ...META, sampleRate: 8000, channels: 8 }, FRAME, -1))).toBe('ok');
  });

  it('refuses meta with a missing or out-of-range field', () => {
    for (const bad of [{ ...META, seq: -1 }, { ...META, capturedAt: Number.NaN }, { ...META, clockOffset: 'x' }, { ...META, session: 'x'.repeat(65) }, 'meta'])
      expect(codeOf(checkAac(bad, FRAME, -1)), JSON.stringify(bad)).toBe('BAD_AAC');
  });

  it('refuses a seq that does not rise, and takes one that skips (a gap stays a gap in the recording)', () => {
    expect(messageOf(checkAac(META, FRAME, 5))).toBe('The AAC seq must rise: 5 came after 5.');
    expect(codeOf(checkAac({ ...META, seq: 50 }, FRAME, 5))).toBe('ok');
  });
});
