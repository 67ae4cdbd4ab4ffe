import { describe, expect, it } from 'vitest';
import { ArrivalLog, latencies, percentile } from '../../../bench/lib/rtp-latency.js';
import { packetizeH264, RtpClock } from '../../../common/codec/rtp-h264.js';
import { interleaved } from '../../../common/codec/rtp.js';

/** Units as the relay sends one reader: RTP from capture times on its clock, big ones in several packets. */
function stream(capturedAt: number[], sizes: number[]): Buffer[] {
  const clock = new RtpClock(0xfffff000); // near the wrap, as a random start may be
  const state = { ssrc: 7, seq: 65530 };
  return capturedAt.map((at, i) => {
    const au = new Uint8Array(sizes[i]!).fill(0x41);
    au.set([0, 0, 0, 1, 0x65]);
    return Buffer.concat(packetizeH264(au, clock.at(at), state).map((p) => interleaved(0, p)));
  });
}

describe('RTSP latency at the reader, from what the bench sent', () => {
  it('finds which sent unit the reader began at, and times every unit from its capture, across chunk cuts', () => {
    // Sent at an uneven pace; the reader joined at the fourth unit (capture time 1_000_200).
    const sent = [1_000_000, 1_000_067, 1_000_131, 1_000_200, 1_000_266, 1_000_335, 1_000_399];
    const bytes = stream(sent.slice(3), [5000, 300, 4000, 200]);
    const log = new ArrivalLog();
    const delays = [12, 40, 7, 90];
    bytes.forEach((b, i) => {
      const at = sent[3 + i]! + delays[i]!;
      // Cut where TCP may cut: mid-header and mid-packet.
      log.feed(b.subarray(0, 2), at);
      log.feed(b.subarray(2, 777), at);
      log.feed(b.subarray(777), at);
    });
    expect(log.arrivals).toHaveLength(4);
    expect(latencies(log.arrivals, sent)).toEqual(delays);
  });

  it('counts no unit it cannot match (a sent time it never heard of)', () => {
    const log = new ArrivalLog();
    stream([5000, 5070], [100, 100]).forEach((b, i) => log.feed(b, 5100 + i * 70));
    expect(latencies(log.arrivals, [5000])).toEqual([100]);
    expect(percentile([5, 1, 3, 2, 4], 50)).toBe(3);
  });
});
