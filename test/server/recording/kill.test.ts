import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startServerProcess, type Program } from '../../helpers/processes.js';
import { TEST_ADMIN } from '../../helpers/server.js';
import { waitFor } from '../../helpers/wait.js';
import { packetTimes, seqJpeg } from './media.js';

const TOKEN = 'kill-test-capture-token';
const ENV = {
  CAMRELAY_CAPTURE_TOKEN: TOKEN,
  CAMRELAY_OFFLINE_AFTER_MS: '1000',
  CAMRELAY_RECORDING: JSON.stringify({ segmentSeconds: 3, cameras: { door: { mode: 'continuous' } } }),
};
const auth = { authorization: `Basic ${Buffer.from(`${TEST_ADMIN.username}:${TEST_ADMIN.password}`).toString('base64')}` };
const dataDir = mkdtempSync(path.join(tmpdir(), 'camrelay-kill-'));
let relay: Program | undefined;

interface Segment {
  id: string;
  start: number;
  end: number;
  frames: number;
  state: string;
  endReason: string | null;
}

afterAll(async () => {
  await relay?.kill();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Posts `count` frames 100 ms apart, numbered from `first`, until `stop()` says so; a relay gone ends it. */
async function send(url: string, first: number, count: number, stop = () => false): Promise<void> {
  let due = Date.now();
  for (let seq = first; seq < first + count && !stop(); seq++) {
    await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
    const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'image/jpeg', 'x-frame-seq': String(seq), 'x-captured-at': String(Date.now()) };
    const res = await fetch(`${url}/api/cameras/door/frames`, { method: 'POST', body: (await seqJpeg(seq)) as Uint8Array<ArrayBuffer>, headers }).catch(
      () => null,
    );
    if (!res) return;
    expect(res.status).toBe(202);
    due += 100;
  }
}

async function listing(url: string): Promise<{ segments: Segment[]; gaps: Array<{ start: number; end: number; reason: string }> }> {
  const res = await fetch(`${url}/api/cameras/door/recordings`, { headers: auth });
  return (await res.json()) as { segments: Segment[]; gaps: Array<{ start: number; end: number; reason: string }> };
}

describe('a relay killed while recording (SIGKILL)', () => {
  it('leaves every earlier segment playable, the killed one playable up to its last fragment, and the gap labelled relay-down', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    relay = await startServerProcess(port, dataDir, ENV);
    let killed = false;
    const sending = send(url, 1, 200, () => killed);
    // Two segments done, the third open with its sidecar rewritten at least once: kill the relay mid-segment.
    await waitFor(
      async () => {
        const { segments } = await listing(url);
        return segments.length === 3 && segments[2]!.state === 'open' && segments[2]!.frames > 0;
      },
      'a third segment under way',
      20_000,
      100,
    );
    await relay.kill('SIGKILL');
    killed = true;
    await sending;

    relay = await startServerProcess(port, dataDir, ENV);
    const before = await listing(url);
    expect(before.segments.map((s) => [s.state, s.endReason])).toEqual([
      ['closed', 'rotate'],
      ['closed', 'rotate'],
      ['closed', 'relay-down'],
    ]);
    const files = path.join(dataDir, 'recordings', 'door');
    const mediaOf = (s: Segment) => path.join(files, new Date(s.start).toISOString().slice(0, 10), `${s.id}.mp4`);
    for (const s of before.segments.slice(0, 2)) expect((await packetTimes(mediaOf(s))).length).toBe(s.frames);
    // ffmpeg saw its input end when the relay died and finished the file; the restarted relay read
    // the file itself, so the index counts every frame it holds, not the sidecar's last note.
    const cut = before.segments[2]!;
    const times = await packetTimes(mediaOf(cut));
    expect(times.length).toBe(cut.frames);
    expect(cut.end - cut.start).toBeGreaterThanOrEqual(Math.round(times.at(-1)!));

    await send(url, 100, 15);
    await waitFor(async () => (await listing(url)).segments.every((s) => s.state === 'closed'), 'the new segment closed', 10_000, 200);
    const after = await listing(url);
    expect(after.segments).toHaveLength(4);
    const gap = after.gaps.find((g) => g.start >= cut.start && g.end <= after.segments[3]!.start + 1);
    expect(gap).toMatchObject({ start: cut.end, end: after.segments[3]!.start, reason: 'relay-down' });
  }, 90_000);
});
