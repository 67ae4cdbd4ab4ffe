/**
 * The capture program's flags that say where its camera's pictures and sound come from: an IP camera's addresses
 * (checked as typed, never echoed: they may hold a password) and a PC's microphone. Split from cli.ts.
 */
import { cameraUrlProblem } from '../shared/camera-url.js';
import { CamrelayError } from '../shared/errors.js';
import { bad, URL_SCHEMES } from './setting-checks.js';
import { URL_SOURCES, type SourceName } from './sources/source.js';

/** The camera's addresses in a CaptureCommand, for the URL sources. */
export interface CameraUrls {
  /** The IP camera's URL (rtsp, mjpeg, snapshot), from --url or CAMRELAY_CAMERA_URL; holds credentials: print only masked. */
  url?: string;
  /** rtsp: the main stream for recording by copy (--record-url). */
  recordUrl?: string;
  /** rtsp: --rtsp-transport, tcp unless udp is asked for. */
  rtspTransport?: 'tcp' | 'udp';
  /** rtsp: an H.265 main stream made H.264 here (encode, the default) or sent as it is (copy): --record-h265, cameras.json recordH265. */
  recordH265?: 'copy' | 'encode';
}

/** A PC's microphone in a CaptureCommand. */
export interface Microphone {
  /** --audio-device: the capture PC's microphone as the camera's sound (#40); --audio-format: ffmpeg's input for it (default the platform's). */
  audioDevice?: string;
  audioFormat?: string;
}

/** A camera URL as the user may give it, checked as typed (shared/camera-url.ts); the message never echoes it. */
function cameraUrl(flag: string, value: string, schemes: readonly string[]): string {
  const problem = cameraUrlProblem(value, schemes);
  if (problem) throw new CamrelayError('BAD_CONFIG', `${flag}: the camera's address ${problem}.`);
  return value;
}

/** --probe's camera (#42): any IP camera's address, RTSP or HTTP. */
export function probeUrl(url: string | undefined): string {
  if (!url) throw new CamrelayError('BAD_CONFIG', '--probe needs --url (or CAMRELAY_CAMERA_URL, which keeps the password out of the process list).');
  return cameraUrl('--url', url, ['rtsp:', 'rtsps:', 'http:', 'https:']);
}

/** --url / CAMRELAY_CAMERA_URL, --record-url, --rtsp-transport and --record-h265 for the URL sources; refused for the others. */
export function cameraUrls(
  source: SourceName | undefined,
  values: { url?: string; 'record-url'?: string; 'rtsp-transport'?: string; 'record-h265'?: string },
  env: NodeJS.ProcessEnv,
): CameraUrls {
  const schemes = source === undefined ? undefined : URL_SCHEMES[source];
  const url = values.url ?? env.CAMRELAY_CAMERA_URL;
  if (!schemes) {
    if (values['record-h265']) throw new CamrelayError('BAD_CONFIG', '--record-h265 needs --source rtsp.');
    if (values.url || values['record-url'] || values['rtsp-transport'])
      throw new CamrelayError('BAD_CONFIG', `--url, --record-url and --rtsp-transport need --source ${URL_SOURCES.join(', --source ')}.`);
    return {};
  }
  if (!url) throw new CamrelayError('BAD_CONFIG', `--source ${source} needs --url (or CAMRELAY_CAMERA_URL, which keeps the password out of the process list).`);
  const out: CameraUrls = { url: cameraUrl('--url', url, schemes) };
  const recordUrl = values['record-url'] ?? env.CAMRELAY_RECORD_URL;
  if (recordUrl) {
    if (source !== 'rtsp') throw new CamrelayError('BAD_CONFIG', '--record-url needs --source rtsp.');
    out.recordUrl = cameraUrl('--record-url', recordUrl, schemes);
  }
  const transport = values['rtsp-transport'];
  if (transport !== undefined) {
    if (source !== 'rtsp') throw new CamrelayError('BAD_CONFIG', '--rtsp-transport needs --source rtsp.');
    if (transport !== 'tcp' && transport !== 'udp') throw bad('--rtsp-transport', transport, 'use tcp or udp');
    out.rtspTransport = transport;
  }
  const h265 = values['record-h265'];
  if (h265 !== undefined) {
    if (source !== 'rtsp') throw new CamrelayError('BAD_CONFIG', '--record-h265 needs --source rtsp.');
    if (h265 !== 'copy' && h265 !== 'encode') throw bad('--record-h265', h265, 'use encode or copy');
    out.recordH265 = h265;
  }
  return out;
}

/** --audio-device and --audio-format (#40): a microphone of this PC for a camera whose pictures are made H.264 here, not an IP camera's. */
export function microphone(source: SourceName | undefined, values: { 'audio-device'?: string; 'audio-format'?: string }): Microphone {
  const device = values['audio-device'];
  const format = values['audio-format'];
  if (format !== undefined && device === undefined) throw new CamrelayError('BAD_CONFIG', '--audio-format needs --audio-device.');
  if (device === undefined) return {};
  if (source !== undefined && (URL_SOURCES as readonly string[]).includes(source))
    throw new CamrelayError('BAD_CONFIG', `--audio-device is for a webcam PC: --source ${source} takes the camera's own sound (its main stream's).`);
  if (device.length === 0 || device.length > 200 || /\p{Cc}/u.test(device))
    throw bad('--audio-device', device.slice(0, 40), 'give the device as --list-devices names it');
  if (format !== undefined && !/^[a-z0-9_]{2,20}$/.test(format)) throw bad('--audio-format', format, 'use an ffmpeg input format, e.g. alsa, pulse, dshow');
  return { audioDevice: device, ...(format ? { audioFormat: format } : {}) };
}
