/**
 * Closing a Redis client (redis-client.ts) against a real Redis: a client whose Redis went away with a command
 * queued closes at once, where the client's own close() waits for ever; one whose Redis answers finishes what it sent.
 */
import { createClient, type RedisClientType } from 'redis';
import { afterEach, describe, expect, it } from 'vitest';
import { closeRedis } from '../../server/redis-client.js';
import { redisAvailable, startRedis, type TestRedis } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait.js';

describe.runIf(redisAvailable())('closeRedis', () => {
  let redis: TestRedis | undefined;
  afterEach(async () => {
    await redis?.stop();
  });

  async function connected(url: string): Promise<RedisClientType> {
    const c = createClient({ url, socket: { reconnectStrategy: (n: number) => Math.min(100 * 2 ** n, 2000), connectTimeout: 2000 } }) as RedisClientType;
    c.on('error', () => {});
    await c.connect();
    return c;
  }

  it('closes a client whose Redis went away with a command queued, and the command fails', async () => {
    redis = await startRedis();
    const c = await connected(redis.url);
    await redis.stop();
    await waitFor(() => !c.isReady, 'the client seeing Redis gone');
    const queued = c.publish('camrelay:test', 'x').then(
      () => 'answered',
      (err: Error) => `failed: ${err.name}`,
    );
    let closed = false;
    void closeRedis(c).then(() => (closed = true));
    await waitFor(() => closed, 'the client closed');
    expect(await queued).toMatch(/^failed: /);
    expect(c.isOpen).toBe(false);
  });

  it('lets a client whose Redis answers finish what it sent before it closes', async () => {
    redis = await startRedis();
    const c = await connected(redis.url);
    const reader = await connected(redis.url);
    const sent = c.set('camrelay:test', 'kept');
    await closeRedis(c);
    expect(await sent).toBe('OK');
    expect(await reader.get('camrelay:test')).toBe('kept');
    expect(c.isOpen).toBe(false);
    await closeRedis(reader);
  });
});
