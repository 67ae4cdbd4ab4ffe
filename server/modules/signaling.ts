/**
 * Where a transport that can carry signaling (socketio today) announces each signed-in connection,
 * with the core's handle for it, and where the webrtc upgrade hears of them. Neither side knows the
 * other: the upgrade talks to a SignalingPeer, not to a Socket.IO socket.
 */
import type { WebrtcServerEvents } from '../../shared/webrtc/protocol.js';
import type { Ingest } from '../relay/ingest.js';
import type { Viewer } from '../relay/viewer.js';

/** One connection that carries signaling messages both ways. What arrives is unchecked input. */
export interface SignalingPeer {
  /** For logs. */
  readonly id: string;
  /** The client's address, for per-address caps. */
  readonly address: string;
  /** True while the connection is up. */
  readonly open: boolean;
  on(event: 'webrtc:config' | 'webrtc:offer' | 'webrtc:candidate' | 'webrtc:using' | 'webrtc:abandon', listener: (...args: unknown[]) => void): void;
  emit<E extends keyof WebrtcServerEvents>(event: E, ...args: Parameters<WebrtcServerEvents[E]>): void;
  /** The connection ended. */
  onClose(listener: () => void): void;
}

/** A viewer whose connection can carry signaling: leg 1 of the upgrade (server → browser). */
export interface SignaledViewer {
  peer: SignalingPeer;
  viewer: Viewer;
  /** Who TURN credentials and per-user caps are for: the user name. */
  subject: string;
}

/** A capture connection that can carry signaling: leg 2 (capture client → server). */
export interface SignaledIngest {
  peer: SignalingPeer;
  ingest: Ingest;
  /** `camera-<id>`. */
  subject: string;
}

export class SignalingHub {
  private readonly viewerListeners: Array<(v: SignaledViewer) => void> = [];
  private readonly ingestListeners: Array<(i: SignaledIngest) => void> = [];

  onViewer(listener: (v: SignaledViewer) => void): void {
    this.viewerListeners.push(listener);
  }

  onIngest(listener: (i: SignaledIngest) => void): void {
    this.ingestListeners.push(listener);
  }

  /** A carrier announces a new viewer connection (after it was set up, before its first message). */
  viewer(v: SignaledViewer): void {
    for (const l of this.viewerListeners) l(v);
  }

  ingest(i: SignaledIngest): void {
    for (const l of this.ingestListeners) l(i);
  }
}
