/**
 * Latency at an RTSP reader (#41's row "RTSP ≤ 0.5 s from capture"): the reader's bytes (interleaved RTP) are cut
 * into access units (the marker bit ends one) with the time each arrived. The relay's RTP clock counts 90 kHz from
 * the first unit it sent this reader (common/codec/rtp-h264.ts RtpClock), so each unit's offset from the first one
 * heard is its capture time's offset. The bench knows every capture time it sent: the first unit heard is the one sent
 * whose later capture times fit the most offsets, and each unit's latency is its arrival less its capture time.
 */
import { readRtpHeader } from '../../common/codec/rtp.js';

export interface Arrival {
  /** The unit's RTP timestamp. */
  timestamp: number;
  /** When its last packet arrived (ms, Date.now()). */
  at: number;
}

/** Reads interleaved frames (`$`, channel, 16-bit length, packet) and notes each unit's arrival. */
export class ArrivalLog {
  readonly arrivals: Arrival[] = [];
  private pending: Buffer = Buffer.alloc(0);

  feed(chunk: Buffer, at = Date.now()): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    let off = 0;
    while (this.pending.length - off >= 4 && this.pending[off] === 0x24) {
      const length = this.pending.readUInt16BE(off + 2);
      if (this.pending.length - off < 4 + length) break;
      const header = readRtpHeader(this.pending.subarray(off + 4, off + 4 + length));
      if (header?.marker) this.arrivals.push({ timestamp: header.timestamp, at });
      off += 4 + length;
    }
    this.pending = this.pending.subarray(off);
  }
}

/**
 * Each unit's latency (ms), matched against the capture times sent. The first unit heard is tried as each one sent
 * (not only keyframes: the bench may miss the start of a stream), and the one that fits the most units wins.
 */
export function latencies(arrivals: Arrival[], sent: number[]): number[] {
  if (arrivals.length === 0) return [];
  const offsets = arrivals.map((a) => ((a.timestamp - arrivals[0]!.timestamp) >>> 0) / 90);
  const sentSet = new Set(sent);
  // Capture times are whole ms and the clock keeps 1/90 ms: a unit fits a sent time within half a millisecond.
  const fits = (first: number) => offsets.filter((o) => sentSet.has(Math.round(first + o))).length;
  let [best, most] = [sent[0]!, -1];
  for (const s of sent) {
    const n = fits(s);
    if (n > most) [best, most] = [s, n];
  }
  return arrivals.flatMap((a, i) => (sentSet.has(Math.round(best + offsets[i]!)) ? [a.at - Math.round(best + offsets[i]!)] : []));
}

/** The p-th percentile (0–100) of a list of numbers. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}
