/**
 * The server's half of the upgrade signaling on one SignalingPeer (a viewer's or a capture
 * client's connection): config, offer/answer, trickled candidates and abandon, with the checks
 * every signaling input gets. What the data channel is for is the leg's business (`viewer-leg.ts`,
 * `ingest-leg.ts`).
 */
import type { RTCDataChannel } from 'werift';
import type { Logger } from 'pino';
import { CamrelayError } from '../../../shared/errors.js';
import { ABANDON_REASONS, parseAbandon, parseCandidate, parseDescription, type AbandonReason, type WebrtcConfig } from '../../../shared/webrtc/protocol.js';
import type { CoreConfig } from '../../config/core-settings.js';
import type { WebrtcSettings } from './settings.js';
import type { SignalingPeer } from '../../modules/signaling.js';
import { isLoopback } from '../../http/lan.js';
import { iceServersFor } from './ice-servers.js';
import { ServerPeer } from './server-peer.js';

/** Offers closer together than this are refused: an upgrade takes seconds, a loop of offers is abuse. */
const MIN_OFFER_INTERVAL_MS = 1000;
/** Trickled candidates per peer: a real peer sends a handful. */
const MAX_CANDIDATES = 50;

/** Server-wide WebRTC state: settings and the count of live peers, in all, per user and per address. */
export class WebrtcHub {
  peers = 0;
  readonly abandoned = new Map<AbandonReason, number>();
  private readonly perSubject = new Map<string, number>();
  private readonly perAddress = new Map<string, number>();
  /** Upgrades alive now, so close() can end them. */
  readonly live = new Set<LegSession>();

  constructor(
    readonly config: CoreConfig & WebrtcSettings,
    readonly log: Logger,
  ) {}

  /** What a signed-in client gets from `webrtc:config`; `user` names the TURN credentials. */
  clientConfig(user: string): WebrtcConfig {
    const c = this.config;
    return {
      mode: c.webrtc,
      iceServers: iceServersFor(c.iceServers, user, c.turnSecret, c.turnTtlS),
      iceTransportPolicy: c.iceTransportPolicy,
      connectTimeoutMs: c.webrtcConnectTimeoutMs,
      stallMs: c.webrtcStallMs,
    };
  }

  /** Null, or the cap a new peer for this subject from this address would go past. */
  refusal(subject: string, address: string): CamrelayError | null {
    const c = this.config;
    if (this.peers >= c.webrtcMaxPeers) return new CamrelayError('WEBRTC_BUSY');
    if ((this.perAddress.get(address) ?? 0) >= c.webrtcMaxPeersPerAddress) {
      return new CamrelayError(
        'WEBRTC_BUSY',
        `This address already has ${c.webrtcMaxPeersPerAddress} WebRTC peers (CAMRELAY_WEBRTC_MAX_PEERS_PER_ADDRESS); frames keep coming over Socket.IO.`,
      );
    }
    if ((this.perSubject.get(subject) ?? 0) >= c.webrtcMaxPeersPerUser) {
      return new CamrelayError(
        'WEBRTC_BUSY',
        `This account or camera already has ${c.webrtcMaxPeersPerUser} WebRTC peers (CAMRELAY_WEBRTC_MAX_PEERS_PER_USER); frames keep coming over Socket.IO.`,
      );
    }
    return null;
  }

  /** A peer opened (+1) or ended (-1). */
  count(subject: string, address: string, delta: 1 | -1): void {
    this.peers += delta;
    for (const [map, key] of [
      [this.perSubject, subject],
      [this.perAddress, address],
    ] as const) {
      const n = (map.get(key) ?? 0) + delta;
      if (n > 0) map.set(key, n);
      else map.delete(key);
    }
  }

  countEnd(reason: AbandonReason): void {
    this.abandoned.set(reason, (this.abandoned.get(reason) ?? 0) + 1);
  }

  /** The relay stops: every live upgrade ends, its client told why. */
  close(): void {
    for (const session of [...this.live]) session.abandon('closed', 'the relay is stopping');
  }
}

export interface Leg {
  /** Who the TURN credentials are for, e.g. the user name or "camera:<id>". */
  subject: string;
  /** The client's data channel is open. */
  channel(channel: RTCDataChannel, session: LegSession): void;
  /** The client says frames arrive over the data channel (leg 1: the browser receives). */
  using?(): void;
  /** The upgrade is over, for whatever reason: go back to Socket.IO only. */
  ended(): void;
}

/** One upgrade attempt on one socket. */
export class LegSession {
  constructor(
    readonly peer: ServerPeer,
    private readonly signaling: SignalingPeer,
    private readonly onEnd: (reason: AbandonReason, detail: string, byClient: boolean) => void,
  ) {}

  /** Own flag, not `peer.isEnded`: a peer that ended itself is closed before it reports here. */
  private over = false;

  /** Gives up from the server side: the client is told why. */
  abandon(reason: AbandonReason, detail = ''): void {
    if (this.over) return;
    this.over = true;
    this.peer.close();
    this.signaling.emit('webrtc:abandon', { reason, detail });
    this.onEnd(reason, detail, false);
  }

  /** The client gave up (or went away): nothing to tell it. */
  closeByClient(reason: AbandonReason, detail: string): void {
    if (this.over) return;
    this.over = true;
    this.peer.close();
    this.onEnd(reason, detail, true);
  }
}

export function attachSignaling(socket: SignalingPeer, hub: WebrtcHub, leg: Leg): void {
  const address = socket.address;
  const { config, log } = hub;
  let session: LegSession | null = null;
  let lastOfferAt = 0;
  let candidates = 0;

  const refuse = (ack: unknown, error: CamrelayError) => {
    if (typeof ack === 'function') ack(error.toJSON());
  };

  socket.on('webrtc:config', (ack: unknown) => {
    if (typeof ack !== 'function') return;
    if (config.webrtc === 'off') return refuse(ack, new CamrelayError('WEBRTC_DISABLED'));
    ack(hub.clientConfig(leg.subject));
  });

  socket.on('webrtc:offer', (raw: unknown, ack: unknown) => {
    if (typeof ack !== 'function') return;
    if (config.webrtc === 'off') return refuse(ack, new CamrelayError('WEBRTC_DISABLED'));
    const offer = parseDescription(raw, 'offer');
    if (!offer) return refuse(ack, new CamrelayError('BAD_SIGNAL', 'webrtc:offer needs { type: "offer", sdp }.'));
    const now = Date.now();
    if (now - lastOfferAt < MIN_OFFER_INTERVAL_MS) return refuse(ack, new CamrelayError('BAD_SIGNAL', 'One WebRTC offer a second at most.'));
    lastOfferAt = now;
    // A new offer replaces this socket's previous attempt.
    session?.closeByClient('closed', 'replaced by a new offer');
    const busy = hub.refusal(leg.subject, address);
    if (busy) return refuse(ack, busy);

    candidates = 0;
    let current: LegSession | null = null;
    const peer = new ServerPeer({
      iceServers: hub.clientConfig(`server-${leg.subject}`).iceServers,
      iceTransportPolicy: config.iceTransportPolicy,
      icePorts: config.icePorts,
      connectTimeoutMs: config.webrtcConnectTimeoutMs,
      loopbackOnly: isLoopback(config.host),
      onCandidate: (c) => socket.emit('webrtc:candidate', c),
      onChannel: (channel) => current && leg.channel(channel, current),
      onEnd: (reason, detail) => current?.abandon(reason, detail),
    });
    hub.count(leg.subject, address, 1);
    current = new LegSession(peer, socket, (reason, detail, byClient) => {
      hub.live.delete(current!);
      hub.count(leg.subject, address, -1);
      hub.countEnd(reason);
      if (session === current) session = null;
      log.info(
        { id: socket.id, subject: leg.subject, reason, detail, by: byClient ? 'client' : 'server', ice: peer.describeIce() },
        `webrtc upgrade ended: ${ABANDON_REASONS[reason]}`,
      );
      leg.ended();
    });
    session = current;
    hub.live.add(current);
    peer.answer(offer.sdp).then(
      (sdp) => {
        if (peer.isEnded) return (ack as (r: unknown) => void)(new CamrelayError('BAD_SIGNAL', 'The upgrade ended before the answer.').toJSON());
        (ack as (r: unknown) => void)({ ok: true, answer: { type: 'answer', sdp } });
        log.info({ id: socket.id, subject: leg.subject }, 'webrtc offer answered');
      },
      (err: Error) => {
        current!.closeByClient('error', err.message);
        refuse(ack, new CamrelayError('BAD_SIGNAL', `The offer could not be used: ${err.message}`));
      },
    );
  });

  socket.on('webrtc:candidate', (raw: unknown) => {
    const candidate = parseCandidate(raw);
    if (candidate === undefined || !session || ++candidates > MAX_CANDIDATES) return;
    // Chromium hides host addresses behind mDNS names; werift would hold the answer up to 10 s
    // resolving them. Its connectivity checks reveal the address anyway (a peer-reflexive candidate).
    if (candidate && candidate.candidate.split(' ')[4]?.endsWith('.local')) return;
    // End-of-candidates is not passed on either: with every candidate an mDNS one, werift would
    // declare ICE failed on an empty check list before the browser's checks teach it a prflx one.
    // Our own connect deadline ends an attempt that really cannot connect.
    if (candidate === null) return;
    session.peer.addCandidate(candidate).catch((err: Error) => log.debug({ id: socket.id, err: err.message }, 'webrtc candidate refused'));
  });

  socket.on('webrtc:using', () => {
    if (session) leg.using?.();
  });

  socket.on('webrtc:abandon', (raw: unknown) => {
    const a = parseAbandon(raw);
    session?.closeByClient(a.reason, a.detail);
  });

  socket.onClose(() => session?.closeByClient('signaling-lost', ''));
}
