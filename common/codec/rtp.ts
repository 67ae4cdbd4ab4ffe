/**
 * RTP packets (RFC 3550 §5.1) as a sender writes them: the 12-byte fixed header (no CSRC, no extension) then the
 * payload, and, for RTSP over TCP, the 4-byte interleaved frame around it (RFC 2326 §10.12). Pure code, no I/O.
 */

export interface RtpHeader {
  payloadType: number;
  /** 16 bits; wraps. */
  sequence: number;
  /** 32 bits, in the payload's clock; wraps. */
  timestamp: number;
  ssrc: number;
  marker?: boolean;
}

export const RTP_HEADER_BYTES = 12;

/** One RTP packet: header and payload. */
export function rtpPacket(h: RtpHeader, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(RTP_HEADER_BYTES + payload.length);
  const view = new DataView(out.buffer);
  out[0] = 0x80; // version 2, no padding, no extension, no CSRC
  out[1] = (h.marker ? 0x80 : 0) | (h.payloadType & 0x7f);
  view.setUint16(2, h.sequence & 0xffff);
  view.setUint32(4, h.timestamp >>> 0);
  view.setUint32(8, h.ssrc >>> 0);
  out.set(payload, RTP_HEADER_BYTES);
  return out;
}

/** The header of an RTP packet, or null when it is not one (too short, not version 2). */
export function readRtpHeader(packet: Uint8Array): (RtpHeader & { headerBytes: number }) | null {
  if (packet.length < RTP_HEADER_BYTES || packet[0]! >> 6 !== 2) return null;
  const view = new DataView(packet.buffer, packet.byteOffset, packet.byteLength);
  const headerBytes = RTP_HEADER_BYTES + 4 * (packet[0]! & 0x0f);
  if (packet.length < headerBytes) return null;
  return {
    payloadType: packet[1]! & 0x7f,
    marker: (packet[1]! & 0x80) !== 0,
    sequence: view.getUint16(2),
    timestamp: view.getUint32(4),
    ssrc: view.getUint32(8),
    headerBytes,
  };
}

/** The largest packet an interleaved frame carries (its length is 16 bits). */
export const INTERLEAVED_MAX = 0xffff;

/** One packet in RTSP's interleaved framing: `$`, the channel, the 16-bit length, the packet. */
export function interleaved(channel: number, packet: Uint8Array): Uint8Array {
  if (packet.length > INTERLEAVED_MAX) throw new RangeError(`an interleaved packet of ${packet.length} bytes (at most ${INTERLEAVED_MAX})`);
  const out = new Uint8Array(4 + packet.length);
  out[0] = 0x24;
  out[1] = channel & 0xff;
  out[2] = packet.length >> 8;
  out[3] = packet.length & 0xff;
  out.set(packet, 4);
  return out;
}
