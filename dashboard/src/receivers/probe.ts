/**
 * What the Diagnostics drawer's "Transports that work right now" rows run: a probe and its state.
 * Each receiver brings its own kinds of probe (receivers/index.ts); the drawer only reads them.
 */
import type { ServerTime } from '../../../shared/protocol.js';

/** Where one check of a way to reach the server stands. */
export type ProbeState = { phase: 'idle' } | { phase: 'testing' } | { phase: 'ok'; rttMs: number; connectMs: number } | { phase: 'failed'; reason: string };

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

/** socket.io-client's `io` aimed at the relay (a sub-path included): how a probe opens its own short connection. */
export type ProbeIo = (uri: string, options: ProbeSocketOptions) => ProbeSocket;

/** What the panel hands each probe it creates. */
export interface ProbeDeps {
  io: ProbeIo;
  onChange: (state: ProbeState) => void;
}

/** One row of the panel's "what works from this browser" list. */
export interface ProbeKind {
  /** A link's one name (shared/protocol.ts LINKS); the row is `[data-testid="diag-transport-<name>"]`. */
  name: string;
  label: string;
  /** Why this row matters, as its tooltip. */
  help: string;
  create(deps: ProbeDeps): Probe;
}
