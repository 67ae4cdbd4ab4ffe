import { describe, expect, it } from 'vitest';
import { alertOf } from '../../../dashboard/src/recording-state/alert-text.js';

const status = (camera: string, state: string, error: string | null = null) => ({ camera, state, error, settings: {}, frames: {} });
const names: Record<string, string> = { door: 'Front door', yard: 'Yard' };
const nameOf = (id: string) => names[id] ?? id;

describe('alertOf', () => {
  it('names the cameras a full disk stopped, and tells only admins what to do', () => {
    const body = { diskFull: true, cameras: [status('door', 'disk-full'), status('yard', 'disk-full'), status('shed', 'off')] };
    expect(alertOf(body, false, nameOf)).toEqual({
      kind: 'disk-full',
      text: 'Recording stopped: disk full (Front door, Yard) · live view unaffected',
      fix: null,
    });
    expect(alertOf(body, true, nameOf)?.fix).toMatch(/^Free space on the relay's disk, or lower the retention or quota in Admin → Recording/);
  });

  it('says nothing of a full disk to someone whose cameras record nothing', () => {
    expect(alertOf({ diskFull: true, cameras: [status('shed', 'off')] }, true)).toBeNull();
    expect(alertOf({ diskFull: true, cameras: [] }, false)).toBeNull();
  });

  it("gives a recorder's error, and how many more failed", () => {
    const body = {
      diskFull: false,
      cameras: [status('door', 'error', 'ffmpeg exited with code 1'), status('yard', 'error', 'EACCES'), status('shed', 'recording')],
    };
    expect(alertOf(body, false, nameOf)?.text).toBe('Recording of Front door and 1 more stopped: ffmpeg exited with code 1 · live view unaffected');
  });

  it('is null when everything records as set, or for an answer that is not one', () => {
    expect(alertOf({ diskFull: false, cameras: [status('door', 'recording'), status('yard', 'waiting')] }, true)).toBeNull();
    expect(alertOf({ error: 'AUTH_REQUIRED' }, true)).toBeNull();
    expect(alertOf(null, true)).toBeNull();
  });
});
