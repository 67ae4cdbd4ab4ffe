/** The detection module's settings section: how many detection workers the relay runs. */
import { availableParallelism } from 'node:os';
import { badWorkerCount } from '../../common/detect/detector-pool.js';
import type { SettingsSection } from '../config/settings.js';

const defaults = {
  /** One core by default: each worker is a model (~100 MB on onnxruntime, ~250 MB on tfjs-wasm) and up to one core while cameras move. */
  detectWorkers: 1,
};

export type DetectionSettings = typeof defaults;

export const detectionSettings: SettingsSection<DetectionSettings> = {
  defaults,
  settings: [
    {
      key: 'detectWorkers',
      env: 'CAMRELAY_DETECT_WORKERS',
      flag: 'detect-workers',
      kind: 'int',
      min: 1,
      help: `object detection worker threads, one core each (1 to ${availableParallelism()}, this machine's cores)`,
    },
  ],
  check: (config) => {
    const bad = badWorkerCount(config.detectWorkers);
    return bad ? `detectWorkers: ${bad}` : null;
  },
};
