import { io, type Socket } from 'socket.io-client';
import { MONITOR_NAMESPACE, type MonitorClientEvents, type MonitorServerEvents } from '../../shared/protocol.js';

export type MonitorSocket = Socket<MonitorServerEvents, MonitorClientEvents>;

export type ConnectionStatus = 'connected' | 'reconnecting' | 'disconnected';

export interface ConnectionState {
  status: ConnectionStatus;
  /** The engine's current transport (`polling` or `websocket`), or null before there is an engine. */
  transport: string | null;
}

/** Opens the single `/monitor` connection that carries every camera. */
export function connectMonitor(): MonitorSocket {
  // Polling first, then upgrade (the default order): it gets through proxies that break WebSocket.
  return io(MONITOR_NAMESPACE, { transports: ['polling', 'websocket'] });
}

/**
 * Follows one `/monitor` socket: subscribes to every camera on each (re)connect and reports the
 * header's connection status and transport: once at construction, then on every change.
 */
export class Connection {
  readonly socket: MonitorSocket;
  private readonly onChange: (state: ConnectionState) => void;
  private current: ConnectionState = { status: 'disconnected', transport: null };
  private watchedEngine: unknown = null;

  constructor(socket: MonitorSocket, onChange: (state: ConnectionState) => void) {
    this.socket = socket;
    this.onChange = onChange;
    const manager = socket.io;

    socket.on('connect', () => {
      socket.emit('subscribe', { cameraIds: '*' });
      this.update({ status: 'connected', transport: this.engineTransport() });
    });
    // `active` is false only when nothing will reconnect: a server-side kick or our own disconnect().
    socket.on('disconnect', (reason) => {
      // Socket.IO gives up after a server-side disconnect; a monitor never should (the server restarts).
      const retry = reason === 'io server disconnect';
      this.update({ status: socket.active || retry ? 'reconnecting' : 'disconnected' });
      if (retry) setTimeout(() => socket.connect(), 1000);
    });
    socket.on('connect_error', () => this.update({ status: socket.active ? 'reconnecting' : 'disconnected' }));
    manager.on('reconnect_attempt', () => this.update({ status: 'reconnecting' }));
    manager.on('reconnect_failed', () => this.update({ status: 'disconnected' }));
    // Every reconnect opens a new engine: follow its polling → websocket upgrade too.
    manager.on('open', () => this.watchEngine());
    this.watchEngine();
  }

  get state(): ConnectionState {
    return this.current;
  }

  private watchEngine(): void {
    const engine = this.socket.io.engine;
    if (!engine || engine === this.watchedEngine) return;
    this.watchedEngine = engine;
    engine.on('upgrade', (transport) => this.update({ transport: transport.name }));
    this.update({ transport: this.engineTransport() });
  }

  private engineTransport(): string | null {
    return this.socket.io.engine?.transport?.name ?? this.current.transport;
  }

  private update(change: Partial<ConnectionState>): void {
    const next = { ...this.current, ...change };
    if (next.status === this.current.status && next.transport === this.current.transport) return;
    this.current = next;
    this.onChange(next);
  }
}
