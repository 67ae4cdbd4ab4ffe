/**
 * A real mosquitto (Debian's) on a free loopback port with a config file of its own, per test, and
 * a subscriber that keeps what it hears. Missing mosquitto skips the MQTT tests loudly, except
 * under CI=true where it is a failure (.ci/run installs it).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { connectAsync, type IClientOptions, type MqttClient } from 'mqtt';
import { parseMqtt, type MqttConfig } from '../../server/mqtt/settings.js';
import { freePort } from './processes.js';
import { waitFor } from './wait.js';

const MOSQUITTO = '/usr/sbin/mosquitto';

export function mosquittoAvailable(): boolean {
  if (existsSync(MOSQUITTO)) return true;
  const msg = 'No mosquitto (apt-get install mosquitto mosquitto-clients): MQTT tests are SKIPPED.';
  if (process.env.CI === 'true') throw new Error(`${msg} Under CI=true this is a failure.`);
  console.warn(`\n*** ${msg} ***\n`);
  return false;
}

export interface TestBroker {
  port: number;
  url: string;
  /** What the broker printed (its log goes to stderr). */
  output(): string;
  start(): Promise<void>;
  /** Kills it (SIGKILL): its clients see the connection drop, its retained messages are gone (no persistence). */
  stop(): Promise<void>;
  /** Stops it and removes its folder. */
  close(): Promise<void>;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection(port, '127.0.0.1', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

/**
 * `users`: accounts in a password file (anonymous clients refused); without, anyone may connect.
 * `tls`: PEM files of the broker's certificate and key: it listens for mqtts:// only.
 */
export async function startMosquitto(o: { users?: Record<string, string>; tls?: { cert: string; key: string }; port?: number } = {}): Promise<TestBroker> {
  const port = o.port ?? (await freePort());
  const dir = mkdtempSync(path.join(tmpdir(), 'camrelay-mosquitto-'));
  const lines = [
    `listener ${port} 127.0.0.1`,
    'persistence false',
    'log_dest stderr',
    'log_type error',
    'log_type warning',
    'log_type notice',
    // Run as root, mosquitto would become the `mosquitto` user, who cannot read this folder.
    `user ${userInfo().username}`,
  ];
  if (o.users) {
    const file = path.join(dir, 'passwords');
    writeFileSync(file, '');
    for (const [user, password] of Object.entries(o.users)) execFileSync('/usr/bin/mosquitto_passwd', ['-b', file, user, password]);
    lines.push('allow_anonymous false', `password_file ${file}`);
  } else {
    lines.push('allow_anonymous true');
  }
  if (o.tls) lines.push(`certfile ${o.tls.cert}`, `keyfile ${o.tls.key}`);
  const conf = path.join(dir, 'mosquitto.conf');
  writeFileSync(conf, lines.join('\n') + '\n');
  let child: ChildProcess | null = null;
  let out = '';
  const broker: TestBroker = {
    port,
    url: `${o.tls ? 'mqtts' : 'mqtt'}://127.0.0.1:${port}`,
    output: () => out,
    async start() {
      child = spawn(MOSQUITTO, ['-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout!.on('data', (d) => (out += d));
      child.stderr!.on('data', (d) => (out += d));
      const started = child;
      await waitFor(() => started.exitCode === null && accepts(port), `mosquitto on port ${port}`, 10_000, 50).catch((err: Error) => {
        throw new Error(`${err.message}\n${out}`);
      });
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
    async close() {
      await broker.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await broker.start();
  return broker;
}

/** The checked `mqtt` setting for a broker, as the relay reads it from its config. */
export function mqttSetting(url: string, more: Record<string, unknown> = {}): MqttConfig {
  const parsed = parseMqtt(JSON.stringify({ url, ...more }));
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

export interface Heard {
  topic: string;
  payload: Buffer;
  retain: boolean;
  text: string;
}

/** A subscriber that keeps every message it hears, in order. */
export interface Listener {
  client: MqttClient;
  heard: Heard[];
  /** The first message (after `since`, an index into `heard`) on `topic` that `match` accepts, within the deadline. */
  next(topic: string, match?: (m: Heard) => boolean, since?: number, timeoutMs?: number): Promise<Heard>;
  /** The last message on `topic`, or undefined. */
  last(topic: string): Heard | undefined;
  close(): Promise<void>;
}

export async function listen(url: string, topics: string[], options: IClientOptions = {}): Promise<Listener> {
  const client = await connectAsync(url, { reconnectPeriod: 200, ...options });
  const heard: Heard[] = [];
  client.on('message', (topic, payload, packet) => heard.push({ topic, payload, retain: packet.retain, text: payload.toString('utf8') }));
  await client.subscribeAsync(topics, { qos: 1 });
  return {
    client,
    heard,
    next: (topic, match = () => true, since = 0, timeoutMs = 15_000) =>
      waitFor(() => heard.slice(since).find((m) => m.topic === topic && match(m)), `a message on ${topic}`, timeoutMs),
    last: (topic) => heard.findLast((m) => m.topic === topic),
    close: () => client.endAsync(true),
  };
}
