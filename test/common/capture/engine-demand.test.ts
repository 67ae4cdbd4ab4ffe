/** The capture engine as the relay's demand steers it (the demand heard, JPEG units, rungs), with senders the test answers by hand. */
import { describe, expect, it } from 'vitest';
import { CaptureEngine } from '../../../common/capture/engine.js';
import type { SenderContext } from '../../../common/capture/sender.js';
import type { UnitsAck, UnitToSend } from '../../../shared/units.js';
import { engineOnFakes, FakeSender, frame, settle } from '../../helpers/capture-engine-fakes.js';

describe('CaptureEngine', () => {
  describe('#onDemand', () => {
    it('hears each demand the connection reports, and no demand once the connection is down', () => {
      const { engine, socketio } = engineOnFakes();
      const heard: unknown[] = [];
      engine.onDemand((d) => heard.push(d));
      expect(engine.currentDemand).toEqual({ h264: false, widths: [] });
      socketio.tell({ type: 'demand', demand: { h264: false, widths: [320] } });
      expect(engine.currentDemand).toEqual({ h264: false, widths: [320] });
      socketio.tell({ type: 'disconnected', reason: 'transport close' });
      expect(heard).toEqual([
        { h264: false, widths: [320] },
        { h264: false, widths: [] },
      ]);
    });
  });

  describe('#send to a relay that takes JPEG units', () => {
    /** A fallback that carries batches, as HttpSender does (one POST each), answered when the test says. */
    class BatchingFallback extends FakeSender {
      readonly batches: Array<{ units: UnitToSend[]; answer: (r: UnitsAck) => void }> = [];
      sendUnits(units: UnitToSend[]) {
        return new Promise<UnitsAck>((answer) => this.batches.push({ units, answer }));
      }
    }

    it("sends JPEGs as `jpeg` units in the fallback's batches while its answers' demand says jpegUnits, counted as frames", async () => {
      const made: { http?: BatchingFallback } = {};
      const table = { http: { role: 'fallback' as const, create: (ctx: SenderContext) => (made.http = new BatchingFallback(ctx, 'fallback')) } };
      const engine = new CaptureEngine(table, {
        server: 'http://relay.invalid',
        cameraId: 'porch',
        token: 't',
        ackTimeoutMs: 5000,
        transport: 'http',
        fps: 15,
      });
      const http = made.http!;
      http.tell({ type: 'demand', demand: { h264: false, widths: [], units: true, jpegUnits: true }, via: 'http' });
      engine.send(frame(0));
      await settle();
      expect([http.sent.length, http.batches.length]).toEqual([0, 1]);
      expect(http.batches[0]!.units.map((u) => [u.kind, u.meta.seq])).toEqual([['jpeg', 0]]);
      http.batches[0]!.answer({ ok: true, acks: [{ ok: true, seq: 0 }] });
      await settle();
      expect(engine.stats).toMatchObject({ produced: 1, sent: 1, acked: 1, dropped: 0, link: 'http' });
      engine.close();
    });
  });

  describe('#send with a rung', () => {
    it('sends a rung frame only while its width is demanded, newest-wins with one in flight per width, beside the full frame', async () => {
      const { engine, socketio } = engineOnFakes();
      engine.send({ ...frame(0), rung: 320 });
      expect(socketio.sent).toEqual([]);
      socketio.tell({ type: 'demand', demand: { h264: false, widths: [320] } });
      engine.send(frame(1));
      for (let n = 2; n < 5; n++) engine.send({ ...frame(n), rung: 320 });
      // The full frame and the first rung frame are in flight together; 3 was replaced by 4.
      expect(socketio.sent.map((s) => [s.meta.seq, s.meta.rung])).toEqual([
        [1, undefined],
        [2, 320],
      ]);
      socketio.sent[1]!.answer({ ok: true, seq: 2 });
      await settle();
      expect(socketio.sent.map((s) => s.meta.seq)).toEqual([1, 2, 4]);
      // Rungs are extra pictures of the same frames: the status line counts the camera's frames.
      expect(engine.stats.produced).toBe(1);
    });

    it('forgets a waiting rung frame once its width is no longer demanded', async () => {
      const { engine, socketio } = engineOnFakes();
      socketio.tell({ type: 'demand', demand: { h264: false, widths: [320] } });
      engine.send({ ...frame(0), rung: 320 });
      engine.send({ ...frame(1), rung: 320 });
      socketio.tell({ type: 'demand', demand: { h264: false, widths: [] } });
      socketio.sent[0]!.answer({ ok: true, seq: 0 });
      await settle();
      expect(socketio.sent.map((s) => s.meta.seq)).toEqual([0]);
    });
  });
});
