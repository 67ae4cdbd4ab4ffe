/**
 * What the Live Monitor says when recording has stopped (`GET /api/recording`): a full disk, or a
 * recorder in error. Only about cameras the person may see; the fix only to admins, who can act.
 * Pure, so unit-tested.
 */
import type { RecordingStatus } from '../../../shared/recording-status.js';

export interface RecordingAlert {
  kind: 'disk-full' | 'error';
  text: string;
  /** What to do: admins only. */
  fix: string | null;
}

/** What the alert reads of a camera's status; a state this page does not know yet is kept as text. */
type CameraState = Pick<RecordingStatus, 'camera' | 'error'> & { state: string };

function cameraStates(body: unknown): CameraState[] {
  const list = typeof body === 'object' && body !== null ? (body as { cameras?: unknown }).cameras : null;
  if (!Array.isArray(list)) return [];
  return list.flatMap((c: unknown) => {
    const { camera, state, error } = (c ?? {}) as Record<string, unknown>;
    return typeof camera === 'string' && typeof state === 'string' ? [{ camera, state, error: typeof error === 'string' ? error : null }] : [];
  });
}

const names = (ids: string[], nameOf: (id: string) => string) => ids.map(nameOf).join(', ');

/** The alert for this answer, or null when every camera shown records as set (or records nothing). */
export function alertOf(body: unknown, admin: boolean, nameOf: (id: string) => string = (id) => id): RecordingAlert | null {
  const states = cameraStates(body);
  const full = states.filter((s) => s.state === 'disk-full').map((s) => s.camera);
  if (full.length > 0) {
    return {
      kind: 'disk-full',
      text: `Recording stopped: disk full (${names(full, nameOf)}) · live view unaffected`,
      fix: admin ? "Free space on the relay's disk, or lower the retention or quota in Admin → Recording; recording resumes by itself." : null,
    };
  }
  const failed = states.filter((s) => s.state === 'error');
  if (failed.length > 0) {
    const first = failed[0]!;
    const more = failed.length > 1 ? ` and ${failed.length - 1} more` : '';
    return {
      kind: 'error',
      text: `Recording of ${nameOf(first.camera)}${more} stopped: ${first.error ?? 'error'} · live view unaffected`,
      fix: admin ? "The recorder tries again by itself; if this stays, the relay's log says more (Admin → Recording)." : null,
    };
  }
  return null;
}
