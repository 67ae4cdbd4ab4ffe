/**
 * WebCodecs off the main thread: Annex B units in, one ImageBitmap per picture out. Never more than
 * one GOP waits: a keyframe drops every unit not yet handed to the decoder, and a picture older than
 * the newest keyframe is closed undrawn, so a page that was frozen draws that keyframe first. A
 * catch-up unit's picture is closed as it comes, never made a bitmap: only `caught-up` goes back.
 */
import type { FromWorker, ToWorker } from './decode-worker-protocol.js';

type Unit = Extract<ToWorker, { type: 'unit' }>;

/** Units handed to VideoDecoder at once: enough to keep it busy, few enough that a keyframe skips quickly. */
const DECODE_QUEUE_MAX = 2;

const scope = self as unknown as { postMessage(m: FromWorker, transfer?: Transferable[]): void; onmessage: ((e: MessageEvent<ToWorker>) => void) | null };
let waiting: Unit[] = [];
let newestKey = -1;
let codec = '';
let failed = false;
/** Per unit handed to the decoder, by seq (a VideoFrame's timestamp): what its picture needs. */
const pending = new Map<number, { capturedAt: number; catchUp: boolean }>();

const fail = (detail: string) => {
  if (failed) return;
  failed = true;
  waiting = [];
  scope.postMessage({ type: 'error', detail });
};

const decoder = new VideoDecoder({
  output: (frame) => void picture(frame),
  error: (e) => fail(`VideoDecoder: ${e.message}`),
});
decoder.addEventListener('dequeue', () => pump());

async function picture(frame: VideoFrame): Promise<void> {
  const seq = frame.timestamp;
  const unit = pending.get(seq);
  pending.delete(seq);
  if (seq < newestKey || failed) return frame.close();
  if (unit?.catchUp) {
    frame.close();
    return scope.postMessage({ type: 'caught-up', seq });
  }
  try {
    const bitmap = await createImageBitmap(frame);
    scope.postMessage({ type: 'picture', seq, capturedAt: unit?.capturedAt ?? 0, bitmap }, [bitmap]);
  } finally {
    frame.close();
  }
}

function pump(): void {
  while (!failed && waiting.length > 0 && decoder.decodeQueueSize < DECODE_QUEUE_MAX) {
    const u = waiting.shift()!;
    if (u.codec !== codec) {
      if (!u.keyframe) continue;
      // Configuring resets the decoder: a new codec string (a new SPS) starts at its keyframe.
      decoder.configure({ codec: u.codec, optimizeForLatency: true });
      codec = u.codec;
    }
    pending.set(u.seq, { capturedAt: u.capturedAt, catchUp: u.catchUp });
    try {
      decoder.decode(new EncodedVideoChunk({ type: u.keyframe ? 'key' : 'delta', timestamp: u.seq, data: u.au }));
    } catch (e) {
      fail(`VideoDecoder: ${(e as Error).message}`);
    }
  }
}

scope.onmessage = (e) => {
  const m = e.data;
  if (m.type === 'close') {
    failed = true;
    if (decoder.state !== 'closed') decoder.close();
    return;
  }
  if (failed) return;
  if (m.keyframe) {
    newestKey = m.seq;
    waiting = [];
    for (const seq of pending.keys()) if (seq < newestKey) pending.delete(seq);
  }
  waiting.push(m);
  pump();
};
