/** Contract adapters for the shipped ingests: socketio (`/capture` with acks) and http (one POST per frame). */
import { io } from 'socket.io-client';
import { CAPTURE_NAMESPACE, HTTP_HEADERS, type FrameAck } from '../../../../shared/protocol.js';
import type { IngestAdapter } from '../contract.js';

export const socketioIngest: IngestAdapter = {
  name: 'socketio',
  async connect(server, cameraId, token) {
    const socket = io(`${server.url}${CAPTURE_NAMESPACE}`, {
      transports: ['websocket'],
      forceNew: true,
      reconnectionDelay: 100,
      auth: { token, cameraId, session: 'contract' },
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    return {
      async send(seq, jpeg) {
        try {
          const ack = (await socket.timeout(1000).emitWithAck('frame', { seq, capturedAt: Date.now() }, jpeg)) as FrameAck;
          return ack.ok ? { ok: true } : { ok: false, code: ack.error };
        } catch {
          return { ok: false, code: 'NO_ANSWER' };
        }
      },
      close: () => socket.close(),
    };
  },
};

export const httpIngest: IngestAdapter = {
  name: 'http',
  async connect(server, cameraId, token) {
    const controller = new AbortController();
    return {
      async send(seq, jpeg) {
        try {
          const res = await fetch(`${server.url}/api/cameras/${cameraId}/frames`, {
            method: 'POST',
            signal: controller.signal,
            headers: {
              authorization: `Bearer ${token}`,
              'content-type': 'image/jpeg',
              [HTTP_HEADERS.seq]: String(seq),
              [HTTP_HEADERS.capturedAt]: String(Date.now()),
              [HTTP_HEADERS.session]: 'contract',
            },
            body: new Uint8Array(jpeg),
          });
          const body = (await res.json()) as { ok?: boolean; error?: string };
          return res.status === 202 ? { ok: true } : { ok: false, code: body.error };
        } catch {
          return { ok: false, code: 'NO_ANSWER' };
        }
      },
      close: () => controller.abort(),
    };
  },
};
