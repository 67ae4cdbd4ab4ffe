import { describe, expect, it } from 'vitest';
import type { SetupStatus } from '../../../shared/setup-status.js';
import { checklistShown, checklistSteps, parseSetupStatus } from '../../../dashboard/src/first-run/checklist.js';

const NOTHING: SetupStatus = { ok: true, camera: false, recording: false, notification: false, password: 'generated' };
const done = (status: SetupStatus, cameras = 0) => Object.fromEntries(checklistSteps(status, cameras).map((s) => [s.id, s.done]));

describe('checklistSteps', () => {
  it('lists the four steps, none done, on a fresh relay whose password was generated, each linking to its section', () => {
    const steps = checklistSteps(NOTHING);
    expect(steps.map((s) => [s.title, s.href, s.done])).toEqual([
      ['Add a camera', '#/settings/add', false],
      ['Turn on recording', '#/settings/recording', false],
      ['Set up a notification', '#/settings/notifications', false],
      ['Change the generated password', '#/password', false],
    ]);
    for (const s of steps) expect(s.what.length).toBeGreaterThan(20);
  });

  it('ticks each step from what the relay says is set', () => {
    expect(done({ ...NOTHING, camera: true, recording: true })).toEqual({ camera: true, recording: true, notification: false, password: false });
    expect(done({ ...NOTHING, notification: true, password: 'changed' })).toEqual({ camera: false, recording: false, notification: true, password: true });
  });

  it('ticks the camera once the page lists one, before the status says so', () => {
    expect(done(NOTHING, 1).camera).toBe(true);
  });

  it('leaves out the password step when the password was chosen, never generated', () => {
    expect(checklistSteps({ ...NOTHING, password: 'chosen' }).map((s) => s.id)).toEqual(['camera', 'recording', 'notification']);
  });
});

describe('checklistShown', () => {
  it('shows while there is no camera, even when hidden', () => {
    expect(checklistShown(checklistSteps(NOTHING), true)).toBe(true);
  });

  it('shows with a camera until every step is done or it is hidden', () => {
    const some = checklistSteps({ ...NOTHING, camera: true });
    expect(checklistShown(some, false)).toBe(true);
    expect(checklistShown(some, true)).toBe(false);
    expect(checklistShown(checklistSteps({ ok: true, camera: true, recording: true, notification: true, password: 'changed' }), false)).toBe(false);
    expect(checklistShown(checklistSteps({ ok: true, camera: true, recording: true, notification: true, password: 'chosen' }), false)).toBe(false);
  });
});

describe('parseSetupStatus', () => {
  it('takes the relay’s answer and refuses anything else', () => {
    expect(parseSetupStatus({ ...NOTHING })).toEqual(NOTHING);
    expect(parseSetupStatus({ camera: 'yes', recording: false, notification: false, password: 'generated' })).toBeNull();
    expect(parseSetupStatus({ camera: true, recording: false, notification: false, password: 'unknown' })).toBeNull();
    expect(parseSetupStatus({})).toBeNull();
  });
});
