/**
 * WebCodecs off the main thread: Annex B units in, one ImageBitmap per picture out. Never more than
 * one GOP waits: units before the newest waiting keyframe, not yet handed to the decoder, are dropped
 * when the newest of them is late (more than LATE_MS behind the newest unit, the player's and MSE's rule:
 * decoder.ts `LiveEdge`) or the keyframe is a catch-up run's, so a page that was frozen draws that
 * keyframe first; a GOP's last pictures in time are drawn, not dropped for being older than the newest
 * keyframe. A catch-up unit's picture is closed as it comes, never made a bitmap: only `caught-up` goes back.
 */
import type { FromWorker, ToWorker } from './decode-worker-protocol.js';
import { LiveEdge } from './decoder.js';

type Unit = Extract<ToWorker, { type: 'unit' }>;

/** Units handed to VideoDecoder at once: enough to keep it busy, few enough that a keyframe skips quickly. */
const DECODE_QUEUE_MAX = 2;

const scope = self as unknown as { postMessage(m: FromWorker, transfer?: Transferable[]): void; onmessage: ((e: MessageEvent<ToWorker>) => void) | null };
let waiting: Unit[] = [];
let newestKey = -1;
const edge = new LiveEdge();
let codec = '';
let failed = false;
/** Per unit handed to the decoder, by seq (a VideoFrame's timestamp): what its picture needs. */
const pending = new Map<number, { capturedAt: number; catchUp: boolean }>();

const late = (seq: number, capturedAt: number) => scope.postMessage({ type: 'late', seq, behindMs: edge.behind(capturedAt) });

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
  if (failed || unit === undefined) return frame.close();
  // Older than the newest keyframe and late: the decoder goes on from that keyframe; older but in time, it is drawn.
  if (seq < newestKey && edge.late(unit.capturedAt)) {
    frame.close();
    if (!unit.catchUp) late(seq, unit.capturedAt);
    return;
  }
  if (unit.catchUp) {
    frame.close();
    return scope.postMessage({ type: 'caught-up', seq });
  }
  try {
    const bitmap = await createImageBitmap(frame);
    scope.postMessage({ type: 'picture', seq, capturedAt: unit.capturedAt, bitmap }, [bitmap]);
  } finally {
    frame.close();
  }
}

/**
 * Units before the newest waiting keyframe go when the one just before it is late (so every one of them is: a
 * later unit cannot decode without the earlier ones of its GOP), as the player cuts its own queue. Checked at each
 * hand-over, not only when the keyframe comes: a decoder slower than the stream falls behind between keyframes.
 */
function skipLate(): void {
  let key = waiting.length - 1;
  while (key > 0 && !waiting[key]!.keyframe) key--;
  if (key <= 0 || !edge.late(waiting[key - 1]!.capturedAt)) return;
  for (const u of waiting.splice(0, key)) if (!u.catchUp) late(u.seq, u.capturedAt);
}

function pump(): void {
  skipLate();
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
  edge.saw(m.capturedAt);
  if (m.keyframe) {
    // Entries two GOPs old are of pictures the decoder never gave (a reset): let go, so the map stays small.
    for (const seq of pending.keys()) if (seq < newestKey) pending.delete(seq);
    newestKey = m.seq;
    // A catch-up run starts the stream again: nothing before its keyframe is wanted.
    if (m.catchUp) waiting = [];
  }
  waiting.push(m);
  pump();
};
