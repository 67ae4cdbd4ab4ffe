import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../server/auth/passwords.js';
import { RECORDING_DEFAULTS } from '../../../server/recording/settings.js';
import { login, sameOrigin } from '../../security/helpers/session.js';
import { startTestServer, stopTestServer, type TestServer } from '../../helpers/server.js';
import { waitFor } from '../../helpers/wait.js';
import { decodedSeqs, packetTimes, seqJpeg } from './media.js';

interface Listed {
  segments: Array<{ id: string; start: number; end: number; frames: number; bytes: number; format: string; state: string; endReason: string; url: string }>;
  gaps: Array<{ start: number; end: number; reason: string }>;
}

const ALICE = { username: 'alice', password: 'alice-password-1' };
const basic = (u: { username: string; password: string }) => ({ authorization: `Basic ${Buffer.from(`${u.username}:${u.password}`).toString('base64')}` });
let server: TestServer;
let tmp: string;
/** What was posted: each frame's sequence number and capture stamp. */
const sent: Array<{ seq: number; at: number }> = [];

async function post(camera: string, seq: number, at: number, jpeg: Buffer): Promise<void> {
  const headers = { authorization: `Bearer ${server.captureToken}`, 'content-type': 'image/jpeg', 'x-frame-seq': String(seq), 'x-captured-at': String(at) };
  const res = await fetch(`${server.url}/api/cameras/${camera}/frames`, { method: 'POST', body: jpeg as Uint8Array<ArrayBuffer>, headers });
  expect(res.status).toBe(202);
}

async function list(camera: string, auth = server.adminAuth): Promise<Listed> {
  const res = await fetch(`${server.url}/api/cameras/${camera}/recordings?from=${sent[0]!.at - 60_000}&to=${Date.now() + 60_000}`, { headers: auth });
  expect(res.status).toBe(200);
  return (await res.json()) as Listed;
}

async function download(url: string): Promise<string> {
  const res = await fetch(`${server.url}${url}`, { headers: server.adminAuth });
  expect(res.status).toBe(200);
  const file = path.join(tmp, url.replace(/\W/g, '_'));
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  return file;
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'camrelay-rec-it-'));
  server = await startTestServer({
    offlineAfterMs: 1000,
    recording: { ...RECORDING_DEFAULTS, segmentSeconds: 4, cameras: { door: { mode: 'continuous', fps: 15 }, yard: { mode: 'continuous', format: 'jpeg' } } },
  });
  server.store.putUser({ username: ALICE.username, role: 'viewer', cameras: ['yard'], password: await hashPassword(ALICE.password) });
  const jpegs = await Promise.all(Array.from({ length: 100 }, (_, i) => seqJpeg(i + 1)));
  // About 10 s of a variable-rate camera: at least 80 and 120 ms apart in turn (10 fps on average,
  // under the 15 fps cap). Each wait counts from the frame before, not from a fixed schedule: a
  // loaded machine that ran late must not catch up with a burst, which the cap would rightly thin.
  let due = Date.now();
  for (let i = 0; i < jpegs.length; i++) {
    await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
    const at = Date.now();
    await Promise.all([post('door', i + 1, at, jpegs[i]!), post('yard', i + 1, at, jpegs[i]!)]);
    sent.push({ seq: i + 1, at });
    due = at + (i % 2 ? 120 : 80);
  }
  // The camera stops: its segment ends as camera-offline once it has been silent for offlineAfterMs.
  await waitFor(async () => (await list('door')).segments.every((s) => s.state === 'closed'), 'the last segment closed', 15_000, 200);
  await waitFor(async () => (await list('yard')).segments.every((s) => s.state === 'closed'), 'the last yard segment closed', 15_000, 200);
}, 60_000);

afterAll(async () => {
  await stopTestServer(server);
  rmSync(tmp, { recursive: true, force: true });
});

describe('recording (real ffmpeg)', () => {
  it('keeps every frame in segments of the configured length, with no gap where none was made', async () => {
    const { segments, gaps } = await list('door');
    // A new segment at the first frame 4 s or more after the last one began: three for 10 s of frames,
    // more when a loaded box stretched the posting.
    let starts = 1;
    for (let i = 0, start = sent[0]!.at; i < sent.length; i++) if (sent[i]!.at - start >= 4000) [starts, start] = [starts + 1, sent[i]!.at];
    expect(segments.length).toBe(starts);
    expect(segments.reduce((n, s) => n + s.frames, 0)).toBe(sent.length);
    expect(segments.map((s) => s.endReason)).toEqual([...Array<string>(segments.length - 1).fill('rotate'), 'camera-offline']);
    expect(segments.every((s) => s.format === 'h264' && s.bytes > 0)).toBe(true);
    const inside = gaps.filter((g) => g.end <= segments.at(-1)!.end && g.start >= segments[0]!.start);
    expect(inside).toEqual([]);
  });

  it('writes H.264 segments ffmpeg plays: frame count as kept, times as captured (within 2% of the wall time), frames in order', async () => {
    const { segments } = await list('door');
    const seqs: number[] = [];
    const times: number[] = [];
    for (const s of segments) {
      const file = await download(s.url);
      const t = await packetTimes(file);
      expect(t.length).toBe(s.frames);
      // Media time 0 is the segment's start (docs/recording.md): a timeline maps moments onto files by it.
      expect(t[0]).toBe(0);
      times.push(...t.map((ms) => ms + s.start));
      seqs.push(...(await decodedSeqs(file)));
    }
    expect(seqs).toEqual(sent.map((f) => f.seq));
    const wall = sent.at(-1)!.at - sent[0]!.at;
    const recorded = times.at(-1)! - times[0]!;
    expect(Math.abs(recorded - wall) / wall).toBeLessThan(0.02);
    // Each frame at its own capture time (the recorder anchors on the first frame's arrival).
    for (let i = 1; i < sent.length; i++) expect(Math.abs(times[i]! - times[0]! - (sent[i]!.at - sent[0]!.at))).toBeLessThanOrEqual(2);
  });

  it('keeps the JPEGs as they came in the JPEG-keeping mode, at their capture times', async () => {
    const { segments } = await list('yard');
    expect(segments.every((s) => s.format === 'jpeg')).toBe(true);
    const seqs: number[] = [];
    for (const s of segments) {
      const file = await download(s.url);
      expect((await packetTimes(file)).length).toBe(s.frames);
      seqs.push(...(await decodedSeqs(file)));
    }
    expect(seqs).toEqual(sent.map((f) => f.seq));
  });

  it('answers range requests, as a <video> seeking asks', async () => {
    const { segments } = await list('door');
    const res = await fetch(`${server.url}${segments[0]!.url}`, { headers: { ...server.adminAuth, range: 'bytes=100-199' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 100-199/${segments[0]!.bytes}`);
    expect(res.headers.get('content-type')).toBe('video/mp4');
    expect((await res.arrayBuffer()).byteLength).toBe(100);
  });

  it('answers a range from the end of a segment or past it with 416 and the file’s size, as JSON', async () => {
    const { segments } = await list('door');
    const size = segments[0]!.bytes;
    for (const range of [`bytes=${size}-`, `bytes=${size + 1000}-${size + 2000}`]) {
      const res = await fetch(`${server.url}${segments[0]!.url}`, { headers: { ...server.adminAuth, range } });
      expect(res.status, range).toBe(416);
      expect(res.headers.get('content-range'), range).toBe(`bytes */${size}`);
      expect(res.headers.get('content-type'), range).toMatch(/^application\/json/);
      expect(((await res.json()) as { error: string }).error, range).toBe('RANGE_NOT_SATISFIABLE');
    }
  });

  it('lets a segment be kept only by revalidation (it grows while open, retention deletes it)', async () => {
    const { segments } = await list('door');
    const res = await fetch(`${server.url}${segments[0]!.url}`, { headers: server.adminAuth });
    expect(res.headers.get('cache-control')).toBe('private, no-cache');
    expect(res.headers.get('etag') ?? res.headers.get('last-modified')).toBeTruthy();
    await res.arrayBuffer();
  });

  it('refuses a day that is not on the calendar with BAD_DAY, on recordings and events alike', async () => {
    for (const route of ['/api/cameras/door/recordings?day=2026-02-31', '/api/events?day=2026-02-31', '/api/events?day=2026-2-3']) {
      const res = await fetch(`${server.url}${route}`, { headers: server.adminAuth });
      expect(res.status, route).toBe(400);
      const body = (await res.json()) as { error: string; message: string };
      expect(body.error, route).toBe('BAD_DAY');
      expect(body.message, route).toContain('YYYY-MM-DD');
    }
  });

  it('exports a range as one MP4 spanning segments, copied from the keyframe at or before its start to its end', async () => {
    const { segments } = await list('door');
    const from = segments[0]!.start + 2000;
    const to = segments[0]!.start + 7000;
    const res = await fetch(`${server.url}/api/cameras/door/export.mp4?from=${from}&to=${to}`, { headers: server.adminAuth });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="door-.+\.mp4"$/);
    const file = path.join(tmp, 'export.mp4');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    // Where each frame lies in the recording: the first frame's place plus its capture interval.
    const timeOf = (seq: number) => segments[0]!.start + sent[seq - 1]!.at - sent[0]!.at;
    const seqs = await decodedSeqs(file);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => seqs[0]! + i));
    expect(timeOf(seqs.at(-1)!)).toBeLessThan(to);
    expect(timeOf(seqs.at(-1)! + 1)).toBeGreaterThanOrEqual(to - 1);
    // A keyframe every 2 s: the clip starts on the last one at or before `from`.
    expect(timeOf(seqs[0]!)).toBeLessThanOrEqual(from);
    expect(timeOf(seqs[0]!)).toBeGreaterThan(from - 2200);
    expect((await packetTimes(file)).length).toBe(seqs.length);
  });

  it('counts kept and skipped frames in /metrics', async () => {
    const text = await (await fetch(`${server.url}/metrics`, { headers: server.adminAuth })).text();
    expect(text).toContain(`camrelay_recording_frames_total{camera="door",outcome="kept"} ${sent.length}`);
    expect(text).toContain('camrelay_recording_dropped_total{camera="door",reason="queue_full"} 0');
    expect(text).toContain('camrelay_recording_disk_full 0');
  });
});

describe('recording routes: who may see what', () => {
  it('refuses every route without credentials', async () => {
    const { segments } = await list('door');
    for (const route of [
      '/api/recording',
      '/api/cameras/door/recording',
      '/api/cameras/door/recordings',
      segments[0]!.url,
      '/api/cameras/door/export.mp4?from=1&to=2',
    ])
      expect((await fetch(`${server.url}${route}`)).status, route).toBe(401);
  });

  it('shows a viewer only the cameras they may watch, and the others as unknown', async () => {
    const door = (await list('door')).segments[0]!;
    const yard = (await list('yard', basic(ALICE))).segments[0]!;
    expect((await fetch(`${server.url}${yard.url}`, { headers: basic(ALICE) })).status).toBe(200);
    for (const route of [
      '/api/cameras/door/recording',
      '/api/cameras/door/recordings',
      door.url,
      `/api/cameras/door/export.mp4?from=${door.start}&to=${door.end}`,
    ]) {
      const res = await fetch(`${server.url}${route}`, { headers: basic(ALICE) });
      expect(res.status, route).toBe(404);
      expect(((await res.json()) as { error: string }).error).toBe('UNKNOWN_CAMERA');
    }
    const overview = (await (await fetch(`${server.url}/api/recording`, { headers: basic(ALICE) })).json()) as { cameras: Array<{ camera: string }> };
    expect(overview.cameras.map((c) => c.camera)).toEqual(['yard']);
  });

  it('reaches no file but through the index: traversal and foreign ids are NO_RECORDING or refused', async () => {
    const door = (await list('door')).segments[0]!;
    const yard = (await list('yard')).segments[0]!;
    for (const route of [
      `/api/cameras/door/recordings/${yard.id}`,
      `/api/cameras/door/recordings/${door.id}.json`,
      '/api/cameras/door/recordings/..%2F..%2F..%2Fusers.json',
      '/api/cameras/door/recordings/%2e%2e%2f%2e%2e%2fusers.json',
      '/api/cameras/door/recordings/..%252F..%252Fusers.json',
      `/api/cameras/door/recordings/${door.id}%00.mp4`,
      '/api/cameras/..%2F..%2Fusers.json/recordings',
      `/api/cameras/door%2F..%2Fyard/recordings/${yard.id}`,
    ]) {
      const res = await fetch(`${server.url}${route}`, { headers: server.adminAuth });
      expect([400, 404], route).toContain(res.status);
      expect(res.headers.get('content-type'), route).toMatch(/json/);
    }
  });

  it('lets only an admin’s session change a camera’s recording, with its settings checked', async () => {
    const put = (headers: Record<string, string>, body: unknown) =>
      fetch(`${server.url}/api/cameras/yard/recording`, {
        method: 'PUT',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await put(basic(ALICE), { mode: 'off' })).status).toBe(403);
    const viaBasic = await put(server.adminAuth, { mode: 'off' });
    expect(viaBasic.status).toBe(403);
    const cookie = await login(server);
    const bad = await put({ cookie, ...sameOrigin(server) }, { mode: 'sometimes' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      error: 'BAD_RECORDING_SETTINGS',
      message: 'The recording settings are not valid: body.mode must be one of off, continuous, motion.',
    });
    const good = await put({ cookie, ...sameOrigin(server) }, { mode: 'motion', preRollSeconds: 3 });
    expect(good.status).toBe(200);
    expect(await good.json()).toMatchObject({ ok: true, settings: { mode: 'motion', format: 'jpeg', preRollSeconds: 3 } });
    const state = (await (await fetch(`${server.url}/api/cameras/yard/recording`, { headers: server.adminAuth })).json()) as { settings: { mode: string } };
    expect(state.settings.mode).toBe('motion');
    // A forged cross-site request carrying the admin's cookie changes nothing.
    const forgeries: Array<Record<string, string>> = [{ origin: 'https://evil.example' }, { origin: 'null' }, { 'sec-fetch-site': 'cross-site' }, {}];
    for (const forged of forgeries) {
      const res = await put({ cookie, ...forged }, { mode: 'off' });
      expect([res.status, ((await res.json()) as { error: string }).error], JSON.stringify(forged)).toEqual([403, 'BAD_ORIGIN']);
    }
    expect(server.recording.settingsOf('yard').mode).toBe('motion');
  });
});
