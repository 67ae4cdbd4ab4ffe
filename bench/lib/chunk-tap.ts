/**
 * Watches data-channel chunks (layout in shared/webrtc/chunks.ts) go by: when each frame's first
 * chunk arrived, so a viewer can time first chunk → whole frame, and which frames never completed.
 */
import { CHUNK_HEADER_BYTES } from '../../shared/webrtc/chunks.js';

const decoder = new TextDecoder();

export class ChunkTap {
  /** Frame number → when its first chunk (in any order) arrived. */
  private readonly firstAt = new Map<number, number>();
  /** Camera seq → frame number, from chunk 0's metadata. */
  private readonly frameOf = new Map<number, number>();

  constructor(private readonly onIncomplete: () => void) {}

  push(data: Uint8Array): void {
    if (data.length < CHUNK_HEADER_BYTES) return;
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    const frameNo = view.getUint32(8);
    if (!this.firstAt.has(frameNo)) this.firstAt.set(frameNo, Date.now());
    if (view.getUint16(2) !== 0) return;
    try {
      const meta = JSON.parse(decoder.decode(data.subarray(CHUNK_HEADER_BYTES, CHUNK_HEADER_BYTES + view.getUint16(6)))) as { seq?: unknown };
      if (typeof meta.seq === 'number') this.frameOf.set(meta.seq, frameNo);
    } catch {
      // Not ours to judge: the assembler reports bad chunks.
    }
  }

  /** Ms from the frame's first chunk to now; frames begun before it and still open count as incomplete. */
  complete(seq: number): number | undefined {
    const frameNo = this.frameOf.get(seq);
    if (frameNo === undefined) return undefined;
    const first = this.firstAt.get(frameNo);
    // Frame numbers rise with every frame the server chunks; a loopback path hardly reorders whole frames.
    for (const no of this.firstAt.keys()) {
      if (no >= frameNo) continue;
      this.firstAt.delete(no);
      this.onIncomplete();
    }
    for (const [s, no] of this.frameOf) if (no <= frameNo) this.frameOf.delete(s);
    this.firstAt.delete(frameNo);
    return first === undefined ? undefined : Date.now() - first;
  }
}
