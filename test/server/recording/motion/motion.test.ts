/**
 * Motion detection end to end with the real sharp and real JPEGs: frames go through the recording
 * manager's hook as the relay hands them on, time comes from their capture stamps and a fake clock
 * (60 s of camera take a few seconds), and events are read back through the index.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecordingManager } from '../../../../server/recording/recording-manager.js';
import { CAMERA_DEFAULTS, MOTION_DEFAULTS, type CameraRecordingChange } from '../../../../server/recording/settings.js';
import { drive, square, T0, type Driven } from './drive.js';
import { SCENE_H, SCENE_W, type SceneOptions } from './scene.js';

let dir: string;
let m: RecordingManager;
let driven: Driven;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'camrelay-motion-'));
});
afterEach(async () => {
  await m?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function manager(camera: CameraRecordingChange): Promise<RecordingManager> {
  driven = await drive(dir, camera);
  m = driven.m;
  return m;
}

const play = (seconds: number, at: (ms: number) => SceneOptions) => driven.play(seconds, at);
const events = async () => (await m.index.range('cam', T0 - 60_000, T0 + 3_600_000)).events;

describe('motion detection (real sharp, real JPEGs)', () => {
  it('a square that starts moving at a known time makes exactly one event, starting within 1 s of it', async () => {
    await manager({ mode: 'continuous' });
    await play(35, square(10_000, 8000));
    const found = await events();
    expect(found).toHaveLength(1);
    const [e] = found;
    expect(Math.abs(e!.start - (T0 + 10_000))).toBeLessThanOrEqual(1000);
    // It ends once the square has stopped (at 18 s) and joined the background: the end is the last detection that saw motion.
    expect(e!.end).toBeGreaterThan(T0 + 17_500);
    expect(e!.end).toBeLessThan(T0 + 30_000);
    expect(e!.peakScore).toBeGreaterThanOrEqual(MOTION_DEFAULTS.minAreaPercent);
  });

  it('a still scene with JPEG noise for 60 s makes no event', async () => {
    await manager({ mode: 'continuous' });
    await play(60, () => ({ square: { x: 200, y: 150 } }));
    expect(await events()).toEqual([]);
    const status = m.status('cam').motion!;
    // The default detections a second for 60 s, none skipped: the test waits for each.
    expect(status.detections).toBeGreaterThanOrEqual(60 * MOTION_DEFAULTS.fps - 5);
    expect(status.busy).toBe(0);
    expect(status.score).toBeLessThan(MOTION_DEFAULTS.minAreaPercent);
  });

  it('ignores motion inside a masked rectangle', async () => {
    // The square runs along y 150-198, x 60-508: a band of the picture from 0.35 to 0.6 high covers it.
    await manager({ mode: 'continuous', motion: { masks: [{ x: 0, y: 0.35, w: 1, h: 0.25 }] } });
    await play(12, square(3000, 8000));
    expect(await events()).toEqual([]);
  });

  it('takes a change of the light over the whole picture for the light, not motion', async () => {
    await manager({ mode: 'continuous' });
    await play(20, (ms) => ({ light: ms < 10_000 ? 0 : 70 }));
    expect(await events()).toEqual([]);
  });

  it('keeps the frame with the most motion as the event’s snapshot, and a 320 px thumbnail', async () => {
    await manager({ mode: 'continuous' });
    await play(15, square(3000, 6000));
    const [e] = await events();
    expect(e).toMatchObject({ pictures: true, peakAt: expect.any(Number) });
    const snapshot = await sharp(m.files.picturePath(e!, 'snapshot')).metadata();
    const thumbnail = await sharp(m.files.picturePath(e!, 'thumbnail')).metadata();
    expect([snapshot.width, snapshot.height, thumbnail.width]).toEqual([SCENE_W, SCENE_H, 320]);
  });

  it('in motion mode, records from the pre-roll before the event to the post-roll after it', async () => {
    await manager({ mode: 'motion', preRollSeconds: 2, postRollSeconds: 3 });
    await play(25, square(10_000, 5000));
    const [e] = await events();
    const segments = await m.index.all('cam');
    expect(segments).toHaveLength(1);
    expect(segments[0]!.start).toBeGreaterThanOrEqual(e!.start - 2000);
    expect(segments[0]!.start).toBeLessThanOrEqual(e!.start - 1800);
    expect(segments[0]!.end).toBeGreaterThanOrEqual(e!.end! + 3000);
  });

  it('detects nothing in continuous mode with motion.enabled false', async () => {
    await manager({ mode: 'continuous', motion: { ...CAMERA_DEFAULTS.motion, enabled: false } });
    await play(8, square(2000, 4000));
    expect(m.status('cam').motion).toBeNull();
    expect(await events()).toEqual([]);
  });
});
