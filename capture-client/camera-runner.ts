/**
 * One camera of the program, from its command to frames flowing: the source picked, the H.264 encoder offered, and
 * each event said in words. The program runs it once for flags, and once per camera of a cameras.json (--config).
 */
import { AUTH_REFUSAL_CODES, CamrelayError, isErrorCode } from '../shared/errors.js';
import { authRefusal } from '../common/capture/status-line.js';
import type { CaptureOffer } from '../shared/demand.js';
import { detectOffWords, sharedDetectorHost, type DetectorHost } from './detect/detector-host.js';
import { pickEncoder } from './edge/encoder-pick.js';
import { EXIT_AUTH_REFUSED, type CaptureCommand } from './cli.js';
import { runCamera, type RunningCamera } from './run.js';
import type { WebrtcEvent } from './senders/webrtc.js';
import { listDevices } from './sources/list-devices.js';
import type { SourceName } from './sources/source.js';
import { Unreachable } from './unreachable.js';
import { withOnvifPtz } from './onvif/onvif-ptz.js';
import { offerTalk, talkTarget } from './talk/talk-target.js';
import { withTalk } from './talk/with-talk.js';
import { LOOKING_WORDS, openingWords } from './opening-words.js';

export interface CameraRunnerHooks {
  /** A line about this camera, said once (the status line's `say`). */
  say(message: string): void;
  /** This camera cannot go on (its source cannot run, another client took its id, a refused token with --exit-on-auth-error). */
  ended(code: number): void;
}

/** 2 for a bad setting (as every config error exits), 1 for anything else that ends a camera. */
export function exitCode(err: unknown): number {
  return err instanceof CamrelayError && err.code === 'BAD_CONFIG' ? 2 : 1;
}

export function ffmpegOption(ffmpegPath: string | undefined): { ffmpegPath?: string } {
  return ffmpegPath === undefined ? {} : { ffmpegPath };
}

/** The default source: ffmpeg when it sees a camera, else the test pattern (said out loud). */
export async function pickSource(command: CaptureCommand, say: (m: string) => void, signal: AbortSignal): Promise<SourceName> {
  if (command.source) return command.source;
  // Windows and macOS list cameras by running ffmpeg, which can take seconds; Linux reads /dev.
  if (process.platform !== 'linux') say(LOOKING_WORDS);
  const listing = await listDevices({ ...ffmpegOption(command.ffmpegPath), signal }).catch((err: unknown) => {
    // A listing that failed or hung (killed after its timeout) is said: it is why no camera was found.
    if (!signal.aborted) say(`Could not list the cameras: ${err instanceof Error ? err.message : String(err)}`);
    return [];
  });
  const cameras = listing.filter((d) => d.kind === 'video');
  signal.throwIfAborted();
  if (cameras.length > 0 || command.device) return 'ffmpeg';
  say('No camera found by ffmpeg: sending the test pattern instead. Use --list-devices and --device to pick a camera.');
  return 'test-pattern';
}

function webrtcWords(e: WebrtcEvent): string | null {
  if (e.state === 'active') return 'WebRTC: frames go by the data channel now.';
  if (e.state === 'unavailable') return `WebRTC is not available (${e.reason}): ${e.message}`;
  if (e.state !== 'ended' || e.reason === 'closed') return null;
  const retry = e.retryInMs === null ? '' : ` Next try in ${Math.round(e.retryInMs / 1000)} s.`;
  return `WebRTC ended (${e.reason}: ${e.message}${e.detail ? `; ${e.detail}` : ''}); frames go by Socket.IO.${retry}`;
}

/**
 * `--detect` (#39): the process's detector when its model is there, its worker started now so the first detection on
 * motion does not wait for the model to load; else null, said once (the camera runs on without detection).
 */
function detectorFor(command: CaptureCommand, say: (m: string) => void): DetectorHost | null {
  if (!command.detect) return null;
  const host = sharedDetectorHost();
  const fault = host.check();
  if (fault) {
    say(detectOffWords(fault));
    return null;
  }
  host.listen(say);
  void host.queue();
  return host;
}

/** Starts one camera; rejects as runCamera does (a setting or a source that waiting cannot fix). */
export async function cameraRunner(command: CaptureCommand, source: SourceName, signal: AbortSignal, hooks: CameraRunnerHooks): Promise<RunningCamera> {
  const { say } = hooks;
  // An http:// address against a relay on HTTPS only sees its connection closed: the line says what to try.
  const unreachable = new Unreachable(command.server);
  // Each H.264 failure is said once, not once per frame.
  let h264Said = '';
  const opening = openingWords(source, command);
  if (opening) say(opening);
  const detector = detectorFor(command, say);
  // It makes the JPEG widths tiles are watched at (rung-makers.ts), so the relay need not resize them, and with
  // --detect its own detections (#39), so the relay need not detect its frames.
  const offers: CaptureOffer[] = detector ? ['rungs', 'detect'] : ['rungs'];
  // An RTSP camera may take talk-back through its ONVIF back channel (#40), a webcam PC with --speaker on its speaker:
  // the relay may ask; a camera without a back channel says why then.
  const talkTo = talkTarget(command, say);
  if (talkTo && (await offerTalk(command, say))) offers.push('talk');
  const camera = await runCamera({
    ...command,
    source,
    signal,
    // And H.264 for recording (h264-feed.ts) once an encoder opens here, so the relay records by copy.
    offers,
    ...(detector ? { detector, onDetectError: (err: Error) => say(`Detection: ${err.message}`) } : {}),
    // Unattended, and often started again by something (the relay's IP cameras, a service manager): a camera id
    // another run sends is waited for, never taken over, or two programs would take it from each other in a loop (#37 item 8).
    standby: true,
    // No ffmpeg here (a folder of JPEGs, a bundle without one): H.264 is not offered and the relay encodes, as for any JPEG publisher.
    pickH264: async () => {
      try {
        return (await pickEncoder(ffmpegOption(command.ffmpegPath))).encoder !== null;
      } catch (err) {
        say(`H.264 is not offered (${(err as Error).message.split('\n')[0]}); the relay encodes the recording.`);
        return false;
      }
    },
    sourceOptions: {
      fps: command.fps,
      device: command.device,
      path: command.path,
      url: command.url,
      recordUrl: command.recordUrl,
      rtspTransport: command.rtspTransport,
      recordH265: command.recordH265,
      audioDevice: command.audioDevice,
      audioFormat: command.audioFormat,
      width: command.width,
      height: command.height,
      quality: command.quality,
      ...ffmpegOption(command.ffmpegPath),
    },
    onEvent: (e) => {
      if (e.type === 'refused' && isErrorCode(e.code) && AUTH_REFUSAL_CODES.has(e.code)) {
        say(authRefusal(e.code, e.message, command.cameraId, Boolean(command.exitOnAuthError)));
        if (command.exitOnAuthError) hooks.ended(EXIT_AUTH_REFUSED);
      } else if (e.type === 'refused') say(`Refused by the server: ${e.code}. ${e.message}`);
      if (e.type === 'kicked') {
        say(`${e.message} This camera stops.`);
        hooks.ended(1);
      }
      if (e.type === 'unreachable') void unreachable.line(e.message).then((line) => line && say(line));
      // A reconnect this program chose: said, so the pause in frames that follows has a reason on screen.
      if (e.type === 'relinking') say(`Reconnecting ${e.why}: the relay hears what this program makes when it connects.`);
      const webrtc = e.type === 'webrtc' ? webrtcWords(e) : null;
      if (webrtc) say(webrtc);
    },
    // Said once per change; the status line says what it waits for meanwhile, and the relay's tile shows it too.
    onSourceStatus: (s) =>
      say(s.state === 'ok' ? 'The camera is back: frames flow again.' : `${s.message} Waiting for the camera (${s.error}); this program keeps running.`),
    onH264Error: (err) => {
      if (err.message !== h264Said) say(`H.264 for recording: ${(h264Said = err.message)}`);
    },
    onFatal: (err) => {
      say(`camrelay capture: ${err.message}`);
      hooks.ended(exitCode(err));
    },
  });
  const talking = talkTo ? withTalk(camera, talkTo, say) : camera;
  return command.onvif ? withOnvifPtz(talking, command.onvif, say) : talking;
}
