/**
 * "Notify this device" in the header's menu: Web Push of motion events to this browser (the
 * installed app, docs/app.md). Permission is asked on a click only; where it cannot work (no Web
 * Push, a plain-http page, notifications blocked) the button says so in plain words instead.
 */
import type { Api } from '../api.js';
import { byTestId, setAttr, setText } from '../dom.js';
import { deviceIn, PushChoices } from './push-choices.js';

type State = 'unsupported' | 'insecure' | 'blocked' | 'off' | 'on' | 'busy';
/** What the line under the button may say beside the states. */
type Says = State | 'forgotten';

/** What the line under the button says, per state; '' shows none (docs/notifications.md prints them). */
export const SAYS: Record<Says, string> = {
  unsupported: 'This browser offers no Web Push here. On an iPhone, add the Live Monitor to the Home Screen and open it from there.',
  insecure: "Notifications need the relay's https address (or localhost): this page is plain http.",
  blocked: "Notifications are blocked for this site: allow them in the browser's site settings, then reload.",
  off: '',
  /** The browser still has its subscription, but the relay no longer sends to it (forgotten when its push service said it was gone, or its file lost). */
  forgotten: 'The relay no longer sends notifications to this device: switch it on again.',
  on: 'Motion on your cameras shows on this device.',
  busy: '',
};

/** The key as `applicationServerKey` takes it. */
function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64url.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

/** A browser whose push service cannot be reached may never settle `subscribe()` (headless Chromium does not). */
export const SUBSCRIBE_DEADLINE_MS = 15_000;

function withDeadline<T>(p: Promise<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${SUBSCRIBE_DEADLINE_MS / 1000} s`)), SUBSCRIBE_DEADLINE_MS);
    p.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

export class PushToggle {
  private readonly button = byTestId<HTMLButtonElement>('push-toggle');
  private readonly line = byTestId('push-status');
  private state: State = 'off';
  private readonly choices: PushChoices;

  constructor(private readonly api: Api) {
    this.choices = new PushChoices(api);
    this.button.addEventListener('click', () => void this.toggle());
    void this.refresh();
  }

  /** Where this browser stands: what it can do, then whether this device already gets notices, by the relay's word. */
  private async refresh(): Promise<void> {
    if (!window.isSecureContext) return this.show('insecure');
    if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) return this.show('unsupported');
    if (Notification.permission === 'denied') return this.show('blocked');
    const registration = await navigator.serviceWorker.ready;
    const sub = await registration.pushManager.getSubscription();
    if (!sub) return this.show('off');
    const listed = await this.api.get('api/push/subscriptions');
    if (!listed.ok) return this.show('on', `Could not read what this device hears: ${listed.body.message}`);
    const device = deviceIn(listed.body, sub.endpoint);
    if (!device) return this.show('off', SAYS.forgotten);
    this.show('on');
    this.choices.show(device);
  }

  private async toggle(): Promise<void> {
    if (this.state !== 'on' && this.state !== 'off') return;
    const was = this.state;
    this.show('busy');
    try {
      const problem = was === 'on' ? await this.switchOff() : await this.switchOn();
      if (problem) return this.show(was === 'on' ? 'on' : Notification.permission === 'denied' ? 'blocked' : 'off', problem);
      this.show(was === 'on' ? 'off' : 'on');
    } catch (err) {
      this.show(was, `Could not switch notifications ${was === 'on' ? 'off' : 'on'}: ${(err as Error).message}`);
    }
  }

  /** Null when this device now gets notices, else what went wrong, in words. */
  private async switchOn(): Promise<string | null> {
    const permission = await Notification.requestPermission();
    if (permission === 'denied') return SAYS.blocked;
    if (permission !== 'granted') return 'Notifications were not allowed on this device: click again to be asked again.';
    const key = await this.api.get<{ publicKey?: unknown }>('api/push/key');
    if (!key.ok || typeof key.body.publicKey !== 'string') return key.ok ? 'The relay sent no push key.' : key.body.message;
    const registration = await navigator.serviceWorker.ready;
    let sub: PushSubscription;
    try {
      sub = await withDeadline(registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(key.body.publicKey) }));
    } catch (err) {
      return `The browser's push service could not be reached (${(err as Error).message}).`;
    }
    const saved = await this.api.post('api/push/subscriptions', sub.toJSON());
    // A new device hears the default until it chooses.
    if (saved.ok) {
      this.choices.show({ endpoint: sub.endpoint, alerts: null, newObjectsOnly: false });
      return null;
    }
    await sub.unsubscribe();
    return saved.body.message;
  }

  private async switchOff(): Promise<string | null> {
    const sub = await (await navigator.serviceWorker.ready).pushManager.getSubscription();
    if (!sub) return null;
    const removed = await this.api.request('DELETE', 'api/push/subscriptions', { endpoint: sub.endpoint });
    await sub.unsubscribe();
    return removed.ok ? null : removed.body.message;
  }

  private show(state: State, problem = ''): void {
    this.state = state;
    if (state !== 'on') this.choices.show(null);
    const usable = state === 'on' || state === 'off';
    this.button.disabled = !usable;
    setText(this.button, state === 'on' ? 'Notify this device: on' : state === 'off' ? 'Notify this device: off' : 'Notify this device');
    setAttr(this.button, 'aria-pressed', String(state === 'on'));
    setAttr(this.button, 'data-state', state);
    const says = problem || SAYS[state];
    setText(this.line, says);
    this.line.hidden = says === '';
    setAttr(this.line, 'data-kind', problem ? 'problem' : 'note');
  }
}
