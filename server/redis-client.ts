/**
 * The relay's Redis clients (cluster mode's buses and adapter, the sessions store): made alike, and closed without
 * hanging. Made to reconnect for ever, at most every 2 s: a Redis outage must end by itself.
 *
 * A client's close() waits for its pending commands' answers, and a
 * client whose Redis is away keeps commands queued for when it comes back: closing it then waited for
 * ever, and a relay stopped during a Redis outage never finished stopping (seen as a test's stop hook
 * timing out after a Redis outage). Such a client is destroyed at once (its queued commands fail), and
 * one that answers gets a bounded wait.
 */
import { createClient, type RedisClientType } from 'redis';

export function redisClient(url: string): RedisClientType {
  return createClient({
    url,
    socket: { reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2000), connectTimeout: 2000 },
  }) as RedisClientType;
}

/** How long a client whose Redis answers may take to finish what it sent. */
export const CLOSE_WAIT_MS = 2000;

export async function closeRedis(c: RedisClientType, waitMs = CLOSE_WAIT_MS): Promise<void> {
  if (!c.isOpen) return;
  if (!c.isReady) return c.destroy();
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)));
  await Promise.race([c.close().catch(() => {}), waited]);
  clearTimeout(timer);
  // Past the wait (Redis went away meanwhile): what is still queued fails rather than holding the stop.
  c.destroy();
}
