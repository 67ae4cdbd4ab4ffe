/**
 * What this device hears of objects (#57), under "Notify this device: on" in the header's menu: new
 * objects, a stay past a zone's loitering time, an object that left the view, and "not again when a
 * parked one moves off" (`alerts` and `newObjectsOnly` of its subscription, server/push/push-rules.ts).
 * Read from the relay when the device is on, and changed there at each click; a refused change puts
 * the box back and says why. Motion of cameras that do not detect objects is told whatever is chosen.
 */
import type { Api, Unchecked } from '../api.js';
import { byTestId, setAttr, setText } from '../dom.js';

/** The alerts a device may hear, in the order the menu lists them (PUSH_ALERTS of push-rules.ts). */
export const PUSH_CHOICES = ['objects', 'loitering', 'left'] as const;
type Choice = (typeof PUSH_CHOICES)[number];
/** What a device hears until it chooses (DEFAULT_PUSH_ALERTS). */
const DEFAULT: readonly Choice[] = ['objects', 'loitering'];

/** One of the user's devices as `GET /api/push/subscriptions` lists it. */
export interface PushDevice {
  endpoint: string;
  alerts: Choice[] | null;
  newObjectsOnly: boolean;
}

/** The words under the boxes (docs/notifications.md prints them). */
export const CHOICE_SAYS = {
  none: "Choose at least one, or switch 'Notify this device' off.",
  saved: 'Saved: this device hears of objects as ticked.',
} as const;

/** The device of `endpoint` among what the relay listed, checked field by field; null when not among them. */
export function deviceIn(body: unknown, endpoint: string): PushDevice | null {
  const devices = (body as { devices?: unknown } | null)?.devices;
  if (!Array.isArray(devices)) return null;
  const found = devices.find((d: Unchecked<PushDevice> | null) => d?.endpoint === endpoint) as Unchecked<PushDevice> | undefined;
  if (!found) return null;
  const alerts = Array.isArray(found.alerts) ? PUSH_CHOICES.filter((c) => (found.alerts as unknown[]).includes(c)) : null;
  return { endpoint, alerts, newObjectsOnly: found.newObjectsOnly === true };
}

export class PushChoices {
  private readonly box = byTestId<HTMLFieldSetElement>('push-choices');
  private readonly line = byTestId('push-choices-status');
  private readonly boxes = new Map(PUSH_CHOICES.map((c) => [c, byTestId<HTMLInputElement>(`push-choice-${c}`)] as const));
  private readonly newOnly = byTestId<HTMLInputElement>('push-new-only');
  private endpoint: string | null = null;

  constructor(private readonly api: Api) {
    for (const input of [...this.boxes.values(), this.newOnly]) input.addEventListener('change', () => void this.change(input));
  }

  /** Shows what `device` chose; null hides the boxes (the device is off). */
  show(device: PushDevice | null): void {
    this.endpoint = device?.endpoint ?? null;
    this.box.hidden = device === null;
    this.say('');
    if (!device) return;
    const alerts = device.alerts ?? DEFAULT;
    for (const [choice, input] of this.boxes) input.checked = alerts.includes(choice);
    this.newOnly.checked = device.newObjectsOnly;
    this.fit();
  }

  private async change(input: HTMLInputElement): Promise<void> {
    if (!this.endpoint) return;
    const alerts = PUSH_CHOICES.filter((c) => this.boxes.get(c)!.checked);
    if (alerts.length === 0) {
      input.checked = true;
      return this.say(CHOICE_SAYS.none, 'problem');
    }
    this.fit();
    this.box.disabled = true;
    const answer = await this.api.patch('api/push/subscriptions', { endpoint: this.endpoint, alerts, newObjectsOnly: this.newOnly.checked });
    this.box.disabled = false;
    if (answer.ok) return this.say(CHOICE_SAYS.saved);
    input.checked = !input.checked;
    this.fit();
    this.say(answer.body.message, 'problem');
  }

  /** "Not again…" is about new objects: it means nothing to a device that does not hear them. */
  private fit(): void {
    this.newOnly.disabled = !this.boxes.get('objects')!.checked;
  }

  private say(text: string, kind: 'note' | 'problem' = 'note'): void {
    setText(this.line, text);
    this.line.hidden = text === '';
    setAttr(this.line, 'data-kind', kind);
  }
}
