/**
 * `--source snapshot --url http://… --fps N`: the cheapest cameras give one JPEG per GET. Polled on
 * the Ticker: one request in flight at most (a slow camera skips ticks, never piles requests up),
 * each with its own deadline. An unchanged picture is still sent: the relay takes a camera without
 * frames as offline, and recording and playback count time by frames, so a still scene must not
 * read as a dead camera or shrink a recording's length.
 */
import type { IncomingMessage } from 'node:http';
import { CamrelayError } from '../../shared/errors.js';
import { hasJpegMarkers, readJpegSize } from '../../common/codec/jpeg.js';
import { CameraHttp, CameraTimeout, httpCameraUrl } from './camera-http.js';
import type { FrameSource, SourceFrame, SourceOptions } from './source.js';
import { Ticker } from './ticker.js';

export interface SnapshotUrlSettings {
  /** Longest wait for one picture, headers and body. */
  timeoutMs: number;
  /** Bytes one picture may hold. */
  maxBytes: number;
}

const DEFAULTS: SnapshotUrlSettings = { timeoutMs: 5000, maxBytes: 8 * 1024 * 1024 };

export class SnapshotUrlSource implements FrameSource {
  readonly name = 'snapshot' as const;
  private readonly settings: SnapshotUrlSettings;
  private readonly ticker: Ticker;
  private controller = new AbortController();

  constructor(
    readonly opts: SourceOptions,
    settings: Partial<SnapshotUrlSettings> = {},
  ) {
    this.settings = { ...DEFAULTS, ...settings };
    this.ticker = new Ticker(opts.fps);
  }

  /** Resolves after the first picture, so a wrong password or address fails the start itself. */
  async start(onFrame: (frame: SourceFrame) => void, onError: (err: Error) => void): Promise<void> {
    this.controller = new AbortController();
    // One per source: a Digest camera's challenge is learnt once, not asked for at every picture.
    const http = new CameraHttp(httpCameraUrl(this.name, this.opts));
    let first: SourceFrame | null = await this.fetch(http);
    this.ticker.start(
      (): Promise<SourceFrame> => {
        const frame = first;
        first = null;
        return frame ? Promise.resolve(frame) : this.fetch(http);
      },
      onFrame,
      onError,
    );
  }

  async stop(): Promise<void> {
    this.controller.abort();
    await this.ticker.stop();
  }

  private async fetch(http: CameraHttp): Promise<SourceFrame> {
    const { timeoutMs, maxBytes } = this.settings;
    const request = new AbortController();
    const stop = (): void => request.abort();
    this.controller.signal.addEventListener('abort', stop, { once: true });
    const deadline = setTimeout(() => request.abort(new CameraTimeout(timeoutMs)), timeoutMs);
    try {
      const res = await http.get(request.signal);
      const jpeg = await readCapped(res, maxBytes, http.shown);
      if (!hasJpegMarkers(jpeg)) {
        const type = String(res.headers['content-type'] ?? 'no Content-Type').slice(0, 100);
        const start = JSON.stringify(jpeg.toString('latin1', 0, 24).replace(/[^\x20-\x7e]/g, '.'));
        throw new CamrelayError('SOURCE_FAILED', `The camera at ${http.shown} answered ${type}, ${jpeg.length} bytes starting ${start}: not a JPEG.`);
      }
      const size = readJpegSize(jpeg);
      return size ? { jpeg, capturedAt: Date.now(), width: size.width, height: size.height } : { jpeg, capturedAt: Date.now() };
    } catch (err) {
      throw http.error(err, request.signal);
    } finally {
      clearTimeout(deadline);
      this.controller.signal.removeEventListener('abort', stop);
    }
  }
}

/** The whole body, refused as soon as it passes `maxBytes` (Content-Length or counted). */
async function readCapped(res: IncomingMessage, maxBytes: number, shown: string): Promise<Buffer> {
  const tooBig = (): CamrelayError => new CamrelayError('SOURCE_FAILED', `The camera at ${shown} sent a picture over ${maxBytes} bytes.`);
  if (Number(res.headers['content-length']) > maxBytes) {
    res.destroy();
    throw tooBig();
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of res as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > maxBytes) {
      res.destroy();
      throw tooBig();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}
