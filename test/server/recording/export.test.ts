/**
 * Exports against a real HTTP server, real sign-in and real ffmpeg: readers that never read (raw
 * sockets, paused) lose their slot after the drain deadline, one export per user, and the headers
 * that say what a clip with a gap holds. The export routes are attached to an app of their own so
 * that the deadline can be short; everything under them is the relay's.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpAuth } from '../../../server/auth/index.js';
import { requireUser } from '../../../server/auth/http.js';
import type { AuthStore } from '../../../server/auth/store.js';
import { hashPassword } from '../../../server/auth/passwords.js';
import { attachExportRoutes } from '../../../server/recording/export-routes.js';
import { ExportSlots } from '../../../server/recording/export-slots.js';
import { recorderFfmpeg } from '../../../server/recording/ffmpeg-path.js';
import { RecordingManager } from '../../../server/recording/recording-manager.js';
import type { SegmentRecord } from '../../../server/recording/segment-files.js';
import { RECORDING_DEFAULTS } from '../../../server/recording/settings.js';
import { waitFor } from '../../helpers/wait.js';
import { makeNoiseMedia, noiseRecord, packetTimes } from './media.js';

const DRAIN_MS = 2000;
const USERS = ['alice', 'bob', 'carol'];
const password = (user: string) => `${user}-password-1`;
const basic = (user: string) => `Basic ${Buffer.from(`${user}:${password(user)}`).toString('base64')}`;
// An hour ago, on a whole minute: inside retention, and the clip (T to T + 14 s) never crosses midnight,
// so its file name has the same-day form this test expects (a run at 00:52 once put T at 23:59:54).
const T = Math.floor((Date.now() - 3_600_000) / 60_000) * 60_000;

let tmp: string;
let manager: RecordingManager;
let store: AuthStore;
let server: Server;
let url: string;
let slots: ExportSlots;
const pids: number[] = [];
const sockets: Socket[] = [];

/** A closed segment of camera door from `start`, 4 s long, ending for `endReason`. */
async function addSegment(media: string, start: number, endReason: SegmentRecord['endReason']): Promise<void> {
  const record = noiseRecord('door', start, endReason);

  mkdirSync(path.dirname(manager.files.mediaPath(record)), { recursive: true });
  copyFileSync(media, manager.files.mediaPath(record));
  await manager.files.writeSidecar(record);
}

/** A GET of the export from `user` on a raw socket that never reads what comes back. */
function neverRead(user: string, from: number, to: number): Socket {
  const { port } = server.address() as AddressInfo;
  const socket = connect(port, '127.0.0.1');
  socket.pause();
  socket.on('error', () => {});
  socket.write(`GET /api/cameras/door/export.mp4?from=${from}&to=${to} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${basic(user)}\r\n\r\n`);
  sockets.push(socket);
  return socket;
}

const exportOf = (user: string, from = T, to = T + 4000) =>
  fetch(`${url}/api/cameras/door/export.mp4?from=${from}&to=${to}`, { headers: { authorization: basic(user) } });
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'camrelay-export-'));
  const dataDir = path.join(tmp, 'data');
  mkdirSync(dataDir);
  manager = new RecordingManager({ dataDir, config: RECORDING_DEFAULTS, ffmpeg: recorderFfmpeg, silenceMs: 1000, freeBytes: async () => 1e12 });
  await manager.start();
  const media = path.join(tmp, 'noise.mp4');
  await makeNoiseMedia(media);
  // Recorded 0-4 s, the camera offline for 6 s, recorded 10-14 s.
  await addSegment(media, T, 'camera-offline');
  await addSegment(media, T + 10_000, 'rotate');
  const setup = await setUpAuth(dataDir, 'capture-token', { adminPassword: 'admin-password-1', sessionTtlMs: 3_600_000 });
  store = setup.store;
  for (const username of USERS) store.putUser({ username, role: 'viewer', cameras: '*', password: await hashPassword(password(username)) });
  const app = express();
  const user = requireUser(setup.auth);
  slots = new ExportSlots({ drainTimeoutMs: DRAIN_MS });
  const httpAuth = { tls: false, trustProxy: false, allowedOrigins: [] };
  attachExportRoutes(app, manager, {
    user,
    cameraViewer: user,
    httpAuth,
    ffmpeg: recorderFfmpeg,
    exportSlots: slots,
    onExportSpawn: (pid) => void (pid && pids.push(pid)),
  });
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Each user signs in once here: the password check (scrypt) is cached after, so a test's requests are not slowed by it.
  for (const u of USERS)
    expect((await fetch(`${url}/api/cameras/door/export.json?from=${T}&to=${T + 4000}`, { headers: { authorization: basic(u) } })).status).toBe(200);
}, 60_000);

afterAll(async () => {
  for (const s of sockets) s.destroy();
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  store?.close();
  await manager?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('export.mp4', () => {
  it('frees the slots of two exports nobody reads once they have not drained for the deadline: their ffmpeg is killed, another user exports', async () => {
    neverRead('alice', T, T + 4000);
    neverRead('bob', T, T + 4000);
    await waitFor(() => slots.running === 2 && pids.length === 2, 'both exports running');
    const [alicePid, bobPid] = pids;
    expect(alive(alicePid!) && alive(bobPid!)).toBe(true);
    // While both hold their slot, a third user is turned away.
    const busy = await exportOf('carol');
    expect(busy.status).toBe(503);
    expect(((await busy.json()) as { error: string }).error).toBe('EXPORT_BUSY');
    // Within a few drain deadlines: the readers never read, so each export ends and its ffmpeg goes.
    await waitFor(() => slots.running === 0, 'both slots freed', 10 * DRAIN_MS, 50);
    expect(slots.ended.stalled).toBe(2);
    await waitFor(() => !alive(alicePid!) && !alive(bobPid!), 'both ffmpegs gone', 5000, 50);
    const res = await exportOf('carol');
    expect(res.status).toBe(200);
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(1_000_000);
    await waitFor(() => slots.ended.done === 1, 'the export counted as done once its ffmpeg exited');
  });

  it('refuses a second export of the same user while the first runs (409 EXPORT_RUNNING), and frees it when the reader leaves', async () => {
    const first = neverRead('alice', T, T + 4000);
    await waitFor(() => slots.running === 1, 'the first export running');
    const second = await exportOf('alice');
    expect(second.status).toBe(409);
    expect(await second.json()).toMatchObject({ error: 'EXPORT_RUNNING', message: expect.stringMatching(/^You already have an export running/) });
    // Someone else is not held up by it.
    expect((await exportOf('bob')).status).toBe(200);
    first.destroy();
    await waitFor(() => slots.running === 0, 'the slot freed when the reader left', 5000, 50);
  });

  it('says what a clip over a gap holds: the real range, the recorded time and the gap joined over, and names the file after them', async () => {
    const [from, to] = [T - 5000, T + 19_000];
    const res = await exportOf('carol', from, to);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-camrelay-export-range')).toBe(`${T}-${T + 14_000}`);
    expect(res.headers.get('x-camrelay-export-recorded')).toBe('8');
    expect(res.headers.get('x-camrelay-export-gaps')).toBe('1; missing=6');
    const name = /filename="(.+)"/.exec(res.headers.get('content-disposition')!)![1]!;
    const stamp = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace(/:/g, '-');
    expect(name).toBe(`door-${stamp(T)}Z-to-${stamp(T + 14_000).slice(11)}Z.mp4`);
    // The clip has both recordings' frames back to back: 8 s of 25 fps, the 6 s between left out.
    const file = path.join(tmp, 'gap.mp4');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    expect((await packetTimes(file)).length).toBe(200);
  });
});

describe('export.json and HEAD export.mp4', () => {
  it('tell the same before any clip is made, and start no ffmpeg', async () => {
    const before = pids.length;
    const json = await fetch(`${url}/api/cameras/door/export.json?from=${T - 5000}&to=${T + 19_000}`, { headers: { authorization: basic('carol') } });
    expect(await json.json()).toMatchObject({
      recordedFrom: T,
      recordedTo: T + 14_000,
      recordedMs: 8000,
      skipped: 1,
      skippedMs: 6000,
      gaps: [
        { start: T - 5000, end: T, reason: 'not-recorded' },
        { start: T + 4000, end: T + 10_000, reason: 'camera-offline' },
        { start: T + 14_000, end: T + 19_000, reason: 'camera-offline' },
      ],
    });
    const head = await fetch(`${url}/api/cameras/door/export.mp4?from=${T - 5000}&to=${T + 19_000}`, {
      method: 'HEAD',
      headers: { authorization: basic('carol') },
    });
    expect(head.status).toBe(200);
    expect(head.headers.get('x-camrelay-export-gaps')).toBe('1; missing=6');
    expect(pids.length).toBe(before);
  });

  it('answer NO_RECORDING where nothing was recorded', async () => {
    const res = await fetch(`${url}/api/cameras/door/export.json?from=${T + 5000}&to=${T + 9000}`, { headers: { authorization: basic('carol') } });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: string }).error).toBe('NO_RECORDING');
  });
});
