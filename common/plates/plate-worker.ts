/** The plate reader's worker thread (plate-thread.ts): the OCR models loaded once, one vehicle read at a time. */
import { serveModel } from '../model-thread/serve-model.js';
import { ocrModelFiles } from './ocr-models.js';
import { loadPlateReader } from './plate-reader.js';
import type { PlateInput, PlateRead } from './plate-thread.js';

serveModel<PlateInput, PlateRead>(async (ort) => {
  const files = await ocrModelFiles();
  if (!files.ok) throw files.error;
  const reader = await loadPlateReader(files.value, ort);
  return ({ jpeg, crop }) => reader.read(jpeg, crop);
}, 'PLATE_READ_FAILED');
