/**
 * HLS out (#41), with real parts: a relay, capture connections sending real libx264 units, and the ffmpeg
 * the package ships reading the playlist as a player would (no ffprobe ships: ffmpeg's input line says the
 * codec and size). The token rides in every URI of the playlist; wrong and other cameras' tokens are refused.
 * Low-Latency HLS on the same playlist: its parts, a blocking reload and the preload-hinted part, as hls.js asks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HLS_ROUTE_DEFAULTS } from '../../../server/streams/hls-routes.js';
import { startCamera, type TestCamera } from '../../helpers/capture.js';
import { startH264Camera, type H264Camera } from '../../helpers/h264-camera.js';
import { ffmpegRun } from '../../helpers/h264.js';
import { startTestServer, stopTestServer, type TestServer } from '../../helpers/server.js';
import { waitFor } from '../../helpers/wait.js';
import { login, sameOrigin } from '../../security/helpers/session.js';

let server: TestServer;
let yard: H264Camera;
let porch: H264Camera;
let shed: TestCamera;
let cookie: string;

async function makeToken(cameraId: string): Promise<string> {
  const res = await fetch(`${server.url}/api/cameras/${cameraId}/stream-tokens`, {
    method: 'POST',
    headers: { cookie, ...sameOrigin(server), 'content-type': 'application/json' },
    body: JSON.stringify({ label: 'hls' }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { secret: string }).secret;
}

const playlistUrl = (cameraId: string, token?: string) =>
  `${server.url}/api/cameras/${cameraId}/stream.m3u8${token === undefined ? '' : `?token=${encodeURIComponent(token)}`}`;

async function metrics(): Promise<string> {
  return (await fetch(`${server.url}/metrics`, { headers: server.adminAuth })).text();
}

beforeAll(async () => {
  server = await startTestServer();
  [yard, porch, shed] = await Promise.all([
    startH264Camera(server.url, server.captureToken, 'yard', 15, 320, 180),
    startH264Camera(server.url, server.captureToken, 'porch', 15, 320, 180),
    startCamera(server.url, server.captureToken, 'shed', { fps: 5 }),
  ]);
  cookie = await login(server);
  await waitFor(async () => {
    const list = (await (await fetch(`${server.url}/api/cameras`, { headers: server.adminAuth })).json()) as Array<{ id: string; h264?: boolean }>;
    return list.filter((c) => c.h264).length === 2 && list.some((c) => c.id === 'shed');
  }, 'both H.264 cameras and the JPEG one listed');
}, 60_000);

afterAll(async () => {
  yard?.stop();
  porch?.stop();
  shed?.stop();
  await stopTestServer(server);
});

describe('GET /api/cameras/:id/stream.m3u8', () => {
  it('is read by ffmpeg with a stream token in the URL: H.264 at the camera size, 30 frames decoded', async () => {
    const token = await makeToken('yard');
    const run = await ffmpegRun(['-hide_banner', '-i', playlistUrl('yard', token), '-frames:v', '30', '-f', 'null', '-']);
    expect(run.code, run.err).toBe(0);
    expect(run.err).toMatch(/Stream #0:0.*Video: h264 .*320x180/);
    expect(run.err).toMatch(/frame=\s*30\b/);
  }, 60_000);

  it('answers a version 7 playlist of fMP4 segments whose URIs carry the token again, each segment fetched with it', async () => {
    const token = await makeToken('yard');
    const res = await fetch(playlistUrl('yard', token));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    const text = await res.text();
    expect(text).toMatch(/^#EXTM3U\n#EXT-X-VERSION:7\n/);
    const q = `?token=${encodeURIComponent(token)}`;
    const map = /#EXT-X-MAP:URI="(hls\/init-\d+\.mp4)(\?[^"]*)"/.exec(text);
    expect(map?.[2]).toBe(q);
    const segs = [...text.matchAll(/^(hls\/seg-\d+\.m4s)(\?.*)$/gm)];
    expect(segs.length).toBeGreaterThan(0);
    for (const s of segs) expect(s[2]).toBe(q);
    const base = `${server.url}/api/cameras/yard/`;
    const init = Buffer.from(await (await fetch(base + map![1] + q)).arrayBuffer());
    expect(init.subarray(4, 8).toString()).toBe('ftyp');
    const seg = await fetch(base + segs[0]![1] + q);
    expect(seg.status).toBe(200);
    expect(
      Buffer.from(await seg.arrayBuffer())
        .subarray(4, 8)
        .toString(),
    ).toBe('moof');
    // The URI without its token is refused as any tokenless request.
    expect((await fetch(base + segs[0]![1])).status).toBe(401);
  }, 30_000);

  it('takes the token as the password of HTTP Basic, and ffmpeg reads on', async () => {
    const token = await makeToken('porch');
    const url = playlistUrl('porch').replace('http://', `http://frigate:${encodeURIComponent(token)}@`);
    const run = await ffmpegRun(['-hide_banner', '-i', url, '-frames:v', '5', '-f', 'null', '-']);
    expect(run.code, run.err).toBe(0);
    expect(run.err).toMatch(/Video: h264 .*320x180/);
  }, 60_000);

  it('refuses a wrong token, another camera’s token and none with 401 BAD_STREAM_TOKEN, for the playlist and its segments', async () => {
    const porchToken = await makeToken('porch');
    const yardToken = await makeToken('yard');
    const listed = await (await fetch(playlistUrl('yard', yardToken))).text();
    const seg = /^(hls\/seg-\d+\.m4s)/m.exec(listed)![1]!;
    const segUrl = (token: string) => `${server.url}/api/cameras/yard/${seg}?token=${encodeURIComponent(token)}`;
    for (const url of [playlistUrl('yard', 'not-a-token'), playlistUrl('yard', porchToken), playlistUrl('yard'), segUrl('not-a-token'), segUrl(porchToken)]) {
      const res = await fetch(url);
      expect(res.status, url).toBe(401);
      expect(await res.json()).toMatchObject({ ok: false, error: 'BAD_STREAM_TOKEN' });
    }
  }, 30_000);

  it('answers 409 STREAM_NO_H264 for a camera that sends JPEG only', async () => {
    const res = await fetch(playlistUrl('shed', await makeToken('shed')));
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: 'STREAM_NO_H264' });
  });

  it('counts the readers that fetched a playlist in /metrics, and the bytes its segments hold', async () => {
    const token = await makeToken('porch');
    expect((await fetch(playlistUrl('porch', token))).status).toBe(200);
    const text = await metrics();
    expect(text).toMatch(/camrelay_hls_readers\{camera="porch"\} [1-9]/);
    expect(Number(/^camrelay_hls_bytes (\d+)/m.exec(text)?.[1])).toBeGreaterThan(0);
  }, 30_000);
});

/** The segment being made and its parts so far, from a playlist's text: where a blocking reload asks next. */
function liveEdge(text: string): { msn: number; parts: string[]; hint: string } {
  const first = Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(text)![1]);
  const tail = text.slice(text.lastIndexOf('#EXTINF'));
  return {
    msn: first + (text.match(/^#EXTINF/gm) ?? []).length,
    parts: [...tail.matchAll(/#EXT-X-PART:.*URI="(hls\/part-\d+\.m4s)/g)].map((m) => m[1]!),
    hint: /#EXT-X-PRELOAD-HINT:TYPE=PART,URI="(hls\/part-\d+\.m4s)/.exec(text)![1]!,
  };
}

describe('Low-Latency HLS on stream.m3u8', () => {
  it('lists parts with the token, a part target, blocking reload and a preload hint; a part is fMP4 fetched with the token', async () => {
    const token = await makeToken('yard');
    const q = `?token=${encodeURIComponent(token)}`;
    const text = await (await fetch(playlistUrl('yard', token))).text();
    expect(text).toContain('#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=');
    expect(text).toMatch(/#EXT-X-PART-INF:PART-TARGET=0\.\d{3}\n/);
    const parts = [...text.matchAll(/#EXT-X-PART:DURATION=[\d.]+,URI="(hls\/part-\d+\.m4s)(\?[^"]*)"(,INDEPENDENT=YES)?/g)];
    expect(parts.length).toBeGreaterThan(0);
    for (const p of parts) expect(p[2]).toBe(q);
    const independent = parts.find((p) => p[3])!;
    const base = `${server.url}/api/cameras/yard/`;
    const res = await fetch(base + independent[1] + q);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('video/mp4');
    expect(
      Buffer.from(await res.arrayBuffer())
        .subarray(4, 8)
        .toString(),
    ).toBe('moof');
    expect((await fetch(base + independent[1])).status).toBe(401);
    expect((await fetch(`${base}${independent[1]}?token=${encodeURIComponent(await makeToken('porch'))}`)).status).toBe(401);
  }, 30_000);

  it('holds a reload asking for the next part until the playlist lists it', async () => {
    const token = await makeToken('yard');
    const edge = liveEdge(await (await fetch(playlistUrl('yard', token))).text());
    // Each reload waits up to 3 part targets; on a loaded box the camera's next units may come later, and the player asks again.
    await waitFor(async () => {
      const res = await fetch(`${playlistUrl('yard', token)}&_HLS_msn=${edge.msn}&_HLS_part=${edge.parts.length}`);
      expect(res.status).toBe(200);
      // The part hinted before is listed now (in the segment being made, or as the last of one just finished).
      return (await res.text()).includes(`URI="${edge.hint}?token=`);
    }, 'a blocking reload listing the hinted part');
  }, 30_000);

  it('answers the preload-hinted part once it is made', async () => {
    const token = await makeToken('yard');
    const edge = liveEdge(await (await fetch(playlistUrl('yard', token))).text());
    const res = await fetch(`${server.url}/api/cameras/yard/${edge.hint}?token=${encodeURIComponent(token)}`);
    expect(res.status).toBe(200);
    expect(
      Buffer.from(await res.arrayBuffer())
        .subarray(4, 8)
        .toString(),
    ).toBe('moof');
  }, 30_000);

  it('answers 503 HLS_BUSY to one token past its share of blocking reloads while another token’s reload waits', async () => {
    const [mine, other] = [await makeToken('yard'), await makeToken('yard')];
    const edge = liveEdge(await (await fetch(playlistUrl('yard', mine))).text());
    // The segment after the one being made is about a segment's time away (a GOP): these are all asked at once, well within it.
    const ask = (token: string) => fetch(`${playlistUrl('yard', token)}&_HLS_msn=${edge.msn + 1}`);
    const answers = await Promise.all([...Array.from({ length: HLS_ROUTE_DEFAULTS.waitsPerReader + 1 }, () => ask(mine)), ask(other)]);
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 503)).toHaveLength(1);
    expect(statuses.at(-1)).toBe(200);
    const refused = answers.find((r) => r.status === 503)!;
    expect(await refused.json()).toMatchObject({ error: 'HLS_BUSY' });
  }, 30_000);

  it('refuses at once with 400 HLS_BAD_DIRECTIVE a segment far ahead, a part far ahead, and a part without a segment', async () => {
    const token = await makeToken('yard');
    const edge = liveEdge(await (await fetch(playlistUrl('yard', token))).text());
    for (const ask of [`_HLS_msn=${edge.msn + 10}`, `_HLS_msn=${edge.msn}&_HLS_part=${edge.parts.length + 20}`, '_HLS_part=1', '_HLS_msn=x']) {
      const res = await fetch(`${playlistUrl('yard', token)}&${ask}`);
      expect(res.status, ask).toBe(400);
      expect(await res.json()).toMatchObject({ error: 'HLS_BAD_DIRECTIVE' });
    }
  }, 30_000);

  it('answers a part nobody hinted and not held with 404 HLS_SEGMENT_GONE', async () => {
    const token = await makeToken('yard');
    const res = await fetch(`${server.url}/api/cameras/yard/hls/part-999999999.m4s?token=${encodeURIComponent(token)}`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: 'HLS_SEGMENT_GONE' });
  }, 30_000);
});
