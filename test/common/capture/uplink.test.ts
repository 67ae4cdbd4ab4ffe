/** The uplink's policy per kind through the one queue, with a unit carrier the test answers by hand: no sockets. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Uplink } from '../../../common/capture/uplink.js';
import { UPLINK_RULES } from '../../../common/capture/uplink-lanes.js';
import type { SendResult, UnitCarrier } from '../../../common/capture/sender.js';
import type { CaptureDemand } from '../../../shared/demand.js';
import { UNITS_MAX, type UnitsAck, type UnitToSend } from '../../../shared/units.js';

type Answer = (r: SendResult | UnitsAck) => void;

/** A relay stand-in that answers each send when the test says (the fake is the point: what goes when). */
function carrier() {
  const batches: Array<{ units: UnitToSend[]; answer: Answer }> = [];
  const singles: Array<{ kind: string; seq: number; answer: Answer }> = [];
  const one = (kind: string) => (meta: { seq: number }) => new Promise<SendResult>((answer) => singles.push({ kind, seq: meta.seq, answer: answer as Answer }));
  const c: UnitCarrier = {
    ready: () => true,
    clockOffset: () => null,
    sendH264: one('h264'),
    sendH264Rung: one('h264-rung'),
    sendAac: one('aac'),
    sendJpeg: one('jpeg'),
    sendUnits: (units) => new Promise((answer) => batches.push({ units, answer: answer as Answer })),
  };
  const ack = (seq: number) => ({ ok: true as const, seq });
  return { c, batches, singles, ack, ackBatch: (i: number) => batches[i]!.answer({ ok: true, acks: batches[i]!.units.map((u) => ack(u.meta.seq)) }) };
}

const demand = (extra: Partial<CaptureDemand>): CaptureDemand => ({ h264: true, widths: [], ...extra });
const h264 = (seq: number, keyframe: boolean) => ({ seq, capturedAt: 1000 + seq, keyframe, width: 1280, height: 720 });
const MiB = 1024 * 1024;

/** Records each unit's result as it settles. */
function results() {
  const got = new Map<number, SendResult>();
  return { got, keep: (seq: number) => (r: SendResult) => void got.set(seq, r) };
}

describe('Uplink', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  describe('#send', () => {
    it('sends a JPEG at once, first in its batch, while recorder-only H.264 fills every batch slot and more waits', async () => {
      const r = carrier();
      const uplink = new Uplink({ carrier: () => r.c, session: 's', syncClock: false });
      uplink.demand(demand({ units: true, jpegUnits: true, h264Live: false }));
      for (let seq = 0; seq < UNITS_MAX * 2 + 8; seq++) void uplink.send('h264', h264(seq, seq === 0), new Uint8Array(1000));
      await vi.advanceTimersByTimeAsync(0);
      expect(r.batches.map((b) => b.units.length)).toEqual([UNITS_MAX, UNITS_MAX]);
      expect(uplink.lane('h264').waiting).toBe(8);
      void uplink.send('jpeg', { seq: 0, capturedAt: 2000 }, new Uint8Array(5000));
      await vi.advanceTimersByTimeAsync(0);
      // Neither recording batch is answered, and the recording hold (UNITS_HOLD_MS) has not passed: the JPEG went anyway.
      expect(r.batches).toHaveLength(3);
      expect(r.batches[2]!.units.map((u) => u.kind)).toEqual(['jpeg']);
    });

    it('keeps every H.264 unit in order up to its byte bound, then drops up to the next keyframe that fits', async () => {
      const r = carrier();
      const uplink = new Uplink({ carrier: () => r.c, session: 's', syncClock: false });
      const { got, keep } = results();
      const cap = UPLINK_RULES.h264.maxBytes / MiB;
      // Keyframe at 0 and every 4th; nothing is answered yet, so the bound fills at `cap` units of 1 MiB.
      for (let seq = 0; seq < cap + 4; seq++) void uplink.send('h264', h264(seq, seq % 4 === 0), new Uint8Array(MiB)).then(keep(seq));
      await vi.advanceTimersByTimeAsync(0);
      expect(r.singles.map((s) => s.seq)).toEqual([0, 1, 2, 3]);
      const dropped = [...got].filter(([, res]) => !res.ok && res.error === 'DROPPED').map(([seq]) => seq);
      expect(dropped).toEqual([cap, cap + 1, cap + 2, cap + 3]);
      for (const s of r.singles.splice(0)) s.answer(r.ack(s.seq));
      await vi.advanceTimersByTimeAsync(0);
      // Room again, but a P-frame without its references is no use: it waits for the keyframe.
      void uplink.send('h264', h264(cap + 5, false), new Uint8Array(MiB)).then(keep(cap + 5));
      void uplink.send('h264', h264(cap + 8, true), new Uint8Array(MiB)).then(keep(cap + 8));
      await vi.advanceTimersByTimeAsync(0);
      expect(got.get(cap + 5)).toMatchObject({ ok: false, error: 'DROPPED' });
      expect(got.has(cap + 8)).toBe(false);
      expect(uplink.lane('h264')).toMatchObject({ dropped: 5, waiting: 1 });
      expect(r.singles.map((s) => s.seq)).toEqual([4, 5, 6, 7]);
    });

    it('keeps AAC in order within its byte bound by dropping the oldest waiting frame', async () => {
      const r = carrier();
      const uplink = new Uplink({ carrier: () => r.c, session: 's', syncClock: false });
      const { got, keep } = results();
      const size = Math.floor(UPLINK_RULES.aac.maxBytes / 5);
      const meta = (seq: number) => ({ seq, capturedAt: 1000 + seq, sampleRate: 48000, channels: 2, config: '1190' });
      for (let seq = 0; seq < 7; seq++) void uplink.send('aac', meta(seq), new Uint8Array(size)).then(keep(seq));
      await vi.advanceTimersByTimeAsync(0);
      // Four out (the window of one event each), one fits beside them; each newer frame pushes out the oldest waiting.
      expect(r.singles.map((s) => s.seq)).toEqual([0, 1, 2, 3]);
      expect([...got.keys()]).toEqual([4, 5]);
      expect(got.get(4)).toMatchObject({ ok: false, error: 'DROPPED' });
      r.singles[0]!.answer(r.ack(0));
      await vi.advanceTimersByTimeAsync(0);
      expect(r.singles.map((s) => s.seq)).toEqual([0, 1, 2, 3, 6]);
    });

    it('sends the newest detections verdict: one out, a newer one replaces the one waiting', async () => {
      const r = carrier();
      const uplink = new Uplink({ carrier: () => r.c, session: 's', syncClock: false });
      uplink.demand(demand({ units: true }));
      const { got, keep } = results();
      const verdict = (seq: number) => ({ seq, capturedAt: 1000 + seq, frameSeq: seq, width: 640, height: 360 });
      for (let seq = 0; seq < 3; seq++) void uplink.send('detections', verdict(seq) as never, new Uint8Array(10)).then(keep(seq));
      await vi.advanceTimersByTimeAsync(0);
      expect(r.batches.map((b) => b.units[0]!.meta.seq)).toEqual([0]);
      expect(got.get(1)).toMatchObject({ ok: false, error: 'DROPPED' });
      r.ackBatch(0);
      await vi.advanceTimersByTimeAsync(0);
      expect(r.batches.map((b) => b.units[0]!.meta.seq)).toEqual([0, 2]);
    });

    it('sends the newest JPEG: a window of frames out, a newer one replaces the one waiting and counts as dropped', async () => {
      const r = carrier();
      const drops: string[] = [];
      const uplink = new Uplink({ carrier: () => r.c, session: 's', syncClock: false, jpegWindow: 2, onDrop: (kind) => drops.push(kind) });
      uplink.demand(demand({ jpegUnits: true }));
      for (let seq = 0; seq < 5; seq++) void uplink.send('jpeg', { seq, capturedAt: 1000 + seq }, new Uint8Array(100));
      await vi.advanceTimersByTimeAsync(0);
      expect(r.singles.map((s) => [s.kind, s.seq])).toEqual([
        ['jpeg', 0],
        ['jpeg', 1],
      ]);
      expect(drops).toEqual(['jpeg', 'jpeg']);
      r.singles[0]!.answer(r.ack(0));
      await vi.advanceTimersByTimeAsync(0);
      expect(r.singles.map((s) => s.seq)).toEqual([0, 1, 4]);
    });
  });

  describe('#demand', () => {
    it('lets units that waited for room go at once when the demand turns batches on and widens their window', async () => {
      const r = carrier();
      const uplink = new Uplink({ carrier: () => r.c, session: 's', syncClock: false });
      for (let seq = 0; seq < 6; seq++) void uplink.send('h264', h264(seq, seq === 0), new Uint8Array(100));
      await vi.advanceTimersByTimeAsync(0);
      expect([r.singles.length, uplink.lane('h264').waiting]).toEqual([4, 2]);
      uplink.demand(demand({ units: true, h264Live: true }));
      await vi.advanceTimersByTimeAsync(0);
      expect(r.batches.map((b) => b.units.map((u) => u.meta.seq))).toEqual([[4, 5]]);
    });
  });
});
