/** `/monitor`: dashboards get the camera list and, per subscription, frames with flow-control acks. */
import type { ServerTime } from '../../../shared/protocol.js';
import { SUBSCRIBE_ID_SLACK, type SubscribeReply, type SubscribeRequest } from '../../../shared/subscription.js';
import { validateSubscribe } from '../../../shared/validate.js';
import { resumeOf } from '../../../shared/live-video.js';
import { CamrelayError } from '../../../shared/errors.js';
import { canView, samePrincipal, type Principal } from '../../auth/authenticator.js';
import { sessionKey } from '../../auth/sessions.js';
import type { FrameFetch } from '../frame-fetch/frame-fetch.js';
import type { ModuleContext } from '../../modules/module.js';
import { keepCameraRooms } from './camera-rooms.js';
import { emitMedia, socketSink } from './frame-sink.js';
import { H264Viewer } from './h264-viewer.js';
import { handshakeError } from './handshake-error.js';
import type { MonitorNamespace } from './io-server.js';
import type { PtzRelay } from './ptz.js';
import type { TalkRelay } from './talk.js';
import { linkOf } from './link.js';
import { OversizedMessage, oversized } from './parser.js';
import type { SocketioSettings } from './settings.js';
import { signalingPeer } from './signaling-peer.js';
import { SocketCaps } from './socket-caps.js';
import { SubscribePace } from './subscribe-pace.js';
import { pageIdOf } from '../../../shared/live-video.js';
import { StepDownMemory } from '../../relay/step-down-memory.js';
import type { LaneSink } from '../../tracks/lane.js';
import { trackRead } from '../../tracks/track.js';
import type { LiveObjects } from '../../../shared/live-objects.js';
import type { AacUnit } from '../../tracks/audio-lane.js';

/** `frameFetch`, when given, carries frames of viewers on long-polling that ask for it. */
export function attachMonitor(
  ctx: ModuleContext<SocketioSettings>,
  nsp: MonitorNamespace,
  frameFetch: FrameFetch | null,
  ptz: PtzRelay,
  talk: TalkRelay,
): void {
  const { relay, log } = ctx;

  const caps = new SocketCaps(ctx.config);
  const stepMemory = new StepDownMemory();

  // Browsers come with the session cookie; scripts with `auth: { username, password }`.
  nsp.use((socket, next) => {
    const ip = ctx.clientIp(socket.handshake.headers, socket.handshake.address);
    const given = socket.handshake.auth as { username?: unknown; password?: unknown } | undefined;
    const check =
      given?.username !== undefined ? ctx.auth.fromCredentials(given.username, given.password, ip) : ctx.auth.fromHeaders(socket.handshake.headers, ip);
    check.then(
      (result) => {
        if (!result.ok) return next(handshakeError(result.error));
        // Gone while signing in: Socket.IO drops it without a `connection`, so no slot is taken.
        if (socket.conn.readyState !== 'open') return next();
        const slot = caps.take(result.value.username, ip);
        if (slot instanceof CamrelayError) {
          ctx.refusals.refused(ip, slot.code, 'monitor connection refused', { user: result.value.username, message: slot.message });
          return next(handshakeError(slot));
        }
        socket.conn.once('close', slot);
        socket.once('disconnect', slot);
        socket.data.principal = result.value;
        next();
      },
      () => next(handshakeError(new CamrelayError('INTERNAL'))),
    );
  });

  // Each viewer's own list: a camera it may not see is not in it, not even as a name.
  const listFor = (p: Principal, all = relay.cameras.list()) => all.filter((c) => canView(p, c.id));
  relay.cameras.onChanged(() => {
    const all = relay.cameras.list();
    for (const socket of nsp.sockets.values()) {
      const list = listFor(socket.data.principal, all);
      socket.emit('cameras', list);
      keepCameraRooms(
        socket,
        list.map((c) => c.id),
      );
    }
  });

  // A session that ends (logout, expiry, user deleted or changed) takes its sockets with it.
  ctx.auth.sessions.onEnd((session) => {
    for (const socket of nsp.sockets.values()) {
      const sessionId = (socket.data.principal as Principal).sessionId;
      if (sessionId && sessionKey(sessionId) === session.id) socket.disconnect(true);
    }
  });
  // Any change to the account (role, cameras, password) ends the socket: the page reconnects and
  // gets its new list, rather than a socket living on with the old rights.
  ctx.store.onChange(() => {
    for (const socket of nsp.sockets.values()) {
      const p: Principal = socket.data.principal;
      const now = ctx.auth.recheck(p);
      if (!now || !samePrincipal(now, p)) socket.disconnect(true);
    }
  });

  // As many ids as the cameras it may see (its own list, or every camera for an admin), with slack.
  const maxIdsFor = (p: Principal) => Math.max(listFor(p).length, p.cameras === '*' ? 0 : p.cameras.length) + SUBSCRIBE_ID_SLACK;

  nsp.on('connection', (socket) => {
    const principal: Principal = socket.data.principal;
    const address = ctx.clientIp(socket.handshake.headers, socket.handshake.address);
    const wantsFetch = (socket.handshake.auth as { fetchFrames?: unknown } | undefined)?.fetchFrames === true;
    const fetchOwner = wantsFetch && frameFetch ? frameFetch.owner() : null;
    const sink = socketSink(socket, fetchOwner);
    const viewer = relay.addViewer(sink, 'socketio', (id) => canView(principal, id));
    viewer.onStep = (notice) => void socket.emit('rendition', notice);
    // Another node's camera has no frame here before a viewer wants it: its listed width stands in (#30, cluster).
    const nativeWidth = (id: string) => relay.cameraSide.nativeWidth(id) ?? relay.cameras.get(id)?.width ?? undefined;
    // The same page again (its own id, and the same user): it starts where its last connection's link left it.
    const page = pageIdOf(socket.handshake.auth);
    const pageKey = page && `${principal.username}\n${page}`;
    // The detector's looks (#39) are a few hundred bytes of JSON: Socket.IO's own emit, acked, on any transport.
    const objectsSink: LaneSink<LiveObjects> = { write: (look, done) => void socket.emit('objects', look, done) };
    // Sound (#40): one AAC frame per event, its packet made once for every listener on a WebSocket (frame-sink.ts).
    const audioSink: LaneSink<AacUnit> = { write: (unit, done) => emitMedia(socket, 'aac', unit.meta, unit.frame, done) };
    // The tracks the page reads beside its pictures (#56): each kind read the same way, through its encoder here.
    const reads = [
      trackRead(relay.tracks.objects, objectsSink, (s: SubscribeRequest) => s.objects),
      trackRead(relay.tracks.sound, audioSink, (s: SubscribeRequest) => s.audio),
    ];
    const h264 = new H264Viewer(socket, relay.cameraSide.live, viewer, nativeWidth, fetchOwner, Date.now, pageKey ? stepMemory.take(pageKey) : undefined);
    log.info({ id: socket.id, user: principal.username, link: linkOf(socket), address: socket.handshake.address }, 'monitor connected');
    const list = listFor(principal);
    socket.emit('cameras', list);
    keepCameraRooms(
      socket,
      list.map((c) => c.id),
    );
    if (fetchOwner) {
      socket.emit('frame-fetch', fetchOwner.path);
      // A frame answered into a GET the page had just dropped for the upgrade never reached it.
      socket.conn.once('upgrade', () => viewer.offerLatest());
    }

    // A new or resumed viewer should not wait for the next frame to see something.
    const offerLatest = () => viewer.offerLatest();

    const subscribe = (req: unknown): SubscribeReply => {
      const checked = req instanceof OversizedMessage ? oversized('subscribe', req) : validateSubscribe(req, maxIdsFor(principal));
      if (!checked.ok) {
        ctx.refusals.refused(address, checked.error.code, 'subscribe refused', { user: principal.username, message: checked.error.message });
        return { ...checked.error.toJSON(), cameraIds: [] };
      }
      viewer.subscribe(checked.value.cameraIds, checked.value.widths, checked.value.pinned);
      const asH264 = h264.subscribe(checked.value.h264, checked.value.h264Rungs);
      for (const r of reads) r.subscribe(viewer, checked.value);
      // After the ack (answered right after this returns), as before the pacing.
      queueMicrotask(offerLatest);
      return {
        ok: true,
        cameraIds: relay.cameras
          .list()
          .map((c) => c.id)
          .filter((id) => viewer.wants(id)),
        ...(checked.value.h264 || checked.value.h264Rungs ? { h264: asH264.h264 } : {}),
        ...(checked.value.h264Rungs ? { h264Widths: asH264.h264Widths } : {}),
      };
    };
    const paced = new SubscribePace<unknown, SubscribeReply>(subscribe);
    socket.on('subscribe', (req: unknown, ack: unknown) => paced.push(req, typeof ack === 'function' ? (ack as (r: SubscribeReply) => void) : () => {}));

    socket.on('pause', (req: unknown) => {
      // An oversized pause has no `paused` to read: ignored like any other malformed one.
      const paused = (req as { paused?: unknown } | null)?.paused;
      if (typeof paused !== 'boolean') return;
      viewer.setPaused(paused);
      h264.pause(paused, resumeOf(req));
      for (const r of reads) r.pause(viewer, paused);
      if (!paused) offerLatest();
    });

    socket.on('time', (ack: unknown) => {
      if (typeof ack === 'function') (ack as (t: ServerTime) => void)(ctx.serverTime());
    });

    socket.on('disconnect', (reason) => {
      paced.close();
      viewer.close();
      for (const r of reads) r.close(viewer);
      if (pageKey) stepMemory.keep(pageKey, h264.remember());
      h264.close();
      fetchOwner?.close();
      log.info({ id: socket.id, reason }, 'monitor disconnected');
    });

    ptz.monitor(socket, principal);
    talk.monitor(socket, principal);

    ctx.signaling.viewer({ peer: signalingPeer(socket, ctx), viewer, subject: principal.username });
  });
}
