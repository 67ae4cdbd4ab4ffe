/** Builds relay Frames for core tests without a transport. */
import type { Frame } from '../../server/relay/frame.js';

export function frame(seq: number, cameraId = 'cam'): Frame {
  const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xd9]);
  return {
    cameraId,
    seq,
    capturedAt: 1000 + seq,
    receivedAt: 1000 + seq,
    link: 'websocket',
    jpeg,
    meta: { cameraId, seq, epoch: 1, capturedAt: 1000 + seq, clockSynced: false, receivedAt: 1000 + seq, width: 1, height: 1 },
  };
}

/** A sink whose writes complete only when the test says so: a viewer as slow as we like. */
export class ManualSink {
  readonly written: Frame[] = [];
  private readonly dones: Array<() => void> = [];

  write(f: Frame, done: () => void): void {
    this.written.push(f);
    this.dones.push(done);
  }

  /** Completes the oldest outstanding write. */
  release(): void {
    this.dones.shift()?.();
  }

  get seqs(): number[] {
    return this.written.map((f) => f.seq);
  }
}
