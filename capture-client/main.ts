/** `npm run capture`: the capture client's command line. */
import { createRequire } from 'node:module';
import { BUNDLED_VERSION } from './bundle-info.js';
import { cameraRunner, exitCode, ffmpegOption, pickSource } from './camera-runner.js';
import { parseCaptureArgs, type CaptureCommand } from './cli.js';
import { captureUsage, programName } from './cli-usage.js';
import { loadConfigFile } from './config-file.js';
import { h264Line } from './edge/edge-note.js';
import type { RunningCamera } from './run.js';
import { Shutdown } from './shutdown.js';
import { runSite } from './site-runner.js';
import { maskSecrets } from './sources/camera-url.js';
import { listDevices } from './sources/list-devices.js';
import { printOnvifCameras } from './onvif/onvif-listing.js';
import { probeCamera } from './probe/probe-camera.js';
import { LogFile, logFlag } from './log-file.js';
import { StatusBoard } from './status-board.js';
import { StatusLine } from './status-line.js';

const version = BUNDLED_VERSION ?? (createRequire(import.meta.url)('../package.json') as { version: string }).version;

async function printDevices(ffmpegPath: string | undefined, signal: AbortSignal): Promise<void> {
  const devices = await listDevices({ ...ffmpegOption(ffmpegPath), signal });
  const video = devices.filter((d) => d.kind === 'video');
  if (video.length === 0) {
    console.log('ffmpeg sees no camera. Check that it is plugged in and not blocked by privacy settings.');
    return void console.log(await h264Line(ffmpegPath));
  }
  console.log('Cameras (use --device "<name>" or --device <number>):');
  // On Linux --device N means /dev/videoN, so the number shown is N, not the position in the list.
  const number = (d: (typeof video)[number], i: number) => (process.platform === 'linux' ? d.name.replace(/^\/dev\/video/, '') : String(i));
  video.forEach((d, i) => console.log(`  ${number(d, i)}: ${d.name}${d.alternativeName ? `   (${d.alternativeName})` : ''}`));
  console.log(await h264Line(ffmpegPath));
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

/** Stops the cameras given, then exits with `code`; at the latest STOP_DEADLINE_MS later, whatever is still stopping. */
function exitAfter(code: number, stopping: () => Promise<unknown>): void {
  setTimeout(() => process.exit(code), STOP_DEADLINE_MS).unref();
  void stopping().then(() => process.exit(code));
}

async function runOne(command: CaptureCommand): Promise<void> {
  // A camera URL's password is never printed, whatever says it (site-runner.ts does the same per camera).
  const mask = (m: string) => maskSecrets(m, command.url, command.recordUrl);
  const say = (m: string) => process.stderr.write(`${mask(m)}\n`);
  const source = await pickSource(command, say, shutdown.signal);
  const status = new StatusLine(command.cameraId, process.stderr, log ? (line) => log!.line(line) : null);
  // Events can arrive before cameraRunner resolves (the socket connects while the camera opens).
  const running: { camera?: RunningCamera } = {};
  const quit = (code: number) => {
    status.stop();
    exitAfter(code, () => running.camera?.stop() ?? Promise.resolve());
  };
  // First, before the source starts (ffmpeg may take 10 s to open a camera): what runs, and then what it waits for.
  say(`camrelay capture ${version}: ${source} → ${command.server} as "${command.cameraId}" (transport ${command.transport}). Ctrl+C stops.`);
  const camera = await cameraRunner(command, source, shutdown.signal, { say: (m) => status.say(mask(m)), ended: quit });
  running.camera = camera;
  status.start(camera.client.stats, () => camera.sourceNote());
  status.showH264(() => camera.h264?.note() ?? null);
  if (shutdown.signal.aborted) quit(0);
  else shutdown.signal.addEventListener('abort', () => quit(0), { once: true });
}

/** --log FILE, once open: every line printed goes there too (log-file.ts). */
let log: LogFile | null = null;

/** Opens --log before anything is printed or parsed, so even a bad flag's line reaches the file. */
function openLog(argv: readonly string[]): void {
  const file = logFlag(argv);
  if (file === undefined || file === '') return;
  log = new LogFile(file);
  const env = process.env;
  log.hide([env.CAMRELAY_CAMERA_URL, env.CAMRELAY_RECORD_URL], [env.CAMRELAY_TOKEN, env.CAMRELAY_ONVIF_PASSWORD]);
  log.tee(process.stdout);
  log.tee(process.stderr);
  log.line(`camrelay capture ${version} started (process ${process.pid}); this file: --log ${file}`);
}

/** The commands' secrets, masked in the log as on the console. */
function hideSecrets(commands: readonly CaptureCommand[]): void {
  log?.hide(
    commands.flatMap((c) => [c.url, c.recordUrl]),
    commands.map((c) => c.token),
  );
}

/** --probe: one line of JSON (what the relay's Test reads), exit 1 when the camera gave no picture. */
async function printProbe(url: string, ffmpegPath: string | undefined): Promise<void> {
  const answer = await probeCamera(url, ffmpegPath);
  process.stdout.write(`${JSON.stringify(answer)}\n`);
  if (!answer.ok) process.exitCode = 1;
}

async function main(): Promise<void> {
  openLog(process.argv.slice(2));
  const parsed = parseCaptureArgs(process.argv.slice(2));
  if (parsed.kind === 'help') return void console.log(captureUsage(programName(BUNDLED_VERSION !== undefined)));
  if (parsed.kind === 'version') return void console.log(version);
  if (parsed.kind === 'list-devices' && parsed.onvif) return printOnvifCameras(parsed.onvif);
  if (parsed.kind === 'list-devices') return printDevices(parsed.ffmpegPath, shutdown.signal);
  if (parsed.kind === 'probe') return printProbe(parsed.url, parsed.ffmpegPath);
  if (parsed.kind === 'config') {
    const commands = loadConfigFile(parsed.config);
    hideSecrets(commands);
    const board = new StatusBoard(process.stderr, log ? (line) => log!.line(line) : null);
    return runSite(commands, { version, file: parsed.config.file, signal: shutdown.signal, exitAfter, board });
  }
  hideSecrets([parsed.command]);
  return runOne(parsed.command);
}

main().catch((err: unknown) => {
  // A stop asked for during startup: what was started is stopped by now, so this is a clean exit.
  if (shutdown.signal.aborted) {
    process.stderr.write(`camrelay capture: stopped (${String(shutdown.signal.reason)}) before the camera was running.\n`);
    process.exit(0);
  }
  console.error(`camrelay capture: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(exitCode(err));
});
