/** Writes frames into one HTTP response as multipart parts; the pipe is free again once the socket drains. */
import type { Frame, FrameSink } from '../../relay/frame.js';
import { closeDelimiter, MJPEG_BOUNDARY, PART_END, partHeader } from './multipart.js';

/** What the sink needs of a ServerResponse, so tests can hand it any Writable. */
export interface PartTarget {
  write(chunk: Buffer): boolean;
  cork(): void;
  uncork(): void;
  once(event: 'drain', listener: () => void): unknown;
  end(chunk: Buffer): unknown;
  readonly writableEnded: boolean;
  readonly destroyed: boolean;
}

export class ResponseSink implements FrameSink {
  /** Frames handed to the response. */
  written = 0;

  constructor(
    private readonly res: PartTarget,
    private readonly boundary: string = MJPEG_BOUNDARY,
  ) {}

  write(frame: Frame, done: () => void): void {
    if (this.res.writableEnded || this.res.destroyed) return;
    // Three writes, one flush: the JPEG is not copied into a joined buffer per viewer.
    this.res.cork();
    this.res.write(partHeader(frame.jpeg.length, frame.seq, this.boundary));
    this.res.write(frame.jpeg);
    const free = this.res.write(PART_END);
    this.res.uncork();
    this.written++;
    // A slow client leaves the frame in the socket's buffer: the next one waits in the viewer's slot.
    if (free) done();
    else this.res.once('drain', done);
  }

  /** Writes the close delimiter and ends the response. */
  end(): void {
    if (!this.res.writableEnded && !this.res.destroyed) this.res.end(closeDelimiter(this.boundary));
  }
}
