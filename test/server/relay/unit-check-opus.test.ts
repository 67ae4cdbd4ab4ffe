import { describe, expect, it } from 'vitest';
import { opusConfigHex } from '../../../common/codec/opus.js';
import { checkAac } from '../../../server/relay/unit-check.js';

const CONFIG = opusConfigHex({ channels: 1, preSkip: 312, inputRate: 48000 });
const META = { seq: 5, capturedAt: 1_700_000_000_000, sampleRate: 48000, channels: 1, config: CONFIG, codec: 'opus' };
/** CELT 20 ms, one frame. */
const PACKET = Buffer.from([(31 << 3) | 0, 1, 2, 3]);
const messageOf = (r: ReturnType<typeof checkAac>) => (r.ok ? 'ok' : `${r.error.code}: ${r.error.message}`);

describe('checkAac (Opus, #40)', () => {
  it('takes an Opus packet whose seq rises, its codec and lower-case config kept', () => {
    const r = checkAac({ ...META, config: CONFIG.toUpperCase(), clockOffset: 3 }, PACKET, 4);
    expect(r.ok && r.value.meta).toEqual({ ...META, clockOffset: 3 });
  });

  it('refuses any codec but opus', () => {
    expect(messageOf(checkAac({ ...META, codec: 'pcm' }, PACKET, -1))).toBe("BAD_AAC: The sound's codec is AAC (no codec) or 'opus'.");
  });

  it('refuses a config that is not a dOps body, a rate other than 48 kHz, and channels other than the config says', () => {
    expect(messageOf(checkAac({ ...META, config: '1190' }, PACKET, -1))).toContain('The Opus config must be the body of its dOps box');
    expect(messageOf(checkAac({ ...META, sampleRate: 44100 }, PACKET, -1))).toContain('The Opus sampleRate must be 48000');
    expect(messageOf(checkAac({ ...META, channels: 2 }, PACKET, -1))).toContain('The Opus sampleRate must be 48000 and its channels those of its config.');
  });

  it('refuses a seq that does not rise, and a packet no encoder makes, saying why', () => {
    expect(messageOf(checkAac(META, PACKET, 5))).toBe('BAD_AAC: The Opus seq must rise: 5 came after 5.');
    expect(messageOf(checkAac(META, Buffer.from([(31 << 3) | 3, 7]), -1))).toBe('BAD_AAC: An Opus packet holds at most 120 ms; this one says 140 ms.');
  });
});
