/** A real CaptureClient fed with a small JPEG at a steady rate, as a camera would. */
import { CaptureClient, type CaptureClientOptions } from '../../capture-client/capture-client.js';
import { makeJpeg } from './jpeg.js';

export interface TestCamera {
  client: CaptureClient;
  events: string[];
  stop(): void;
}

export async function startCamera(
  server: string,
  token: string,
  cameraId: string,
  opts: Partial<CaptureClientOptions> & { frames?: Buffer[] } = {},
): Promise<TestCamera> {
  // A few different pictures in turn, so a viewer can see the image change.
  const jpegs = opts.frames ?? (await Promise.all([0, 1, 2, 3].map((n) => makeJpeg(64, 48, cameraId.length + n))));
  let n = 0;
  const events: string[] = [];
  const fps = opts.fps ?? 20;
  const client = new CaptureClient({
    server,
    token,
    cameraId,
    transport: 'auto',
    ackTimeoutMs: 2000,
    fps,
    ...opts,
    onEvent: (e) => events.push('code' in e ? `${e.type}:${e.code}` : e.type),
  });
  const timer = setInterval(() => client.push({ jpeg: jpegs[n++ % jpegs.length]!, capturedAt: Date.now() }), 1000 / fps);
  return {
    client,
    events,
    stop() {
      clearInterval(timer);
      client.close();
    },
  };
}
