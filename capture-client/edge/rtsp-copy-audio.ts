/**
 * The AAC of a camera's main stream beside its copied H.264 (#29), from the same ffmpeg (a second RTSP session
 * would use up the camera's few): ffmpeg writes the audio, untouched, as ADTS to a TCP socket this listens on at
 * 127.0.0.1 (no extra stdio pipe: those are POSIX plumbing a Windows capture PC lacks). Each frame goes on raw,
 * with its AudioSpecificConfig and a capture time counted in samples (aac-clock.ts). Audio that fails is said
 * and dropped; it never stops the video.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { AacClock } from './aac-clock.js';
import { AdtsSplitter, type AacFrame } from './adts-splitter.js';

export interface TimedAacFrame extends AacFrame {
  capturedAt: number;
  /** Every AAC frame decodes alone: a buffer may start at any of them. */
  keyframe: true;
}

export class RtspCopyAudio {
  private server: Server | null = null;
  private socket: Socket | null = null;
  private readonly clock = new AacClock();

  constructor(
    private readonly onFrame: (frame: TimedAacFrame) => void,
    private readonly onError: (err: Error) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Listens on 127.0.0.1 at a free port, for ffmpeg's `-f adts tcp://127.0.0.1:<port>`; resolves with the port. */
  listen(): Promise<number> {
    const server = createServer((socket) => this.take(socket));
    this.server = server;
    // Only ffmpeg connects, once: a second connection is not the ffmpeg this started.
    server.maxConnections = 1;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
    });
  }

  close(): void {
    this.socket?.destroy();
    this.socket = null;
    this.server?.close();
    this.server = null;
    this.clock.reset();
  }

  private take(socket: Socket): void {
    this.socket = socket;
    const splitter = new AdtsSplitter();
    let failed = false;
    socket.on('data', (chunk: Buffer) => {
      const at = this.now();
      if (failed) return;
      try {
        splitter.push(chunk, (frame) => this.onFrame({ ...frame, capturedAt: this.clock.stamp(at, frame.sampleRate), keyframe: true }));
      } catch (err) {
        // Read on and drop: a closed socket would end ffmpeg, and the video with it.
        failed = true;
        this.onError(err as Error);
      }
    });
    socket.on('error', () => {});
  }
}
