/**
 * The relay's RTSP server: a TCP listener whose connections are RtspSessions, the stream tokens that let
 * them in (with the same limiter of wrong tokens per address as the HTTP streams), a camera's SDP from
 * its first keyframe, and the bounds on everything a player may hold open: connections in all and per
 * address, and PLAYing readers in all and per camera.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { Logger } from 'pino';
import type { FailureLimiter } from '../auth/rate-limit.js';
import type { H264Unit } from '../tracks/h264-lane.js';
import type { LiveH264 } from '../relay/live-h264.js';
import type { AudioTrack } from '../../common/codec/rtp-audio.js';
import type { ErrorCodeName } from '../../shared/errors.js';
import type { CameraInfo } from '../../shared/protocol.js';
import { RtspPlayer } from './rtsp-player.js';
import { rtspResponse } from './rtsp-request.js';
import { ReaderSlots, READER_SLOT_LIMITS } from './reader-slots.js';
import { h264Sdp } from './rtsp-sdp.js';
import { RtspSession, SESSION_DEFAULTS, type RtspHost } from './rtsp-session.js';
import type { SoundSource } from './rtsp-sound.js';
import type { SoundProbe } from './sound-probe.js';
import { unmapped } from './stream-auth.js';
import type { StreamTokens } from './stream-tokens.js';

export const RTSP_SERVER_DEFAULTS = {
  /** Open connections at most, playing or not; more are closed at once. */
  maxConnections: 128,
  /** Open connections from one address at most, so one address cannot take them all: an NVR holds one or two per camera. */
  maxConnectionsPerAddress: 32,
  /** PLAYing readers at most, in all and of one camera: a 720p camera is ~2 Mbit/s per reader. */
  maxReaders: 64,
  maxReadersPerCamera: 16,
  /** A DESCRIBE waits this long at most for the camera's first keyframe (the camera side starts H.264 on demand). */
  describeWaitMs: 10_000,
};

export interface RtspServerOptions extends Partial<typeof RTSP_SERVER_DEFAULTS> {
  /** The relay's offline time: a camera offline this long ends its readers. */
  offlineTimeoutMs: number;
  /** A connection's deadlines and buffer bound (tests shorten them). */
  session?: Partial<typeof SESSION_DEFAULTS>;
}

export interface RtspServerDeps {
  live: LiveH264;
  camera: (id: string) => CameraInfo | undefined;
  tokens: StreamTokens;
  /** Wrong stream tokens per address: the streams module's one limiter, which stream.mp4 and HLS count in too. */
  wrongTokens: FailureLimiter;
  log: Logger;
  /** The relay's sound track: absent, readers get the picture only. */
  sound?: SoundSource;
  /** Each camera's sound track, as a DESCRIBE offers it (the streams module's one, shared with stream.mp4 and HLS). */
  probe: SoundProbe;
  /** A connection refused or closed for breaking a bound: the relay's refusal log, which counts it in /metrics. */
  refused(address: string, code: ErrorCodeName, message: string, fields?: object): void;
}

export class RtspServer {
  readonly server: Server;
  private readonly o: typeof RTSP_SERVER_DEFAULTS & RtspServerOptions;
  private readonly sessions = new Set<RtspSession>();
  private readonly players = new Set<RtspPlayer>();
  private readonly byAddress = new Map<string, number>();
  private readonly session: typeof SESSION_DEFAULTS;
  /** Places per camera and per token, as stream.mp4 has its own. */
  private readonly slots: ReaderSlots;
  private opened = 0;
  private closing = false;

  constructor(
    private readonly deps: RtspServerDeps,
    options: RtspServerOptions,
  ) {
    this.o = { ...RTSP_SERVER_DEFAULTS, ...options };
    this.session = { ...SESSION_DEFAULTS, ...options.session };
    this.slots = new ReaderSlots({ perCamera: this.o.maxReadersPerCamera, perReader: READER_SLOT_LIMITS.perReader });
    this.server = createServer((socket) => this.connection(socket));
    this.server.maxConnections = this.o.maxConnections;
  }

  /** Listens; resolves with the port (a free one when `port` is 0). */
  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve((this.server.address() as { port: number }).port);
      });
    });
  }

  /** Playing readers per camera now. */
  readers(): Map<string, number> {
    const out = new Map<string, number>();
    for (const p of this.players) out.set(p.cameraId, (out.get(p.cameraId) ?? 0) + 1);
    return out;
  }

  /** Bytes the relay holds in its connections' buffers now (RTP, and answers not yet read). */
  get queuedBytes(): number {
    let n = 0;
    for (const s of this.sessions) n += s.queuedBytes;
    return n;
  }

  /** Open connections now. */
  get connections(): number {
    return this.sessions.size;
  }

  close(): Promise<void> {
    this.closing = true;
    for (const s of [...this.sessions]) s.end('shutdown');
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private connection(socket: Socket): void {
    if (this.closing) return void socket.destroy();
    socket.setNoDelay(true);
    // A reset from the player is its leaving, not the relay's error.
    socket.on('error', () => socket.destroy());
    const address = unmapped(socket.remoteAddress ?? '');
    const held = this.byAddress.get(address) ?? 0;
    if (held >= this.o.maxConnectionsPerAddress) return this.refuse(socket, address);
    this.byAddress.set(address, held + 1);
    const session = new RtspSession(socket, this.host, address, this.session);
    this.sessions.add(session);
    socket.once('close', () => {
      this.sessions.delete(session);
      const left = (this.byAddress.get(address) ?? 1) - 1;
      if (left > 0) this.byAddress.set(address, left);
      else this.byAddress.delete(address);
    });
  }

  /** Answers a connection over its address's cap with a 503 (a player shows it), then closes it. */
  private refuse(socket: Socket, address: string): void {
    this.deps.refused(address, 'RTSP_TOO_MANY_CONNECTIONS', `rtsp connection refused: ${this.o.maxConnectionsPerAddress} open from this address`);
    socket.end(rtspResponse(503, ''));
    // A peer that reads nothing must not keep the socket after the answer.
    setTimeout(() => socket.destroy(), 2000).unref();
  }

  private readonly host: RtspHost = {
    authorize: (cameraId, token, address) => {
      if (this.deps.wrongTokens.retryAfter(address) > 0) return 'blocked';
      const id = this.deps.tokens.match(cameraId, token);
      if (id !== null) return id;
      this.deps.wrongTokens.fail(address);
      return 'bad';
    },
    valid: (tokenId) => this.deps.tokens.has(tokenId),
    refused: (code, address, message = 'rtsp connection closed') => this.deps.refused(address, code, message),
    describe: async (cameraId, address) => {
      if (!this.deps.camera(cameraId)) return { status: 404 };
      if (!this.deps.live.canSend(cameraId)) return { status: 503 };
      const [unit, audio] = await Promise.all([this.firstKeyframe(cameraId), this.deps.probe.track(cameraId)]);
      const sdp = unit && h264Sdp({ keyframe: unit.au, width: unit.meta.width, height: unit.meta.height, name: cameraId, address, audio });
      return sdp ? { sdp, audio } : { status: 503 };
    },
    play: (socket, cameraId, tokenId, channel, sound) => this.play(socket, cameraId, tokenId, channel, sound),
  };

  private play(socket: Socket, cameraId: string, tokenId: string, channel: number, sound: { channel: number; track: AudioTrack } | null): RtspPlayer | null {
    const ofCamera = this.slots.held(cameraId);
    const slot = this.players.size >= this.o.maxReaders ? null : this.slots.take(cameraId, `token:${tokenId}`);
    if (!slot?.ok) {
      // Logged and counted as stream.mp4's readers over the limits are (streams/index.ts).
      const fields = { cameraId, readers: this.players.size, ofCamera, full: slot?.full ?? 'all' };
      this.deps.refused(unmapped(socket.remoteAddress ?? ''), 'STREAM_READERS_FULL', 'rtsp reader refused: too many readers', fields);
      return null;
    }
    const player = new RtspPlayer(
      socket,
      this.deps.live,
      {
        key: `rtsp:${++this.opened}`,
        cameraId,
        channel,
        ...(sound && this.deps.sound ? { sound: { ...sound, source: this.deps.sound, changed: (t: AudioTrack) => this.deps.probe.changed(cameraId, t) } } : {}),
        offlineTimeoutMs: this.o.offlineTimeoutMs,
        closing: () => this.closing,
        allowed: () => this.deps.tokens.has(tokenId),
        status: (id) => this.deps.camera(id)?.status,
      },
      (stats) => {
        slot.release();
        this.players.delete(player);
        this.deps.log.info(stats, 'rtsp reader ended');
      },
    );
    this.players.add(player);
    this.deps.log.info({ cameraId, reader: `token:${tokenId}`, address: socket.remoteAddress }, 'rtsp reader opened');
    return player;
  }

  /** The first keyframe with its SPS and PPS the camera's live H.264 gives a new viewer (the GOP kept, or the next one). */
  private firstKeyframe(cameraId: string): Promise<H264Unit | null> {
    const key = `rtsp-describe:${++this.opened}`;
    return new Promise((resolve) => {
      const finish = (unit: H264Unit | null) => {
        clearTimeout(timer);
        this.deps.live.unwatch(key, cameraId);
        resolve(unit);
      };
      const timer = setTimeout(() => finish(null), this.o.describeWaitMs);
      let found = false;
      this.deps.live.watch(key, cameraId, {
        write: (unit, done) => {
          done();
          if (found || !unit.meta.keyframe) return;
          found = true;
          // Out of the lane's call: unwatching inside its write would change the lane it iterates.
          queueMicrotask(() => finish(unit));
        },
      });
    });
  }
}
