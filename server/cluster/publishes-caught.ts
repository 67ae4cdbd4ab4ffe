import type { RedisClientType } from 'redis';

/**
 * The adapter's client with every publish's failure caught: the adapter publishes without catching, so a publish
 * pending when Redis goes away rejected unhandled (ECONNRESET, seen in CI 23a). The node already says Redis is away
 * (its clients' 'error'), and a broadcast lost then is as lost as any other; methods stay bound to the real client.
 */
export function publishesCaught(client: RedisClientType): RedisClientType {
  return new Proxy(client, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function' || prop === 'constructor') return value;
      const method = value as (...args: unknown[]) => unknown;
      if (prop !== 'publish' && prop !== 'sPublish') return method.bind(target);
      return (...args: unknown[]) => {
        const sent = method.apply(target, args);
        if (sent instanceof Promise) sent.catch(() => {});
        return sent;
      };
    },
  });
}
