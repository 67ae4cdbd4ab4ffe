/** Just enough of socket.io-client's Socket, Manager and engine to drive the dashboard's Connection. */
import { Connection, type ConnectionState, type MonitorSocket } from '../../../dashboard/src/connection/connection.js';

type Listener = (...args: unknown[]) => void;

/** Just enough of an event emitter to stand in for socket.io-client's Socket, Manager and engine. */
export class FakeEmitter {
  private readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  fire(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) listener(...args);
  }
}

export class FakeEngine extends FakeEmitter {
  transport = { name: 'polling' };
  upgrade(): void {
    this.transport = { name: 'websocket' };
    this.fire('upgrade', this.transport);
  }
  failUpgrade(message: string): void {
    this.fire('upgradeError', new Error(message));
  }
}

export class FakeManager extends FakeEmitter {
  engine = new FakeEngine();
  /** A reconnect: the manager opens a brand-new engine that starts on polling. */
  reopen(): void {
    this.engine = new FakeEngine();
    this.fire('open');
  }
}

export class FakeSocket extends FakeEmitter {
  readonly io = new FakeManager();
  active = true;
  /** Follows the `connect` and `disconnect` events a test fires, as socket.io-client's does. */
  connected = false;
  override fire(event: string, ...args: unknown[]): void {
    if (event === 'connect') this.connected = true;
    if (event === 'disconnect') this.connected = false;
    super.fire(event, ...args);
  }
  readonly sent: unknown[][] = [];
  connects = 0;
  connect(): this {
    this.connects++;
    return this;
  }
  disconnects = 0;
  disconnect(): this {
    this.disconnects++;
    this.active = false;
    return this;
  }
  emit(...args: unknown[]): this {
    this.sent.push(args);
    return this;
  }
}

/** A Connection on a FakeSocket, with every state it reported. */
export function connectionOnFake(options?: ConstructorParameters<typeof Connection>[2]) {
  const socket = new FakeSocket();
  const states: ConnectionState[] = [];
  const connection = new Connection(socket as unknown as MonitorSocket, (s) => states.push(s), options);
  return { socket, states, connection };
}
