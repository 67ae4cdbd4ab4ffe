/** What the `detection` module offers the modules after it (MQTT's sensors, notifications' rules). */
import type { DetectSettings } from '../../common/detect/detect-settings.js';
import type { Attached } from '../modules/module.js';
import type { Presence } from './presence.js';

export interface DetectionAttached extends Attached {
  /** A camera's detection settings (the defaults when never set). */
  settings(camera: string): DetectSettings;
  /** An admin changed a camera's settings. */
  onConfigured(listener: (camera: string, settings: DetectSettings) => void): void;
  /** How many objects of each followed name each camera sees now, told on change. */
  presence: Presence;
}

declare module '../modules/module.js' {
  interface Provided {
    detection: DetectionAttached;
  }
}
