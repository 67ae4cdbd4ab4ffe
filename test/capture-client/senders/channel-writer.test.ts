/** Data-channel flow control with a fake channel whose buffer drains only when the test says: the fake is the point. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChannelWriter, type FlowChannel } from '../../../capture-client/senders/channel-writer.js';
import { CHANNEL_LOW_WATER_BYTES } from '../../../shared/webrtc/protocol.js';
import { FrameAssembler, MAX_MESSAGE_BYTES } from '../../../shared/webrtc/chunks.js';

/** A data channel whose send buffer drains only when the test says so, with werift's crossing rule. */
class FakeChannel implements FlowChannel {
  readyState = 'open';
  bufferedAmount = 0;
  bufferedAmountLowThreshold = 0;
  readonly sent: Buffer[] = [];
  private readonly listeners = new Set<() => void>();
  readonly bufferedAmountLow = {
    subscribe: (listener: () => void) => {
      this.listeners.add(listener);
      return { unSubscribe: () => void this.listeners.delete(listener) };
    },
  };

  send(data: Buffer): void {
    if (this.readyState !== 'open') throw new Error('channel closed');
    this.sent.push(data);
    this.bufferedAmount += data.length;
  }

  drain(bytes = Infinity): void {
    const before = this.bufferedAmount;
    this.bufferedAmount = Math.max(0, before - bytes);
    if (before > this.bufferedAmountLowThreshold && this.bufferedAmount <= this.bufferedAmountLowThreshold) for (const l of [...this.listeners]) l();
  }
}

const meta = (seq: number) => ({ seq, capturedAt: 1000 + seq });
const jpeg = (bytes: number) => Buffer.alloc(bytes, 7);

describe('ChannelWriter', () => {
  afterEach(() => void vi.useRealTimers());

  describe('#write', () => {
    it('sends a frame as chunks no larger than one message, which reassemble whole', async () => {
      const channel = new FakeChannel();
      const writer = new ChannelWriter(channel);
      const frame = jpeg(142_000);
      await writer.write(meta(3), frame, 1000);
      expect(channel.sent.length).toBe(3);
      expect(channel.sent.every((m) => m.length <= MAX_MESSAGE_BYTES)).toBe(true);
      const assembler = new FrameAssembler({ maxFrameBytes: 1 << 20 });
      const results = channel.sent.map((m) => assembler.push(m));
      const last = results.at(-1)!;
      expect(last.kind === 'frame' && Buffer.from(last.frame.jpeg).equals(frame)).toBe(true);
      expect(last.kind === 'frame' && last.frame.meta).toEqual(meta(3));
    });

    it('resolves at once while the send buffer stays at or under the low-water mark', async () => {
      const channel = new FakeChannel();
      const writer = new ChannelWriter(channel);
      expect(channel.bufferedAmountLowThreshold).toBe(CHANNEL_LOW_WATER_BYTES);
      await expect(writer.write(meta(1), jpeg(100_000), 1000)).resolves.toEqual({ ok: true, seq: 1 });
    });

    it('waits for the buffer to drain under the low-water mark before resolving', async () => {
      const channel = new FakeChannel();
      const writer = new ChannelWriter(channel);
      let result: unknown = null;
      void writer.write(meta(1), jpeg(300_000), 1000).then((r) => (result = r));
      // A whole turn of the event loop, so that a premature resolve would have landed.
      await new Promise(setImmediate);
      expect(result).toBeNull();
      channel.drain(50_000);
      await new Promise(setImmediate);
      expect(result).toBeNull();
      channel.drain();
      await vi.waitFor(() => expect(result).toEqual({ ok: true, seq: 1 }));
    });

    it('fails with TIMEOUT when the buffer does not drain in time', async () => {
      vi.useFakeTimers();
      const writer = new ChannelWriter(new FakeChannel());
      const pending = writer.write(meta(1), jpeg(300_000), 5000);
      vi.advanceTimersByTime(5000);
      await expect(pending).resolves.toMatchObject({ ok: false, error: 'TIMEOUT' });
    });

    it('fails with NETWORK when the channel is not open, and for writes waiting when it closes', async () => {
      const channel = new FakeChannel();
      const writer = new ChannelWriter(channel);
      const waiting = writer.write(meta(1), jpeg(300_000), 60_000);
      writer.close();
      await expect(waiting).resolves.toMatchObject({ ok: false, error: 'NETWORK' });
      const closed = new FakeChannel();
      closed.readyState = 'closing';
      await expect(new ChannelWriter(closed).write(meta(2), jpeg(10), 1000)).resolves.toMatchObject({ ok: false, error: 'NETWORK' });
      expect(closed.sent).toEqual([]);
    });
  });

  describe('#offer', () => {
    it('sends a trial copy only while the buffer has room, and never waits', () => {
      const channel = new FakeChannel();
      const writer = new ChannelWriter(channel);
      expect(writer.offer(meta(1), jpeg(250_000))).toBe(true);
      const sent = channel.sent.length;
      expect(writer.offer(meta(2), jpeg(1000))).toBe(false);
      expect(channel.sent.length).toBe(sent);
      channel.drain();
      expect(writer.offer(meta(3), jpeg(1000))).toBe(true);
    });
  });
});
