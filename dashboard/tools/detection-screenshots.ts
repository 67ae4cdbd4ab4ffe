/**
 * `npx tsx dashboard/tools/detection-screenshots.ts <folder>`: object detection in the Live Monitor
 * (#39), desktop (1280×800) and phone (390×844), against a relay of its own: the Admin drawer's
 * Object detection section (a detector whose model is missing, a zone drawn, the engine line of #57) and the events page
 * with an event's labels and boxes. Events are written as the event log writes them, over the
 * camera's own picture; the detection route is answered in the page until the relay serves it.
 * A script, not a test.
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { DETECT_DEFAULTS } from '../../common/detect/detect-settings.js';
import { RECORDING_DEFAULTS } from '../../server/recording/settings.js';
import type { DetectionAnswer } from '../../shared/detection.js';
import type { EventObject } from '../../shared/events.js';
import { Stage } from './shots/stage.js';

const out = process.argv[2] ?? path.join(tmpdir(), 'camrelay-detection-shots');
const fold = (id: string) => `[data-testid="det-list"] details[data-camera-id="${id}"]`;

const ANSWERS: Record<string, DetectionAnswer> = {
  'front-door': {
    settings: {
      ...DETECT_DEFAULTS,
      enabled: true,
      labels: ['person', 'vehicle'],
      filters: { person: { minScore: 0.55 } },
      zones: [
        {
          name: 'Driveway',
          points: [
            { x: 0.05, y: 0.55 },
            { x: 0.5, y: 0.5 },
            { x: 0.62, y: 0.95 },
            { x: 0.02, y: 0.95 },
          ],
          loiterSeconds: 30,
        },
      ],
    },
    status: {
      detector: 'failed',
      error: {
        code: 'DETECT_MODEL_MISSING',
        message: '/srv/camrelay/models/nanodet/nanodet.json is missing: run npm run detect:model; motion-only events go on meanwhile.',
      },
      where: 'relay',
      motion: true,
      counts: { detected: 1840, skipped: 37, failed: 0 },
      costPercent: 30,
      objects: {},
    },
  },
  yard: {
    settings: { ...DETECT_DEFAULTS, enabled: true },
    status: {
      detector: 'ready',
      error: null,
      engine: 'onnxruntime',
      fallbackReason: null,
      where: 'relay',
      motion: true,
      counts: { detected: 412, skipped: 0, failed: 0 },
      costPercent: 6,
      objects: { person: 1 },
    },
  },
  'side-gate': {
    settings: { ...DETECT_DEFAULTS, enabled: true },
    status: {
      detector: 'ready',
      error: null,
      engine: 'tfjs-wasm',
      fallbackReason: 'onnxruntime-node did not load: libonnxruntime.so.1: cannot open shared object file: No such file or directory',
      where: 'relay',
      motion: true,
      counts: { detected: 96, skipped: 12, failed: 0 },
      costPercent: 30,
      objects: {},
    },
  },
  garage: {
    settings: { ...DETECT_DEFAULTS, enabled: true },
    status: { detector: 'off', error: null, where: 'camera', motion: false, counts: { detected: 0, skipped: 0, failed: 0 }, costPercent: 42, objects: {} },
  },
};

async function main(): Promise<void> {
  mkdirSync(out, { recursive: true });
  const recording = { ...RECORDING_DEFAULTS, cameras: { 'front-door': { mode: 'motion' as const, format: 'jpeg' as const } } };
  const stage = await Stage.start({ config: { recording } });
  const { url } = stage;
  try {
    await stage.camera({ cameraId: 'front-door', name: 'Front door', width: 1280, height: 720 });
    await stage.camera({ cameraId: 'garage', name: 'Garage', width: 640, height: 480 });
    await stage.camera({ cameraId: 'yard', name: 'Yard', width: 640, height: 480 });
    await stage.camera({ cameraId: 'side-gate', name: 'Side gate', width: 640, height: 480 });
    await writeEvents(stage);
    for (const device of ['desktop', 'phone'] as const) {
      const context = await stage.context(device);
      const page = await stage.adminPage(context);
      await page.route('**/api/cameras/*/detection', (route, request) => {
        const id = decodeURIComponent(/cameras\/([^/]+)\/detection/.exec(request.url())![1]!);
        return route.fulfill({ json: ANSWERS[id] ?? ANSWERS.garage });
      });
      await page.goto(url);
      await page.waitForSelector('[data-testid="camera-tile"] canvas');
      await page.goto(`${url}/#/settings/detection`);
      await page.waitForSelector(`${fold('front-door')} [data-testid="det-state"]:not(:text-is("…"))`);
      await page.click(`${fold('front-door')} summary`);
      await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('[data-testid="zone-picture"]')].some((i) => i.naturalWidth > 0));
      await scrollTo(page, fold('front-door'));
      await page.screenshot({ path: path.join(out, `admin-detection-${device}.png`) });
      await scrollTo(page, `${fold('front-door')} [data-testid="det-labels"]`);
      await page.screenshot({ path: path.join(out, `admin-detection-zones-${device}.png`) });
      // #57: the engine line, onnxruntime in one answer and the tfjs-wasm fallback with its reason in another.
      await page.click(`${fold('front-door')} summary`);
      for (const [id, shot] of [
        ['yard', 'onnx'],
        ['side-gate', 'fallback'],
      ] as const) {
        await page.click(`${fold(id)} summary`);
        await page.waitForSelector(`${fold(id)} [data-testid="det-engine"]`);
        await scrollTo(page, fold(id));
        await page.screenshot({ path: path.join(out, `admin-detection-engine-${shot}-${device}.png`) });
        await page.click(`${fold(id)} summary`);
      }
      await page.goto(`${url}/#/events`);
      await page.waitForFunction(() =>
        [...document.querySelectorAll<HTMLImageElement>('img[data-testid="event-thumbnail"]')].every((i) => i.complete && i.naturalWidth > 0),
      );
      await page.waitForTimeout(600);
      await page.screenshot({ path: path.join(out, `events-detection-${device}.png`) });
      await page.goto(`${url}/#/camera/front-door`);
      await page.waitForSelector('[data-testid="timeline-event"]');
      await page.waitForTimeout(600);
      await page.screenshot({ path: path.join(out, `timeline-detection-${device}.png`) });
      await context.close();
    }
  } finally {
    await stage.close();
  }
  console.log(`screenshots written to ${out}`);
}

/** Three events of the last minutes over the camera's own picture: a person and a car, motion only, a dog. */
async function writeEvents(stage: Stage): Promise<void> {
  const { server } = stage;
  let jpeg: Buffer | null = null;
  for (let i = 0; i < 100 && !jpeg; i++) {
    const r = await fetch(`${stage.url}/api/cameras/front-door/snapshot.jpg`, {
      headers: { authorization: `Basic ${btoa('admin:screenshot-admin-password')}` },
    });
    if (r.ok) jpeg = Buffer.from(await r.arrayBuffer());
    else await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if (!jpeg) throw new Error('screenshots: no picture of front-door');
  const files = server.recording.files;
  const now = Date.now();
  const objects = (at: number): EventObject[] => [
    { label: 'person', tracked: 'person', score: 0.87, box: [150, 170, 240, 540], zones: ['Driveway'], at },
    { label: 'car', tracked: 'vehicle', score: 0.64, box: [560, 300, 560, 330], zones: [], at: at + 800 },
  ];
  const thumbnail = await sharp(jpeg).resize(320).jpeg().toBuffer();
  for (const [k, minutes] of [7, 3].entries()) {
    const start = now - minutes * 60_000;
    const objs =
      k === 0 ? objects(start + 400) : [{ label: 'dog', tracked: 'animal', score: 0.71, box: [640, 380, 300, 260], zones: [], at: start } as EventObject];
    const record = {
      id: String(start),
      camera: 'front-door',
      start,
      end: start + 9000,
      peakScore: 6.2,
      pictures: true,
      objects: objs,
      boxes: { width: 1280, height: 720, boxes: objs.map(({ label, score, box }) => ({ label, score, box })) },
    };
    await files.writePicture(record, 'snapshot', jpeg);
    await files.writePicture(record, 'thumbnail', thumbnail);
    await files.writeEvent(record);
  }
  const motion = now - 5 * 60_000;
  await files.writeEvent({ id: String(motion), camera: 'front-door', start: motion, end: motion + 4000, peakScore: 3.1, pictures: true });
  await files.writePicture({ id: String(motion), camera: 'front-door', start: motion, end: null, peakScore: null }, 'thumbnail', thumbnail);
}

async function scrollTo(page: Page, selector: string): Promise<void> {
  await page.$eval(selector, (n) => n.scrollIntoView({ block: 'start' }));
  await page.waitForTimeout(300);
}

await main();
