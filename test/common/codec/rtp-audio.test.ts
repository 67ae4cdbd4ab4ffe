/** A camera's sound as RTP: AAC-hbr's AU header, Opus as it is, the SDP lines and RTCP sender reports. */
import { describe, expect, it } from 'vitest';
import { AAC_HBR_MAX, audioClock, audioPayload, audioSdpLines, senderReport, type AudioTrack } from '../../../common/codec/rtp-audio.js';

const AAC: AudioTrack = { codec: 'aac', sampleRate: 44_100, channels: 1, config: '1208' };
const OPUS: AudioTrack = { codec: 'opus', sampleRate: 48_000, channels: 1, config: '' };

describe('audioPayload', () => {
  it('puts one AU header before an AAC frame: 16 bits of headers, then its size in 13 bits and index 0', () => {
    const frame = new Uint8Array(300).fill(7);
    const p = audioPayload(AAC, frame)!;
    expect([...p.subarray(0, 4)]).toEqual([0, 16, 300 >> 5, (300 & 0x1f) << 3]);
    expect(p.subarray(4)).toEqual(frame);
    expect(audioPayload(AAC, new Uint8Array(AAC_HBR_MAX))!.length).toBe(AAC_HBR_MAX + 4);
    expect(audioPayload(AAC, new Uint8Array(AAC_HBR_MAX + 1))).toBeNull();
  });

  it('sends an Opus packet as it is, on a 48 kHz clock whatever the rate', () => {
    const packet = Uint8Array.of(0xfc, 1, 2);
    expect(audioPayload(OPUS, packet)).toBe(packet);
    expect([audioClock(OPUS), audioClock(AAC)]).toEqual([48_000, 44_100]);
    expect(audioSdpLines(OPUS, 'trackID=1')).toEqual([
      'm=audio 0 RTP/AVP 98',
      'a=rtpmap:98 opus/48000/2',
      'a=fmtp:98 sprop-stereo=0',
      'a=recvonly',
      'a=control:trackID=1',
    ]);
  });
});

describe('senderReport', () => {
  it('ties the RTP timestamp to the wall clock on NTP time, with the counts sent', () => {
    const r = senderReport({ ssrc: 0xdeadbeef, atMs: 1_700_000_000_250, rtpTimestamp: 0xfffffff0, packets: 12, octets: 3456 });
    const v = new DataView(r.buffer);
    expect([r.length, r[0], r[1], v.getUint16(2)]).toEqual([28, 0x80, 200, 6]);
    expect(v.getUint32(4)).toBe(0xdeadbeef);
    // 1,700,000,000 s after 1970 is 3,908,988,800 s after 1900; a quarter second is 2^30 of NTP's fraction.
    expect([v.getUint32(8), v.getUint32(12)]).toEqual([3_908_988_800, 2 ** 30]);
    expect([v.getUint32(16), v.getUint32(20), v.getUint32(24)]).toEqual([0xfffffff0, 12, 3456]);
  });
});
