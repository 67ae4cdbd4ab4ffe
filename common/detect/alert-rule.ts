/**
 * How a camera's alert rule (`AlertRule` in detect-settings.ts, #57 item 4, docs/review.md) names its zones:
 * checked against the camera's zones as a change saves them. detect-settings.ts validates the rule's shape and
 * bounds; the rule itself is applied in server/review/severity.ts.
 */
import { CamrelayError } from '../../shared/errors.js';

/**
 * The alert's zones spelt as the camera's zones are, each once. A name given in this change that no zone has is
 * UNKNOWN_ZONE; one kept from before whose zone was deleted or renamed in this change is dropped with it.
 */
export function alertZones(cameraZones: readonly { name: string }[], named: readonly string[], given: boolean): string[] | CamrelayError {
  const byName = new Map(cameraZones.map((z) => [z.name.toLowerCase(), z.name]));
  const names = new Set<string>();
  for (const [i, name] of named.entries()) {
    const zoneName = byName.get(name.toLowerCase());
    if (zoneName !== undefined) names.add(zoneName);
    else if (given) {
      const known = cameraZones.length ? `its zones are ${cameraZones.map((z) => z.name).join(', ')}` : 'it has no zones';
      const error = new CamrelayError(
        'UNKNOWN_ZONE',
        `alerts.zones[${i}] names "${name}", which is not a zone of this camera (${known}): draw the zone first, or leave it out.`,
      );
      error.field = 'alerts';
      return error;
    }
  }
  return [...names];
}
