import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UnitBatcher, type SendUnits } from '../../../common/capture/unit-batcher.js';
import type { SendResult } from '../../../common/capture/sender.js';
import { UNITS_BATCH_BYTES, UNITS_HOLD_MS, UNITS_MAX, type UnitKind, type UnitsAck, type UnitToSend } from '../../../shared/units.js';

const unit = (seq: number, kind: UnitKind = 'h264', bytes = 100): UnitToSend =>
  ({ kind, meta: { seq, capturedAt: 1000 + seq, keyframe: seq === 1, width: 320, height: 180 }, data: new Uint8Array(bytes) }) as UnitToSend;

/** A relay stand-in that answers each batch when the test says (the fake is the point: when batches go). */
function relay() {
  const batches: Array<{ units: UnitToSend[]; answer: (reply: UnitsAck | SendResult) => void }> = [];
  const send: SendUnits = (units) => new Promise((answer) => batches.push({ units, answer }));
  const ackAll = (i: number) => batches[i]!.answer({ ok: true, acks: batches[i]!.units.map((u) => ({ ok: true as const, seq: u.meta.seq })) });
  return { batches, send, ackAll, seqs: (i: number) => batches[i]!.units.map((u) => u.meta.seq) };
}

describe('UnitBatcher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends a unit someone watches live at once, and gathers what comes while batches are out into the next', async () => {
    const r = relay();
    const b = new UnitBatcher({ send: r.send, mayWait: () => false, maxInFlight: 1 });
    const first = b.add(unit(1));
    await vi.advanceTimersByTimeAsync(0);
    expect(r.batches).toHaveLength(1);
    const rest = [2, 3, 4].map((s) => b.add(unit(s)));
    await vi.advanceTimersByTimeAsync(0);
    expect(r.batches).toHaveLength(1);
    r.ackAll(0);
    await expect(first).resolves.toEqual({ ok: true, seq: 1 });
    await vi.advanceTimersByTimeAsync(0);
    expect(r.seqs(1)).toEqual([2, 3, 4]);
    r.ackAll(1);
    await expect(Promise.all(rest)).resolves.toEqual([2, 3, 4].map((seq) => ({ ok: true, seq })));
  });

  it('holds units only the recorder wants up to the hold time, then sends them as one batch', async () => {
    const r = relay();
    const b = new UnitBatcher({ send: r.send, mayWait: () => true });
    for (let s = 1; s <= 5; s++) {
      void b.add(unit(s));
      await vi.advanceTimersByTimeAsync(66);
    }
    expect(r.batches).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(UNITS_HOLD_MS - 5 * 66);
    expect(r.batches).toHaveLength(1);
    expect(r.seqs(0)).toEqual([1, 2, 3, 4, 5]);
  });

  it('sends a full batch at once: UNITS_MAX units, or UNITS_BATCH_BYTES, and a larger unit alone', async () => {
    const r = relay();
    const b = new UnitBatcher({ send: r.send, mayWait: () => true, maxInFlight: 8 });
    for (let s = 1; s <= UNITS_MAX + 1; s++) void b.add(unit(s));
    await vi.advanceTimersByTimeAsync(0);
    expect(r.batches.map((x) => x.units.length)).toEqual([UNITS_MAX]);
    void b.add(unit(100, 'h264', UNITS_BATCH_BYTES - 200));
    void b.add(unit(101, 'h264', UNITS_BATCH_BYTES * 2));
    await vi.advanceTimersByTimeAsync(0);
    expect(r.seqs(1)).toEqual([UNITS_MAX + 1, 100]);
    expect(r.seqs(2)).toEqual([101]);
    expect(b.length).toBe(0);
  });

  it('sends held units at once when a unit that may not wait joins them (a rung, or a viewer came)', async () => {
    const r = relay();
    let live = false;
    const b = new UnitBatcher({ send: r.send, mayWait: (kind) => kind !== 'h264-rung' && !live });
    void b.add(unit(1));
    void b.add(unit(2, 'aac'));
    await vi.advanceTimersByTimeAsync(100);
    expect(r.batches).toHaveLength(0);
    void b.add(unit(7, 'h264-rung'));
    await vi.advanceTimersByTimeAsync(0);
    expect(r.batches[0]!.units.map((u) => u.kind)).toEqual(['h264', 'aac', 'h264-rung']);
    void b.add(unit(3));
    await vi.advanceTimersByTimeAsync(100);
    expect(r.batches).toHaveLength(1);
    live = true;
    b.recheck();
    await vi.advanceTimersByTimeAsync(0);
    expect(r.seqs(1)).toEqual([3]);
  });

  it("settles each unit with its own item's ack, a refusal of the whole batch, or the lost send", async () => {
    const r = relay();
    const b = new UnitBatcher({ send: r.send, mayWait: () => false, maxInFlight: 3 });
    const one = [b.add(unit(1)), b.add(unit(2))];
    await vi.advanceTimersByTimeAsync(0);
    const bad = { ok: false as const, error: 'H264_NOT_ENCODER_MADE' as const, message: 'no' };
    r.batches[0]!.answer({ ok: true, acks: [bad] });
    await expect(Promise.all(one)).resolves.toEqual([bad, { ok: false, error: 'NETWORK', message: "the relay's reply to a batch has no ack for item 1" }]);
    const two = b.add(unit(3));
    await vi.advanceTimersByTimeAsync(0);
    r.batches[1]!.answer({ ok: false, error: 'UNITS_TOO_MANY', message: 'too many' });
    await expect(two).resolves.toMatchObject({ ok: false, error: 'UNITS_TOO_MANY' });
    const three = b.add(unit(4));
    await vi.advanceTimersByTimeAsync(0);
    r.batches[2]!.answer({ ok: false, error: 'TIMEOUT', message: 'no ack from the server' });
    await expect(three).resolves.toMatchObject({ ok: false, error: 'TIMEOUT' });
  });

  it('settles every waiting unit at once when the connection goes, and sends nothing of them later', async () => {
    const r = relay();
    const b = new UnitBatcher({ send: r.send, mayWait: () => true });
    const waiting = [b.add(unit(1)), b.add(unit(2))];
    await vi.advanceTimersByTimeAsync(10);
    b.dropAll({ ok: false, error: 'NETWORK', message: 'gone' });
    await expect(Promise.all(waiting)).resolves.toEqual([
      { ok: false, error: 'NETWORK', message: 'gone' },
      { ok: false, error: 'NETWORK', message: 'gone' },
    ]);
    await vi.advanceTimersByTimeAsync(UNITS_HOLD_MS * 2);
    expect(r.batches).toHaveLength(0);
  });
});
