/**
 * The RTP packetizer against its reader: RFC 6184's depacketization (single NAL units and FU-A
 * fragments) written out here from the RFC, so a round trip gives back every NAL unit byte for byte.
 * Its packets are read as the RTSP player sends them, framed by `interleaved()` (`$`, channel, length).
 */
import { describe, expect, it } from 'vitest';
import { nalUnits } from '../../../common/codec/annexb.js';
import { packetizeH264 as rtpPackets, RTP_PAYLOAD_MAX, RTP_PAYLOAD_TYPE, RtpClock, type RtpState } from '../../../common/codec/rtp-h264.js';
import { interleaved } from '../../../common/codec/rtp.js';
import { h264AccessUnits } from '../../helpers/h264.js';

/** The packets of an access unit as the RTSP player writes them: interleaved on `channel`. */
const packetizeH264 = (au: Uint8Array, timestamp: number, state: RtpState, channel = 0, payloadMax = RTP_PAYLOAD_MAX): Buffer[] =>
  rtpPackets(au, timestamp, state, payloadMax).map((p) => Buffer.from(interleaved(channel, p)));

interface Packet {
  channel: number;
  marker: boolean;
  type: number;
  seq: number;
  timestamp: number;
  ssrc: number;
  payload: Buffer;
}

/** Interleaved frames (`$`, channel, length) to RTP packets. */
function readInterleaved(frames: Buffer[]): Packet[] {
  return frames.map((f) => {
    expect(f[0]).toBe(0x24);
    expect(f.readUInt16BE(2)).toBe(f.length - 4);
    const rtp = f.subarray(4);
    expect(rtp[0]).toBe(0x80);
    return {
      channel: f[1]!,
      marker: (rtp[1]! & 0x80) !== 0,
      type: rtp[1]! & 0x7f,
      seq: rtp.readUInt16BE(2),
      timestamp: rtp.readUInt32BE(4),
      ssrc: rtp.readUInt32BE(8),
      payload: rtp.subarray(12),
    };
  });
}

/** RFC 6184 5.6 and 5.8: NAL units back from single-NAL and FU-A payloads. */
function depacketize(packets: Packet[]): Buffer[] {
  const out: Buffer[] = [];
  let fu: Buffer[] | null = null;
  for (const { payload } of packets) {
    const type = payload[0]! & 0x1f;
    if (type !== 28) {
      expect(fu).toBeNull();
      out.push(Buffer.from(payload));
      continue;
    }
    const header = payload[1]!;
    if (header & 0x80) fu = [Buffer.of((payload[0]! & 0xe0) | (header & 0x1f))];
    expect(fu).not.toBeNull();
    fu!.push(payload.subarray(2));
    if (header & 0x40) {
      out.push(Buffer.concat(fu!));
      fu = null;
    }
  }
  expect(fu).toBeNull();
  return out;
}

const annexB = (...units: Buffer[]) => Buffer.concat(units.flatMap((u) => [Buffer.of(0, 0, 0, 1), u]));

describe('packetizeH264', () => {
  it('sends a NAL unit that fits as one packet, and marks the access unit’s last packet', () => {
    const state: RtpState = { ssrc: 0x12345678, seq: 7 };
    const sps = Buffer.of(0x67, 0x42, 0xc0, 0x1e, 1, 2);
    const pps = Buffer.of(0x68, 0xce, 0x3c, 0x80);
    const slice = Buffer.concat([Buffer.of(0x65), Buffer.alloc(500, 0x55)]);
    const packets = readInterleaved(packetizeH264(annexB(Buffer.of(0x09, 0xf0), sps, pps, slice), 90_000, state, 2));
    expect(packets.map((p) => p.payload)).toEqual([sps, pps, slice]);
    expect(packets.map((p) => p.marker)).toEqual([false, false, true]);
    expect(packets.map((p) => p.seq)).toEqual([7, 8, 9]);
    expect(packets.every((p) => p.channel === 2 && p.type === RTP_PAYLOAD_TYPE && p.timestamp === 90_000 && p.ssrc === 0x12345678)).toBe(true);
    expect(state.seq).toBe(10);
  });

  it('cuts a NAL unit larger than the payload into FU-A fragments that reassemble byte for byte', () => {
    const big = Buffer.alloc(10_000);
    for (let i = 0; i < big.length; i++) big[i] = (i * 7 + 3) % 251 || 1;
    big[0] = 0x65;
    const state: RtpState = { ssrc: 1, seq: 0xfffe };
    const packets = readInterleaved(packetizeH264(annexB(big), 0, state, 0, 1000));
    expect(packets.length).toBe(Math.ceil((big.length - 1) / 998));
    expect(packets.every((p) => p.payload.length <= 1000)).toBe(true);
    expect(packets.map((p) => p.payload[0])).toEqual(packets.map(() => 0x60 | 28));
    expect(packets[0]!.payload[1]).toBe(0x80 | 5);
    expect(packets.at(-1)!.payload[1]).toBe(0x40 | 5);
    expect(packets.map((p) => p.marker).lastIndexOf(true)).toBe(packets.length - 1);
    // The 16-bit sequence number wraps.
    expect(packets.slice(0, 3).map((p) => p.seq)).toEqual([0xfffe, 0xffff, 0]);
    expect(depacketize(packets)).toEqual([big]);
  });

  it('round-trips every NAL unit of real libx264 access units', async () => {
    const state: RtpState = { ssrc: 9, seq: 0 };
    for (const { au } of await h264AccessUnits(10, 640, 360, 5)) {
      const back = depacketize(readInterleaved(packetizeH264(au, 0, state)));
      const sent = nalUnits(au).filter((u) => (u[0]! & 0x1f) !== 9);
      expect(back).toEqual(sent.map((u) => Buffer.from(u)));
    }
  });
});

describe('RtpClock', () => {
  it('counts 90 kHz from the first capture time, from its base, and never steps back', () => {
    const clock = new RtpClock(2 ** 32 - 100);
    expect(clock.at(1000)).toBe(2 ** 32 - 100);
    expect(clock.at(1001)).toBe(-10 + 0 + 2 ** 32);
    expect(clock.at(1000)).toBe(2 ** 32 - 9);
    expect(clock.at(2000)).toBe((2 ** 32 - 100 + 90_000) % 2 ** 32);
  });
});
