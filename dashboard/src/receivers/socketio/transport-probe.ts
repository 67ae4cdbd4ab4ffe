/**
 * `socketio`'s probe: one Socket.IO transport (`polling` or `websocket`) tried on a connection of
 * its own, so the Diagnostics drawer can tell which of the two gets through from this browser.
 */
import { MONITOR_NAMESPACE } from '../../../../shared/protocol.js';
import type { Probe, ProbeIo, ProbeSocket, ProbeState } from '../probe.js';

export interface TransportProbeOptions {
  io: ProbeIo;
  onChange?: (state: ProbeState) => void;
  /** Monotonic ms, for the round trip. */
  now?: () => number;
  uri?: string;
  connectTimeoutMs?: number;
  /** The probe closes its socket and reports failure if it has no answer by then, whatever happened. */
  deadlineMs?: number;
}

/**
 * Tests one Socket.IO transport on its own short-lived `/monitor` connection: connect, one `time`
 * round trip, close. Separate from the main connection, so the answer is about this transport alone.
 */
export class TransportProbe implements Probe {
  readonly transport: string;
  private readonly options: Required<TransportProbeOptions>;
  private current: ProbeState = { phase: 'idle' };
  private socket: ProbeSocket | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Bumped whenever a run ends, so late events of an abandoned socket change nothing. */
  private generation = 0;

  constructor(transport: string, options: TransportProbeOptions) {
    if (typeof options?.io !== 'function') throw new TypeError('A TransportProbe needs an `io` function to open sockets.');
    this.transport = transport;
    this.options = {
      onChange: () => {},
      now: () => performance.now(),
      uri: MONITOR_NAMESPACE,
      connectTimeoutMs: 5000,
      deadlineMs: 6000,
      ...options,
    };
  }

  get state(): ProbeState {
    return this.current;
  }

  run(): void {
    this.release();
    const run = this.generation;
    const { io, now, uri, connectTimeoutMs, deadlineMs } = this.options;
    const startedAt = now();
    this.set({ phase: 'testing' });
    this.timer = setTimeout(() => this.finish(run, failed(`no answer within ${deadlineMs / 1000} s`)), deadlineMs);
    try {
      const socket = io(uri, { transports: [this.transport], forceNew: true, reconnection: false, timeout: connectTimeoutMs });
      this.socket = socket;
      socket.on('connect', () => {
        const connectedAt = now();
        socket.emit('time', (t) => {
          if (typeof t?.now !== 'number') return this.finish(run, failed('the server sent a malformed time answer'));
          this.finish(run, { phase: 'ok', rttMs: now() - connectedAt, connectMs: connectedAt - startedAt });
        });
      });
      socket.on('connect_error', (err) => this.finish(run, failed(err?.message || 'connect_error')));
      socket.on('disconnect', (reason) => this.finish(run, failed(`disconnected (${reason})`)));
    } catch (err) {
      this.finish(run, failed(err instanceof Error ? err.message : String(err)));
    }
  }

  cancel(): void {
    if (this.current.phase !== 'testing') return;
    this.release();
    this.set({ phase: 'idle' });
  }

  private finish(run: number, state: ProbeState): void {
    if (run !== this.generation) return;
    this.release();
    this.set(state);
  }

  /** Ends the run in flight, if any: its timer stops and its socket closes, now and silently. */
  private release(): void {
    this.generation++;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const socket = this.socket;
    this.socket = null;
    socket?.close();
  }

  private set(state: ProbeState): void {
    this.current = state;
    this.options.onChange(state);
  }
}

function failed(reason: string): ProbeState {
  return { phase: 'failed', reason };
}
