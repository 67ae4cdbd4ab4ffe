/**
 * Latency at an HLS reader (#41's rows "LL-HLS ≤ 2 s / HLS ≤ 6 s from capture"): each segment or part the reader
 * fetches is cut into its fragments (one moof+mdat per frame, server/streams/mp4-muxer.ts), and each frame's decode
 * time (tfdt, 90 kHz from the packager's first capture time) is noted with the time the fetch ended. Those are the
 * RTSP reader's arrivals again (rtp-latency.ts: offsets on a 90 kHz clock), matched against the capture times sent.
 */
import { childBox, decodeTime, mp4Boxes } from '../../common/codec/fmp4.js';
import type { Arrival } from './rtp-latency.js';

/** The decode time of each fragment in `bytes` (mod 2^32, as an RTP timestamp would be). */
export function fragmentTimes(bytes: Uint8Array): number[] {
  const out: number[] = [];
  for (const [type, moof] of mp4Boxes(bytes)) {
    if (type !== 'moof') continue;
    const tfdt = childBox(childBox(moof, 'traf'), 'tfdt');
    if (!tfdt) continue;
    // Mod 2^32: the offsets stay whole, as an RTP timestamp's would.
    out.push(decodeTime(tfdt) % 2 ** 32);
  }
  return out;
}

/** Notes every frame in a fetched segment or part as arriving when the fetch ended. */
export class FetchArrivals {
  readonly arrivals: Arrival[] = [];

  feed(bytes: Uint8Array, at = Date.now()): void {
    for (const timestamp of fragmentTimes(bytes)) this.arrivals.push({ timestamp, at });
  }
}
