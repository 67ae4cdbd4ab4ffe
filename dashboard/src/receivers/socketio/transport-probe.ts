import { MONITOR_NAMESPACE, type ServerTime } from '../../../../shared/protocol.js';

/** Where one check of a way to reach the server stands. */
export type ProbeState =
  | { phase: 'idle' }
  | { phase: 'testing' }
  | { phase: 'ok'; rttMs: number; connectMs: number }
  | { phase: 'failed'; reason: string };

/** One check, run on demand, of a way this browser can reach the server. */
export interface Probe {
  readonly state: ProbeState;
  /** Starts a check, abandoning one in flight. */
  run(): void;
  /** Abandons a check in flight (back to idle); a finished result is kept. */
  cancel(): void;
}

/** The calls a probe makes on a socket.io-client `Socket`, so tests can drive a fake. */
export interface ProbeSocket {
  on(event: 'connect', listener: () => void): unknown;
  on(event: 'connect_error', listener: (err: Error) => void): unknown;
  on(event: 'disconnect', listener: (reason: string) => void): unknown;
  emit(event: 'time', ack: (t: ServerTime) => void): unknown;
  close(): unknown;
}

export interface ProbeSocketOptions {
  transports: string[];
  forceNew: boolean;
  reconnection: boolean;
  timeout: number;
}

/** socket.io-client's `io`, as far as a probe uses it. */
export type ProbeIo = (uri: string, options: ProbeSocketOptions) => ProbeSocket;

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

/** `ok 12 ms`, `failed: xhr poll error`, `testing…`, `not tested`: a probe row's text. */
export function formatProbe(state: ProbeState): string {
  switch (state.phase) {
    case 'idle':
      return 'not tested';
    case 'testing':
      return 'testing…';
    case 'ok':
      return `ok ${Math.max(0, Math.round(state.rttMs))} ms`;
    case 'failed':
      return `failed: ${state.reason}`;
  }
}

/** The row's tooltip: what the figure measures. */
export function probeTitle(state: ProbeState): string {
  if (state.phase !== 'ok') return '';
  return `Connected in ${Math.round(state.connectMs)} ms; one time request then took ${Math.round(state.rttMs)} ms there and back.`;
}
