/** The first-run checklist's steps (#42), from what the relay says is set: pure, so they are tested without a DOM. */
import type { SetupStatus } from '../../../shared/setup-status.js';
import type { Unchecked } from '../api.js';

/** Where this browser remembers that an admin hid the checklist. */
export const FIRST_RUN_HIDDEN_KEY = 'camrelay.firstRun.hidden';

export type StepId = 'camera' | 'recording' | 'notification' | 'password';

export interface ChecklistStep {
  id: StepId;
  title: string;
  /** What the step does, in one line. */
  what: string;
  /** The settings section that does it. */
  href: string;
  done: boolean;
}

/** The relay's answer, or null when it is not one (an older relay, an error page). */
export function parseSetupStatus(body: Unchecked<SetupStatus>): SetupStatus | null {
  const { camera, recording, notification, password } = body;
  if (typeof camera !== 'boolean' || typeof recording !== 'boolean' || typeof notification !== 'boolean') return null;
  if (password !== 'generated' && password !== 'changed' && password !== 'chosen') return null;
  return { ok: true, camera, recording, notification, password };
}

/** `cameras`: how many the page's list holds; a camera that joined since the status was read counts at once. */
export function checklistSteps(status: SetupStatus, cameras = 0): ChecklistStep[] {
  const steps: ChecklistStep[] = [
    {
      id: 'camera',
      title: 'Add a camera',
      what: 'A guide for a Windows, Linux or macOS PC, a phone or an IP camera, up to its first live picture.',
      href: '#/settings/add',
      done: status.camera || cameras > 0,
    },
    {
      id: 'recording',
      title: 'Turn on recording',
      what: 'Record a camera all the time or on motion, and choose how many days to keep.',
      href: '#/settings/recording',
      done: status.recording,
    },
    {
      id: 'notification',
      title: 'Set up a notification',
      what: 'Hear of motion by webhook, MQTT or a push message on this device.',
      href: '#/settings/notifications',
      done: status.notification,
    },
  ];
  // Only an admin whose password the relay made up is asked to change it; once changed the step stays, ticked.
  if (status.password !== 'chosen')
    steps.push({
      id: 'password',
      title: 'Change the generated password',
      what: 'The relay made up this password at its first start: give the admin user one of your own.',
      // The Change password dialog itself (auth/password-dialog.ts PASSWORD_ROUTE), not a list to find it in.
      href: '#/password',
      done: status.password === 'changed',
    });
  return steps;
}

/**
 * Whether the card shows: always while there is no camera (it is what an admin lands on), then until every step is
 * done or the admin hid it.
 */
export function checklistShown(steps: readonly ChecklistStep[], hidden: boolean): boolean {
  const camera = steps.find((s) => s.id === 'camera')?.done === true;
  if (!camera) return true;
  return !hidden && steps.some((s) => !s.done);
}
