import type { Probe, ProbeIo, ProbeState } from '../receivers/socketio/transport-probe.js';
import { TransportProbe } from '../receivers/socketio/transport-probe.js';

/** What the panel hands each probe it creates. */
export interface ProbeDeps {
  io: ProbeIo;
  onChange: (state: ProbeState) => void;
}

/** One row of the panel's "what works from this browser" list. */
export interface ProbeKind {
  /** The transport's one name (STYLE rule 2); the row is `[data-testid="diag-transport-<name>"]`. */
  name: string;
  label: string;
  /** Why this row matters, as its tooltip. */
  help: string;
  create(deps: ProbeDeps): Probe;
}

/** The ways to reach the server that the panel tests, in display order: a `webrtc` probe is one more entry. */
export const PROBES: readonly ProbeKind[] = [
  {
    name: 'polling',
    label: 'HTTP long-polling',
    help: 'Plain HTTP requests: gets through almost any proxy, at some cost in latency.',
    create: (deps) => new TransportProbe('polling', deps),
  },
  {
    name: 'websocket',
    label: 'WebSocket',
    help: 'One long-lived connection: the fast path, but some proxies and firewalls block it.',
    create: (deps) => new TransportProbe('websocket', deps),
  },
];
