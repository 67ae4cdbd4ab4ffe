/**
 * attachHlsRoutes on a bare Express app (port 0) with a real HlsPackagers fed real libx264 units by a stand-in for
 * LiveH264: what every reader of a part gets is the stored bytes with Express's own ETag, made once per body, and a
 * reader that has it already is answered 304, as res.send does. The whole relay's HLS is stream-hls.test.ts.
 */
import type { AddressInfo } from 'node:net';
import { get, type IncomingMessage, type Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { H264Unit } from '../../../server/tracks/h264-lane.js';
import type { LaneSink } from '../../../server/tracks/lane.js';
import { HlsPackagers } from '../../../server/streams/hls-packagers.js';
import { attachHlsRoutes } from '../../../server/streams/hls-routes.js';
import { h264AccessUnits } from '../../helpers/h264.js';

let server: Server;
let url: string;
let packagers: HlsPackagers;
const sinks = new Map<string, LaneSink<H264Unit>>();
/** Bodies Express's ETag function was given. */
const tagged: Buffer[] = [];

beforeAll(async () => {
  // Two seconds, the keyframe that ends them, and the picture after it (each picture is written when the next comes).
  const units = await h264AccessUnits(32, 320, 180, 15);
  packagers = new HlsPackagers({ watch: (viewer, cameraId, sink) => void sinks.set(`${viewer}/${cameraId}`, sink), unwatch: () => {} });
  const app = express();
  // Express's weak ETag, counted: the same value as its default, from the function the app is set with.
  const weak = app.get('etag fn') as (body: Buffer) => string;
  app.set('etag', (body: Buffer) => (tagged.push(body), weak(body)));
  attachHlsRoutes({
    app,
    reader: (_req, res, next) => ((res.locals.streamReader = 'token:t'), next()),
    relay: { cameras: { get: () => ({}) as never } },
    live: { canSend: () => true },
    packagers,
    clientIp: () => '127.0.0.1',
    log: { info: () => {} },
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/cameras/yard/`;
  // As a first playlist fetch would: the packager starts watching the camera.
  packagers.touch('yard', 'token:t@127.0.0.1');
  units.forEach((u, i) => {
    const meta = { keyframe: u.keyframe, width: 320, height: 180, capturedAt: Math.round((i * 1000) / 15) } as H264Unit['meta'];
    for (const sink of sinks.values()) sink.write({ meta, au: u.au }, () => {});
  });
  expect((await fetch(`${url}stream.m3u8`)).status).toBe(200);
}, 60_000);

afterAll(async () => {
  packagers?.close();
  await new Promise((r) => server?.close(r));
});

describe('attachHlsRoutes', () => {
  describe('GET hls/part-<id>.m4s', () => {
    it("sends every reader the part's stored bytes with Express's ETag, made once, and 304 to one that has them", async () => {
      const stored = packagers.get('yard')!.part(0)!.bytes;
      const before = tagged.length;
      const answers = await Promise.all([1, 2, 3].map(() => fetch(`${url}hls/part-0.m4s`)));
      const tags = answers.map((r) => r.headers.get('etag'));
      for (const r of answers) {
        expect(r.status).toBe(200);
        expect(Buffer.from(await r.arrayBuffer()).equals(stored)).toBe(true);
      }
      expect(tags[0]).toMatch(/^W\/"/);
      expect(new Set(tags)).toEqual(new Set([tags[0]]));
      expect(tagged.slice(before)).toEqual([stored]);
      // node:http, not fetch: fetch adds `Cache-Control: no-cache` to a conditional request, which no server answers 304.
      const again = await new Promise<IncomingMessage>((resolve, reject) =>
        get(`${url}hls/part-0.m4s`, { headers: { 'if-none-match': tags[0]! } }, resolve).once('error', reject),
      );
      again.resume();
      expect(again.statusCode).toBe(304);
      expect(again.headers.etag).toBe(tags[0]);
    });
  });
});
