/**
 * Finds faces on a picture, or on a person's box of it (#58 item 1), with BlazeFace on onnxruntime-node
 * (one intra-op thread, as NanoDet: engine-onnx.ts), on the picture a look has decoded once
 * (prepare-input.ts's decodePicture): sharp crops it (clipped to the picture) and fits the crop into
 * the model's 256×256 input with black bars; faces come back in the picture's pixels.
 */
import sharp from 'sharp';
import type { Box } from '../detect/boxes.js';
import { SESSION_OPTIONS, type OnnxRuntime } from '../detect/engine-onnx.js';
import { clipRegion, type DecodedPicture } from '../detect/prepare-input.js';
import { blendFaces, decodeFaces, FACE_HEADS, FACE_INPUT } from './blazeface-decode.js';

/** A face counts from this score: the test photos' faces score 0.82-0.85 and nothing else reaches 0.5 (docs/faces-and-plates.md). */
export const FACE_MIN_SCORE = 0.6;

export interface FoundFace {
  score: number;
  /** [x, y, w, h] in the picture's pixels. */
  box: Box;
  /** Right eye, left eye, nose tip, mouth, right ear, left ear: [x, y] in the picture's pixels. */
  keypoints: Array<[number, number]>;
}

export interface FaceFinder {
  /** The faces on a decoded picture, or on `crop` of it; none when the crop holds nothing. */
  find(picture: DecodedPicture, crop?: Box): Promise<{ faces: FoundFace[]; ms: number }>;
}

/** The model's input: the picture (or its crop) fitted into 256×256, centred, as [-1, 1] RGB NHWC; how to map back. */
async function prepare(picture: DecodedPicture, crop?: Box) {
  const region: Box | null = crop ? clipRegion(crop, picture.width, picture.height) : [0, 0, picture.width, picture.height];
  if (!region || region[2] < 8 || region[3] < 8) return null;
  const [left, top, width, height] = region;
  const k = FACE_INPUT / Math.max(width, height);
  const [rw, rh] = [Math.max(1, Math.round(width * k)), Math.max(1, Math.round(height * k))];
  const [padX, padY] = [Math.floor((FACE_INPUT - rw) / 2), Math.floor((FACE_INPUT - rh) / 2)];
  const rgb = await sharp(picture.rgb, { raw: { width: picture.width, height: picture.height, channels: 3 } })
    .extract({ left, top, width, height })
    .resize(rw, rh, { fit: 'fill' })
    .extend({ left: padX, right: FACE_INPUT - rw - padX, top: padY, bottom: FACE_INPUT - rh - padY, background: '#000' })
    .raw()
    .toBuffer();
  const input = new Float32Array(rgb.length);
  for (let i = 0; i < rgb.length; i++) input[i] = rgb[i]! / 127.5 - 1;
  // Back to the picture: input pixels → crop pixels (width / rw per pixel) → the picture.
  const back = (x: number, y: number): [number, number] => [left + ((x - padX) * width) / rw, top + ((y - padY) * height) / rh];
  return { input, back };
}

export async function loadFaceFinder(modelFile: string, ort: OnnxRuntime, minScore = FACE_MIN_SCORE): Promise<FaceFinder> {
  // Warnings off: the converted graph carries unused constants, which onnxruntime names one by one at every load.
  const session = await ort.InferenceSession.create(modelFile, { ...SESSION_OPTIONS, logSeverityLevel: 3 });
  return {
    async find(picture, crop) {
      const prepared = await prepare(picture, crop);
      if (!prepared) return { faces: [], ms: 0 };
      const t0 = performance.now();
      const out = await session.run({ [session.inputNames[0]!]: new ort.Tensor('float32', prepared.input, [1, FACE_INPUT, FACE_INPUT, 3]) });
      // Each output by its shape, not its name: [1, anchors, 1] scores and [1, anchors, 16] boxes, the 16×16 head's 512 anchors first.
      const pick = (values: number) =>
        FACE_HEADS.map(([cells, per]) => {
          const t = Object.values(out).find((o) => Number(o.dims[1]) === cells * cells * per && Number(o.dims[2]) === values);
          if (!t) throw new Error(`The face model has no output of ${cells * cells * per}×${values}: not BlazeFace's back model.`);
          return t.data as Float32Array;
        });
      const raw = decodeFaces(pick(1), pick(16), minScore);
      const ms = performance.now() - t0;
      const faces = blendFaces(raw).map((f): FoundFace => {
        const [x0, y0] = prepared.back(f.box[0], f.box[1]);
        const [x1, y1] = prepared.back(f.box[0] + f.box[2], f.box[1] + f.box[3]);
        return { score: f.score, box: [x0, y0, x1 - x0, y1 - y0], keypoints: f.keypoints.map(([x, y]) => prepared.back(x, y)) };
      });
      return { faces, ms };
    },
  };
}
