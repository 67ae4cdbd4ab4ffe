/** Runs one camera: a source feeding a CaptureClient through the optional transcoder. */
import { CaptureClient, type CaptureClientOptions } from './capture-client.js';
import { createSource } from './sources/index.js';
import type { SourceName, SourceOptions } from './sources/source.js';
import { Transcoder } from './transcode.js';

export interface RunOptions extends Omit<CaptureClientOptions, 'ackTimeoutMs'> {
  source: SourceName;
  sourceOptions: SourceOptions;
  width?: number;
  quality?: number;
  onSourceError?: (err: Error) => void;
}

export interface RunningCamera {
  client: CaptureClient;
  stop(): Promise<void>;
}

/** Starts the source (rejects if it cannot start) and sends its frames until stopped. */
export async function runCamera(opts: RunOptions): Promise<RunningCamera> {
  const transcoder = new Transcoder({ width: opts.width, quality: opts.quality });
  const client = new CaptureClient({ ackTimeoutMs: 5000, ...opts });
  const source = createSource(opts.source, opts.sourceOptions);
  let transcoding = false;
  try {
    await source.start(
      (frame) => {
        if (transcoder.isPassThrough || !transcoder.needsWork(frame.jpeg)) return void client.push(frame);
        // One transcode at a time: a frame arriving meanwhile is skipped, never queued.
        if (transcoding) return;
        transcoding = true;
        transcoder
          .transcode(frame)
          .then((f) => client.push(f))
          .catch((err: Error) => opts.onSourceError?.(err))
          .finally(() => (transcoding = false));
      },
      (err) => opts.onSourceError?.(err),
    );
  } catch (err) {
    client.close();
    throw err;
  }
  return {
    client,
    async stop() {
      await source.stop();
      client.close();
    },
  };
}
