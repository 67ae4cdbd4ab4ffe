/** `/capture`: capture clients authenticate in the handshake and send `frame` events with acks. */
import type { Socket } from 'socket.io';
import { CamrelayError } from '../../../shared/errors.js';
import { CAPTURE_NAMESPACE, type FrameAck, type ServerTime } from '../../../shared/protocol.js';
import { validateCaptureAuth, validateFrameMeta } from '../../../shared/validate.js';
import type { TransportContext } from '../context.js';
import { linkOf, onLinkChange } from './link.js';

/** Errors passed to `next()` reach the client as `connect_error` with `err.data`. */
export function handshakeError(error: CamrelayError): Error & { data: unknown } {
  const { error: code, ...rest } = error.toJSON();
  return Object.assign(new Error(error.message), { data: { ...rest, code } });
}

export function attachCapture(ctx: TransportContext): void {
  const { relay, log } = ctx;
  const nsp = ctx.io.of(CAPTURE_NAMESPACE);
  const active = new Map<string, Socket>();

  nsp.use((socket, next) => {
    const given = socket.handshake.auth as Record<string, unknown> | undefined;
    const auth = validateCaptureAuth(given);
    if (!auth.ok && auth.error.code === 'BAD_CAMERA_ID') return next(handshakeError(auth.error));
    const cameraId = String(given?.cameraId);
    const ip = ctx.clientIp(socket.handshake.headers, socket.handshake.address);
    // Checked even when the payload is malformed, so every failure counts against the address.
    const allowed = ctx.auth.captureToken(auth.ok ? auth.value.token : undefined, cameraId, ip);
    if (!allowed.ok || !auth.ok) {
      const error = allowed.ok ? new CamrelayError('BAD_TOKEN') : allowed.error;
      ctx.refusals.refused(ip, error.code, 'capture handshake refused', { cameraId });
      return next(handshakeError(error));
    }
    if (!relay.hasRoomFor(auth.value.cameraId)) return next(handshakeError(new CamrelayError('TOO_MANY_CAMERAS')));
    socket.data.cameraId = auth.value.cameraId;
    socket.data.name = auth.value.name;
    socket.data.session = auth.value.session;
    socket.data.tokenId = allowed.value.tokenId;
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

  // A deleted camera's connection ends; its client reconnects and comes back as a new camera.
  relay.onCameraRemoved((cameraId) => {
    const socket = active.get(cameraId);
    if (!socket) return;
    socket.disconnect(true);
    log.info({ cameraId }, 'capture disconnected: camera deleted');
  });

  nsp.on('connection', (socket) => {
    const cameraId: string = socket.data.cameraId;
    const name: string | undefined = socket.data.name;
    const session: string | undefined = socket.data.session;
    let link = linkOf(socket);
    const previous = active.get(cameraId);
    if (previous) {
      // Newest wins: the old connection is usually a half-dead one the same client left behind.
      const error = new CamrelayError('TAKEN_OVER');
      previous.emit('kicked', { error: error.code, message: error.message });
      previous.disconnect(true);
    }
    active.set(cameraId, socket);
    const release = relay.registry.connect(cameraId, name, linkOf(socket));
    onLinkChange(socket, (next) => {
      link = next;
      relay.registry.setLink(cameraId, next);
    });
    log.info({ cameraId, link: linkOf(socket), address: socket.handshake.address }, 'capture connected');

    socket.on('frame', (meta: unknown, jpeg: unknown, ack: unknown) => {
      const reply = typeof ack === 'function' ? (ack as (r: FrameAck) => void) : () => {};
      const checked = validateFrameMeta(meta);
      const refuse = (error: CamrelayError) => {
        relay.noteRefused(error);
        reply(error.toJSON());
      };
      if (!checked.ok) return refuse(checked.error);
      if (!Buffer.isBuffer(jpeg)) return refuse(new CamrelayError('NOT_JPEG', 'The frame must be sent as binary.'));
      checked.value.session = session;
      const result = relay.ingest(cameraId, checked.value, jpeg, link, name);
      reply(result.ok ? { ok: true, seq: result.frame.seq } : result.error.toJSON());
    });

    socket.on('time', (ack: unknown) => {
      if (typeof ack === 'function') (ack as (t: ServerTime) => void)(ctx.serverTime());
    });

    socket.on('disconnect', (reason) => {
      if (active.get(cameraId) === socket) active.delete(cameraId);
      release();
      log.info({ cameraId, reason }, 'capture disconnected');
    });
  });
}
