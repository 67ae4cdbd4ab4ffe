/**
 * Latency at an HLS reader (#41's rows "LL-HLS ≤ 2 s / HLS ≤ 6 s from capture"): each segment or part the reader
 * fetches is cut into its fragments (one moof+mdat per frame, server/streams/mp4-muxer.ts), and each frame's decode
 * time (tfdt, 90 kHz from the packager's first capture time) is noted with the time the fetch ended. Those are the
 * RTSP reader's arrivals again (rtp-latency.ts: offsets on a 90 kHz clock), matched against the capture times sent.
 */
import { mp4Boxes } from '../../common/codec/fmp4.js';
import type { Arrival } from './rtp-latency.js';

/** The decode time of each fragment in `bytes` (mod 2^32, as an RTP timestamp would be). */
export function fragmentTimes(bytes: Uint8Array): number[] {
  const out: number[] = [];
  for (const [type, moof] of mp4Boxes(bytes)) {
    if (type !== 'moof') continue;
    const traf = [...mp4Boxes(moof)].find(([t]) => t === 'traf')?.[1];
    const tfdt = traf && [...mp4Boxes(traf)].find(([t]) => t === 'tfdt')?.[1];
    if (!tfdt) continue;
    const view = new DataView(tfdt.buffer, tfdt.byteOffset, tfdt.byteLength);
    // Version 1: a 64-bit time after the version and flags; its low 32 bits keep the offsets whole.
    out.push(tfdt[0] === 1 ? view.getUint32(8) : view.getUint32(4));
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
