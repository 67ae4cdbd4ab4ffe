/**
 * What a receiver is: one way frames reach this page, named after the server transport it takes
 * them from. Every receiver hands each frame to the same `TileFeed`, so the hot path is always
 * receiver → `Grid#frame` → `CameraTile#push` → `FrameRenderer#push` → decode → one draw per animation frame.
 */
import type { Link, MonitorFrameMeta, MonitorH264Meta, Transport } from '../../../shared/protocol.js';
import type { ConnectionState, MonitorSocket } from '../connection/connection.js';
import type { EventSink } from '../connection/connection-log.js';
import type { ProbeKind } from './probe.js';
import type { FramePayload } from '../tiles/renderer.js';

/** Where every receiver puts its frames: the tiles (tiles/grid.ts). Not the relay's `FrameSink`, a viewer's pipe (server/relay/frame.ts). */
export interface TileFeed {
  /** Called once per frame: it must stay cheap (the renderer keeps only the newest). */
  frame(meta: MonitorFrameMeta, jpeg: FramePayload): void;
  /** One H.264 access unit of a camera the page asked for as H.264 (#30): the tile's player takes it. */
  h264?(meta: MonitorH264Meta, au: Uint8Array): void;
  /** Whether frames should be arriving (a camera live, the tab visible): a stall watchdog's gate. */
  readonly expectsFrames: boolean;
  /** Why the relay sends a camera smaller than asked (its rung stepped for this link), or '' again. */
  stepped?(cameraId: string, reason: string): void;
}

/** What the page gives each receiver as it starts. */
export interface ReceiverContext {
  /** The page's one `/monitor` connection: the camera list, clock and signaling ride it too. */
  socket: MonitorSocket;
  /** Its status and its engine's transport, as the header shows them. */
  connection: { readonly state: ConnectionState };
  /** The folder the page was served from: every URL of the relay is relative to it. */
  base: string;
  feed: TileFeed;
  /** The connection log of the Diagnostics drawer. */
  log: EventSink;
  /** A receiver's state changed (a few times per attempt, never per frame). */
  onChange(): void;
}

/** One row of a receiver's own Diagnostics section; its cell is `[data-testid="diag-<receiver>-<key>"]`. */
export interface SectionRow {
  key: string;
  label: string;
  /** Why the row matters, as its tooltip. */
  help: string;
}

/** A row's value: its text, and a `data-state` for the stylesheet where it has one. */
export interface RowValue {
  text: string;
  state?: string;
}

/** A started receiver, as the header and the Diagnostics drawer read it. */
export interface Receiver {
  /** The link its frames come over now (the header's indicator text), or null while it brings none. */
  readonly link: Link | null;
  /** Its section's values by row key; read once a second while the drawer is open, never per frame. */
  figures?(now: number): Readonly<Record<string, RowValue>>;
}

/** One line of the receiver table: everything the page knows about a way frames come. */
export interface ReceiverModule {
  /** Its one name: its folder, its table line, and the server's transport it receives from. */
  readonly name: Transport;
  /** Every text the header's indicator shows while this receiver brings the frames (LINKS). */
  readonly links: readonly Link[];
  /** Its rows of "Transports that work right now", in display order. */
  readonly probes: readonly ProbeKind[];
  /** Its own Diagnostics section, when it has figures of its own. */
  readonly section?: { readonly title: string; readonly rows: readonly SectionRow[] };
  /** Starts receiving: wires its events on the connection, and its controls in the header. */
  start(ctx: ReceiverContext): Receiver;
}
