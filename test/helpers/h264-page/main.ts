/** The browser side of the H264Player tests: one canvas, one player, driven through `window.h264test`. */
import type { JpegReason } from '../../../shared/live-video.js';
import type { MonitorH264Meta } from '../../../shared/protocol.js';
import { canDecodeH264, decoderKind, type DecoderKind } from '../../../dashboard/src/live-video/can-decode.js';
import { H264Player } from '../../../dashboard/src/live-video/h264-player.js';
import { SEQ_BITS, SEQ_ROWS } from '../h264-page-seq.js';

export interface TestUnit {
  meta: MonitorH264Meta;
  /** Base64 of the Annex B access unit. */
  au: string;
}

const canvas = document.getElementById('tile') as HTMLCanvasElement;
const status = document.getElementById('status')!;
/** `shown`: the seq the picture on the canvas carries in its pixels (numbered fixtures only). */
const draws: { seq: number; capturedAt: number; at: number; shown?: number }[] = [];
const late: { seq: number; behindMs: number }[] = [];
const missed: number[] = [];
let numbered = false;
const strip = new OffscreenCanvas(1, 1).getContext('2d', { willReadFrequently: true })!;

/** The seq a numbered picture carries: its top rows, one black or white block per bit, most significant first. */
function shownSeq(): number {
  const { width } = canvas;
  strip.canvas.width = width;
  strip.canvas.height = SEQ_ROWS;
  strip.drawImage(canvas, 0, 0, width, SEQ_ROWS, 0, 0, width, SEQ_ROWS);
  const row = strip.getImageData(0, SEQ_ROWS / 2, width, 1).data;
  const block = Math.floor(width / SEQ_BITS);
  let seq = 0;
  for (let i = 0; i < SEQ_BITS; i++) seq = seq * 2 + (row[4 * Math.floor((i + 0.5) * block)]! > 128 ? 1 : 0);
  return seq;
}
const fallbacks: { reason: JpegReason; detail: string; at: number }[] = [];
const caughtUp: number[] = [];
const pushedAt = new Map<number, number>();
let units: { meta: MonitorH264Meta; au: Uint8Array }[] = [];
let player: H264Player | null = null;

const bytes = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));

/** `null`: a browser with no decoder at all. */
let kind: DecoderKind | null = decoderKind();

function start(): void {
  player?.dispose();
  player = new H264Player({
    canvas,
    kind,
    onDraw: (seq, capturedAt) => {
      draws.push({ seq, capturedAt, at: performance.now(), ...(numbered ? { shown: shownSeq() } : {}) });
      status.textContent = `${decoderKind()}: drew #${seq}, ${canvas.width}×${canvas.height}`;
    },
    onFallback: (reason, detail) => fallbacks.push({ reason, detail, at: performance.now() }),
    onCaughtUp: (seq) => caughtUp.push(seq),
    onLate: (seq, behindMs) => late.push({ seq, behindMs }),
    onMissed: (seq) => missed.push(seq),
  });
}

function push(i: number): void {
  const u = units[i]!;
  pushedAt.set(u.meta.seq, performance.now());
  player!.push(u.meta, u.au);
}

const api = {
  kind: () => decoderKind(),
  hasVideoDecoder: () => typeof VideoDecoder !== 'undefined',
  secure: () => window.isSecureContext,
  canDecode: (codec?: string) => canDecodeH264(codec),
  /** `numbered`: the units are a numbered fixture, and each draw reads the seq its picture shows. */
  load(list: TestUnit[], noDecoder = false, isNumbered = false) {
    kind = noDecoder ? null : decoderKind();
    numbered = isNumbered;
    units = list.map((u) => ({ meta: u.meta, au: bytes(u.au) }));
    start();
  },
  /** Pushes units [from, to) in one task: a burst, as a page that was frozen gets them. */
  burst(from: number, to: number) {
    for (let i = from; i < to; i++) push(i);
  },
  /** Pushes units [from, to) every `ms`, as a live camera does, `per` at a time in one task (a link that delivers them in bunches); resolves after the last. */
  async play(from: number, to: number, ms: number, per = 1) {
    for (let i = from; i < to; i += per) {
      for (let k = i; k < Math.min(i + per, to); k++) push(k);
      await new Promise((r) => setTimeout(r, ms * per));
    }
  },
  /** One unit at a time, each after the last one's picture is drawn: decode and draw time per picture. */
  async serial(from: number, to: number) {
    for (let i = from; i < to; i++) {
      const n = draws.length;
      push(i);
      const until = performance.now() + 2000;
      while (draws.length === n && performance.now() < until) await new Promise((r) => requestAnimationFrame(r));
    }
  },
  draws: () => draws.slice(),
  fallbacks: () => fallbacks.slice(),
  /** Units the player skipped as late, with how far behind the newest arrival they were. */
  late: () => late.slice(),
  /** Pictures MSE's video showed while the page was too busy to copy them. */
  missed: () => missed.slice(),
  /** Catch-up units the decoder went through undrawn. */
  caughtUp: () => caughtUp.slice(),
  pushedAt: (seq: number) => pushedAt.get(seq) ?? null,
  size: () => ({ width: canvas.width, height: canvas.height }),
  /** The canvas's pixel at (x, y) of the picture, copied through a 2D canvas. */
  async pixel(x: number, y: number) {
    const bitmap = await createImageBitmap(canvas);
    const c = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d')!;
    c.drawImage(bitmap, 0, 0);
    return Array.from(c.getImageData(x, y, 1, 1).data.slice(0, 3));
  },
  reset() {
    draws.length = 0;
    fallbacks.length = 0;
    caughtUp.length = 0;
    late.length = 0;
    missed.length = 0;
    start();
  },
};

(window as unknown as { h264test: typeof api }).h264test = api;
export type H264TestApi = typeof api;
