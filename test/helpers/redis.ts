/**
 * A real redis-server (Debian's) on a free loopback port, per test file. Missing Redis skips the
 * cluster tests loudly, except under CI=true where it is a failure.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createConnection } from 'node:net';
import { freePort } from './processes.js';
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

export async function startRedis(): Promise<TestRedis> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const redis: TestRedis = {
    port,
    url: `redis://127.0.0.1:${port}`,
    async start() {
      child = spawn('/usr/bin/redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
      await waitFor(() => answersPing(port), `redis on port ${port}`, 10_000, 50);
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
