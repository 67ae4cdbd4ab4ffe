/**
 * A camera's sound as RTP (#41 with #40): AAC as RFC 3640's mpeg4-generic in AAC-hbr mode (the form cameras send and
 * ffmpeg, VLC and GStreamer take: one access unit per packet behind a 16-bit AU header of its 13-bit size), Opus as
 * RFC 7587 (the packet as it is, on a 48 kHz clock); their SDP lines; and RTCP sender reports (RFC 3550 §6.4.1),
 * which tie each track's RTP clock to the wall clock so a player lines sound up with the picture. Pure code, no I/O.
 */

/** RTP payload types of the audio track (dynamic; the video is 96). */
export const AAC_PAYLOAD_TYPE = 97;
export const OPUS_PAYLOAD_TYPE = 98;
/** The largest AAC access unit AAC-hbr's 13-bit size field can say. */
export const AAC_HBR_MAX = 0x1fff;

export interface AudioTrack {
  codec: 'aac' | 'opus';
  sampleRate: number;
  channels: number;
  /** AAC: the AudioSpecificConfig, hex (SDP's `config=`). Unused for Opus. */
  config: string;
}

/** Whether two tracks are the same sound: codec, rate, channels and decoder config. */
export const sameAudioTrack = (a: AudioTrack, b: AudioTrack): boolean =>
  a.codec === b.codec && a.sampleRate === b.sampleRate && a.channels === b.channels && a.config === b.config;

/** The RTP clock rate of the track: the sample rate for AAC, always 48 kHz for Opus (RFC 7587 §4.1). */
export function audioClock(t: AudioTrack): number {
  return t.codec === 'opus' ? 48_000 : t.sampleRate;
}

export function audioPayloadType(t: AudioTrack): number {
  return t.codec === 'opus' ? OPUS_PAYLOAD_TYPE : AAC_PAYLOAD_TYPE;
}

/** The SDP media section of the track, its control URL last. */
export function audioSdpLines(t: AudioTrack, control: string): string[] {
  const pt = audioPayloadType(t);
  const media = [`m=audio 0 RTP/AVP ${pt}`];
  if (t.codec === 'opus') {
    // RFC 7587 §7: always opus/48000/2; sprop-stereo says what the sender sends.
    media.push(`a=rtpmap:${pt} opus/48000/2`, `a=fmtp:${pt} sprop-stereo=${t.channels > 1 ? 1 : 0}`);
  } else {
    media.push(
      `a=rtpmap:${pt} MPEG4-GENERIC/${t.sampleRate}/${t.channels}`,
      `a=fmtp:${pt} streamtype=5;profile-level-id=1;mode=AAC-hbr;sizelength=13;indexlength=3;indexdeltalength=3;config=${t.config}`,
    );
  }
  return [...media, 'a=recvonly', `a=control:${control}`];
}

/** The payload of one frame: Opus as it is; AAC behind its AU header section; null for an AAC frame too big to say. */
export function audioPayload(t: AudioTrack, frame: Uint8Array): Uint8Array | null {
  if (t.codec === 'opus') return frame;
  if (frame.length > AAC_HBR_MAX) return null;
  const out = new Uint8Array(4 + frame.length);
  // AU-headers-length in bits (one 16-bit header), then AU-size (13 bits) and AU-Index 0 (3 bits).
  out[1] = 16;
  out[2] = frame.length >> 5;
  out[3] = (frame.length & 0x1f) << 3;
  out.set(frame, 4);
  return out;
}

export interface SenderReport {
  ssrc: number;
  /** The wall-clock moment, ms since the epoch, that `rtpTimestamp` stands for. */
  atMs: number;
  rtpTimestamp: number;
  packets: number;
  octets: number;
}

/** Seconds from 1900 (NTP's epoch) to 1970. */
const NTP_UNIX_OFFSET = 2_208_988_800;

/** An RTCP sender report with no report blocks: 28 bytes. */
export function senderReport(r: SenderReport): Uint8Array {
  const out = new Uint8Array(28);
  const v = new DataView(out.buffer);
  out[0] = 0x80; // version 2, no padding, no report blocks
  out[1] = 200; // SR
  v.setUint16(2, 6); // length in 32-bit words, less one
  v.setUint32(4, r.ssrc >>> 0);
  const seconds = Math.floor(r.atMs / 1000);
  v.setUint32(8, (seconds + NTP_UNIX_OFFSET) >>> 0);
  v.setUint32(12, Math.floor(((r.atMs - seconds * 1000) / 1000) * 2 ** 32) >>> 0);
  v.setUint32(16, r.rtpTimestamp >>> 0);
  v.setUint32(20, r.packets >>> 0);
  v.setUint32(24, r.octets >>> 0);
  return out;
}
