/**
 * Runs one camera: a source feeding a CaptureClient, through the optional transcoder. A source
 * that fails after it started is restarted with backoff: an unplugged camera or a crashed ffmpeg
 * must not end an unattended capture PC's stream for good.
 */
import { CaptureClient, type CaptureClientOptions } from './capture-client.js';
import { createSource } from './sources/index.js';
import type { FrameSource, SourceFrame, SourceName, SourceOptions } from './sources/source.js';
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
}

export interface RunningCamera {
  client: CaptureClient;
  /** What the source says about its own work for the status line (e.g. that ffmpeg re-encodes), or null. */
  sourceNote(): string | null;
  stop(): Promise<void>;
}

const RETRY_MIN_MS = 1000;
const RETRY_MAX_MS = 30_000;

/** Starts the source (rejects if it cannot start at all) and sends its frames until stopped. */
export async function runCamera(opts: RunOptions): Promise<RunningCamera> {
  const client = new CaptureClient({ ackTimeoutMs: 5000, ...opts });
  // A corrupt frame from the camera, or one ffmpeg has no room for yet, is one lost frame, not the end of the stream.
  const transcoder = new Transcoder(
    { width: opts.width, height: opts.height, quality: opts.quality, ffmpegPath: opts.sourceOptions.ffmpegPath },
    (frame) => client.send(frame),
    () => client.countDropped(),
  );
  await transcoder.ready();
  let stopped = false;
  let source: FrameSource | null = null;
  let retryMs = RETRY_MIN_MS;
  let retryTimer: NodeJS.Timeout | undefined;

  const onFrame = (frame: SourceFrame): void => {
    retryMs = RETRY_MIN_MS;
    if (!client.admit()) return;
    transcoder.push(frame);
  };

  const start = async (): Promise<void> => {
    source = createSource(opts.source, opts.sourceOptions);
    await source.start(onFrame, onError);
  };

  function onError(err: Error): void {
    if (stopped) return;
    const delay = retryMs;
    retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
    opts.onSourceError?.(err, delay);
    retryTimer = setTimeout(() => {
      start().catch((e: Error) => onError(e));
    }, delay);
  }

  const stop = async (): Promise<void> => {
    stopped = true;
    clearTimeout(retryTimer);
    await source?.stop();
    await transcoder.close();
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
    opts.signal?.removeEventListener('abort', onAbort);
    await stop();
    throw err;
  }
  return {
    client,
    sourceNote: () => source?.note?.() ?? null,
    stop,
  };
}
