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
import { detectModelDir } from '../../helpers/detect-model.js';
import { PERSON_TOP, PERSON_W, SCENE_W, sceneBackground, scenePerson, withPerson } from '../../helpers/detect-scene.js';
import { PERSON_HEIGHT, smallPersonFrame, streetFrame } from '../../common/detect/small-person.js';
import { CAMERA_DEFAULTS, MOTION_DEFAULTS, RECORDING_DEFAULTS } from '../../../server/recording/settings.js';
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

/** The door camera's events of the last ten minutes, as the events page asks. */
async function eventsOf(s: TestServer, cookie: string): Promise<MotionEvent[]> {
  const res = await fetch(`${s.url}/api/events?camera=door&from=${Date.now() - 600_000}&to=${Date.now() + 60_000}`, { headers: { cookie } });
  return ((await res.json()) as EventList).events;
}

/** The first event labelled person, waited for; its failure says what detection and the events held. */
async function personEvent(s: TestServer, cookie: string): Promise<MotionEvent> {
  return waitFor(async () => (await eventsOf(s, cookie)).find((e) => e.labels?.includes('person')), 'an event labelled person', 60_000, 250).catch(
    async (err: Error) => {
      const status = (await getDetection(s, cookie, 'door')).status;
      throw new Error(`${err.message}; detection: ${JSON.stringify(status)}; events: ${JSON.stringify(await eventsOf(s, cookie))}`);
    },
  );
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
      const detection = async () => await getDetection(s, cookie, 'door');
      const e = await personEvent(s, cookie);
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

  it(
    'looks where the relay saw motion: a person 65 px tall on a 1280×720 street, missed by a look at the whole frame, gets her event',
    async () => {
      await detectModelDir();
      // 12 s at 5 fps: 2 s of the street, 8 s of her walking right 6 px a frame from x 860, 2 s of the street.
      const dir = (frames = mkdtempSync(path.join(tmpdir(), 'camrelay-detect-small-')));
      const street = await streetFrame();
      for (let i = 0; i < 60; i++) {
        const jpeg = i >= 10 && i < 50 ? (await smallPersonFrame({ x: 860 + (i - 10) * 6, y: 420 })).jpeg : street;
        writeFileSync(path.join(dir, `frame-${String(i).padStart(2, '0')}.jpg`), jpeg);
      }
      // Her 31×65 px is 0.2% of the picture: under the default 1% motion needs, so this camera asks for 0.1%.
      const motion = { ...MOTION_DEFAULTS, minAreaPercent: 0.1 };
      const s = (server = await startTestServer({
        recording: { ...RECORDING_DEFAULTS, defaults: { ...CAMERA_DEFAULTS, mode: 'motion', format: 'jpeg', motion } },
      }));
      const cookie = await login(s);
      expect(await setDetection(s, cookie, 'door', { enabled: true, rate: 2, labels: ['person'] })).toBe(200);
      program = startCaptureProcess(s.url, s.captureToken, 'door', ['--source', 'file', '--path', dir, '--fps', '5', '--transport', 'socketio', '--detect']);
      const e = await personEvent(s, cookie);
      // Her box, on the pavement where she walks, her size.
      const box = e.boxes!.boxes.find((b) => b.label === 'person')!.box;
      expect(e.boxes).toMatchObject({ width: 1280, height: 720 });
      expect(box[3]).toBeLessThan(PERSON_HEIGHT * 1.6);
      expect(box[1] + box[3] / 2).toBeGreaterThan(400);
      expect(box[1] + box[3] / 2).toBeLessThan(500);
      expect((await getDetection(s, cookie, 'door')).status).toMatchObject({ where: 'camera', detector: 'off' });
    },
    patient(180_000),
  );
});
