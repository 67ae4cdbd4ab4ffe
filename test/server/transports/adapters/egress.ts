/** Contract adapters for the shipped egresses: socketio (WebSocket and frame-fetch) and mjpeg, each as a real client. */
import { get, type IncomingMessage } from 'node:http';
import { io } from 'socket.io-client';
import { MONITOR_NAMESPACE } from '../../../../shared/protocol.js';
import { boundaryOf, MultipartParser } from '../../../helpers/multipart.js';
import type { TestServer } from '../../../helpers/server.js';
import { connectViewer } from '../../../helpers/viewer.js';
import type { Account, EgressAdapter, EgressReader } from '../contract.js';

const basic = (a: Account) => `Basic ${Buffer.from(`${a.username}:${a.password}`).toString('base64')}`;

/** A Socket.IO viewer: frozen, it withholds acks (or, on frame-fetch, stops its GETs). */
function socketioEgress(name: string, opts: { transports: Array<'polling' | 'websocket'>; fetchFrames?: boolean }): EgressAdapter {
  return {
    name,
    async open(server, cameraId, account) {
      const viewer = connectViewer(server.url, { ...opts, cameraIds: [cameraId], auth: account });
      let ended = false;
      viewer.socket.on('disconnect', () => (ended = true));
      return {
        get seqs() {
          return viewer.frames.map((f) => f.seq);
        },
        freeze: () => viewer.freeze(),
        thaw: () => viewer.thaw(),
        get ended() {
          return ended;
        },
        close: () => viewer.close(),
      };
    },
    async badInput(server) {
      const socket = io(`${server.url}${MONITOR_NAMESPACE}`, {
        transports: ['websocket'],
        forceNew: true,
        auth: { username: 'admin', password: 'test-admin-password' },
      });
      try {
        const reply = (await socket.timeout(5000).emitWithAck('subscribe', { cameraIds: 'not a list' } as never)) as { error?: string };
        return String(reply.error);
      } finally {
        socket.close();
      }
    },
    badInputCode: 'BAD_REQUEST',
  };
}

export const socketioWebsocket = socketioEgress('socketio (websocket)', { transports: ['websocket'] });

/**
 * A viewer on long-polling that takes its frames by GET (frame-fetch). Frozen, it asks for no
 * more frames but lets the GETs already sent finish, as a frozen tab's network stack does.
 */
export const socketioFrameFetch: EgressAdapter = {
  ...socketioEgress('', { transports: ['polling'] }),
  name: 'socketio on polling, frames by frame-fetch',
  async open(server, cameraId, account) {
    const socket = io(`${server.url}${MONITOR_NAMESPACE}`, { transports: ['polling'], forceNew: true, auth: { ...account, fetchFrames: true } });
    const seqs: number[] = [];
    let ended = false;
    let frozen = false;
    let path: string | null = null;
    let looping = false;
    // One GET at a time, so arrival order is the server's order (the Live Monitor keeps two and
    // lets its renderer drop the older).
    const loop = async (): Promise<void> => {
      if (looping) return;
      looping = true;
      try {
        await fetchWhileThawed();
      } finally {
        looping = false;
      }
    };
    const fetchWhileThawed = async (): Promise<void> => {
      while (!ended && !frozen && path) {
        const res = await fetch(`${server.url}${path}`).catch(() => null);
        if (!res) return;
        const meta = res.headers.get('x-frame-meta');
        await res.arrayBuffer();
        if (res.status === 200 && meta) seqs.push((JSON.parse(meta) as { seq: number }).seq);
        else if (res.status !== 204) return;
      }
    };
    socket.on('frame-fetch', (p: string) => {
      path = p;
      void loop();
    });
    socket.on('connect', () => socket.emit('subscribe', { cameraIds: [cameraId] }));
    socket.on('disconnect', () => (ended = true));
    return {
      seqs,
      freeze: () => (frozen = true),
      thaw: () => {
        frozen = false;
        void loop();
      },
      get ended() {
        return ended;
      },
      close: () => {
        ended = true;
        socket.close();
      },
    };
  },
};

/**
 * A reader of one long-lived HTTP response (MJPEG, SSE…): `parse` turns its bytes into frame
 * sequence numbers; frozen, it stops reading, so the socket's buffers fill as behind a frozen tab.
 */
export function httpStreamReader(url: string, account: Account, parse: (res: IncomingMessage, chunk: Buffer) => number[]): Promise<EgressReader> {
  return new Promise((resolve, reject) => {
    const seqs: number[] = [];
    let ended = false;
    const req = get(url, { headers: { authorization: basic(account) } }, (res) => {
      res.on('data', (chunk: Buffer) => seqs.push(...parse(res, chunk)));
      res.on('close', () => (ended = true));
      resolve({
        seqs,
        freeze: () => res.pause(),
        thaw: () => res.resume(),
        get ended() {
          return ended;
        },
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
  });
}

/** The error code of an HTTP answer to a bad request, asked as the test admin. */
export async function errorCode(server: TestServer, path: string): Promise<string> {
  const res = await fetch(`${server.url}${path}`, { headers: server.adminAuth });
  return ((await res.json()) as { error: string }).error;
}

export const mjpegEgress: EgressAdapter = {
  name: 'mjpeg',
  open(server, cameraId, account) {
    let parser: MultipartParser | undefined;
    return httpStreamReader(`${server.url}/api/cameras/${cameraId}/stream.mjpeg`, account, (res, chunk) => {
      parser ??= new MultipartParser(boundaryOf(res.headers['content-type']) ?? 'missing');
      return parser.push(chunk).map((part) => Number(part.headers['x-frame-seq']));
    });
  },
  badInput: (server) => errorCode(server, '/api/cameras/cam/stream.mjpeg?fps=0'),
  badInputCode: 'BAD_REQUEST',
};
