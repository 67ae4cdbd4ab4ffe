/** Reads the frames of an .mjpeg file one at a time, looping, holding at most a chunk and a few frames in memory. */
import { type FileHandle, open } from 'node:fs/promises';
import { JpegSplitter } from './jpeg-splitter.js';

const CHUNK = 256 * 1024;

export class MjpegFileReader {
  private handle: FileHandle | null = null;
  private position = 0;
  private readonly queue: Buffer[] = [];
  private readonly splitter = new JpegSplitter();
  private readonly chunk = Buffer.allocUnsafe(CHUNK);
  private framesThisPass = 0;

  constructor(readonly path: string) {}

  /** Opens the file; rejects as fs does (ENOENT and so on). */
  async open(): Promise<void> {
    this.handle ??= await open(this.path, 'r');
  }

  /** The next frame, wrapping to the start at the end of the file; null when the file holds no whole JPEG. */
  async next(): Promise<Buffer | null> {
    if (!this.handle) await this.open();
    const handle = this.handle!;
    while (this.queue.length === 0) {
      const { bytesRead } = await handle.read(this.chunk, 0, CHUNK, this.position);
      if (bytesRead === 0) {
        if (this.framesThisPass === 0) return null; // a whole pass found no JPEG
        this.position = 0;
        this.framesThisPass = 0;
        this.splitter.reset(); // a truncated last frame must not glue onto the first
        continue;
      }
      this.position += bytesRead;
      this.splitter.push(this.chunk.subarray(0, bytesRead), (jpeg) => {
        this.queue.push(jpeg);
        this.framesThisPass++;
      });
    }
    return this.queue.shift()!;
  }

  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = null;
    await handle?.close();
  }
}
