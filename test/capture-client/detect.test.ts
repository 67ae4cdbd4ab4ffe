/**
 * `--detect` end to end (#39): the real capture program, as users start it, on a still photo with a person
 * (test/fixtures/detect/dog-human.jpg, CC0) looped by the file source, and a real relay. The program offers
 * 'detect'; once the relay asks (demand.detect, as its detection module does while motion lasts) the relay's
 * onDetections hook hears the person's box. A missing model is said with its code
 * and frames go on without detection. Two detections a second at most: the detector costs ~200 ms of CPU each.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Detection } from '../../common/detect/nanodet-decode.js';
import type { DetectionsMeta } from '../../shared/demand.js';
import { detectModelDir } from '../helpers/detect-model.js';
import { startCaptureProcess, type Program } from '../helpers/processes.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';
import { readTrack } from '../helpers/track-reader.js';

/** The girl's box, marked by hand on the photo (test/common/detect/detector.test.ts). */
const MARKED_PERSON: Detection['box'] = [75, 125, 337, 710];

function iou(a: Detection['box'], b: Detection['box']): number {
  const w = Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1], b[1]);
  const inter = w > 0 && h > 0 ? w * h : 0;
  return inter / (a[2] * a[3] + b[2] * b[3] - inter);
}

let relay: TestServer;
let photos: string;
const programs: Program[] = [];
const heard: Array<{ cameraId: string; meta: DetectionsMeta; detections: Detection[] }> = [];

const capture = (cameraId: string, extra: string[]) => {
  const program = startCaptureProcess(relay.url, relay.captureToken, cameraId, [
    '--source',
    'file',
    '--path',
    photos,
    '--fps',
    '2',
    '--transport',
    'socketio',
    ...extra,
  ]);
  programs.push(program);
  return program;
};

beforeAll(async () => {
  await detectModelDir();
  photos = mkdtempSync(path.join(tmpdir(), 'camrelay-detect-'));
  copyFileSync(new URL('../fixtures/detect/dog-human.jpg', import.meta.url), path.join(photos, 'dog-human.jpg'));
  relay = await startTestServer();
  readTrack(relay.relay.tracks.detections, ['door'], (v) => heard.push(v));
}, 120_000);

afterAll(async () => {
  await Promise.all(programs.map((p) => p.kill()));
  await stopTestServer(relay);
  rmSync(photos, { recursive: true, force: true });
});

describe('the capture program with --detect', () => {
  it('offers detect, and once the relay asks, the relay’s onDetections hears the person in the photo with its box', async () => {
    capture('door', ['--detect']);
    const demand = relay.relay.cameraSide.demand;
    await waitFor(() => demand.offersDetect('door'), 'the program offering detect', 30_000, 50);
    expect(heard).toEqual([]);
    demand.read('door', 'detector', { track: 'detections', rate: 2 });
    demand.refresh();
    const verdict = await waitFor(
      () => heard.find((h) => h.cameraId === 'door' && h.detections.some((d) => d.label === 'person')),
      'a verdict with a person',
      60_000,
      50,
    );
    expect(verdict.meta).toMatchObject({ width: 640, height: 962 });
    const person = verdict.detections.filter((d) => d.label === 'person').sort((a, b) => b.score - a.score)[0]!;
    expect(person.score).toBeGreaterThanOrEqual(0.45);
    expect(iou(person.box, MARKED_PERSON)).toBeGreaterThanOrEqual(0.5);
  });

  it('says DETECT_MODEL_MISSING with what to do when the model is not there, offers no detect and sends frames all the same', async () => {
    const before = process.env.CAMRELAY_DETECT_MODEL_DIR;
    process.env.CAMRELAY_DETECT_MODEL_DIR = path.join(photos, 'no-model-here');
    let program: Program;
    try {
      program = capture('porch', ['--detect']);
    } finally {
      if (before === undefined) delete process.env.CAMRELAY_DETECT_MODEL_DIR;
      else process.env.CAMRELAY_DETECT_MODEL_DIR = before;
    }
    await waitFor(() => program.output().includes('DETECT_MODEL_MISSING'), 'the missing model said', 30_000, 50);
    expect(program.output()).toContain('npm run detect:model');
    await waitFor(() => (relay.relay.cameras.get('porch')?.lastFrameAt ?? null) !== null, 'frames from the camera', 30_000, 50);
    expect(relay.relay.cameraSide.demand.offersDetect('porch')).toBe(false);
  });
});
