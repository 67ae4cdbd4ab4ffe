/**
 * The one connection to the broker (mqtt.js): a last will that says `offline`, `online` said on
 * every connect, the subscriptions made again on every connect, and reconnects with a doubling,
 * capped wait. mqtt.js's own reconnect timer keeps one period for good (a setInterval), so its
 * reconnectPeriod is 0 and this class calls reconnect() after its own wait.
 */
import { connect, type IClientOptions, type MqttClient } from 'mqtt';
import type { Message } from './publish-queue.js';

export type LinkState = 'connecting' | 'connected' | 'closed';

export interface LinkStatus {
  state: LinkState;
  /** Why the last attempt failed or the connection ended, in the client's words; null once connected. */
  lastError: string | null;
  /** Connections made since start. */
  connects: number;
  /** The wait before the next attempt, while connecting. */
  retryInMs: number | null;
}

export interface BrokerLinkOptions {
  url: string;
  username?: string;
  password?: string;
  ca?: Buffer | null;
  clientId: string;
  /** Retained `online` on connect, and the same topic's last will `offline`. */
  availability: string;
  subscriptions: string[];
  onConnected(): void;
  onLost(): void;
  /** `retained`: the broker handed over a message it kept (the retain flag), as it does at every subscribe. */
  onMessage(topic: string, payload: Buffer, retained: boolean): void;
  /** Each change of state or of the error, for the log. */
  onStatus(status: LinkStatus): void;
  /** The first wait after a failure, doubled per failure up to the cap (tests shorten them). */
  backoffMs?: number;
  maxBackoffMs?: number;
  connectTimeoutMs?: number;
}

/** The first wait after a failed attempt and its cap, and how long a connect may take (docs/home-assistant.md). */
export const LINK_DEFAULTS = { backoffMs: 1000, maxBackoffMs: 30_000, connectTimeoutMs: 10_000, keepaliveSeconds: 30 };

export class BrokerLink {
  readonly status: LinkStatus = { state: 'connecting', lastError: null, connects: 0, retryInMs: null };
  private readonly client: MqttClient;
  private failures = 0;
  private retry: NodeJS.Timeout | undefined;

  constructor(private readonly o: BrokerLinkOptions) {
    const options: IClientOptions = {
      clientId: o.clientId,
      username: o.username,
      password: o.password,
      ...(o.ca ? { ca: o.ca } : {}),
      will: { topic: o.availability, payload: Buffer.from('offline'), qos: 1, retain: true },
      keepalive: LINK_DEFAULTS.keepaliveSeconds,
      connectTimeout: o.connectTimeoutMs ?? LINK_DEFAULTS.connectTimeoutMs,
      reconnectPeriod: 0,
      // Nothing waits inside mqtt.js while disconnected: the publish queue holds it, bounded.
      queueQoSZero: false,
      clean: true,
    };
    this.client = connect(o.url, options);
    this.client.on('connect', () => this.connected());
    this.client.on('close', () => this.closed());
    this.client.on('error', (err) => this.failed(err));
    this.client.on('message', (topic, payload, packet) => o.onMessage(topic, payload, packet.retain));
  }

  /** Hands one message to the client, connected only; `done` once written (QoS 0) or acknowledged (QoS 1). */
  publish(m: Message, done: () => void): void {
    this.client.publish(m.topic, m.payload, { qos: m.qos, retain: m.retain }, () => done());
  }

  /** Says `offline` when connected (a planned stop is not the last will's case), then ends within `graceMs`. */
  async close(graceMs = 1000): Promise<void> {
    clearTimeout(this.retry);
    const wasConnected = this.status.state === 'connected';
    this.status.state = 'closed';
    const ended = new Promise<void>((resolve) => {
      const force = setTimeout(() => this.client.end(true, () => resolve()), graceMs);
      const end = () => this.client.end(false, () => (clearTimeout(force), resolve()));
      if (wasConnected) this.client.publish(this.o.availability, 'offline', { qos: 1, retain: true }, end);
      else this.client.end(true, () => (clearTimeout(force), resolve()));
    });
    await ended;
  }

  private connected(): void {
    this.failures = 0;
    Object.assign(this.status, { state: 'connected', lastError: null, retryInMs: null, connects: this.status.connects + 1 });
    this.client.publish(this.o.availability, 'online', { qos: 1, retain: true });
    this.client.subscribe(this.o.subscriptions, { qos: 1 });
    this.o.onStatus(this.status);
    this.o.onConnected();
  }

  private failed(err: Error): void {
    // A system error's code (ENOTFOUND) when its message lacks it; a CONNACK's number code is in its message's words.
    const code = (err as NodeJS.ErrnoException).code;
    const why = typeof code === 'string' && !err.message.includes(code) ? `${err.message} (${code})` : err.message;
    if (why === this.status.lastError) return;
    this.status.lastError = why;
    // A connection that ends says so once it is closed (closed()); an attempt that fails, now.
    if (this.status.state === 'connecting') this.o.onStatus(this.status);
  }

  private closed(): void {
    if (this.status.state === 'closed') return;
    if (this.status.state === 'connected') {
      this.status.state = 'connecting';
      this.status.lastError ??= 'the connection was closed';
      this.o.onLost();
    }
    if (this.retry) return;
    const wait = Math.min(this.o.maxBackoffMs ?? LINK_DEFAULTS.maxBackoffMs, (this.o.backoffMs ?? LINK_DEFAULTS.backoffMs) * 2 ** this.failures++);
    const said = this.status.retryInMs;
    this.status.retryInMs = wait;
    if (said === null) this.o.onStatus(this.status);
    this.retry = setTimeout(() => {
      this.retry = undefined;
      if (this.status.state !== 'closed') this.client.reconnect();
    }, wait);
  }
}
