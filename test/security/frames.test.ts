import sharp from 'sharp';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasJpegMarkers, readJpegSize } from '../../common/codec/jpeg.js';
import { fakeJpegHeader, makeJpeg } from '../helpers/jpeg.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { startHealthy, type Healthy } from './helpers/healthy.js';

let server: TestServer;
let healthy: Healthy;
let capture: Socket;

beforeAll(async () => {
  server = await startTestServer();
  healthy = await startHealthy(server);
  capture = io(`${server.url}/capture`, { auth: { token: server.captureToken, cameraId: 'atk-sio' }, forceNew: true, transports: ['websocket'] });
  await new Promise<void>((resolve, reject) => {
    capture.once('connect', () => resolve());
    capture.once('connect_error', reject);
  });
});
afterAll(async () => {
  capture?.close();
  healthy?.stop();
  await stopTestServer(server);
});

const HTML = '<html><body><script>alert(document.cookie)</script></body></html>';

/** A JPEG with a comment segment (COM, FF FE) holding `text` right after SOI: still a valid JPEG. */
function withComment(jpeg: Buffer, text: string): Buffer {
  const body = Buffer.from(text, 'latin1');
  const com = Buffer.from([0xff, 0xfe, (body.length + 2) >> 8, (body.length + 2) & 0xff]);
  return Buffer.concat([jpeg.subarray(0, 2), com, body, jpeg.subarray(2)]);
}

let seq = 0;
const sendSocketio = (jpeg: Buffer) =>
  capture.timeout(5000).emitWithAck('frame', { seq: ++seq, capturedAt: Date.now() }, jpeg) as Promise<{ ok: boolean; error?: string; message?: string }>;

async function sendHttp(cameraId: string, jpeg: Buffer): Promise<{ status: number; body: { ok: boolean; error?: string; message?: string } }> {
  const res = await fetch(`${server.url}/api/cameras/${cameraId}/frames`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.captureToken}`, 'content-type': 'image/jpeg', 'x-frame-seq': String(++seq) },
    body: new Uint8Array(jpeg),
  });
  return { status: res.status, body: (await res.json()) as { ok: boolean; error?: string } };
}

describe('frames that are not what they claim', () => {
  it('refuses non-JPEGs, a PNG, a JPEG without its end, an HTML polyglot and a 65535×65535 header on both ingest paths, and no viewer sees them', async () => {
    const real = await makeJpeg(64, 48, 9);
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#f00' } })
      .png()
      .toBuffer();
    // SOI and a JFIF APP0 segment, then HTML where the next segment should be, then EOI: the markers pass.
    const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
    const polyglot = Buffer.concat([Buffer.from([0xff, 0xd8]), app0, Buffer.from(HTML), Buffer.from([0xff, 0xd9])]);
    const huge = fakeJpegHeader(65535, 65535);
    expect(huge.length).toBeLessThan(1024);
    expect(hasJpegMarkers(polyglot)).toBe(true);
    const cases: Array<[string, Buffer, string]> = [
      ['text', Buffer.from('this is not a picture at all'), 'NOT_JPEG'],
      ['a PNG', png, 'NOT_JPEG'],
      ['a JPEG start without its end', real.subarray(0, real.length >> 1), 'NOT_JPEG'],
      ['a JPEG header followed by HTML', polyglot, 'NOT_JPEG'],
      ['a 65535×65535 header', huge, 'FRAME_TOO_LARGE'],
    ];
    const rssBefore = process.memoryUsage().rss;
    for (const [what, bytes, error] of cases) {
      expect(await sendSocketio(bytes), `${what} over Socket.IO`).toMatchObject({ ok: false, error });
      const http = await sendHttp('atk-http', bytes);
      expect([http.status, http.body.error], `${what} over HTTP`).toEqual([error === 'NOT_JPEG' ? 415 : 413, error]);
    }
    // Refused from the header alone: decoding one 65535×65535 frame would take gigabytes.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(256 * 1024 * 1024);
    expect((await sendSocketio(huge)).message).toContain('65535×65535');

    await healthy.stillFlowing();
    expect(healthy.viewer.frames.filter((f) => f.cameraId.startsWith('atk-'))).toEqual([]);
    expect(server.relay.cameras.getLocal('atk-sio')?.framesIn).toBe(0);
    expect(server.relay.cameras.getLocal('atk-http')).toBeUndefined();
    expect(server.relay.latestFrame('atk-sio')).toBeUndefined();
  });

  it('serves a real JPEG carrying HTML in a comment only as image/jpeg with nosniff', async () => {
    // A valid JPEG that also holds HTML is accepted (it is a picture); it must never be served as anything else.
    const polyglot = withComment(await makeJpeg(64, 48, 11), HTML);
    expect(readJpegSize(polyglot)).toEqual({ width: 64, height: 48 });
    expect(await sendHttp('poly', polyglot)).toMatchObject({ status: 202 });
    const res = await fetch(`${server.url}/api/cameras/poly/snapshot.jpg`, { headers: server.adminAuth });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(Buffer.from(await res.arrayBuffer()).equals(polyglot)).toBe(true);
    await healthy.stillFlowing();
  });
});
