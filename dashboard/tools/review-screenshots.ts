/**
 * The review page (#57) for `npm run screenshots`: events with detected objects written beside a
 * camera's recordings as the event log writes them (record, snapshot, thumbnail, each object's own
 * picture), from the detection tests' photos (CC0 1.0, test/fixtures/detect/SOURCES.md) and their
 * boxes marked by hand; then `#/review` once its thumbnails are in. playback-screenshots.ts calls it
 * with its own relay and camera, whose recording the cards play.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import type { EventObject, SnapshotBoxes } from '../../shared/events.js';
import type { RunningServer } from '../../server/start-server.js';

type Box = [number, number, number, number];
const MIN = 60_000;
const photo = (name: string) => readFileSync(new URL(`../../test/fixtures/detect/${name}`, import.meta.url));

interface Scene {
  /** Minutes before the camera's real recording. */
  ago: number;
  /** The photo as a 640 px wide camera picture, and the boxes on it in its pixels. */
  picture: () => Promise<Buffer>;
  height: number;
  objects: { label: string; tracked: string; box: Box; score: number; zones: string[] }[];
}

/** dog-human.jpg (640×962) set in a 640×360 dark picture: the person's box scaled by 360/962 and moved 200 px in. */
const GIRL_SCALE = 360 / 962;
const girl = (): Promise<Buffer> => sharp(photo('dog-human.jpg')).resize(640, 360, { fit: 'contain', background: '#1d232b' }).jpeg({ quality: 85 }).toBuffer();
const scaled = (b: Box, k: number, dx: number): Box => [Math.round(dx + b[0] * k), Math.round(b[1] * k), Math.round(b[2] * k), Math.round(b[3] * k)];

const SCENES: Scene[] = [
  {
    ago: 24,
    picture: async () => photo('taxis.jpg'),
    height: 427,
    objects: [
      { label: 'car', tracked: 'car', box: [324, 274, 184, 121], score: 0.66, zones: ['Street'] },
      { label: 'car', tracked: 'car', box: [205, 248, 166, 102], score: 0.61, zones: ['Street'] },
    ],
  },
  {
    ago: 11,
    picture: async () => photo('jockey.jpg'),
    height: 426,
    objects: [
      { label: 'person', tracked: 'person', box: [235, 10, 155, 180], score: 0.72, zones: [] },
      { label: 'horse', tracked: 'horse', box: [162, 65, 306, 318], score: 0.81, zones: [] },
    ],
  },
  {
    ago: 4,
    picture: girl,
    height: 360,
    objects: [{ label: 'person', tracked: 'person', box: scaled([75, 125, 337, 710], GIRL_SCALE, 200), score: 0.87, zones: ['Driveway'] }],
  },
];

/** Writes the scenes as `camera`'s events, `ago` minutes before `before` (those before the day's start are left out). */
export async function writeReviewEvents(server: RunningServer, camera: string, before: number): Promise<void> {
  const files = server.recording.files;
  const dayStart = new Date(before).setHours(0, 0, 0, 0);
  for (const scene of SCENES) {
    const start = before - scene.ago * MIN;
    if (start < dayStart) continue;
    const jpeg = await scene.picture();
    const objects: EventObject[] = scene.objects.map((o, i) => ({ ...o, id: i + 1, at: start + 800, picture: true }));
    const boxes: SnapshotBoxes = { width: 640, height: scene.height, boxes: scene.objects.map(({ label, score, box }) => ({ label, score, box })) };
    const record = { id: String(start), camera, start, end: start + 38_000, peakScore: 9, peakAt: start + 800, pictures: true, objects, boxes };
    await files.writePicture(record, 'snapshot', jpeg);
    await files.writePicture(record, 'thumbnail', await sharp(jpeg).resize(320).jpeg({ quality: 75 }).toBuffer());
    for (const o of objects) await files.writePicture(record, `object-${o.id!}`, jpeg);
    await files.writeEvent(record);
  }
}

/** The review page of today at `url`, once every card's thumbnail has drawn, as review-page-<device>.png in `out`. */
export async function shootReview(page: Page, url: string, out: string, device: string): Promise<void> {
  await page.goto(`${url}/#/review`);
  await page.waitForSelector('[data-testid="review-card"]');
  await page.waitForFunction(() =>
    [...document.querySelectorAll<HTMLImageElement>('img[data-testid="review-thumbnail"]')].every((i) => i.complete && i.naturalWidth > 0),
  );
  await page.waitForFunction(() => document.fonts.status === 'loaded');
  await page.screenshot({ path: path.join(out, `review-page-${device}.png`) });
}
