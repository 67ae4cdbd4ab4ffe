/** `npm run capture`: the capture client's command line. */
import { createRequire } from 'node:module';
import { AUTH_REFUSAL_CODES, CamrelayError, isErrorCode } from '../shared/errors.js';
import { BUNDLED_VERSION } from './bundle-info.js';
import { captureUsage, EXIT_AUTH_REFUSED, parseCaptureArgs, programName, type CaptureCommand } from './cli.js';
import { runCamera, type RunningCamera } from './run.js';
import type { WebrtcEvent } from './senders/webrtc.js';
import { Shutdown } from './shutdown.js';
import { listDevices } from './sources/list-devices.js';
import type { SourceName } from './sources/source.js';
import { authRefusal } from '../common/capture/status-line.js';
import { StatusLine } from './status-line.js';
import { Unreachable } from './unreachable.js';

const version = BUNDLED_VERSION ?? (createRequire(import.meta.url)('../package.json') as { version: string }).version;

/** The default source: ffmpeg when it sees a camera, else the test pattern (said out loud). */
async function pickSource(command: CaptureCommand, say: (m: string) => void, signal: AbortSignal): Promise<SourceName> {
  if (command.source) return command.source;
  const cameras = (await listDevices({ ...ffmpegOption(command.ffmpegPath), signal }).catch(() => [])).filter((d) => d.kind === 'video');
  signal.throwIfAborted();
  if (cameras.length > 0 || command.device) return 'ffmpeg';
  say('No camera found by ffmpeg: sending the test pattern instead. Use --list-devices and --device to pick a camera.');
  return 'test-pattern';
}

function ffmpegOption(ffmpegPath: string | undefined): { ffmpegPath?: string } {
  return ffmpegPath === undefined ? {} : { ffmpegPath };
}

async function printDevices(ffmpegPath: string | undefined, signal: AbortSignal): Promise<void> {
  const devices = await listDevices({ ...ffmpegOption(ffmpegPath), signal });
  const video = devices.filter((d) => d.kind === 'video');
  if (video.length === 0) return void console.log('ffmpeg sees no camera. Check that it is plugged in and not blocked by privacy settings.');
  console.log('Cameras (use --device "<name>" or --device <number>):');
  // On Linux --device N means /dev/videoN, so the number shown is N, not the position in the list.
  const number = (d: (typeof video)[number], i: number) => (process.platform === 'linux' ? d.name.replace(/^\/dev\/video/, '') : String(i));
  video.forEach((d, i) => console.log(`  ${number(d, i)}: ${d.name}${d.alternativeName ? `   (${d.alternativeName})` : ''}`));
}

/**
 * How long a stop may take before the process exits anyway: within 3 s of Ctrl+C or a closed window (#26), after
 * ffmpeg's tree is killed at 1.5 s (Windows ends a closed console's Node about 10 s after SIGHUP).
 */
const STOP_DEADLINE_MS = 2500;

// First thing: a Ctrl+C while ffmpeg opens the camera (up to 10 s) must stop ffmpeg too, not leave it holding the camera.
const shutdown = new Shutdown(
  (signal) => {
    process.stderr.write(`${signal} again: exiting at once.\n`);
    process.exit(130);
  },
  process,
  {
    ms: STOP_DEADLINE_MS,
    expire: (signal) => {
      process.stderr.write(`Still stopping ${STOP_DEADLINE_MS} ms after ${signal}: exiting anyway.\n`);
      process.exit(0);
    },
  },
);

async function main(): Promise<void> {
  const parsed = parseCaptureArgs(process.argv.slice(2));
  if (parsed.kind === 'help') return void console.log(captureUsage(programName(BUNDLED_VERSION !== undefined)));
  if (parsed.kind === 'version') return void console.log(version);
  if (parsed.kind === 'list-devices') return printDevices(parsed.ffmpegPath, shutdown.signal);
  const command = parsed.command;
  const say = (m: string) => process.stderr.write(`${m}\n`);
  const source = await pickSource(command, say, shutdown.signal);
  const status = new StatusLine(command.cameraId);
  // Events can arrive before runCamera resolves (the socket connects while the camera opens).
  const running: { camera?: RunningCamera } = {};
  const quit = (code: number) => {
    status.stop();
    setTimeout(() => process.exit(code), STOP_DEADLINE_MS).unref();
    void (running.camera?.stop() ?? Promise.resolve()).then(() => process.exit(code));
  };
  const sayWebrtc = (e: WebrtcEvent) => {
    if (e.state === 'active') status.say('WebRTC: frames go by the data channel now.');
    if (e.state === 'unavailable') status.say(`WebRTC is not available (${e.reason}): ${e.message}`);
    if (e.state !== 'ended' || e.reason === 'closed') return;
    const retry = e.retryInMs === null ? '' : ` Next try in ${Math.round(e.retryInMs / 1000)} s.`;
    status.say(`WebRTC ended (${e.reason}: ${e.message}${e.detail ? `; ${e.detail}` : ''}); frames go by Socket.IO.${retry}`);
  };
  // An http:// address against a relay on HTTPS only sees its connection closed: the line says what to try.
  const unreachable = new Unreachable(command.server);
  const camera = await runCamera({
    ...command,
    source,
    signal: shutdown.signal,
    sourceOptions: {
      fps: command.fps,
      device: command.device,
      path: command.path,
      width: command.width,
      height: command.height,
      quality: command.quality,
      ...ffmpegOption(command.ffmpegPath),
    },
    onEvent: (e) => {
      if (e.type === 'refused' && isErrorCode(e.code) && AUTH_REFUSAL_CODES.has(e.code)) {
        status.say(authRefusal(e.code, e.message, command.cameraId, Boolean(command.exitOnAuthError)));
        if (command.exitOnAuthError) quit(EXIT_AUTH_REFUSED);
      } else if (e.type === 'refused') status.say(`Refused by the server: ${e.code}. ${e.message}`);
      if (e.type === 'kicked') {
        status.say(`${e.message} This client stops.`);
        quit(1);
      }
      if (e.type === 'unreachable') void unreachable.line(e.message).then((line) => line && status.say(line));
      if (e.type === 'webrtc') sayWebrtc(e);
    },
    onSourceError: (err, retryInMs) => status.say(`The ${source} source failed: ${err.message} Trying again in ${Math.round(retryInMs / 1000)} s.`),
  });
  running.camera = camera;
  say(`camrelay capture ${version}: ${source} → ${command.server} as "${command.cameraId}" (transport ${command.transport}). Ctrl+C stops.`);
  status.start(camera.client.stats, () => camera.sourceNote());
  if (shutdown.signal.aborted) quit(0);
  else shutdown.signal.addEventListener('abort', () => quit(0), { once: true });
}

main().catch((err: unknown) => {
  // A stop asked for during startup: what was started is stopped by now, so this is a clean exit.
  if (shutdown.signal.aborted) {
    process.stderr.write(`camrelay capture: stopped (${String(shutdown.signal.reason)}) before the camera was running.\n`);
    process.exit(0);
  }
  const code = err instanceof CamrelayError && err.code === 'BAD_CONFIG' ? 2 : 1;
  console.error(`camrelay capture: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(code);
});
