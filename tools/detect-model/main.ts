/**
 * npm run detect:model: fetches the NanoDet model into models/nanodet/ (or CAMRELAY_DETECT_MODEL_DIR) and converts it to
 * ONNX, then the BlazeFace face detector into models/faces/ (or CAMRELAY_FACE_MODEL_DIR).
 */
import { defaultFaceModelDir } from '../../common/faces/face-model-files.js';
import { CamrelayError } from '../../shared/errors.js';
import { fetchFaceModel } from './fetch-face-model.js';
import { fetchModel } from './fetch-model.js';

const started = performance.now();
try {
  const { dir, fetched, converted } = await fetchModel();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (fetched) console.log(`NanoDet model written to ${dir} (nanodet.onnx converted) in ${seconds} s.`);
  else if (converted) console.log(`NanoDet model already in ${dir}, checked; nanodet.onnx converted in ${seconds} s.`);
  else console.log(`NanoDet model already in ${dir}, checked.`);
  const faces = defaultFaceModelDir();
  console.log(
    (await fetchFaceModel({ dir: faces }))
      ? `Face models (BlazeFace, dlib face-embed.onnx converted) written to ${faces}.`
      : `Face models already in ${faces}, checked.`,
  );
} catch (error) {
  const code = error instanceof CamrelayError ? `${error.code}: ` : '';
  console.error(`${code}${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
