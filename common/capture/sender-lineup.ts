/**
 * The senders a capture engine uses, built from its sender table in the roles the picker gives them: the
 * connection (Socket.IO), the fallback (HTTP POST), and an upgrade (WebRTC) that rides on the connection. The
 * picker (picker.ts) chooses among them for each frame; this holds them, and closes them in the order they need.
 */
import type { SourceStatus } from '../../shared/protocol.js';
import type { Lineup } from './picker.js';
import type { ConnectionSender, Sender, UnitCarrier, UpgradeSender } from './sender.js';

export class SenderLineup<N extends string> {
  private readonly byName = new Map<N, Sender>();
  private connection: ConnectionSender | null = null;
  private upgradeSender: UpgradeSender | null = null;
  private fallbackSender: (Sender & UnitCarrier) | null = null;

  /**
   * Builds each sender the lineup names, the fallback and the connection first: an upgrade is built last, with
   * the connection as its carrier. A sender that reports while it is built finds the lineup as far as it got.
   */
  build(lineup: Lineup<N>, create: (name: N, carrier: ConnectionSender | null) => Sender): void {
    const { connection, fallback, upgrade } = lineup;
    if (fallback) this.byName.set(fallback, (this.fallbackSender = create(fallback, this.connection) as Sender & UnitCarrier));
    if (connection) this.byName.set(connection, (this.connection = create(connection, this.connection) as ConnectionSender));
    if (upgrade && this.connection) this.byName.set(upgrade, (this.upgradeSender = create(upgrade, this.connection) as UpgradeSender));
  }

  /** The connection sender (an upgrade's signaling rides on it), when in use. */
  get carrier(): ConnectionSender | null {
    return this.connection;
  }

  /** The upgrade, when in use. */
  get upgrade(): UpgradeSender | null {
    return this.upgradeSender;
  }

  /** The fallback sender, when in use: it carries units while the connection is down (fallback-units.ts). */
  get fallback(): (Sender & UnitCarrier) | null {
    return this.fallbackSender;
  }

  /** The named sender, when this lineup uses it. */
  get(name: N): Sender | null {
    return this.byName.get(name) ?? null;
  }

  /** Tells the relay, by every sender that can, whether the camera gives frames or why it waits for it. */
  sourceStatus(status: SourceStatus): void {
    for (const sender of this.byName.values()) sender.sourceStatus?.(status);
  }

  close(): void {
    // The upgrade first, while the connection can still tell the server it is over.
    this.upgradeSender?.close();
    for (const sender of this.byName.values()) if (sender !== this.upgradeSender) sender.close();
  }
}
