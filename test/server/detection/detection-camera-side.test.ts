/**
 * Detection where the pixels are, end to end (#39): the real capture program with `--detect` plays a
 * folder of frames (an empty scene, a person walking across, the empty scene) in a loop; the relay's
 * detection module sees motion, asks the camera side for verdicts, and the event says "person" with
 * her box, while the relay's own detector never starts.
 */
import { getDetection, setDetection } from '../../helpers/detection-api.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventList, MotionEvent } from '../../../shared/events.js';
import { CAMERA_DEFAULTS, RECORDING_DEFAULTS } from '../../../server/recording/settings.js';
import { detectModelDir } from '../../helpers/detect-model.js';
import { PERSON_TOP, PERSON_W, SCENE_W, sceneBackground, scenePerson, withPerson } from '../../helpers/detect-scene.js';
import { startCaptureProcess, type Program } from '../../helpers/processes.js';
import { startTestServer, stopTestServer, type TestServer } from '../../helpers/server.js';
import { patient, waitFor } from '../../helpers/wait.js';
import { login } from '../../security/helpers/session.js';

let server: TestServer | undefined;
let program: Program | undefined;
let frames: string | undefined;
afterEach(async () => {
  await program?.kill();
  await stopTestServer(server);
  if (frames) rmSync(frames, { recursive: true, force: true });
  server = program = frames = undefined;
});

/** 8 s at 5 fps: 2 s empty, 4 s of the person walking right 6 px a frame from x 100, 2 s empty. */
async function sceneFolder(): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'camrelay-detect-scene-'));
  const bg = await sceneBackground();
  const person = await scenePerson();
  for (let i = 0; i < 40; i++) {
    const jpeg = i >= 10 && i < 30 ? await withPerson(bg, person, 100 + (i - 10) * 6) : bg;
    writeFileSync(path.join(dir, `frame-${String(i).padStart(2, '0')}.jpg`), jpeg);
  }
  return dir;
}

describe('detection on the camera side (real capture program with --detect, real relay)', () => {
  it(
    'the relay asks the camera side while motion lasts, and the event says person with her box; the relay runs no detector',
    async () => {
      await detectModelDir();
      frames = await sceneFolder();
      const s = (server = await startTestServer({ recording: { ...RECORDING_DEFAULTS, defaults: { ...CAMERA_DEFAULTS, mode: 'motion', format: 'jpeg' } } }));
      const cookie = await login(s);
      expect(await setDetection(s, cookie, 'door', { enabled: true, rate: 2, labels: ['person'] })).toBe(200);
      program = startCaptureProcess(s.url, s.captureToken, 'door', ['--source', 'file', '--path', frames, '--fps', '5', '--transport', 'socketio', '--detect']);
      const events = async () =>
        (
          (await (
            await fetch(`${s.url}/api/events?camera=door&from=${Date.now() - 600_000}&to=${Date.now() + 60_000}`, { headers: { cookie } })
          ).json()) as EventList
        ).events;
      const detection = async () => await getDetection(s, cookie, 'door');
      const e: MotionEvent = await waitFor(
        async () => (await events()).find((e) => e.labels?.includes('person')),
        'an event labelled person',
        60_000,
        250,
      ).catch(async (err: Error) => {
        throw new Error(`${err.message}; detection: ${JSON.stringify((await detection()).status)}; events: ${JSON.stringify(await events())}`);
      });
      const box = e.boxes!.boxes.find((b) => b.label === 'person')!.box;
      expect(e.boxes).toMatchObject({ width: SCENE_W });
      // Her box's centre lies where she walks: x 100-214 plus her width, from PERSON_TOP down.
      expect(box[0] + box[2] / 2).toBeGreaterThan(100);
      expect(box[0] + box[2] / 2).toBeLessThan(214 + PERSON_W);
      expect(box[1] + box[3] / 2).toBeGreaterThan(PERSON_TOP);
      const answer = await detection();
      expect(answer.status).toMatchObject({ where: 'camera', detector: 'off' });
      expect(answer.status.counts.detected).toBeGreaterThanOrEqual(2);
    },
    patient(180_000),
  );
});
