/**
 * A photo sent to enrol someone (#58), as the face finder reads it: a JPEG the right way up. A phone's
 * JPEG is often stored on its side with an EXIF orientation saying how to show it, and a screenshot or
 * an edited photo is often a PNG: both are turned into an upright JPEG first (sharp, in its own
 * threads), so a face is found where a person sees it. Anything else is refused with what to send.
 */
import sharp from 'sharp';
import { CamrelayError } from '../../shared/errors.js';

/** Pixels a photo may have: 64 megapixels, more than any phone's main camera gives. */
const PHOTO_MAX_PIXELS = 8192 * 8192;
const UPRIGHT_QUALITY = 92;

export async function photoUpright(body: Buffer): Promise<Buffer> {
  const meta = await sharp(body, { limitInputPixels: PHOTO_MAX_PIXELS })
    .metadata()
    .catch(() => null);
  if (!meta || (meta.format !== 'jpeg' && meta.format !== 'png'))
    throw new CamrelayError(
      'NO_FACE',
      'The photo must be a JPEG or a PNG: save it as one (on an iPhone, choose Most Compatible for photos) and send it again.',
    );
  if (meta.format === 'jpeg' && (meta.orientation ?? 1) === 1) return body;
  return sharp(body, { limitInputPixels: PHOTO_MAX_PIXELS }).rotate().flatten({ background: '#ffffff' }).jpeg({ quality: UPRIGHT_QUALITY }).toBuffer();
}
