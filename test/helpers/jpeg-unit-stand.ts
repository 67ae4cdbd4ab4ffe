/** The stand the JPEG unit tests send to: a relay on port 0 with a frame cap, and a viewer that keeps every frame it is shown. */
import type { MonitorFrameMeta } from '../../shared/protocol.js';
import type { UnitToSend } from '../../shared/units.js';
import { startTestServer, stopTestServer, type TestServer } from './server.js';
import { connectViewer, type TestViewer } from './viewer.js';
import { waitFor } from './wait.js';

/** What a viewer can tell of a frame apart from its camera and arrival: seq, capture time, size and bytes (base64). */
export interface ShownFrame {
  seq: number;
  capturedAt: number;
  width: number;
  height: number;
  bytes: string;
}

export interface JpegUnitStand {
  server: TestServer;
  viewer: TestViewer;
  /** The frames of one camera the viewer has been shown so far, in order. */
  shown(cameraId: string): ShownFrame[];
  close(): Promise<void>;
}

export async function startJpegUnitStand(maxFrameBytes: number): Promise<JpegUnitStand> {
  const server = await startTestServer({ maxFrameBytes });
  const viewer = connectViewer(server.url);
  const seen: Array<{ meta: MonitorFrameMeta; bytes: Buffer }> = [];
  viewer.socket.on('frame', (meta: MonitorFrameMeta, jpeg: ArrayBuffer) => seen.push({ meta, bytes: Buffer.from(jpeg) }));
  await waitFor(() => viewer.socket.connected, 'the viewer connected');
  return {
    server,
    viewer,
    shown: (cameraId) =>
      seen
        .filter((s) => s.meta.cameraId === cameraId)
        .map(({ meta, bytes }) => ({ seq: meta.seq, capturedAt: meta.capturedAt, width: meta.width, height: meta.height, bytes: bytes.toString('base64') })),
    close: async () => {
      viewer.close();
      await stopTestServer(server);
    },
  };
}

/** A `jpeg` unit of `data`, captured `seq` ms after a fixed moment. */
export const jpegUnit = (seq: number, data: Uint8Array): UnitToSend => ({ kind: 'jpeg', meta: { seq, capturedAt: 1_700_000_000_000 + seq }, data });
