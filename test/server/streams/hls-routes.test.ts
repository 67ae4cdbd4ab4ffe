/**
 * attachHlsRoutes on a bare Express app (port 0) with a real HlsPackagers fed real libx264 units by a stand-in for
 * LiveH264: what every reader of a part gets is the stored bytes with Express's own ETag, made once per body, and a
 * reader that has it already is answered 304, as res.send does. A browser's own player (`Sec-Fetch-Dest: video`) is
 * answered a segment it was not given, or waits for one, a bounded time and a bounded number of requests.
 * The whole relay's HLS is stream-hls.test.ts.
 */
import type { AddressInfo } from 'node:net';
import { get, type IncomingMessage, type Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { H264Unit } from '../../../server/tracks/h264-lane.js';
import type { LaneSink } from '../../../server/tracks/lane.js';
import { HlsPackagers } from '../../../server/streams/hls-packagers.js';
import { attachHlsRoutes, HLS_ROUTE_DEFAULTS } from '../../../server/streams/hls-routes.js';
import { h264AccessUnits } from '../../helpers/h264.js';
import { waitFor } from '../../helpers/wait.js';

let server: Server;
let url: string;
let packagers: HlsPackagers;
const sinks = new Map<string, LaneSink<H264Unit>>();
/** Bodies Express's ETag function was given. */
const tagged: Buffer[] = [];
/** A media element's playlist waits this long at most for a segment it was not given (elementWaitMs). */
const ELEMENT_WAIT_MS = 2000;
let units: Awaited<ReturnType<typeof h264AccessUnits>>;

/** Writes units `from` to `to` (not included) of 15 fps to the packager's watcher of `cameraId`. */
function feed(cameraId: string, from: number, to: number): void {
  const sink = [...sinks].find(([key]) => key.endsWith(`/${cameraId}`))![1];
  for (let i = from; i < to; i++) {
    const u = units[i]!;
    sink.write({ meta: { keyframe: u.keyframe, width: 320, height: 180, capturedAt: Math.round((i * 1000) / 15) } as H264Unit['meta'], au: u.au }, () => {});
  }
}

beforeAll(async () => {
  // Segments of two seconds (a keyframe a second): the first ends at the keyframe of unit 30, once unit 31 comes
  // (each picture is written when the next comes); the second at 60, the third at 90.
  units = await h264AccessUnits(92, 320, 180, 15);
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
    elementWaitMs: ELEMENT_WAIT_MS,
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/cameras/yard/`;
  // As a first playlist fetch would: the packager starts watching the camera.
  packagers.touch('yard', 'token:t@127.0.0.1');
  feed('yard', 0, 32);
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

/** Segment numbers a playlist lists. */
const listed = async (res: Response) => [...(await res.text()).matchAll(/seg-(\d+)\.m4s/g)].map((m) => Number(m[1]));

describe('attachHlsRoutes', () => {
  describe('GET stream.m3u8 from a media element (Sec-Fetch-Dest: video)', () => {
    const asElement = () => fetch(`${url.replace('/yard/', '/porch/')}stream.m3u8`, { headers: { 'sec-fetch-dest': 'video' } });

    it("answers its reload once a segment it was not given is listed: Chromium's own player fails for good on the same ones", async () => {
      // The packager starts at this fetch, which waits for the first segment.
      const first = asElement();
      await waitFor(() => [...sinks.keys()].some((k) => k.endsWith('/porch')), 'the porch packager to watch the camera');
      feed('porch', 0, 32);
      expect(await listed(await first)).toEqual([0]);
      // As Chromium reloads at once, having fetched segment 0: held until segment 1 is finished.
      let answered = false;
      const reload = asElement().then((r) => ((answered = true), r));
      await waitFor(() => packagers.waiting === 1, 'the reload to wait');
      expect(answered).toBe(false);
      feed('porch', 32, 62);
      expect(await listed(await reload)).toEqual([0, 1]);
      // A script player (hls.js, no Sec-Fetch-Dest: video) is answered at once, as before.
      expect(await listed(await fetch(`${url.replace('/yard/', '/porch/')}stream.m3u8`))).toEqual([0, 1]);
    });

    it('answers the playlist as it is once elementWaitMs passes with no newer segment', async () => {
      const res = await asElement();
      expect(res.status).toBe(200);
      expect(await listed(res)).toEqual([0, 1]);
    });

    it("answers 503 HLS_BUSY past one reader's share of waiting requests, and the others when the segment comes", async () => {
      const asked = Array.from({ length: HLS_ROUTE_DEFAULTS.waitsPerReader + 1 }, asElement);
      const refused = await Promise.race(asked);
      expect(refused.status).toBe(503);
      expect(await refused.json()).toMatchObject({ error: 'HLS_BUSY' });
      feed('porch', 62, 92);
      const answers = await Promise.all(asked);
      expect(answers.map((r) => r.status).sort()).toEqual([...Array<number>(HLS_ROUTE_DEFAULTS.waitsPerReader).fill(200), 503]);
    });
  });
});
