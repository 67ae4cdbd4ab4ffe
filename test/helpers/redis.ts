/**
 * A real redis-server (Debian's) on a free loopback port, per test file. Missing Redis skips the
 * cluster tests loudly, except under CI=true where it is a failure.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { waitFor } from './wait.js';

export function redisAvailable(): boolean {
  if (existsSync('/usr/bin/redis-server')) return true;
  const msg = 'No redis-server (apt-get install redis-server): cluster tests are SKIPPED.';
  if (process.env.CI === 'true') throw new Error(`${msg} Under CI=true this is a failure.`);
  console.warn(`\n*** ${msg} ***\n`);
  return false;
}

export interface TestRedis {
  port: number;
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection(port, '127.0.0.1', () => s.write('PING\r\n'));
    s.once('data', (d) => (s.destroy(), resolve(d.toString().startsWith('+PONG'))));
    s.once('error', () => resolve(false));
  });
}

/** Whether nothing listens on `port` of 127.0.0.1 now. */
function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A free port below Linux's ephemeral range (32768-60999): a test stops Redis and starts it again on the same
 * port, and in between any outgoing connection on the box may take an ephemeral port as its own (a CI run's
 * restarted Redis never answered on such a port).
 */
async function portOutsideEphemeral(): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await bindable(port)) return port;
  }
  throw new Error('no free port from 20000 to 31999 for redis-server');
}

export async function startRedis(): Promise<TestRedis> {
  const port = await portOutsideEphemeral();
  let child: ChildProcess | null = null;
  const redis: TestRedis = {
    port,
    url: `redis://127.0.0.1:${port}`,
    async start() {
      const c = spawn('/usr/bin/redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
      child = c;
      await waitFor(
        async () => {
          // A server that could not listen (its port taken) exits: the deadline's message then says so.
          if (c.exitCode !== null) throw new Error(`redis-server on port ${port} exited with ${c.exitCode}`);
          return answersPing(port);
        },
        `redis on port ${port}`,
        10_000,
        50,
      );
    },
    async stop() {
      const c = child;
      child = null;
      if (!c || c.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        c.once('exit', () => resolve());
        c.kill('SIGKILL');
      });
    },
  };
  await redis.start();
  return redis;
}
