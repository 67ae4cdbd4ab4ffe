/** `/monitor`: dashboards get the camera list and, per subscription, frames with flow-control acks. */
import type { Socket } from 'socket.io';
import { MONITOR_NAMESPACE, type ServerTime } from '../../../shared/protocol.js';
import { validateSubscribe } from '../../../shared/validate.js';
import type { FrameSink } from '../../relay/frame.js';
import type { TransportContext } from '../context.js';
import { linkOf } from './link.js';

/** Sends frames to one socket; the viewer's ack releases the next frame. */
function socketSink(socket: Socket): FrameSink {
  return {
    write(frame, done) {
      // JPEG does not gzip; engine.io would otherwise compress each polling response per viewer.
      socket.compress(false).emit('frame', frame.meta, frame.jpeg, done);
    },
  };
}

export function attachMonitor(ctx: TransportContext): void {
  const { relay, log } = ctx;
  const nsp = ctx.io.of(MONITOR_NAMESPACE);

  // One list for everyone, sent at most once per tick however many cameras changed.
  relay.onCamerasChanged(() => nsp.emit('cameras', relay.registry.list()));

  nsp.on('connection', (socket) => {
    const viewer = relay.addViewer(socketSink(socket));
    log.info({ id: socket.id, link: linkOf(socket), address: socket.handshake.address }, 'monitor connected');
    socket.emit('cameras', relay.registry.list());

    // A new or resumed viewer should not wait for the next frame to see something.
    const offerLatest = () => {
      for (const { id } of relay.registry.list()) {
        const latest = relay.latestFrame(id);
        if (latest) viewer.offer(latest);
      }
    };

    socket.on('subscribe', (req: unknown, ack: unknown) => {
      const checked = validateSubscribe(req);
      const reply = typeof ack === 'function' ? (ack as (r: unknown) => void) : () => {};
      if (!checked.ok) return reply({ ok: false, error: checked.error.code, cameraIds: [] });
      viewer.subscribe(checked.value.cameraIds);
      reply({ ok: true, cameraIds: relay.registry.list().map((c) => c.id).filter((id) => viewer.wants(id)) });
      offerLatest();
    });

    socket.on('pause', (req: unknown) => {
      const paused = (req as { paused?: unknown } | null)?.paused;
      if (typeof paused !== 'boolean') return;
      viewer.setPaused(paused);
      if (!paused) offerLatest();
    });

    socket.on('time', (ack: unknown) => {
      if (typeof ack === 'function') (ack as (t: ServerTime) => void)({ now: Date.now(), version: ctx.version });
    });

    socket.on('disconnect', (reason) => {
      viewer.close();
      log.info({ id: socket.id, reason }, 'monitor disconnected');
    });
  });
}
