/**
 * A JPEG frame to NanoDet's input: decoded and letterboxed to 416×416 by sharp, then laid out
 * channels-first in BGR order with NanoDet's own mean and std (its training normalisation; RGB/255
 * finds markedly less, detection-and-audio research notes). A look at regions (regions.ts) decodes
 * the JPEG once (decodePicture) and letterboxes each crop of it (prepareRegion).
 */
import sharp from 'sharp';
import { CamrelayError } from '../../shared/errors.js';
import { fail, ok, type Result } from '../../shared/result.js';
import type { Box } from './boxes.js';
import { letterbox, type Letterbox } from './letterbox.js';
import { INPUT_SIZE } from './nanodet-decode.js';

const MEAN_BGR = [103.53, 116.28, 123.675] as const;
const STD_BGR = [57.375, 57.12, 58.395] as const;
/** The padding is the mean colour, so it is zero after normalisation: no edge for the model to see. */
const PAD = { r: Math.round(MEAN_BGR[2]), g: Math.round(MEAN_BGR[1]), b: Math.round(MEAN_BGR[0]) };
/** Larger frames are refused before decoding (sharp's own limit is 268 megapixels). */
const MAX_PIXELS = 8192 * 8192;

export interface PreparedInput {
  /** [1, 3, 416, 416], B then G then R planes. */
  data: Float32Array;
  lb: Letterbox;
}

/** A JPEG decoded whole, RGB interleaved: the picture regions are cropped from. */
export interface DecodedPicture {
  rgb: Buffer;
  width: number;
  height: number;
}

function badImage(why: string): CamrelayError {
  return new CamrelayError('DETECT_BAD_IMAGE', `The frame given to the detector is not a JPEG it can decode: ${why}.`);
}

export async function prepareInput(jpeg: Uint8Array): Promise<Result<PreparedInput>> {
  let rgb: Buffer;
  let lb: Letterbox;
  try {
    const meta = await sharp(jpeg).metadata();
    if (meta.format !== 'jpeg' || !meta.width || !meta.height) return fail(badImage(`its format is ${meta.format ?? 'unknown'}`));
    if (meta.width * meta.height > MAX_PIXELS) return fail(badImage(`${meta.width}×${meta.height} is too large`));
    lb = letterbox(meta.width, meta.height, INPUT_SIZE);
    rgb = await sharp(jpeg)
      .resize(lb.width, lb.height, { fit: 'fill' })
      .extend({ left: lb.padX, top: lb.padY, right: INPUT_SIZE - lb.width - lb.padX, bottom: INPUT_SIZE - lb.height - lb.padY, background: PAD })
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer();
  } catch (error) {
    return fail(badImage(error instanceof Error ? error.message : String(error)));
  }
  return normalise(rgb, lb);
}

/** The letterboxed RGB input as the model's planes. */
function normalise(rgb: Buffer, lb: Letterbox): Result<PreparedInput> {
  const plane = INPUT_SIZE * INPUT_SIZE;
  if (rgb.length !== plane * 3) return fail(badImage(`it decoded to ${rgb.length} bytes, not ${plane * 3}`));
  const data = new Float32Array(plane * 3);
  for (let i = 0; i < plane; i++) {
    // Source is R, G, B interleaved; the model wants the B plane, then G, then R.
    for (let c = 0; c < 3; c++) data[c * plane + i] = (rgb[i * 3 + 2 - c]! - MEAN_BGR[c]!) / STD_BGR[c]!;
  }
  return ok({ data, lb });
}

/** Decodes a JPEG whole, once for all the regions of a look. */
export async function decodePicture(jpeg: Uint8Array): Promise<Result<DecodedPicture>> {
  try {
    const meta = await sharp(jpeg).metadata();
    if (meta.format !== 'jpeg' || !meta.width || !meta.height) return fail(badImage(`its format is ${meta.format ?? 'unknown'}`));
    if (meta.width * meta.height > MAX_PIXELS) return fail(badImage(`${meta.width}×${meta.height} is too large`));
    const { data, info } = await sharp(jpeg).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) return fail(badImage(`it decoded to ${info.channels} channels, not 3`));
    return ok({ rgb: data, width: info.width, height: info.height });
  } catch (error) {
    return fail(badImage(error instanceof Error ? error.message : String(error)));
  }
}

/** `region` clipped to the picture and rounded to whole pixels, or null when nothing of it is inside. */
export function clipRegion(region: Readonly<Box>, width: number, height: number): Box | null {
  const x0 = Math.max(0, Math.floor(region[0]));
  const y0 = Math.max(0, Math.floor(region[1]));
  const x1 = Math.min(width, Math.ceil(region[0] + region[2]));
  const y1 = Math.min(height, Math.ceil(region[1] + region[3]));
  return x1 > x0 && y1 > y0 ? [x0, y0, x1 - x0, y1 - y0] : null;
}

/** The crop `region` (whole pixels inside the picture: clipRegion) letterboxed to the model's input; the letterbox maps to the crop's pixels. */
export async function prepareRegion(picture: DecodedPicture, region: Readonly<Box>): Promise<Result<PreparedInput>> {
  const [left, top, width, height] = region;
  const lb = letterbox(width, height, INPUT_SIZE);
  let rgb: Buffer;
  try {
    rgb = await sharp(picture.rgb, { raw: { width: picture.width, height: picture.height, channels: 3 } })
      .extract({ left, top, width, height })
      .resize(lb.width, lb.height, { fit: 'fill' })
      .extend({ left: lb.padX, top: lb.padY, right: INPUT_SIZE - lb.width - lb.padX, bottom: INPUT_SIZE - lb.height - lb.padY, background: PAD })
      .raw()
      .toBuffer();
  } catch (error) {
    return fail(badImage(error instanceof Error ? error.message : String(error)));
  }
  return normalise(rgb, lb);
}
