/** ffmpeg's arguments for copying an IP camera's H.264, and reading what it says on stderr: the stream, or why it failed. */
import { CamrelayError } from '../../shared/errors.js';
import { maskSecrets, maskUrl } from '../sources/camera-url.js';
import { encoderArgs } from './h264-args.js';

/**
 * The camera's video as it comes (-c:v copy: never decoded), Annex B on stdout. dump_extra puts the SPS and PPS
 * ffmpeg read from the camera's SDP before each keyframe, for cameras that send them only there; -flush_packets
 * writes each packet at once. ffmpeg copies nothing before the first keyframe (no -copyinkf), so the stream
 * starts where a decoder can. Almost no probing (-analyzeduration 0 -probesize 2048): the size comes from the SDP's
 * parameter sets, and a probe holds the first 2 s back, then gives them at once, so their arrival times, the
 * capture times here, would squash 2 s into one instant. `url` must have an IP address for its host (resolveCameraUrl).
 */
export function rtspCopyArgs(
  url: string,
  transport: 'tcp' | 'udp' = 'tcp',
  audioPort?: number,
  video: string[] = COPY_VIDEO,
  format: 'h264' | 'hevc' = 'h264',
  audio: 'copy' | 'encode' = 'copy',
): string[] {
  const args = [
    '-hide_banner',
    '-loglevel',
    'info',
    '-nostats',
    '-nostdin',
    '-analyzeduration',
    '0',
    '-probesize',
    // Not 32: with any audio in the stream (AAC, G.711) the probe ends at the first (audio) packet before the
    // video's size is known ("unspecified size"); 2 KB reaches the first video packet, still no 2 s held back.
    '2048',
    '-rtsp_transport',
    transport,
    // Without the audio, the camera is not asked for it: a G.711 stream's small packets could otherwise fill
    // the 2 KB probe before the first video packet, and ffmpeg failed ("incorrect codec parameters").
    ...(audioPort === undefined ? ['-allowed_media_types', 'video'] : []),
    '-i',
    url,
    '-map',
    '0:v:0',
    '-an',
    ...video,
    '-flush_packets',
    '1',
    '-f',
    format,
    'pipe:1',
  ];
  // The main stream's AAC as it comes, to rtsp-copy-audio.ts's socket: ffmpeg fails at once when the stream has
  // no audio or audio ADTS cannot hold (G.711), and RtspCopy then starts it again making it AAC, or without.
  if (audioPort !== undefined)
    args.push(
      '-map',
      '0:a:0',
      '-vn',
      ...(audio === 'copy' ? ['-c:a', 'copy'] : AAC_ENCODE),
      '-flush_packets',
      '1',
      '-f',
      'adts',
      `tcp://127.0.0.1:${audioPort}`,
    );
  return args;
}

/**
 * A camera's G.711 (or other non-AAC) sound made AAC here (#40): the relay and every browser then take one codec.
 * G.711 is 8 kHz telephone sound; 16 kHz mono at 32 kbit/s keeps all of it, and AAC at 16 kHz decodes everywhere.
 */
export const AAC_ENCODE = ['-c:a', 'aac', '-ac', '1', '-ar', '16000', '-b:a', '32k'];

/**
 * How the next run takes the audio after this run's could not be copied: audio in another codec (G.711) is made AAC,
 * said once; none, or audio that could not be made AAC either, goes (the camera is recorded without sound).
 */
export function afterAudioFailed(audio: 'copy' | 'encode' | false, codec: string | null): { audio: 'encode' | false; said: CamrelayError | null } {
  if (audio === 'copy' && codec)
    return {
      audio: 'encode',
      said: new CamrelayError('SOURCE_UNAVAILABLE', `The camera's audio is ${codec}: it is made AAC here (16 kHz mono) to be heard and recorded.`),
    };
  const said = codec
    ? new CamrelayError('SOURCE_UNAVAILABLE', `The camera's audio ${codec} could not be made AAC: the camera is recorded without its sound.`)
    : null;
  return { audio: false, said };
}

/** The input's audio codec from its stream line (`Stream #0:1: Audio: aac (LC), 48000 Hz, stereo`), else null. */
export function audioInfo(line: string): string | null {
  return /Stream #0:\d+.*?: Audio: (\w+)/.exec(line)?.[1] ?? null;
}

/** The video untouched, with the SDP's parameter sets before each keyframe. */
export const COPY_VIDEO = ['-c:v', 'copy', '-bsf:v', 'dump_extra'];

/**
 * An H.265 main stream made H.264 here (`--record-h265 encode`), for the relay's recorder and every browser: the
 * picked encoder's low-latency settings (h264-args.ts), the camera's size, a keyframe each second whatever the
 * frame rate (the recorder's limit is 2 s), no B-frames so units come in capture order. `fps` only sizes the
 * hardware encoders' bitrate.
 */
export function h265EncodeArgs(encoder: string, size: { width: number; height: number }, fps = 15): string[] {
  return [
    '-pix_fmt',
    encoder === 'libx264' ? 'yuv420p' : 'nv12',
    '-c:v',
    encoder,
    '-force_key_frames',
    'expr:gte(t,n_forced*1)',
    '-bf',
    '0',
    ...encoderArgs({ encoder, fps, ...size }),
  ];
}

export interface StreamInfo {
  /** ffmpeg's name for the codec: h264, hevc, … */
  codec: string;
  width: number;
  height: number;
}

/**
 * The input's video from its stream line, e.g. `Stream #0:0: Video: h264 (Constrained Baseline), yuv420p(tv,
 * bt709, progressive), 1280x720 [SAR 1:1 DAR 16:9], 15 fps`; null for any other line. ffmpeg prints the input's
 * streams before the output's, so the first such line is the camera's.
 */
export function streamInfo(line: string): StreamInfo | null {
  const video = /Stream #0:\d+.*?: Video: (\w+)(.*)$/.exec(line);
  const size = video && /, (\d{2,5})x(\d{2,5})\b/.exec(video[2]!);
  if (!video || !size) return null;
  return { codec: video[1]!, width: Number(size[1]), height: Number(size[2]) };
}

const AUTH = /401 Unauthorized|authorization failed|403 Forbidden/i;
const UNREACHABLE = /Connection refused|timed out|No route to host|unreachable|Connection reset|End of file/i;

/** ffmpeg's last lines as CAMERA_AUTH, CAMERA_UNREACHABLE or SOURCE_FAILED, every form of the password masked. */
export function copyError(lines: readonly string[], exitCode: number | null, ...urls: string[]): CamrelayError {
  const said = maskSecrets(lines.slice(-3).join(' | '), ...urls);
  const stream = `The camera's record stream (${maskUrl(urls[0] ?? '')})`;
  if (lines.some((l) => AUTH.test(l))) return new CamrelayError('CAMERA_AUTH', `${stream} refused the user name or password: ${said}`);
  if (lines.some((l) => UNREACHABLE.test(l))) return new CamrelayError('CAMERA_UNREACHABLE', `${stream} does not answer: ${said}`);
  return new CamrelayError('SOURCE_FAILED', `${stream} stopped (ffmpeg exit code ${exitCode})${said ? `: ${said}` : ''}`);
}
