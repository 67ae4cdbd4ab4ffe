/**
 * The SSE demonstration end to end: one folder and one table line on each side (the server's
 * transport table, the Live Monitor's receiver table), and frames flow from a camera to the sink
 * every receiver shares.
 */
import { io } from 'socket.io-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ReceiverSet } from '../../../dashboard/src/receivers/receiver-set.js';
import { receivers } from '../../../dashboard/src/receivers/index.js';
import type { MonitorSocket } from '../../../dashboard/src/connection/connection.js';
import { MONITOR_NAMESPACE, type MonitorFrameMeta } from '../../../shared/protocol.js';
import { modules } from '../../../server/module-table.js';
import { sse } from '../../fixtures/transports/sse/index.js';
import { sseReceiver } from '../../fixtures/transports/sse/receiver.js';
import { makeJpeg } from '../../helpers/jpeg.js';
import { startTestServer, stopTestServer, TEST_ADMIN, type TestServer } from '../../helpers/server.js';
import { waitFor } from '../../helpers/wait.js';

describe('the SSE demonstration transport', () => {
  let server: TestServer | undefined;
  let socket: MonitorSocket | undefined;
  afterEach(async () => {
    socket?.close();
    vi.unstubAllGlobals();
    await stopTestServer(server);
    server = socket = undefined;
  });

  it("carries frames from a camera to the Live Monitor's sink with one table line on each side", async () => {
    server = await startTestServer({}, [...modules, sse]);
    // In the page the session cookie goes with each request; here the test admin's Basic header does.
    const realFetch = globalThis.fetch;
    const auth = server.adminAuth;
    vi.stubGlobal('fetch', (url: string | URL, init: RequestInit = {}) => realFetch(url, { ...init, headers: { ...auth } }));
    // The page's receivers, plus the demonstration's; the stock ones need a browser, so only it starts here.
    const table = [...receivers, sseReceiver];
    const set = new ReceiverSet(table.filter((r) => r === sseReceiver));
    socket = io(`${server.url}${MONITOR_NAMESPACE}`, { transports: ['websocket'], forceNew: true, auth: TEST_ADMIN }) as MonitorSocket;
    const got: MonitorFrameMeta[] = [];
    set.start({
      socket,
      connection: { state: { status: 'connected', transport: 'websocket' } },
      base: `${server.url}/`,
      feed: { frame: (meta, jpeg) => void (jpeg.byteLength > 0 && got.push(meta)), expectsFrames: true },
      log: { add() {} } as never,
      onChange() {},
    });
    const ingest = server.relay.openIngest('porch', 'Porch', 's', 'websocket');
    const jpeg = await makeJpeg(64, 48);
    // The camera appears in the list, the receiver opens its stream, and each frame comes through.
    for (let seq = 0; seq < 5; seq++) {
      ingest.push({ seq, capturedAt: Date.now() }, jpeg);
      await waitFor(() => got.some((m) => m.seq === seq), `frame ${seq} over SSE`);
    }
    expect(got.map((m) => m.seq)).toEqual([0, 1, 2, 3, 4]);
    expect(got.every((m) => m.cameraId === 'porch' && m.width === 64)).toBe(true);
    expect(set.figures('sse' as never, Date.now())?.frames?.text).toBe(String(got.length));
  });
});
