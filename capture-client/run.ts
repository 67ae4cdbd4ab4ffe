/**
 * Runs one camera: a source feeding a CaptureClient, through the optional transcoder. A camera that
 * cannot run (in use, unplugged, not plugged in yet) or fails later is waited for and tried again
 * (camera-wait.ts), and the relay is told why: an unattended capture PC's stream must come back alone.
 */
import type { CaptureOffer } from '../shared/demand.js';
import type { SourceStatus } from '../shared/protocol.js';
import { CameraWait, waitCode, waitingWords } from './camera-wait.js';
import { CaptureClient, type CaptureClientOptions } from './capture-client.js';
import { createSource } from './sources/index.js';
import type { FrameSource, SourceFrame, SourceName, SourceOptions } from './sources/source.js';
import { DetectFeed } from './detect/detect-feed.js';
import type { DetectorHost } from './detect/detector-host.js';
import { EdgeH264 } from './edge/edge-h264.js';
import { MicAudio } from './edge/mic-audio.js';
import { RtspCopy } from './edge/rtsp-copy.js';
import { WithMic } from './edge/with-mic.js';
import { H264Feed } from './h264-feed.js';
import { H264Rungs } from './h264-rungs.js';
import { RungMakers } from './rung-makers.js';
import { Transcoder } from './transcode.js';

export interface RunOptions extends Omit<CaptureClientOptions, 'ackTimeoutMs'> {
  source: SourceName;
  sourceOptions: SourceOptions;
  width?: number;
  height?: number;
  quality?: number;
  /** Aborting it stops the camera, also while the source is still starting (runCamera then rejects with the reason). */
  signal?: AbortSignal;
  /** Told of each source failure and of the delay before the next start. */
  onSourceError?: (err: Error, retryInMs: number) => void;
  /** Told when the camera starts or stops giving frames: the state the relay is told too. */
  onSourceStatus?: (status: SourceStatus) => void;
  /**
   * Picks the H.264 encoder after the first connect, so neither the camera nor the connection waits for it (a
   * wedged driver takes 10 s); true adds 'h264' to the offers, and the connection connects again to say so.
   */
  pickH264?: () => Promise<boolean>;
  /** The H.264 encoder could not start or failed (it is tried again on the next frame). */
  onH264Error?: (err: Error) => void;
  /** A failure no wait can fix (BAD_CONFIG, say) while waiting for a camera that never ran: the camera has stopped. */
  onFatal?: (err: Error) => void;
  /** `--detect` with the model there (#39): the detector this camera's frames go to when the relay asks; pass 'detect' in `offers` too. */
  detector?: DetectorHost;
  /** A verdict refused by the relay, or a frame the detector failed on (said at most once a minute per kind). */
  onDetectError?: (err: Error) => void;
}

export interface RunningCamera {
  client: CaptureClient;
  /** For the status line: what the client waits for, or what the source says about its own work (that ffmpeg re-encodes), or null. */
  sourceNote(): string | null;
  /** The JPEG widths made for the relay's demand right now (rung-makers.ts). */
  rungWidths(): number[];
  /** The camera side's H.264 while the relay asks for it (offers include 'h264'), else null. */
  h264: H264Feed | null;
  /** H.264 at the widths live tiles watch (offers include 'h264-rungs', or once the pick found an encoder), else null. */
  h264Rungs: H264Rungs | null;
  /** This camera's detections while the relay asks for them (`detector` given), else null. */
  detect: DetectFeed | null;
  stop(): Promise<void>;
}

function offerWhenPicked(client: CaptureClient, offers: readonly CaptureOffer[], pick: () => Promise<boolean>): void {
  const off = client.h264.onConnection((up) => {
    if (!up) return;
    off();
    // A pick that fails offers nothing more: the relay then encodes, as for any JPEG publisher.
    void pick().then(
      (found) => found && client.offer([...new Set([...offers, 'h264' as const, 'h264-rungs' as const])], 'to offer H.264'),
      () => undefined,
    );
  });
}

/**
 * The camera side's H.264 for recording, or null: an IP camera's record stream copied (offered from the start, as
 * it needs no encoder), else the source's JPEGs encoded once the pick finds an encoder.
 */
function h264Feed(opts: RunOptions, client: CaptureClient): H264Feed | null {
  const feedOptions = { fps: opts.sourceOptions.fps, onError: opts.onH264Error };
  const { url, recordUrl, rtspTransport, ffmpegPath } = opts.sourceOptions;
  if (opts.source === 'rtsp' && (recordUrl ?? url)) {
    const { recordH265 } = opts.sourceOptions;
    const copy = new RtspCopy({ url: (recordUrl ?? url)!, transport: rtspTransport, ffmpegPath, ...(recordH265 ? { recordH265 } : {}) });
    // A main stream refused (neither H.264 nor H.265): h264 is no longer offered, so the relay records the live JPEGs.
    copy.onError(
      () =>
        copy.refused &&
        client.offer(
          (opts.offers ?? []).filter((o) => o !== 'h264'),
          'to stop offering H.264',
        ),
    );
    return new H264Feed(copy, client.h264, feedOptions);
  }
  if (!opts.offers?.includes('h264') && !opts.pickH264) return null;
  const { audioDevice, audioFormat } = opts.sourceOptions;
  const edge = new EdgeH264({ ffmpegPath });
  // The PC's microphone as the camera's sound (#40): it rides the H.264, as an IP camera's AAC does.
  const mic = audioDevice ? new MicAudio({ device: audioDevice, ffmpegPath, ...(audioFormat ? { format: audioFormat } : {}) }) : null;
  return new H264Feed(mic ? new WithMic(edge, mic) : edge, client.h264, feedOptions);
}

/**
 * Starts the source and sends its frames until stopped. Rejects when waiting cannot help (a bad
 * setting, no ffmpeg); a camera that is busy or missing at start is waited for like one lost later.
 */
export async function runCamera(opts: RunOptions): Promise<RunningCamera> {
  // An IP camera's H.264 is copied, no encoder to pick: h264 is offered from the first connect.
  const copies = opts.source === 'rtsp';
  const offers = copies ? [...new Set([...(opts.offers ?? []), 'h264' as const])] : opts.offers;
  const client = new CaptureClient({ ackTimeoutMs: 5000, ...opts, offers });
  // A corrupt frame from the camera, or one ffmpeg has no room for yet, is one lost frame, not the end of the stream.
  const transcoder = new Transcoder(
    { width: opts.width, height: opts.height, quality: opts.quality, ffmpegPath: opts.sourceOptions.ffmpegPath },
    (frame) => client.send(frame),
    () => client.countDropped(),
  );
  await transcoder.ready();
  // Rungs are made from the source's own JPEGs, so a --width transcode is not decoded twice over.
  const rungs = new RungMakers(
    { ffmpegPath: opts.sourceOptions.ffmpegPath },
    (frame, rung) => client.send({ ...frame, rung }),
    () => client.countDropped(),
  );
  // H.264 for recording: offered at once, or once the encoder pick (a second or more with a GPU driver) finds one.
  const h264 = h264Feed(opts, client);
  // Rung H.264 is encoded from the pictures this side decodes (an IP camera's sub stream too), so it needs the pick even when the main stream is copied.
  const h264Rungs =
    offers?.includes('h264-rungs') || opts.pickH264
      ? new H264Rungs(client.h264, { fps: opts.sourceOptions.fps, ffmpegPath: opts.sourceOptions.ffmpegPath, onError: opts.onH264Error })
      : null;
  if (opts.pickH264 && !offers?.includes('h264-rungs')) offerWhenPicked(client, offers ?? [], opts.pickH264);
  const { detector } = opts;
  const detect = detector
    ? new DetectFeed({
        cameraId: opts.cameraId,
        queue: () => detector.queue(),
        send: (meta, data) => client.uplink.send('detections', meta, data),
        onError: opts.onDetectError,
      })
    : null;
  client.onDemand((demand) => {
    rungs.setWidths(demand.widths);
    h264?.setWanted(demand.h264);
    // An older relay says nothing of sound: it took the AAC beside the H.264, as before (#40).
    h264?.setAudio(demand.audio !== false);
    h264Rungs?.setWidths(demand.h264Widths ?? []);
    detect?.setWhere(demand.detect?.where ?? null);
    detect?.setRate(demand.detect?.rate ?? null);
  });
  let stopped = false;
  let source: FrameSource | null = null;
  let ran = false;
  /** The status line's words while waiting, and the status last told (told again only when it changes). */
  let waiting: string | null = null;
  let told: string | null = null;
  const wait = new CameraWait(() => {
    start().catch((e: Error) => onError(e));
  });

  const tell = (status: SourceStatus): void => {
    client.sourceStatus(status);
    opts.onSourceStatus?.(status);
  };

  const onFrame = (frame: SourceFrame): void => {
    wait.ok();
    ran = true;
    waiting = null;
    if (told !== null) {
      told = null;
      tell({ state: 'ok' });
    }
    // Recording takes every frame the source gives; the live fps gate applies to JPEGs only. An IP camera's
    // frames (its sub stream) are not: its record stream is copied.
    if (!copies) h264?.push(frame);
    // Live tiles' H.264 takes every frame too: its GOP is counted in the source's frames.
    h264Rungs?.push(frame);
    // Detection looks at the newest full frame when its tick comes, whatever the live fps gate lets through.
    detect?.push(frame);
    if (!client.admit()) return;
    transcoder.push(frame);
    rungs.push(frame);
  };

  const start = async (): Promise<void> => {
    source = createSource(opts.source, opts.sourceOptions);
    await source.start(onFrame, onError);
  };

  function onError(err: Error): void {
    if (stopped) return;
    const code = waitCode(err);
    // A camera that never ran and now fails for good (say its mode on replug): what start() would have thrown.
    if (code === null && !ran && opts.onFatal) return void stop().then(() => opts.onFatal!(err));
    const delay = wait.failed(code);
    const status = { state: 'waiting', error: code ?? 'SOURCE_FAILED', message: err.message } as const;
    waiting = waitingWords(status.error, opts.sourceOptions.device, delay);
    if (told !== `${status.error}: ${status.message}`) {
      told = `${status.error}: ${status.message}`;
      tell(status);
    }
    opts.onSourceError?.(err, delay);
  }

  const stop = async (): Promise<void> => {
    stopped = true;
    wait.cancel();
    detect?.stop();
    await source?.stop();
    await transcoder.close();
    await rungs.close();
    await h264?.stop();
    await h264Rungs?.stop();
    client.close();
  };
  // A stop during start() (Ctrl+C while ffmpeg opens the camera) ends the source's start; the check below then rejects.
  const onAbort = (): void => void stop();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    opts.signal?.throwIfAborted();
    await start();
    opts.signal?.throwIfAborted();
  } catch (err) {
    if (opts.signal?.aborted || waitCode(err) === null) {
      opts.signal?.removeEventListener('abort', onAbort);
      await stop();
      throw err;
    }
    onError(err as Error);
  }
  return {
    client,
    sourceNote: () => waiting ?? source?.note?.() ?? null,
    rungWidths: () => rungs.widths,
    h264,
    h264Rungs,
    detect,
    stop,
  };
}
