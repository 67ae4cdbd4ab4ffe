/**
 * `--source mjpeg --url http://…`: an HTTP MJPEG camera (multipart/x-mixed-replace). Its frames are
 * JPEGs already, so no ffmpeg runs: Node reads the stream, keeps the newest frame the fps allows and
 * drops the rest (never queues), and calls a camera that goes quiet stalled so camera-wait retries.
 */
import type { IncomingMessage } from 'node:http';
import { FpsGate } from '../../common/capture/fps-gate.js';
import { CamrelayError } from '../../shared/errors.js';
import { readJpegSize } from '../../common/codec/jpeg.js';
import { CameraHttp, CameraTimeout, httpCameraUrl } from './camera-http.js';
import { MultipartReader } from './multipart-reader.js';
import type { FrameSource, SourceFrame, SourceOptions } from './source.js';

export interface MjpegUrlSettings {
  /** No frame for this long and the stream counts as lost: ended, reported, retried. */
  stallMs: number;
  /** Longest wait for the camera's response headers. */
  connectTimeoutMs: number;
  /** Bytes one frame may hold. */
  maxPartBytes: number;
  now: () => number;
}

const DEFAULTS: MjpegUrlSettings = {
  // Cameras hold a frame back at most a second or two on a busy network; ten is lost.
  stallMs: 10_000,
  connectTimeoutMs: 10_000,
  maxPartBytes: 8 * 1024 * 1024,
  now: () => performance.now(),
};

export class MjpegUrlSource implements FrameSource {
  readonly name = 'mjpeg' as const;
  private readonly settings: MjpegUrlSettings;
  private controller: AbortController | null = null;
  private stall: NodeJS.Timeout | null = null;
  private res: IncomingMessage | null = null;
  private stopped = false;

  constructor(
    readonly opts: SourceOptions,
    settings: Partial<MjpegUrlSettings> = {},
  ) {
    this.settings = { ...DEFAULTS, ...settings };
  }

  async start(onFrame: (frame: SourceFrame) => void, onError: (err: Error) => void): Promise<void> {
    const { connectTimeoutMs, stallMs, maxPartBytes, now } = this.settings;
    this.stopped = false;
    const controller = new AbortController();
    this.controller = controller;
    const http = new CameraHttp(httpCameraUrl(this.name, this.opts));
    const deadline = setTimeout(() => controller.abort(new CameraTimeout(connectTimeoutMs)), connectTimeoutMs);
    let res: IncomingMessage;
    try {
      res = await http.get(controller.signal);
    } catch (err) {
      throw http.error(err, controller.signal);
    } finally {
      clearTimeout(deadline);
    }
    this.res = res;
    const type = String(res.headers['content-type'] ?? '').slice(0, 200);
    if (!/^multipart\//i.test(type) && type !== '') {
      res.destroy();
      const hint = /^image\//i.test(type) ? ' It answers with one picture: use --source snapshot for this URL.' : '';
      throw new CamrelayError(
        'SOURCE_FAILED',
        `The camera at ${http.shown} answered ${JSON.stringify(type)}, not an MJPEG stream (multipart/x-mixed-replace).${hint}`,
      );
    }
    const boundary = /boundary=(?:"([^"]*)"|([^;\s]*))/i.exec(type);
    const reader = new MultipartReader(boundary?.[1] ?? boundary?.[2], { maxPartBytes });
    const gate = new FpsGate(this.opts.fps);
    let droppedAtFrame = 0;

    const fail = (err: Error): void => {
      if (this.stopped) return;
      void this.stop();
      onError(err);
    };
    this.stall = setTimeout(() => {
      const junk = reader.dropped - droppedAtFrame;
      fail(
        junk > 0
          ? new CamrelayError(
              'SOURCE_FAILED',
              `The camera at ${http.shown} sent ${junk} parts that are no JPEG (or over ${maxPartBytes} bytes) and no picture for ${stallMs / 1000} s.`,
            )
          : new CamrelayError('CAMERA_UNREACHABLE', `The camera at ${http.shown} sent no picture for ${stallMs / 1000} s.`),
      );
    }, stallMs);
    const onJpeg = (jpeg: Buffer): void => {
      this.stall?.refresh();
      droppedAtFrame = reader.dropped;
      // Newest wins: a frame over the fps budget is dropped here, never held for later.
      if (!gate.take(now())) return;
      const size = readJpegSize(jpeg);
      onFrame(size ? { jpeg, capturedAt: Date.now(), width: size.width, height: size.height } : { jpeg, capturedAt: Date.now() });
    };
    res.on('data', (chunk: Buffer) => {
      try {
        reader.push(chunk, onJpeg);
      } catch (err) {
        fail(http.error(err));
      }
    });
    res.on('end', () => fail(new CamrelayError('SOURCE_FAILED', `The camera at ${http.shown} ended its stream.`)));
    res.on('error', (err) => fail(http.error(err, controller.signal)));
  }

  stop(): Promise<void> {
    this.stopped = true;
    if (this.stall) clearTimeout(this.stall);
    this.stall = null;
    this.controller?.abort();
    this.res?.destroy();
    this.res = null;
    return Promise.resolve();
  }
}
