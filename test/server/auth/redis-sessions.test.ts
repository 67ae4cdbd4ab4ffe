import { createConnection } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RedisSessions } from '../../../server/auth/redis-sessions.js';
import { sessionKey } from '../../../server/auth/sessions.js';
import { redisAvailable, startRedis, type TestRedis } from '../../helpers/redis.js';
import { waitFor } from '../../helpers/wait.js';

const HOUR = 3_600_000;

/** One raw Redis command, as any other program sharing the Redis would send it. */
function rawCommand(port: number, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = createConnection(port, '127.0.0.1', () => s.write(`${line}\r\n`));
    s.once('data', (d) => (s.destroy(), resolve(d.toString())));
    s.once('error', reject);
  });
}

describe.runIf(redisAvailable())('RedisSessions (real Redis)', () => {
  let redis: TestRedis | undefined;
  let nodes: RedisSessions[] = [];
  const node = async () => {
    const n = await RedisSessions.open(redis!.url, HOUR);
    nodes.push(n);
    return n;
  };
  afterEach(async () => {
    for (const n of nodes) n.close();
    nodes = [];
    await redis?.stop();
  });

  it('signs a session begun on one node in on every node, one started later included', async () => {
    redis = await startRedis();
    const [a, b] = [await node(), await node()];
    const session = a.create('alice', 'cred-1');
    await waitFor(() => b.get(session.id), 'the session on node B');
    const restarted = await node();
    expect(restarted.get(session.id)).toMatchObject({ username: 'alice', credential: 'cred-1', expiresAt: session.expiresAt });
  });

  it('keeps only hashes of the ids in Redis, expiring with the session', async () => {
    redis = await startRedis();
    const a = await node();
    const session = a.create('alice', 'cred-1');
    const key = `camrelay:session:${sessionKey(session.id)}`;
    await waitFor(async () => (await rawCommand(redis!.port, `EXISTS ${key}`)).startsWith(':1'), 'the key written');
    const ttl = Number((await rawCommand(redis!.port, `PTTL ${key}`)).slice(1));
    expect(ttl).toBeGreaterThan(HOUR - 60_000);
    expect(ttl).toBeLessThanOrEqual(HOUR);
    expect(await rawCommand(redis!.port, 'KEYS *')).not.toContain(session.id);
  });

  it('ends a session on every node when it ends on one (logout, deleted user), telling each node its hash', async () => {
    redis = await startRedis();
    const [a, b] = [await node(), await node()];
    const ended: string[] = [];
    b.onEnd((s) => ended.push(s.id));
    const kept = a.create('alice', 'cred-1');
    const out = a.create('alice', 'cred-1');
    const bob = a.create('bob', 'cred-2');
    await waitFor(() => b.get(kept.id) && b.get(out.id) && b.get(bob.id), 'the sessions on node B');
    a.destroy(out.id);
    await waitFor(() => ended.includes(sessionKey(out.id)), 'node B told the logged-out session ended');
    expect(b.get(out.id)).toBeUndefined();
    expect(b.get(kept.id)).toBeDefined();
    a.destroyUser('bob');
    await waitFor(() => ended.includes(sessionKey(bob.id)), "node B told bob's session ended");
    expect(b.get(bob.id)).toBeUndefined();
    expect((await node()).get(out.id)).toBeUndefined();
  });

  it('ignores what it cannot read on the shared channel and in the shared keys, and keeps serving', async () => {
    redis = await startRedis();
    const a = await node();
    const session = a.create('alice', 'cred-1');
    await rawCommand(redis.port, 'PUBLISH camrelay:sessions not-json');
    await rawCommand(redis.port, `PUBLISH camrelay:sessions ${JSON.stringify(JSON.stringify({ node: 'x', kind: 'ended', hash: 'short', session: '{}' }))}`);
    await rawCommand(redis.port, 'SET camrelay:session:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA not-json');
    const later = await node();
    expect(a.get(session.id)).toBeDefined();
    await waitFor(() => later.get(session.id), 'the session read by a node started after the bad key');
  });

  it('reads the table again when its connection comes back: what changed unheard meanwhile is taken in', async () => {
    redis = await startRedis();
    const [a, b] = [await node(), await node()];
    const ended = a.create('alice', 'cred-1');
    const kept = a.create('alice', 'cred-1');
    await waitFor(() => b.get(ended.id) && b.get(kept.id), 'the sessions on node B');
    const endedOnB: string[] = [];
    b.onEnd((x) => endedOnB.push(x.id));
    // Changes no node announced, as those said while a node's connection was down: then the cut.
    const unheard = 'u'.repeat(43);
    await rawCommand(
      redis.port,
      `SET camrelay:session:${unheard} ${JSON.stringify(JSON.stringify({ username: 'carol', credential: 'c', expiresAt: Date.now() + HOUR }))}`,
    );
    await rawCommand(redis.port, `DEL camrelay:session:${sessionKey(ended.id)}`);
    expect(await rawCommand(redis.port, 'CLIENT KILL TYPE pubsub')).toMatch(/^:[1-9]/);
    await waitFor(() => endedOnB.includes(sessionKey(ended.id)), 'node B ending the session deleted meanwhile');
    expect(b.get(ended.id)).toBeUndefined();
    expect(b.get(kept.id)).toBeDefined();
    expect([...(b as unknown as { sessions: Map<string, unknown> }).sessions.keys()]).toContain(unheard);
  });

  it('writes its sessions back to a Redis that restarted without its data, rather than signing every page out', async () => {
    redis = await startRedis();
    const [a, b] = [await node(), await node()];
    const session = a.create('alice', 'cred-1');
    await waitFor(() => b.get(session.id), 'the session on node B');
    await redis.stop();
    await redis.start();
    const key = `camrelay:session:${sessionKey(session.id)}`;
    await waitFor(async () => (await rawCommand(redis!.port, `EXISTS ${key}`)).startsWith(':1'), 'the session written back', 15_000);
    expect(a.get(session.id)).toBeDefined();
    expect(b.get(session.id)).toBeDefined();
    expect((await node()).get(session.id)).toBeDefined();
  });

  it('starts while Redis is away, with no sessions, and knows them once Redis answers', async () => {
    redis = await startRedis();
    await redis.stop();
    const early = await node();
    await redis.start();
    const session = (await node()).create('alice', 'cred-1');
    await waitFor(() => early.get(session.id), 'the session on the node started without Redis', 10_000);
  });
});
