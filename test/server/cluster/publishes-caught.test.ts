/** The Redis adapter's client: a publish that fails (Redis went away mid-command) is caught, everything else is the client's own. */
import type { RedisClientType } from 'redis';
import { describe, expect, it } from 'vitest';
import { publishesCaught } from '../../../server/cluster/publishes-caught.js';

class FakeClient {
  #sent = 0;
  isReady = true;
  publish(_channel: string, _message: string): Promise<number> {
    this.#sent++;
    return Promise.reject(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
  }
  sent(): number {
    return this.#sent;
  }
}

describe('publishesCaught', () => {
  it('catches a failed publish the adapter never awaits, and still hands the adapter its promise', async () => {
    const real = new FakeClient();
    const client = publishesCaught(real as unknown as RedisClientType) as unknown as FakeClient;
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', listener);
    try {
      const sent = client.publish('ch', 'msg'); // as the adapter does: not awaited, not caught
      await expect(sent).rejects.toThrow('ECONNRESET');
      client.publish('ch', 'again');
      await new Promise((r) => setImmediate(r));
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off('unhandledRejection', listener);
    }
    expect(unhandled).toEqual([]);
    // Methods run on the real client (its private fields work), and its properties read through.
    expect(client.sent()).toBe(2);
    expect(client.isReady).toBe(true);
  });
});
