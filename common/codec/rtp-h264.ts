/**
 * H.264 access units (Annex B, as the camera side sends them) as RTP packets (RFC 3550) with the
 * H.264 payload of RFC 6184: a NAL unit that fits is one packet (single NAL unit mode), a larger one
 * is cut into FU-A fragments; the marker bit is set on the access unit's last packet. The NAL units
 * come from the one Annex B parser (annexb.ts), the header from the one RTP header writer (rtp.ts);
 * RTSP's interleaved framing is rtp.ts's `interleaved()`. Pure code, no I/O.
 */
import { NAL, nalTypeOf, nalUnits } from './annexb.js';
import { rtpPacket } from './rtp.js';

/** Payload bytes per packet: fits a 1500-byte Ethernet frame with IP, TCP and the RTP header. */
export const RTP_PAYLOAD_MAX = 1400;
export const RTP_CLOCK = 90_000;
/** The payload type the SDP offers: the first dynamic one, as most cameras use. */
export const RTP_PAYLOAD_TYPE = 96;
const FU_A = 28;

export interface RtpState {
  ssrc: number;
  /** The next packet's sequence number (16 bits, wraps). */
  seq: number;
}

/**
 * One access unit as RTP packets; `state.seq` moves on. The access unit delimiter is left out
 * (RFC 6184 allows it; players need none).
 */
export function packetizeH264(au: Uint8Array, timestamp: number, state: RtpState, payloadMax = RTP_PAYLOAD_MAX): Uint8Array[] {
  const units = nalUnits(au).filter((u) => u.length > 0 && nalTypeOf(u) !== NAL.AUD);
  const payloads: Uint8Array[] = [];
  for (const unit of units) {
    if (unit.length <= payloadMax) {
      payloads.push(unit);
      continue;
    }
    // FU indicator: the NAL's F and NRI bits with type 28; FU header: S/E bits and the NAL's own type.
    const indicator = (unit[0]! & 0xe0) | FU_A;
    const type = unit[0]! & 0x1f;
    const step = payloadMax - 2;
    for (let at = 1; at < unit.length; at += step) {
      const start = at === 1 ? 0x80 : 0;
      const end = at + step >= unit.length ? 0x40 : 0;
      const fragment = unit.subarray(at, Math.min(at + step, unit.length));
      const payload = new Uint8Array(2 + fragment.length);
      payload[0] = indicator;
      payload[1] = start | end | type;
      payload.set(fragment, 2);
      payloads.push(payload);
    }
  }
  return payloads.map((payload, n) => {
    const packet = rtpPacket({ payloadType: RTP_PAYLOAD_TYPE, sequence: state.seq, timestamp, ssrc: state.ssrc, marker: n === payloads.length - 1 }, payload);
    state.seq = (state.seq + 1) & 0xffff;
    return packet;
  });
}

/**
 * RTP timestamps on a track's clock (90 kHz for video) from capture times (ms): they start at a random offset (RFC 3550),
 * and never step back, since the capture clock may repeat a millisecond or step back a little.
 */
export class RtpClock {
  private firstAt: number | undefined;
  private last = -1;

  /** `rate`: ticks a second (90 kHz for video; a sound track's own rate, rtp-audio.ts). */
  constructor(
    readonly base: number,
    private readonly rate = RTP_CLOCK,
  ) {}

  at(capturedAt: number): number {
    this.firstAt ??= capturedAt;
    const ticks = Math.max(this.last + 1, Math.round((capturedAt - this.firstAt) * (this.rate / 1000)));
    this.last = ticks;
    return (this.base + ticks) >>> 0;
  }
}
