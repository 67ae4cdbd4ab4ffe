/**
 * The detector on real photos (test/fixtures/detect/SOURCES.md) with a real worker and the real model:
 * hand-marked boxes are found with their labels, frames with nothing in them give no person or vehicle,
 * and a missing model, a bad frame or a crashed worker give their codes without ending the process.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMPTE_BARS } from '../../helpers/smpte-bars.js';
import { Detector } from '../../../common/detect/detector.js';
import type { Detection } from '../../../common/detect/nanodet-decode.js';
import { CamrelayError } from '../../../shared/errors.js';
import { detectModelDir } from '../../helpers/detect-model.js';
import { waitFor } from '../../helpers/wait.js';

type Box = [number, number, number, number];
const photo = (name: string) => readFileSync(new URL(`../../fixtures/detect/${name}`, import.meta.url));
const VEHICLES = ['car', 'truck', 'bus'];

/** Boxes marked by hand on the fixture photos ([x, y, w, h] in their pixels). */
const MARKED: { file: string; objects: { label: string; box: Box }[] }[] = [
  {
    file: 'jockey.jpg',
    objects: [
      { label: 'person', box: [235, 10, 155, 180] },
      { label: 'horse', box: [162, 65, 306, 318] },
    ],
  },
  { file: 'dog-human.jpg', objects: [{ label: 'person', box: [75, 125, 337, 710] }] },
  {
    file: 'taxis.jpg',
    objects: [
      { label: 'car', box: [324, 274, 184, 121] },
      { label: 'car', box: [205, 248, 166, 102] },
      { label: 'car', box: [584, 282, 56, 118] },
    ],
  },
];

function iou(a: Box, b: Box): number {
  const w = Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1], b[1]);
  if (w <= 0 || h <= 0) return 0;
  return (w * h) / (a[2] * a[3] + b[2] * b[3] - w * h);
}

const sameKind = (want: string, got: string) => want === got || (VEHICLES.includes(want) && VEHICLES.includes(got));

/** Frames with no object in them, as a camera sees them: colour bars with a gradient, noise, flat grey, black. */
async function emptyFrames(): Promise<[string, Buffer][]> {
  const w = 640;
  const h = 360;
  const bars = Buffer.alloc(w * h * 3);
  const colours = SMPTE_BARS;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const c =
        y < h * 0.7 ? colours[Math.floor((x * colours.length) / w)]! : [Math.round((x / w) * 255), Math.round((x / w) * 255), Math.round((x / w) * 255)];
      bars.set(c, (y * w + x) * 3);
    }
  }
  let seed = 12345;
  const noise = Buffer.alloc(w * h * 3);
  for (let i = 0; i < noise.length; i++) noise[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24; // a fixed LCG: the same noise every run
  const raw = (data: Buffer) =>
    sharp(data, { raw: { width: w, height: h, channels: 3 } })
      .jpeg()
      .toBuffer();
  const flat = (v: number) =>
    sharp({ create: { width: w, height: h, channels: 3, background: { r: v, g: v, b: v } } })
      .jpeg()
      .toBuffer();
  return [
    ['test pattern', await raw(bars)],
    ['noise', await raw(noise)],
    ['flat grey', await flat(128)],
    ['black', await flat(0)],
  ];
}

describe('Detector', () => {
  let detector: Detector;
  const logged: string[] = [];

  beforeAll(async () => {
    detector = new Detector({ modelDir: await detectModelDir(), log: (line) => logged.push(line), restartDelayMs: 50 });
    await detector.start();
  }, 120_000);
  afterAll(() => detector.close());

  describe('#detect', () => {
    for (const { file, objects } of MARKED) {
      it(`finds each hand-marked object of ${file} with its label, IoU ≥ 0.5`, async () => {
        const { detections } = await detector.detect(photo(file));
        for (const want of objects) {
          const best = detections
            .filter((d) => sameKind(want.label, d.label))
            .reduce<Detection | null>((a, d) => (a && iou(a.box, want.box) >= iou(d.box, want.box) ? a : d), null);
          expect(best, `${want.label} at ${want.box.join(',')} in ${JSON.stringify(detections)}`).not.toBeNull();
          expect(iou(best!.box, want.box), `${want.label} ${JSON.stringify(best)}`).toBeGreaterThanOrEqual(0.5);
        }
      });
    }

    it('finds no person, car, truck or bus on a test pattern, noise, flat grey or black', async () => {
      for (const [name, jpeg] of await emptyFrames()) {
        const { detections } = await detector.detect(jpeg);
        expect(
          detections.filter((d) => d.label === 'person' || VEHICLES.includes(d.label)),
          name,
        ).toEqual([]);
      }
    });

    it('refuses a frame that is not a JPEG with DETECT_BAD_IMAGE, and detects the next frame', async () => {
      const error = await detector.detect(Buffer.from('not a jpeg at all')).catch((e: unknown) => e);
      expect((error as CamrelayError).code).toBe('DETECT_BAD_IMAGE');
      const png = await sharp(photo('jockey.jpg')).png().toBuffer();
      expect(((await detector.detect(png).catch((e: unknown) => e)) as CamrelayError).code).toBe('DETECT_BAD_IMAGE');
      expect((await detector.detect(photo('jockey.jpg'))).detections.some((d) => d.label === 'horse')).toBe(true);
    });

    it('gives timings for each step of a frame', async () => {
      const { timings } = await detector.detect(photo('taxis.jpg'));
      expect(timings.prepareMs).toBeGreaterThan(0);
      expect(timings.inferMs).toBeGreaterThan(0);
      expect(timings.decodeMs).toBeGreaterThan(0);
    });

    it('survives its worker crashing: the frames it held fail with DETECT_FAILED, one line is logged, and it starts again', async () => {
      const held = detector.detect(photo('taxis.jpg')).catch((e: unknown) => e);
      detector.crashForTest();
      const error = (await held) as CamrelayError | { detections: unknown };
      // The crash may come before or after the frame's answer: either it failed with the code or it was answered.
      if (error instanceof CamrelayError) expect(error.code).toBe('DETECT_FAILED');
      await waitFor(() => detector.crashes === 1 && detector.status === 'ready', 'the detector to start again', 60_000);
      expect(logged.filter((l) => l.includes('DETECT_FAILED'))).toHaveLength(1);
      expect(logged[0]).toMatch(/crash asked for by a test; starting it again in 50 ms/);
      expect((await detector.detect(photo('jockey.jpg'))).detections.some((d) => d.label === 'person')).toBe(true);
    }, 90_000);
  });

  describe('#detect before a worker is ready', () => {
    it('holds at most 16 waiting frames, refuses the next with DETECT_FAILED, and fails the held ones on close', async () => {
      const idle = new Detector({ modelDir: 'unused', log: () => {} });
      const held = Array.from({ length: 16 }, () => idle.detect(photo('jockey.jpg')).catch((e: unknown) => e));
      const refused = (await idle.detect(photo('jockey.jpg')).catch((e: unknown) => e)) as CamrelayError;
      expect([refused.code, refused.message]).toEqual(['DETECT_FAILED', 'The detector already holds 16 waiting frames; put a DetectQueue in front of it.']);
      await idle.close();
      for (const error of await Promise.all(held)) expect((error as CamrelayError).code).toBe('DETECT_FAILED');
    });
  });

  describe('#start', () => {
    it('refuses to start a second worker while one runs', async () => {
      expect(((await detector.start().catch((e: unknown) => e)) as CamrelayError).message).toBe('The detector is already started.');
    });

    const scratch = mkdtempSync(path.join(tmpdir(), 'camrelay-detect-'));
    afterAll(() => rmSync(scratch, { recursive: true, force: true }));

    it('rejects with DETECT_MODEL_MISSING when the model is not there, and says it once without restarting', async () => {
      const lines: string[] = [];
      const missing = new Detector({ modelDir: path.join(scratch, 'none'), log: (l) => lines.push(l) });
      const error = await missing.start().catch((e: unknown) => e);
      expect((error as CamrelayError).code).toBe('DETECT_MODEL_MISSING');
      expect(missing.status).toBe('failed');
      expect(lines).toEqual([expect.stringMatching(/^camrelay:detect DETECT_MODEL_MISSING: .*nanodet\.json is missing: run npm run detect:model/)]);
      expect(((await missing.detect(photo('jockey.jpg')).catch((e: unknown) => e)) as CamrelayError).code).toBe('DETECT_MODEL_MISSING');
      await missing.close();
    }, 60_000);

    it('loads the wasm backend from the wasmDir it is given (a bundled program ships its own), and says when it cannot', async () => {
      const lines: string[] = [];
      const noWasm = new Detector({ modelDir: await detectModelDir(), wasmDir: scratch + path.sep, log: (l) => lines.push(l), restartDelayMs: 60_000 });
      const error = (await noWasm.start().catch((e: unknown) => e)) as CamrelayError;
      expect(error.code).toBe('DETECT_FAILED');
      expect(noWasm.status).toBe('restarting');
      expect(lines).toHaveLength(1);
      await noWasm.close();
    }, 60_000);

    it('rejects with DETECT_MODEL_CORRUPT when the weights are not the pinned ones', async () => {
      const dir = path.join(scratch, 'corrupt');
      const real = await detectModelDir();
      rmSync(dir, { recursive: true, force: true });
      await import('node:fs/promises').then((fs) => fs.mkdir(dir));
      copyFileSync(path.join(real, 'nanodet.json'), path.join(dir, 'nanodet.json'));
      writeFileSync(path.join(dir, 'nanodet.bin'), readFileSync(path.join(real, 'nanodet.bin')).subarray(0, 1000));
      const corrupt = new Detector({ modelDir: dir, log: () => {} });
      expect(((await corrupt.start().catch((e: unknown) => e)) as CamrelayError).code).toBe('DETECT_MODEL_CORRUPT');
      await corrupt.close();
    }, 60_000);
  });
});
