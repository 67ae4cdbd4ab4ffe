/** npm run detect:model: fetches the NanoDet model into models/nanodet/ (or CAMRELAY_DETECT_MODEL_DIR) and converts it to ONNX. */
import { CamrelayError } from '../../shared/errors.js';
import { fetchModel } from './fetch-model.js';

const started = performance.now();
try {
  const { dir, fetched, converted } = await fetchModel();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (fetched) console.log(`NanoDet model written to ${dir} (nanodet.onnx converted) in ${seconds} s.`);
  else if (converted) console.log(`NanoDet model already in ${dir}, checked; nanodet.onnx converted in ${seconds} s.`);
  else console.log(`NanoDet model already in ${dir}, checked.`);
} catch (error) {
  const code = error instanceof CamrelayError ? `${error.code}: ` : '';
  console.error(`${code}${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
