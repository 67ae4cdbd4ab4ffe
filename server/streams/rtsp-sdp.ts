/**
 * The SDP a DESCRIBE answers (RFC 4566, RFC 6184 section 8): one H.264 video track on RTP payload type
 * 96, its profile-level-id and sprop-parameter-sets from the camera's SPS and PPS, so a player can set up
 * its decoder before the first keyframe arrives; and the camera's sound as a second track when it has one
 * (common/codec/rtp-audio.ts). Pure code, no I/O.
 */
import { parameterSets } from '../../common/codec/avc.js';
import { audioSdpLines, type AudioTrack } from '../../common/codec/rtp-audio.js';
import { RTP_CLOCK, RTP_PAYLOAD_TYPE } from '../../common/codec/rtp-h264.js';

/** The track's control URL, relative to the Content-Base the DESCRIBE answers with. */
export const TRACK_CONTROL = 'trackID=0';
export const AUDIO_CONTROL = 'trackID=1';

const hex = (b: number | undefined) => (b ?? 0).toString(16).padStart(2, '0');

export interface SdpInput {
  /** A keyframe access unit (Annex B) carrying the SPS and PPS in-band. */
  keyframe: Uint8Array;
  width: number;
  height: number;
  /** The session's name: the camera's id. */
  name: string;
  /** The address the relay answered on, for the o= line. */
  address: string;
  /** The camera's sound, when it sends some. */
  audio?: AudioTrack | null;
}

/** The SDP of a camera's H.264; null when the keyframe carries no SPS and PPS. */
export function h264Sdp(input: SdpInput): string | null {
  const sets = parameterSets(input.keyframe);
  if (!sets) return null;
  const { sps, pps } = sets;
  const b64 = (u: Uint8Array) => Buffer.from(u).toString('base64');
  const family = input.address.includes(':') ? 'IP6' : 'IP4';
  const session = Date.now();
  const lines = [
    'v=0',
    `o=- ${session} ${session} IN ${family} ${input.address}`,
    `s=${input.name}`,
    'c=IN IP4 0.0.0.0',
    't=0 0',
    'a=control:*',
    'a=range:npt=now-',
    `m=video 0 RTP/AVP ${RTP_PAYLOAD_TYPE}`,
    `a=rtpmap:${RTP_PAYLOAD_TYPE} H264/${RTP_CLOCK}`,
    `a=fmtp:${RTP_PAYLOAD_TYPE} packetization-mode=1;profile-level-id=${hex(sps[1])}${hex(sps[2])}${hex(sps[3])};sprop-parameter-sets=${b64(sps)},${b64(pps)}`,
    // Not read by ffmpeg (it takes the size from the SPS); some NVRs show it before the first picture.
    `a=framesize:${RTP_PAYLOAD_TYPE} ${input.width}-${input.height}`,
    'a=recvonly',
    `a=control:${TRACK_CONTROL}`,
    ...(input.audio ? audioSdpLines(input.audio, AUDIO_CONTROL) : []),
  ];
  return lines.join('\r\n') + '\r\n';
}
