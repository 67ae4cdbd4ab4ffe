import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Frame } from '../../../server/relay/frame.js';
import { recordedTracks } from '../../../server/recording/record-tracks.js';
import { RecordingManager } from '../../../server/recording/recording-manager.js';
import { RECORDING_DEFAULTS, type RecordingConfig } from '../../../server/recording/settings.js';
import { waitFor } from '../../helpers/wait.js';
import { FakeSink, frameAt } from './fakes.js';

let dir: string;
let managers: RecordingManager[];
/** Each manager's tracks, as the relay publishes into them: the cameras of these tests are this node's. */
const fed = new Map<RecordingManager, ReturnType<typeof recordedTracks>>();
const offer = (m: RecordingManager, frame: Frame) => fed.get(m)!.jpeg.publish(frame);
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'camrelay-mgr-'));
  managers = [];
});
afterEach(async () => {
  for (const m of managers) await m.close();
  fed.clear();
  rmSync(dir, { recursive: true, force: true });
});

async function manager(config: Partial<RecordingConfig> = {}): Promise<RecordingManager> {
  const m = new RecordingManager({
    dataDir: dir,
    config: { ...RECORDING_DEFAULTS, ...config },
    ffmpeg: () => 'no ffmpeg in unit tests',
    silenceMs: 1000,
    freeBytes: async () => 1e12,
    openSink: (_format, file) => {
      mkdirSync(path.dirname(file), { recursive: true });
      return new FakeSink(file);
    },
  });
  managers.push(m);
  await m.start();
  fed.set(m, recordedTracks());
  m.read(fed.get(m)!);
  m.follow(['cam', 'door', 'yard']);
  return m;
}

/**
 * A stand-in for the motion detector that comes later: it sees the frames the relay hands on and
 * tells the manager when "motion" (here: frames 40 to 69) starts and ends.
 */
function fakeDetector(m: RecordingManager): (frame: Frame) => void {
  let moving = false;
  return (frame) => {
    const now = frame.seq >= 40 && frame.seq < 70;
    if (now !== moving) m.motion(frame.cameraId, { type: now ? 'start' : 'end', at: frame.capturedAt, score: now ? 0.3 : 0 });
    moving = now;
  };
}

const settle = () => new Promise((r) => setImmediate(r));

describe('RecordingManager', () => {
  it('reads the tracks of the cameras that record (which asks for their H.264), and no longer once an admin turns one off', async () => {
    const m = await manager({ cameras: { door: { mode: 'continuous' } } });
    const tracks = fed.get(m)!;
    expect(['door', 'yard'].map((id) => [tracks.h264.isRead(id), tracks.sound.isRead(id), tracks.jpeg.isRead(id)])).toEqual([
      [true, true, true],
      [false, false, false],
    ]);
    await m.configure('door', { mode: 'off' });
    expect([tracks.h264.isRead('door'), tracks.sound.isRead('door'), tracks.jpeg.isRead('door')]).toEqual([false, false, false]);
  });

  it('records nothing for a camera whose mode is off (the default)', async () => {
    const m = await manager();
    offer(m, frameAt(Date.now(), 1));
    expect(m.recorderCameras()).toEqual([]);
    expect(m.status('cam').state).toBe('off');
  });

  it('in motion mode, records an event from a detector with its pre-roll and post-roll', async () => {
    const m = await manager({ cameras: { cam: { mode: 'motion', fps: 10, preRollSeconds: 1, postRollSeconds: 1 } } });
    const detect = fakeDetector(m);
    // Frames stamped from now on: the manager's 1 s tick must not find the camera silent meanwhile.
    const t0 = Date.now();
    for (let seq = 0; seq < 100; seq++) {
      const frame = frameAt(t0 + seq * 100, seq, 'cam', t0 + seq * 100);
      detect(frame);
      offer(m, frame);
      await settle();
    }
    await waitFor(async () => (await m.index.all('cam')).some((s) => s.state === 'closed'), 'the event’s segment closed');
    const [segment] = await m.index.all('cam');
    // Frames 30-39 (pre-roll), 40-69 (motion), 70-80 (post-roll: up to 1 s after the end at frame 70).
    expect(segment).toMatchObject({ start: t0 + 3000, frames: 51, endReason: 'no-motion' });
    // The event's file is rewritten when it ends, beside the segment's: wait for that write too.
    const events = await waitFor(async () => {
      const found = (await m.index.range('cam', t0, t0 + 20_000)).events;
      return found[0]?.end ? found : null;
    }, 'the event ended on disk');
    expect(events).toEqual([expect.objectContaining({ start: t0 + 4000, end: t0 + 7000, peakScore: 0.3 })]);
  });

  it('applies an admin’s change at once and keeps it for the next start', async () => {
    const m = await manager({ defaults: { ...RECORDING_DEFAULTS.defaults, fps: 5 } });
    await m.configure('cam', { mode: 'continuous' });
    offer(m, frameAt(Date.now(), 1));
    expect(m.status('cam')).toMatchObject({ state: 'recording', settings: { mode: 'continuous', fps: 5 } });
    await m.close();
    const again = await manager({ defaults: { ...RECORDING_DEFAULTS.defaults, fps: 5 } });
    expect(again.settingsOf('cam')).toMatchObject({ mode: 'continuous', fps: 5 });
  });

  it('lands a change whose caller went away before close resolves: nothing is written after the stop', async () => {
    const m = await manager();
    // Not awaited: the page that asked closed mid-request.
    const asked = m.configure('yard', { mode: 'motion' });
    await m.close();
    managers.splice(managers.indexOf(m), 1);
    const file = path.join(dir, 'recording-cameras.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ yard: { mode: 'motion' } });
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    await asked;
  });
});
