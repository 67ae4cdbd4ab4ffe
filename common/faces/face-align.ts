/**
 * A found face cut out as the embedding model was trained to see faces (#58): dlib's "face chip",
 * 150×150 with a quarter of the face's size as margin, the eyes level. dlib places a face by its 68
 * landmarks on a mean face (dlib's get_face_chip_details); BlazeFace gives four of those points (the
 * eyes, the nose tip, the mouth), so the face is placed by them on the same mean face: the similarity
 * (scale, turn, shift) that brings them nearest in least squares. Pure, so the geometry is tested alone.
 */
import type { DecodedPicture } from '../detect/prepare-input.js';

export const CHIP_SIZE = 150;
/** dlib's dnn_face_recognition_ex: get_face_chip_details(shape, 150, 0.25). */
const PADDING = 0.25;
/** dlib's input layer takes these away from R, G, B and divides by 256. */
const MEAN_RGB = [122.782, 117.001, 104.298] as const;

/**
 * dlib's mean face (image_transforms.h, points 17-67 on a unit square), reduced to BlazeFace's points:
 * the eye on the picture's left (points 36-41), the one on its right (42-47), the nose tip (30) and
 * the mouth's centre (48-67).
 */
const MEAN_FACE: ReadonlyArray<readonly [number, number]> = [
  [0.22549, 0.21599],
  [0.75477, 0.21599],
  [0.490127, 0.515625],
  [0.490127, 0.804225],
];

/** The mean face's points in the chip's pixels: where a face's eyes, nose tip and mouth land. */
export const CHIP_POINTS: ReadonlyArray<readonly [number, number]> = MEAN_FACE.map(([x, y]) => [
  ((PADDING + x) / (1 + 2 * PADDING)) * CHIP_SIZE,
  ((PADDING + y) / (1 + 2 * PADDING)) * CHIP_SIZE,
]);

/** Maps a chip pixel to the picture: p = centre + (q − chipCentre) · (a + b i). */
export interface ChipTransform {
  centre: [number, number];
  chipCentre: [number, number];
  a: number;
  b: number;
}

/**
 * The least-squares similarity from the face's points to the mean face's, as its inverse (chip →
 * picture). `keypoints` are BlazeFace's: right eye, left eye, nose tip, mouth (ears unused); the eyes are
 * taken by which is further left in the picture, so a mirrored order cannot flip the face.
 */
export function chipTransform(keypoints: ReadonlyArray<readonly [number, number]>): ChipTransform {
  const [e0, e1, nose, mouth] = keypoints as [readonly [number, number], readonly [number, number], readonly [number, number], readonly [number, number]];
  const from = [e0[0] <= e1[0] ? e0 : e1, e0[0] <= e1[0] ? e1 : e0, nose, mouth];
  const to = CHIP_POINTS;
  const mean = (ps: ReadonlyArray<readonly [number, number]>): [number, number] => [
    ps.reduce((s, p) => s + p[0], 0) / ps.length,
    ps.reduce((s, p) => s + p[1], 0) / ps.length,
  ];
  const [mf, mt] = [mean(from), mean(to)];
  // As complex numbers, picture − mf = c · (chip − mt) with c = Σ conj(t)·f / Σ |t|² minimises the error.
  let [re, im, norm] = [0, 0, 0];
  for (let k = 0; k < from.length; k++) {
    const [fx, fy] = [from[k]![0] - mf[0], from[k]![1] - mf[1]];
    const [tx, ty] = [to[k]![0] - mt[0], to[k]![1] - mt[1]];
    re += tx * fx + ty * fy;
    im += tx * fy - ty * fx;
    norm += tx * tx + ty * ty;
  }
  return { centre: mf, chipCentre: mt, a: re / norm, b: im / norm };
}

/** The chip's pixels as the model's input: R, G, B planes of 150×150, mean taken away, divided by 256; bilinear, black outside the picture. */
export function cutChip(picture: DecodedPicture, t: ChipTransform): Float32Array {
  const { rgb, width, height } = picture;
  const plane = CHIP_SIZE * CHIP_SIZE;
  const out = new Float32Array(plane * 3);
  const at = (x: number, y: number, c: number) => (x < 0 || y < 0 || x >= width || y >= height ? 0 : rgb[(y * width + x) * 3 + c]!);
  for (let v = 0; v < CHIP_SIZE; v++) {
    for (let u = 0; u < CHIP_SIZE; u++) {
      const [du, dv] = [u + 0.5 - t.chipCentre[0], v + 0.5 - t.chipCentre[1]];
      const x = t.centre[0] + du * t.a - dv * t.b - 0.5;
      const y = t.centre[1] + du * t.b + dv * t.a - 0.5;
      const [x0, y0] = [Math.floor(x), Math.floor(y)];
      const [fx, fy] = [x - x0, y - y0];
      for (let c = 0; c < 3; c++) {
        const top = at(x0, y0, c) * (1 - fx) + at(x0 + 1, y0, c) * fx;
        const bottom = at(x0, y0 + 1, c) * (1 - fx) + at(x0 + 1, y0 + 1, c) * fx;
        out[c * plane + v * CHIP_SIZE + u] = (top * (1 - fy) + bottom * fy - MEAN_RGB[c]!) / 256;
      }
    }
  }
  return out;
}

/** The chip as 8-bit RGB (the crop an owner sees beside a name, and what a test looks at). */
export function chipPixels(chip: Float32Array): Buffer {
  const plane = CHIP_SIZE * CHIP_SIZE;
  const out = Buffer.alloc(plane * 3);
  for (let i = 0; i < plane; i++)
    for (let c = 0; c < 3; c++) out[i * 3 + c] = Math.max(0, Math.min(255, Math.round(chip[c * plane + i]! * 256 + MEAN_RGB[c]!)));
  return out;
}
