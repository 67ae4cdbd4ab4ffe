/**
 * A stand-in for the `detection` module (server/detection) in tests of the modules after it (MQTT,
 * notifications, push): a real Presence the test drives and per-camera settings it sets, offered as
 * the module offers them, placed in the server's own table right after `recording`.
 */
import { DETECT_DEFAULTS, type DetectSettings } from '../../common/detect/detect-settings.js';
import { Presence } from '../../server/detection/presence.js';
import type { DetectionAttached } from '../../server/detection/provided.js';
import { modules } from '../../server/module-table.js';
import type { Module, TableLine } from '../../server/modules/module.js';

export interface DetectionStandIn {
  presence: Presence;
  /** Sets a camera's settings and tells the listeners, as an admin's change does. */
  configure(camera: string, settings: Partial<DetectSettings>): void;
  /** The server's table with this module after `recording`. */
  table: readonly TableLine[];
}

export function detectionStandIn(initial: Record<string, Partial<DetectSettings>> = {}): DetectionStandIn {
  const presence = new Presence();
  const settings = new Map(Object.entries(initial).map(([camera, s]) => [camera, { ...DETECT_DEFAULTS, ...s }]));
  const listeners = new Set<(camera: string, s: DetectSettings) => void>();
  const module: Module<'detection'> = {
    name: 'detection',
    needs: ['recording'],
    attach: (): DetectionAttached => ({
      settings: (camera) => settings.get(camera) ?? DETECT_DEFAULTS,
      onConfigured: (l) => listeners.add(l),
      presence,
      close() {},
    }),
  };
  const at = modules.findIndex((m) => m.name === 'recording') + 1;
  // The real module may be in the table already (the lead adds it): the stand-in takes its place.
  const rest = modules.filter((m) => m.name !== 'detection');
  return {
    presence,
    configure(camera, change) {
      const next = { ...(settings.get(camera) ?? DETECT_DEFAULTS), ...change };
      settings.set(camera, next);
      for (const l of listeners) l(camera, next);
    },
    table: [...rest.slice(0, at), module, ...rest.slice(at)],
  };
}
