import { describe, expect, it } from 'vitest';
import { interleaved, readRtpHeader, rtpPacket } from '../../../common/codec/rtp.js';

describe('RTP', () => {
  it('writes the fixed header as RFC 3550 lays it out and reads it back, wrapping sequence and timestamp', () => {
    const p = rtpPacket({ payloadType: 0, sequence: 0x1_0005, timestamp: 2 ** 32 + 160, ssrc: 0xdeadbeef, marker: true }, Uint8Array.of(1, 2, 3));
    expect(Array.from(p.subarray(0, 12))).toEqual([0x80, 0x80, 0x00, 0x05, 0, 0, 0, 160, 0xde, 0xad, 0xbe, 0xef]);
    expect(Array.from(p.subarray(12))).toEqual([1, 2, 3]);
    expect(readRtpHeader(p)).toEqual({ payloadType: 0, marker: true, sequence: 5, timestamp: 160, ssrc: 0xdeadbeef, headerBytes: 12 });
  });

  it('reads nothing from what is not an RTP packet', () => {
    expect(readRtpHeader(Uint8Array.of(0x80, 0, 0))).toBeNull();
    expect(readRtpHeader(new Uint8Array(12))).toBeNull(); // version 0
    expect(readRtpHeader(Uint8Array.of(0x8f, ...new Uint8Array(11)))).toBeNull(); // 15 CSRCs announced, none there
  });

  it('frames a packet for RTSP over TCP and refuses one its 16-bit length cannot say', () => {
    expect(Array.from(interleaved(2, Uint8Array.of(9, 9)))).toEqual([0x24, 2, 0, 2, 9, 9]);
    expect(() => interleaved(0, new Uint8Array(0x10000))).toThrow(RangeError);
  });
});
