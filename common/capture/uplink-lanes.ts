/**
 * The capture side's delivery policies (#56), one lane per kind of the uplink (uplink.ts): what waits to go, how
 * many bytes of it, and which unit gives way when a send window is full. The table `UPLINK_RULES` is the one place
 * a kind's policy is stated; the lanes only carry it out.
 */
import type { SendResult } from './send-result.js';
import type { UnitKind, UnitMetas } from '../../shared/units.js';

/**
 * `newest-frame`: one waits, a newer one replaces it (live pictures: a slow link loses frames, never gains delay).
 * `every-unit-to-keyframe`: every unit in order; one past the byte bound is dropped, and so is every unit after it up
 * to the next keyframe that fits (a P-frame without its references decodes to garbage).
 * `every-unit-drop-oldest`: every unit in order; past the byte bound the oldest waiting ones give way (sound).
 * `latest-value`: one waits, a newer one replaces it, one in flight (verdicts: only the newest says anything).
 */
export type UplinkPolicy = 'newest-frame' | 'every-unit-to-keyframe' | 'every-unit-drop-oldest' | 'latest-value';

export interface UplinkRule {
  policy: UplinkPolicy;
  /** Bytes of this kind the uplink holds at most, waiting and in flight together. */
  maxBytes: number;
  /** Someone watches or hears it live: it never waits for a batch to fill, and goes before recording-only units. */
  live: boolean;
}

/** Each kind's policy and byte cap: the capture side's half of the policy table in docs/architecture.md. */
export const UPLINK_RULES: { readonly [K in UnitKind]: UplinkRule } = {
  // The pacer's window of 2 frames at the relay's 8 MiB frame cap, and one waiting.
  jpeg: { policy: 'newest-frame', maxBytes: 24 * 1024 * 1024, live: true },
  // As the feed's uplink buffer (capture-client/edge/uplink-buffer.ts): ~2.5x a 720p15 GOP.
  h264: { policy: 'every-unit-to-keyframe', maxBytes: 8 * 1024 * 1024, live: false },
  'h264-rung': { policy: 'every-unit-to-keyframe', maxBytes: 2 * 1024 * 1024, live: true },
  // 4 s of 384 kbit/s stereo is under 200 KiB: the feed's AAC buffer.
  aac: { policy: 'every-unit-drop-oldest', maxBytes: 1024 * 1024, live: false },
  detections: { policy: 'latest-value', maxBytes: 64 * 1024, live: true },
};

/** A unit handed to the uplink, settled once with its ack, its lost send, or its drop here. */
export interface UplinkItem<K extends UnitKind = UnitKind> {
  kind: K;
  meta: UnitMetas[K];
  data: Uint8Array;
  settle: (result: SendResult) => void;
}

/** What a unit dropped by its lane's policy settles with: neither an ack nor a lost send, so no feed sends it again. */
export function droppedHere(kind: UnitKind, why: string): SendResult {
  return { ok: false, error: 'DROPPED', message: `the uplink dropped this ${kind} unit: ${why}` };
}

export class UplinkLane {
  private readonly waiting: UplinkItem[] = [];
  private bytesHeld = 0;
  /** Units on their way (handed to a sender, not yet settled). */
  inFlight = 0;
  /** Waiting for a keyframe that fits after an overflow (`every-unit-to-keyframe` only). */
  private skipping = false;
  /** Units this lane dropped by its policy, and the frames of `newest-frame` replaced before they went. */
  dropped = 0;

  /** `window`: sends in flight at most, read at each start (the H.264 window grows while batches go). */
  constructor(
    readonly kind: UnitKind,
    private readonly rule: UplinkRule,
    private readonly window: () => number,
    private readonly onDrop: (item: UplinkItem) => void = () => {},
  ) {}

  get live(): boolean {
    return this.rule.live;
  }

  /** Bytes held, waiting and in flight. */
  get bytes(): number {
    return this.bytesHeld;
  }

  get length(): number {
    return this.waiting.length;
  }

  /** Takes a unit by the lane's policy: it waits, replaces the one waiting, or is dropped. */
  put(item: UplinkItem): void {
    const { policy, maxBytes } = this.rule;
    const size = item.data.length;
    if (policy === 'newest-frame' || policy === 'latest-value') {
      const old = this.waiting.pop();
      if (old) this.drop(this.unwait(old), 'a newer one replaced it');
    }
    if (policy === 'every-unit-drop-oldest') {
      while (this.bytesHeld + size > maxBytes && this.waiting.length > 0)
        this.drop(this.unwait(this.waiting.shift()!), 'the oldest gives way past the byte bound');
    }
    if (policy === 'every-unit-to-keyframe') {
      const keyframe = (item.meta as { keyframe?: boolean }).keyframe === true;
      if (this.skipping && !keyframe) return this.drop(item, 'waiting for the next keyframe after an overflow');
      this.skipping = false;
      if (this.bytesHeld + size > maxBytes) {
        this.skipping = true;
        return this.drop(item, `past the lane's ${maxBytes} bytes`);
      }
    }
    if (this.bytesHeld + size > maxBytes) return this.drop(item, `larger than the lane's ${maxBytes} bytes`);
    this.bytesHeld += size;
    this.waiting.push(item);
  }

  /** The next unit to send, when the window has room; it counts in flight until `done`. */
  take(): UplinkItem | null {
    if (this.waiting.length === 0 || this.inFlight >= this.window()) return null;
    this.inFlight++;
    return this.waiting.shift()!;
  }

  /** A unit taken has settled: its bytes and its place in the window are free. */
  done(item: UplinkItem): void {
    this.inFlight--;
    this.bytesHeld -= item.data.length;
  }

  /** Every waiting unit settles with `result`, not counted as dropped (the connection went, the engine closes). */
  clear(result: SendResult): void {
    for (const item of this.waiting.splice(0)) {
      this.bytesHeld -= item.data.length;
      item.settle(result);
    }
    this.skipping = false;
  }

  /** A unit taken out of the waiting list before it went: its bytes are free. */
  private unwait(item: UplinkItem): UplinkItem {
    this.bytesHeld -= item.data.length;
    return item;
  }

  private drop(item: UplinkItem, why: string): void {
    this.dropped++;
    this.onDrop(item);
    item.settle(droppedHere(this.kind, why));
  }
}
