import { describe, expect, it } from 'vitest';
import { PublishQueue, type Message } from '../../server/mqtt/publish-queue.js';

const msg = (topic: string, payload = 'x', qos: 0 | 1 = 1): Message => ({ topic, payload, qos, retain: false });

/** A queue whose client holds each message until the test says it was written. */
function held(o: { messages?: number; bytes?: number; maxInFlight?: number } = {}) {
  const sent: Message[] = [];
  const pending: Array<() => void> = [];
  const queue = new PublishQueue({
    messages: o.messages ?? 100,
    bytes: o.bytes ?? 1e6,
    maxInFlight: o.maxInFlight ?? 1,
    send: (m, done) => (sent.push(m), pending.push(done)),
  });
  return { queue, sent, written: () => pending.shift()!() };
}

describe('PublishQueue', () => {
  describe('#state', () => {
    it('keeps one message per topic while the broker is away, the newest, in the place of the first', () => {
      const { queue, sent } = held({ maxInFlight: 10 });
      queue.state(msg('cam/state', 'live'));
      queue.event(msg('cam/event', 'e1'));
      queue.state(msg('cam/state', 'offline'));
      expect(queue.size).toBe(2);
      queue.connected();
      expect(sent.map((m) => m.payload)).toEqual(['offline', 'e1']);
    });
  });

  describe('#event', () => {
    it('drops and counts what does not fit in its messages or bytes', () => {
      const { queue } = held({ messages: 2, bytes: 30 });
      queue.event(msg('a', '1'));
      queue.event(msg('a', '2'));
      queue.event(msg('a', '3'));
      expect([queue.size, queue.dropped]).toEqual([2, 1]);
      queue.state(msg('big', 'x'.repeat(40)));
      expect(queue.dropped).toBe(2);
    });
  });

  describe('#connected', () => {
    it('hands on at most maxInFlight messages, the next once one is written', () => {
      const { queue, sent, written } = held({ maxInFlight: 2 });
      for (const n of [1, 2, 3, 4]) queue.event(msg('t', String(n)));
      queue.connected();
      expect(sent.map((m) => m.payload)).toEqual(['1', '2']);
      written();
      expect(sent.map((m) => m.payload)).toEqual(['1', '2', '3']);
      expect(queue.published).toBe(1);
    });

    it('goes on in a loop when the client writes at once', () => {
      const sent: Message[] = [];
      const queue = new PublishQueue({ messages: 10_000, bytes: 1e9, send: (m, done) => (sent.push(m), done()) });
      for (let n = 0; n < 5000; n++) queue.event(msg('t', String(n)));
      queue.connected();
      expect([sent.length, queue.size, queue.published]).toEqual([5000, 0, 5000]);
    });
  });

  describe('#close', () => {
    it('forgets what waits and takes nothing more, connected or not', () => {
      const { queue, sent } = held();
      queue.event(msg('t', '1'));
      queue.close();
      queue.event(msg('t', '2'));
      queue.connected();
      expect([sent.length, queue.size]).toEqual([0, 0]);
    });
  });

  describe('#lost', () => {
    it('counts the messages under way as dropped, ignores their late callbacks, and keeps the rest for the next connection', () => {
      const { queue, sent, written } = held({ maxInFlight: 1 });
      queue.event(msg('t', '1'));
      queue.event(msg('t', '2'));
      queue.connected();
      queue.lost();
      written();
      expect([queue.dropped, queue.published, sent.length]).toEqual([1, 0, 1]);
      queue.connected();
      expect(sent.map((m) => m.payload)).toEqual(['1', '2']);
    });
  });
});
