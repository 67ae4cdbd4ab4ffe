/** npm run detect:model: fetches the NanoDet model into models/nanodet/ (or CAMRELAY_DETECT_MODEL_DIR). */
import { CamrelayError } from '../../shared/errors.js';
import { fetchModel } from './fetch-model.js';

const started = performance.now();
try {
  const { dir, fetched } = await fetchModel();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(fetched ? `NanoDet model written to ${dir} in ${seconds} s.` : `NanoDet model already in ${dir}, checked.`);
} catch (error) {
  const code = error instanceof CamrelayError ? `${error.code}: ` : '';
  console.error(`${code}${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
