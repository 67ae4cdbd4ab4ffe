/**
 * What waits for the broker: bounded in messages and bytes, so a broker that is down, slow or
 * refusing costs the relay a fixed amount of memory and nothing else. A state (a retained topic)
 * is kept once, newest wins, in the place its first value took; an event waits in order. What
 * does not fit is dropped and counted. At most `maxInFlight` messages are handed to the client at
 * once, each handed on only once the last ones were written (QoS 0) or acknowledged (QoS 1).
 */

export interface Message {
  topic: string;
  payload: Buffer | string;
  qos: 0 | 1;
  retain: boolean;
  /** Called once the message is written (QoS 0) or acknowledged (QoS 1): "Send a test event" waits for it. */
  onSent?: () => void;
}

export interface PublishQueueOptions {
  messages: number;
  bytes: number;
  maxInFlight?: number;
  /** Hands one message to the client; `done` when it can take the next (written, or acknowledged). */
  send(message: Message, done: () => void): void;
}

const sizeOf = (m: Message) => m.topic.length + (typeof m.payload === 'string' ? Buffer.byteLength(m.payload) : m.payload.length);

export class PublishQueue {
  /** Messages that did not fit, or were under way when the connection was lost. */
  dropped = 0;
  published = 0;
  private readonly items = new Map<string, Message>();
  private bytes = 0;
  private inFlight = 0;
  private open = false;
  private closed = false;
  private pumping = false;
  /** Bumped on each lost connection: callbacks of the old one change nothing. */
  private generation = 0;
  private seq = 0;

  constructor(private readonly o: PublishQueueOptions) {}

  /** Messages waiting or under way. */
  get size(): number {
    return this.items.size + this.inFlight;
  }

  /** Queues a state: replaces one waiting for the same topic. */
  state(message: Message): void {
    this.put(message.topic, message);
  }

  /** Queues an event, after those waiting. */
  event(message: Message): void {
    this.put(`#${this.seq++}`, message);
  }

  /** The client is connected: sending starts. */
  connected(): void {
    if (this.closed) return;
    this.open = true;
    this.pump();
  }

  /** The connection is lost: messages under way are counted dropped (they may or may not have arrived), the rest wait. */
  lost(): void {
    this.open = false;
    this.generation++;
    this.dropped += this.inFlight;
    this.inFlight = 0;
  }

  /** The relay is stopping: what waits is forgotten, and nothing more is taken or sent. */
  close(): void {
    this.closed = true;
    this.lost();
    this.items.clear();
    this.bytes = 0;
  }

  private put(key: string, message: Message): void {
    if (this.closed) return;
    const size = sizeOf(message);
    const old = this.items.get(key);
    const bytes = this.bytes - (old ? sizeOf(old) : 0) + size;
    if ((!old && this.items.size >= this.o.messages) || bytes > this.o.bytes) {
      this.dropped++;
      return;
    }
    this.items.set(key, message);
    this.bytes = bytes;
    this.pump();
  }

  private pump(): void {
    // send() may call done() at once (a QoS 0 write the socket took): the loop, not recursion, goes on.
    if (this.pumping) return;
    this.pumping = true;
    while (this.open && this.inFlight < (this.o.maxInFlight ?? 8) && this.items.size > 0) {
      const [key, message] = this.items.entries().next().value!;
      this.items.delete(key);
      this.bytes -= sizeOf(message);
      this.inFlight++;
      const generation = this.generation;
      this.o.send(message, () => {
        if (generation !== this.generation) return;
        this.inFlight--;
        this.published++;
        message.onSent?.();
        this.pump();
      });
    }
    this.pumping = false;
  }
}
