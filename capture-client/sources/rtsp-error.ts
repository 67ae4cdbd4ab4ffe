/**
 * Turns what ffmpeg said about an RTSP camera into one CamrelayError in the camera's own words: wrong
 * credentials (CAMERA_AUTH), no answer (CAMERA_UNREACHABLE), or a stream ffmpeg cannot use (SOURCE_FAILED).
 * The lines come masked (rtsp-log.ts); the messages reach the status line, the relay and its tile.
 */
import { CamrelayError } from '../../shared/errors.js';

const AUTH = /401 Unauthorized|403 Forbidden|authori[sz]ation failed/i;
const NO_PATH = /404 Not Found|454 Session Not Found/i;
const CODEC = /Decoder \(codec \w+\) not found|Unsupported codec|Could not find codec parameters|unknown codec|no decoder/i;
const UNREACHABLE =
  /Connection refused|Connection timed out|timed out|No route to host|Network is unreachable|Host is unreachable|Name or service not known|Failed to resolve|Connection reset/i;
// The bundled ffmpeg's words when -stimeout ends the wait for a camera that accepted the connection and then said nothing.
const SILENT = /^\S+:\/\/\S*: Invalid data found when processing input$/;
const OLD_OPTION = /Unrecognized option '(?:stimeout|timeout)'|Option (?:stimeout|timeout) not found/i;

export interface RtspExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when frames had come: an end is then the camera going away, not a refusal. */
  started: boolean;
}

// Almost no probing found no size for the video: the camera's SDP has no sprop-parameter-sets (some cameras, and a
// GStreamer ONVIF media made per client), so the size is only in the stream's own SPS, further in than 32 bytes.
const UNPROBED = /Could not find codec parameters for stream \d+ \(Video|Consider increasing the value for the 'analyzeduration' and 'probesize'/i;

/** ffmpeg, probing almost nothing, found no video size before giving up: run it again probing as ffmpeg does by default. */
export function needsFullProbe(errors: readonly string[]): boolean {
  return errors.some((l) => UNPROBED.test(l));
}

/** ffmpeg does not know the socket timeout's name (a newer or older build than expected): run it with the other. */
export function isTimeoutOptionUnknown(errors: readonly string[]): boolean {
  return errors.some((l) => OLD_OPTION.test(l));
}

function said(lines: readonly string[]): string {
  return lines.slice(-3).join(' | ');
}

/** The error for an ffmpeg that exited (or was ended for silence) with these masked error lines. */
export function rtspError(errors: readonly string[], exit: RtspExit): CamrelayError {
  const pick = (pattern: RegExp) => errors.find((l) => pattern.test(l));
  const auth = pick(AUTH);
  if (auth) {
    return new CamrelayError('CAMERA_AUTH', `The camera refused the user name or password ("${auth}"): check them in --url or CAMRELAY_CAMERA_URL.`);
  }
  const path = pick(NO_PATH);
  if (path) {
    return new CamrelayError(
      'SOURCE_FAILED',
      `The camera has no stream at that path ("${path}"): check the path after the address in the URL (the camera's manual names it).`,
    );
  }
  const codec = pick(CODEC);
  if (codec) {
    return new CamrelayError('SOURCE_FAILED', `ffmpeg cannot decode the camera's stream ("${codec}"): set this stream to H.264 in the camera's settings.`);
  }
  const gone = pick(UNREACHABLE) ?? pick(SILENT);
  if (gone) return new CamrelayError('CAMERA_UNREACHABLE', `The camera does not answer ("${gone}").`);
  const how = exit.signal ? `ffmpeg was killed by ${exit.signal}` : `ffmpeg exited with code ${exit.code ?? 'unknown'}`;
  const words = errors.length > 0 ? `: ${said(errors)}` : '';
  // After frames, an end with no known cause is the camera closing its stream (rebooting, unplugged, another client).
  if (exit.started) return new CamrelayError('CAMERA_UNREACHABLE', `The camera's stream ended (${how}${words}).`);
  return new CamrelayError('SOURCE_FAILED', `${how}${words || ' and printed no error'}.`);
}
