/**
 * One capture connection as the core sees it: the camera it sends, the link its frames come by,
 * and its session. Handed to the transport that carries the connection, and to an upgrade (webrtc)
 * that takes frames over another path for a while and gives the link back.
 */
import type { PtzCaps } from '../../shared/ptz.js';
import type { CameraTalk } from '../../shared/talk.js';
import type { CaptureFrameMeta, Link, SourceStatus } from '../../shared/protocol.js';
import type { Result } from '../../shared/result.js';
import type { Frame } from './frame.js';
import type { CameraSaid } from './camera-registry.js';

export interface IngestCore {
  ingest(cameraId: string, meta: CaptureFrameMeta, jpeg: Buffer, link: Link, name?: string): Result<Frame>;
  setLink(cameraId: string, link: Link): void;
  setSource(cameraId: string, status: SourceStatus): void;
  setSaid<K extends keyof CameraSaid>(cameraId: string, key: K, value: CameraSaid[K]): void;
}

export class Ingest {
  private closed = false;

  constructor(
    private readonly core: IngestCore,
    readonly cameraId: string,
    readonly name: string | undefined,
    readonly session: string | undefined,
    /** The carrying connection's own link (polling or websocket for Socket.IO). */
    private carrierLink: Link,
    private readonly release: () => void,
  ) {}

  get link(): Link {
    return this.carrierLink;
  }

  /** Takes one frame; `via` is the path it came by when not the carrier's own (webrtc). */
  push(meta: CaptureFrameMeta, jpeg: Buffer, via: Link = this.carrierLink): Result<Frame> {
    meta.session = this.session;
    return this.core.ingest(this.cameraId, meta, jpeg, via, this.name);
  }

  /** The carrier's link changed (Socket.IO's upgrade from polling to websocket). */
  setLink(link: Link): void {
    this.carrierLink = link;
    if (!this.closed) this.core.setLink(this.cameraId, link);
  }

  /** The capture client's word on its camera (source-status): shown on the camera's entry while connected. */
  setSource(status: SourceStatus): void {
    if (!this.closed) this.core.setSource(this.cameraId, status);
  }

  /** Whether its capture client can talk to the camera, and who talks now: shown on the camera's entry while connected. */
  setTalk(talk: CameraTalk | null): void {
    if (!this.closed) this.core.setSaid(this.cameraId, 'talk', talk);
  }

  /** What the capture client says its camera can move (ptz-caps): shown on the camera's entry while connected. */
  setPtz(caps: PtzCaps | null): void {
    if (!this.closed) this.core.setSaid(this.cameraId, 'ptz', caps);
  }

  /** An upgrade that carried frames another way ended: the camera shows the carrier's link again. */
  showCarrierLink(): void {
    if (!this.closed) this.core.setLink(this.cameraId, this.carrierLink);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.release();
  }
}
