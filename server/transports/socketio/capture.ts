/** `/capture`: capture clients authenticate in the handshake, then send their media by the unit door (unit-ingest.ts) with acks. */
import type { Socket } from 'socket.io';
import type { CaptureOffer } from '../../../shared/demand.js';
import { CamrelayError } from '../../../shared/errors.js';
import type { ServerTime } from '../../../shared/protocol.js';
import { validateSourceStatus } from '../../../shared/source-status.js';
import { validateCaptureAuth } from '../../../shared/validate.js';
import type { Ingest } from '../../relay/ingest.js';
import { holdsCamera } from '../../relay/publisher-hold.js';
import type { ModuleContext } from '../../modules/module.js';
import { handshakeError } from './handshake-error.js';
import type { CaptureNamespace } from './io-server.js';
import { linkOf, onLinkChange } from './link.js';
import type { PtzRelay } from './ptz.js';
import type { TalkRelay } from './talk.js';
import { attachUnitIngest } from './unit-ingest.js';
import { signalingPeer } from './signaling-peer.js';

export function attachCapture(ctx: ModuleContext, nsp: CaptureNamespace, ptz: PtzRelay, talk: TalkRelay): void {
  const { relay, log } = ctx;
  const active = new Map<string, Socket>();

  nsp.use((socket, next) => {
    const given = socket.handshake.auth as Record<string, unknown> | undefined;
    const auth = validateCaptureAuth(given);
    if (!auth.ok && auth.error.code === 'BAD_CAMERA_ID') return next(handshakeError(auth.error));
    const cameraId = String(given?.cameraId);
    const ip = ctx.clientIp(socket.handshake.headers, socket.handshake.address);
    // Checked even when the payload is malformed, so every failure counts against the address.
    // Bad offers or a bad name alone must not count as a wrong token against the address: the token is checked as given.
    const token = auth.ok ? auth.value.token : auth.error.code === 'BAD_OFFERS' || auth.error.code === 'BAD_NAME' ? given?.token : undefined;
    const allowed = ctx.auth.captureToken(typeof token === 'string' && token.length <= 1024 ? token : undefined, cameraId, ip);
    if (!allowed.ok || !auth.ok) {
      const error = allowed.ok ? (auth.ok ? new CamrelayError('BAD_TOKEN') : auth.error) : allowed.error;
      ctx.refusals.refused(ip, error.code, 'capture handshake refused', { cameraId });
      return next(handshakeError(error));
    }
    if (!relay.admission.hasRoomFor(auth.value.cameraId)) return next(handshakeError(new CamrelayError('TOO_MANY_CAMERAS')));
    const held = active.get(auth.value.cameraId);
    // No connection holds it: a program sending by HTTP POST may (#37 item 8), by the newest frame's session.
    const byPost = relay.holder(auth.value.cameraId);
    const holder = held
      ? { session: held.data.session as string | undefined, lastFrameAt: relay.cameras.get(auth.value.cameraId)?.lastFrameAt ?? null }
      : byPost?.link === 'http'
        ? byPost
        : undefined;
    if (auth.value.standby && holdsCamera(holder, auth.value.session, Date.now())) {
      ctx.refusals.refused(ip, 'CAMERA_IN_USE', 'capture handshake refused', { cameraId });
      return next(handshakeError(new CamrelayError('CAMERA_IN_USE')));
    }
    socket.data.cameraId = auth.value.cameraId;
    socket.data.name = auth.value.name;
    socket.data.session = auth.value.session;
    socket.data.tokenId = allowed.value.tokenId;
    socket.data.offers = auth.value.offers ?? [];
    next();
  });

  // A revoked camera token ends its connections at once (the store notices CLI changes within 1 s).
  ctx.store.onChange(() => {
    for (const socket of nsp.sockets.values()) {
      const tokenId: string | null = socket.data.tokenId;
      if (tokenId === null || ctx.store.hasToken(tokenId)) continue;
      const error = new CamrelayError('REVOKED');
      socket.emit('kicked', { error: error.code, message: error.message });
      socket.disconnect(true);
      log.info({ cameraId: socket.data.cameraId }, 'capture disconnected: token revoked');
    }
  });

  relay.cameraSide.onFallback((cameraId, rung, silentMs) =>
    log.info({ cameraId, rung, silentMs }, 'camera side stopped sending this rung: the relay resizes it again'),
  );

  // A deleted camera's connection ends; its client reconnects and comes back as a new camera.
  relay.onCameraRemoved((cameraId) => {
    const socket = active.get(cameraId);
    if (!socket) return;
    socket.disconnect(true);
    log.info({ cameraId }, 'capture disconnected: camera deleted');
  });

  nsp.on('connection', (socket) => {
    const cameraId: string = socket.data.cameraId;
    const previous = active.get(cameraId);
    if (previous) {
      // Newest wins: the old connection is usually a half-dead one the same client left behind.
      const error = new CamrelayError('TAKEN_OVER');
      previous.emit('kicked', { error: error.code, message: error.message });
      previous.disconnect(true);
    }
    active.set(cameraId, socket);
    const ingest: Ingest = relay.openIngest(cameraId, socket.data.name, socket.data.session, linkOf(socket));
    onLinkChange(socket, (next) => ingest.setLink(next));
    log.info({ cameraId, link: ingest.link, address: socket.handshake.address }, 'capture connected');
    // After the handshake, and again on each change; a client that offered nothing hears nothing.
    const demand = relay.cameraSide.demand.open(
      cameraId,
      socket.data.offers as CaptureOffer[],
      (d) => socket.emit('demand', d),
      (rung) => (rung === undefined ? socket.emit('keyframe') : socket.emit('keyframe', { rung })),
    );

    // Its camera in use or unplugged: viewers see why no frames come, rather than a frozen picture.
    socket.on('source-status', (status: unknown) => {
      const checked = validateSourceStatus(status);
      if (checked.ok) ingest.setSource(checked.value);
      else log.debug({ cameraId, error: checked.error.message }, 'source-status refused');
    });

    socket.on('time', (ack: unknown) => {
      if (typeof ack === 'function') (ack as (t: ServerTime) => void)(ctx.serverTime());
    });

    socket.on('disconnect', (reason) => {
      if (active.get(cameraId) === socket) active.delete(cameraId);
      demand.close();
      ingest.close();
      log.info({ cameraId, reason }, 'capture disconnected');
    });

    attachUnitIngest(socket, relay, cameraId, ingest);
    // After the unit ingest's plain offer, so the camera's entry ends up saying both.
    const offers = socket.data.offers as CaptureOffer[];
    if (offers.includes('h264') && offers.includes('h264-rungs')) relay.cameraSide.intake.offered(cameraId, true);
    ptz.capture(socket, cameraId, ingest, ctx.clientIp(socket.handshake.headers, socket.handshake.address));
    if (offers.includes('talk')) talk.capture(socket, cameraId, ingest);

    ctx.signaling.ingest({ peer: signalingPeer(socket, ctx), ingest, subject: `camera-${cameraId}` });
  });
}
