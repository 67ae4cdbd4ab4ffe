/** The camera side's H.264 per demanded rung width, with fake producers and a fake link: which encoders run, and what goes up. */
import { afterEach, describe, expect, it } from 'vitest';
import type { SendResult } from '../../common/capture/sender.js';
import { edgeSize } from '../../capture-client/edge/edge-h264.js';
import type { H264Producer, ProducedUnit, ProducerStart } from '../../capture-client/edge/h264-producer.js';
import { H264_RUNGS_MAX, H264Rungs, type H264RungLink } from '../../capture-client/h264-rungs.js';
import type { H264RungMeta } from '../../shared/demand.js';
import { makeJpeg } from '../helpers/jpeg.js';
import { waitFor } from '../helpers/wait.js';

/** A producer that starts at once and turns each pushed frame into a unit, a keyframe every `gop`. */
class FakeProducer implements H264Producer {
  readonly input = 'frames' as const;
  readonly pick = null;
  running = false;
  size: ProducerStart | null = null;
  starts = 0;
  private n = 0;
  private readonly listeners: Array<(au: ProducedUnit) => void> = [];
  constructor(readonly width: number) {}
  start(at: ProducerStart): Promise<void> {
    this.starts++;
    this.running = true;
    this.n = 0;
    this.size = { ...at, ...edgeSize(at, this.width) };
    return Promise.resolve();
  }
  push(_jpeg: Uint8Array, capturedAt: number): boolean {
    if (!this.running) return false;
    const unit = { data: Buffer.from([0, 0, 0, 1, 9]), keyframe: this.n++ % 5 === 0, capturedAt, width: this.size!.width, height: this.size!.height };
    for (const l of this.listeners) l(unit);
    return true;
  }
  onAccessUnit(cb: (au: ProducedUnit) => void): void {
    this.listeners.push(cb);
  }
  onError(): void {}
  stop(): Promise<void> {
    this.running = false;
    return Promise.resolve();
  }
}

class FakeLink implements H264RungLink {
  readonly sent: H264RungMeta[] = [];
  sendRung(meta: H264RungMeta): Promise<SendResult> {
    this.sent.push(meta);
    return Promise.resolve({ ok: true, seq: meta.seq });
  }
  ready(): boolean {
    return true;
  }
  onConnection(): () => void {
    return () => {};
  }
}

const made = new Map<number, FakeProducer>();
const rungsOf = (link: FakeLink) => new H264Rungs(link, { fps: 10, producer: (w) => made.set(w, new FakeProducer(w)).get(w)! });
let open: H264Rungs | null = null;
afterEach(async () => {
  await open?.stop();
  made.clear();
});

async function pushFrames(rungs: H264Rungs, n: number, from = 0): Promise<void> {
  const jpeg = await makeJpeg(1280, 720);
  for (let i = from; i < from + n; i++) {
    rungs.push({ jpeg, capturedAt: 1_700_000_000_000 + i * 100, width: 1280, height: 720 });
    await new Promise((r) => setImmediate(r));
  }
}

describe('edgeSize', () => {
  it('scales to the rung width with the height in proportion, both even', () => {
    expect(edgeSize({ width: 1280, height: 720 }, 320)).toEqual({ width: 320, height: 180 });
    expect(edgeSize({ width: 1280, height: 720 }, 640)).toEqual({ width: 640, height: 360 });
    expect(edgeSize({ width: 1279, height: 719 })).toEqual({ width: 1278, height: 718 });
  });

  it('never makes a rung wider than the source', () => {
    expect(edgeSize({ width: 320, height: 240 }, 640)).toEqual({ width: 320, height: 240 });
  });
});

describe('H264Rungs', () => {
  describe('#setWidths', () => {
    it('encodes each demanded width at its own size and sends its units as that rung, each from a keyframe', async () => {
      const link = new FakeLink();
      open = rungsOf(link);
      open.setWidths([640, 320]);
      expect(open.widths).toEqual([320, 640]);
      await pushFrames(open, 6);
      await waitFor(() => link.sent.some((m) => m.rung === 320) && link.sent.some((m) => m.rung === 640), 'units of both rungs');
      expect(made.get(320)!.size).toMatchObject({ width: 320, height: 180 });
      for (const rung of [320, 640]) {
        const units = link.sent.filter((m) => m.rung === rung);
        expect(units[0]!.keyframe).toBe(true);
        expect(units.every((m) => m.width === rung)).toBe(true);
        expect(units.map((m) => m.seq)).toEqual(units.map((_, i) => units[0]!.seq + i));
      }
    });

    it('stops a width no longer demanded, and its seq goes on rising when it is demanded again', async () => {
      const link = new FakeLink();
      open = rungsOf(link);
      open.setWidths([320]);
      await pushFrames(open, 4);
      await waitFor(() => link.sent.length >= 2, 'units of rung 320');
      open.setWidths([]);
      await waitFor(() => !open!.running, 'the encoder stopped');
      const before = Math.max(...link.sent.map((m) => m.seq));
      const count = link.sent.length;
      await pushFrames(open, 3, 4);
      expect(link.sent).toHaveLength(count);
      open.setWidths([320]);
      await pushFrames(open, 4, 7);
      await waitFor(() => link.sent.length > count, 'units again');
      expect(link.sent[count]!.seq).toBeGreaterThan(before);
      expect(link.sent[count]!.keyframe).toBe(true);
      expect(made.get(320)!.starts).toBe(2);
    });

    it(`encodes at most the ${H264_RUNGS_MAX} narrowest widths`, () => {
      open = rungsOf(new FakeLink());
      open.setWidths([1280, 320, 960, 640]);
      expect(open.widths).toEqual([320, 640, 960]);
    });
  });
});
