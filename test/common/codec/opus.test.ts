import { describe, expect, it } from 'vitest';
import {
  dOpsBody,
  OPUS_FRAME_MAX_BYTES,
  OPUS_PACKET_MAX_BYTES,
  opusConfigHex,
  opusHeadPreSkip,
  readOpusConfig,
  readOpusPacket,
} from '../../../common/codec/opus.js';

/** A TOC byte: config (0-31), stereo flag, frame count code (0-3). */
const toc = (config: number, code: number) => (config << 3) | code;
const packet = (first: number, ...rest: number[]) => Uint8Array.from([first, ...rest]);
const why = (r: ReturnType<typeof readOpusPacket>) => (r.ok ? 'ok' : r.why);

describe('readOpusPacket', () => {
  it('reads the frames and 48 kHz samples of a packet from its TOC byte (RFC 6716 table 2)', () => {
    // CELT 20 ms, one frame: what a browser's encoder makes by default.
    expect(readOpusPacket(packet(toc(31, 0), 1, 2, 3))).toEqual({ ok: true, value: { frames: 1, samples: 960 } });
    // SILK 60 ms, two equal frames.
    expect(readOpusPacket(packet(toc(3, 1), 1, 2, 3, 4))).toEqual({ ok: true, value: { frames: 2, samples: 5760 } });
    // Hybrid 10 ms, two frames of different sizes.
    expect(readOpusPacket(packet(toc(12, 2), 1, 9, 9))).toEqual({ ok: true, value: { frames: 2, samples: 960 } });
    // CELT 2.5 ms, code 3 with 48 frames: 120 ms, the most a packet holds.
    expect(readOpusPacket(packet(toc(16, 3), 48))).toEqual({ ok: true, value: { frames: 48, samples: 5760 } });
  });

  it('refuses a packet over 120 ms, saying how long it says it is', () => {
    expect(why(readOpusPacket(packet(toc(31, 3), 7)))).toBe('An Opus packet holds at most 120 ms; this one says 140 ms.');
    expect(why(readOpusPacket(packet(toc(3, 3), 3)))).toBe('An Opus packet holds at most 120 ms; this one says 180 ms.');
  });

  it('refuses more than 1275 bytes per frame, and any packet over the most 48 frames can hold', () => {
    const one = new Uint8Array(1 + OPUS_FRAME_MAX_BYTES + 1);
    one[0] = toc(31, 0);
    expect(why(readOpusPacket(one))).toBe(
      `An Opus packet of 1 frame(s) has at most ${OPUS_FRAME_MAX_BYTES} bytes after its TOC; this one has ${OPUS_FRAME_MAX_BYTES + 1}.`,
    );
    expect(readOpusPacket(one.subarray(0, 1 + OPUS_FRAME_MAX_BYTES)).ok).toBe(true);
    const two = new Uint8Array(1 + 2 * OPUS_FRAME_MAX_BYTES + 2);
    two[0] = toc(31, 1);
    expect(why(readOpusPacket(two))).toContain(`at most ${2 * OPUS_FRAME_MAX_BYTES} bytes`);
    expect(why(readOpusPacket(new Uint8Array(OPUS_PACKET_MAX_BYTES + 1)))).toContain(`at most ${OPUS_PACKET_MAX_BYTES} bytes`);
  });

  it('refuses an empty packet, a code 3 packet without its count or of no frames, and code 1 frames of unequal size', () => {
    expect(why(readOpusPacket(new Uint8Array(0)))).toBe('An Opus packet has at least its TOC byte.');
    expect(why(readOpusPacket(packet(toc(31, 3))))).toBe('An Opus packet of code 3 needs its frame count byte.');
    expect(why(readOpusPacket(packet(toc(31, 3), 0)))).toBe('An Opus packet of code 3 holds at least one frame.');
    expect(why(readOpusPacket(packet(toc(31, 1), 1, 2, 3)))).toBe('An Opus packet of code 1 has two frames of the same size.');
  });
});

describe('dOpsBody', () => {
  it('writes the 11-byte dOps body of ISO BMFF Opus 4.3.2: version 0, channels, pre-skip, input rate, gain 0, family 0', () => {
    expect(Array.from(dOpsBody({ channels: 2, preSkip: 312, inputRate: 48000 }))).toEqual([0, 2, 0x01, 0x38, 0, 0, 0xbb, 0x80, 0, 0, 0]);
    expect(opusConfigHex({ channels: 1, preSkip: 312, inputRate: 48000 })).toBe('000101380000bb80000000');
  });
});

describe('readOpusConfig', () => {
  it('reads back what opusConfigHex writes, in either case', () => {
    const setup = { channels: 1, preSkip: 3840, inputRate: 16000 };
    expect(readOpusConfig(opusConfigHex(setup))).toEqual(setup);
    expect(readOpusConfig(opusConfigHex(setup).toUpperCase())).toEqual(setup);
  });

  it('refuses anything but 11 bytes of hex of version 0, 1 or 2 channels and mapping family 0', () => {
    const good = opusConfigHex({ channels: 2, preSkip: 312, inputRate: 48000 });
    for (const bad of ['', good.slice(2), `${good}00`, `01${good.slice(2)}`, `00${'03'}${good.slice(4)}`, `${good.slice(0, 20)}01`, 'zz'.repeat(11)])
      expect(readOpusConfig(bad), bad).toBeNull();
  });
});

describe('opusHeadPreSkip', () => {
  it('reads the little-endian pre-skip of an OpusHead, and null for anything else', () => {
    const head = Uint8Array.from([...new TextEncoder().encode('OpusHead'), 1, 1, 0x38, 0x01, 0x80, 0xbb, 0, 0, 0, 0, 0]);
    expect(opusHeadPreSkip(head)).toBe(312);
    expect(opusHeadPreSkip(head.subarray(0, 18))).toBeNull();
    expect(opusHeadPreSkip(Uint8Array.from([...new TextEncoder().encode('OpusTags'), ...head.subarray(8)]))).toBeNull();
  });
});
